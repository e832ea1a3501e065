// Fixtures for the registry suite: a context with a store, supervisors, unfreeze
// orders built byte by byte, and the tenant's usage log read back.
#pragma once

#include <string>
#include <vector>

#include <eseal.h>
#include <eseal/usage_log.h>

#include "../support/workflow.h"

namespace reg {

using helpers::Bytes;

struct StorePtr {
  eseal_store *p = nullptr;
  ~StorePtr() { eseal_store_free(p); }
};
struct StatusPtr {
  eseal_seal_status *p = nullptr;
  ~StatusPtr() { eseal_seal_status_free(p); }
};

// A context at pki::kNow trusting Root() (default roles) and SupervisorRoot()
// for the registry-supervisor role only, with `store` attached.
pki::CtxPtr Context(eseal_store *store, int64_t now = pki::kNow);

// A CA trusted for ESEAL_ROLE_REGISTRY_SUPERVISOR, and a supervisor it issued.
const sm2::Identity &SupervisorRoot();
const sm2::Identity &Supervisor();

// The SM3 of a seal's bytes.
Bytes SealHash(const eseal_seal *seal);

// The state of esID `es_id` in `tenant` (fails the test when there is none).
eseal_seal_state State(eseal_ctx *ctx, const char *tenant, const char *es_id);
uint64_t FreezeSequence(eseal_ctx *ctx, const char *tenant, const char *es_id);

// An unfreeze order's signed part, written with the tests' own DER composer.
struct OrderSpec {
  std::string tenant = "t1";
  std::string es_id;
  Bytes seal_hash;
  int64_t freeze_sequence = 0;
  int64_t time = pki::kNow;
  std::string reason = "checked by the supervisor";
};
Bytes OrderTbs(const OrderSpec &spec);
// The whole order: tbs signed by `signer_key` (SM2-SM3), carrying `cert_der`.
Bytes Order(const OrderSpec &spec, EVP_PKEY *signer_key, const Bytes &cert_der);
// The spec of the order that lifts the current freeze of the esID's seal.
OrderSpec LiftSpec(eseal_ctx *ctx, const char *tenant, const eseal_seal *seal);

// One usage record read back from the log.
struct Use {
  uint64_t seq;
  eseal_usage_action action;
  std::string es_id;
  int64_t result;
  std::string reason;
  uint64_t refers_to;
  Bytes signature_hash;
  Bytes document_hash;
  bool has_operator, has_location;
};
std::vector<Use> ReadLog(eseal_store *store, const char *tenant);
// How many records of the log carry `action`.
size_t Count(const std::vector<Use> &log, eseal_usage_action action);

// A seal made like workflow::MakeSeal but with esID `es_id`.
void MakeSealWithEsid(helpers::SealPtr &out, eseal_ctx *ctx, const std::string &es_id);

// Stamps with `opts` through the public API; the signature in `out`.
int StampWith(helpers::SignaturePtr &out, eseal_ctx *ctx, const eseal_seal *seal,
              const eseal_stamp_options *opts);

}  // namespace reg
