#include "registry_support.h"

#include <openssl/evp.h>

extern "C" {
#include "core/arena.h"
#include "storage/store.h"
#include "usage_log/record.h"
#include "usage_log/usage_log.h"
}

namespace reg {

using namespace helpers;

const sm2::Identity &SupervisorRoot() {
  static const sm2::Identity id = [] {
    pki::CertOptions o;
    o.ca = true;
    o.key_usage = 0x04 | 0x02;  // keyCertSign, cRLSign
    return pki::Issue("Registry Supervisors CA", o, nullptr);
  }();
  return id;
}

const sm2::Identity &Supervisor() {
  static const sm2::Identity id = pki::Issue("Supervisor Wang", pki::CertOptions(), &SupervisorRoot());
  return id;
}

pki::CtxPtr Context(eseal_store *store, int64_t now) {
  auto ctx = pki::Context(now);
  EXPECT_EQ(eseal_ctx_add_trust_cert_roles(ctx.get(), pki::Cert(SupervisorRoot()).get(),
                                           ESEAL_ROLE_REGISTRY_SUPERVISOR),
            0)
      << LastError();
  EXPECT_EQ(eseal_ctx_set_store(ctx.get(), store), 0) << LastError();
  return ctx;
}

Bytes SealHash(const eseal_seal *seal) {
  size_t len = 0;
  const uint8_t *p = eseal_seal_bytes(seal, &len);
  Bytes out(32);
  unsigned int n = 0;
  EVP_Digest(p, len, out.data(), &n, EVP_sm3(), nullptr);
  return out;
}

eseal_seal_state State(eseal_ctx *ctx, const char *tenant, const char *es_id) {
  StatusPtr s;
  EXPECT_EQ(eseal_registry_state(&s.p, ctx, tenant, es_id), 0) << LastError();
  return s.p ? eseal_seal_status_state(s.p) : static_cast<eseal_seal_state>(0);
}

uint64_t FreezeSequence(eseal_ctx *ctx, const char *tenant, const char *es_id) {
  StatusPtr s;
  EXPECT_EQ(eseal_registry_state(&s.p, ctx, tenant, es_id), 0) << LastError();
  return s.p ? eseal_seal_status_freeze_sequence(s.p) : 0;
}

Bytes OrderTbs(const OrderSpec &spec) {
  return der::Seq({der::Int(1), der::Utf8(spec.tenant), der::Utf8(spec.es_id),
                   der::Octets(spec.seal_hash), der::Int(spec.freeze_sequence),
                   der::GenTime(pki::GenTime(spec.time)), der::Utf8(spec.reason)});
}

Bytes Order(const OrderSpec &spec, EVP_PKEY *signer_key, const Bytes &cert_der) {
  Bytes tbs = OrderTbs(spec);
  return der::Seq({tbs, der::Oid("1.2.156.10197.1.501"), cert_der,
                   der::Bits(sm2::Sign(signer_key, tbs))});
}

OrderSpec LiftSpec(eseal_ctx *ctx, const char *tenant, const eseal_seal *seal) {
  OrderSpec spec;
  spec.tenant = tenant;
  spec.es_id = eseal_seal_esid(seal);
  spec.seal_hash = SealHash(seal);
  spec.freeze_sequence = static_cast<int64_t>(FreezeSequence(ctx, tenant, spec.es_id.c_str()));
  return spec;
}

std::vector<Use> ReadLog(eseal_store *store, const char *tenant) {
  std::vector<Use> out;
  eseal__txn *txn = nullptr;
  EXPECT_EQ(eseal__store_begin(store, 0, &txn), 0) << LastError();
  uint64_t size = 0;
  EXPECT_EQ(eseal__txn_log_size(txn, tenant, ESEAL__USAGE_LOG, &size), 0) << LastError();
  for (uint64_t i = 0; i < size; i++) {
    Buf rec;
    EXPECT_EQ(eseal__txn_log_get(txn, tenant, ESEAL__USAGE_LOG, i, &rec.b), 0) << LastError();
    eseal__arena arena = {};
    eseal__urecord r = {};
    EXPECT_EQ(eseal__urecord_decode(rec.b.ptr, rec.b.size, &r, &arena), 0) << LastError();
    Use u{r.seq, r.action, r.es_id ? r.es_id : "", r.result, r.reason ? r.reason : "",
          r.refers_to, r.signature_hash ? Bytes(r.signature_hash, r.signature_hash + 32) : Bytes(),
          View(r.document_hash, r.document_hash_len), r.operator_ps != nullptr,
          r.location_ps != nullptr};
    EXPECT_EQ(u.seq, i);
    out.push_back(u);
    eseal__arena_release(&arena);
  }
  eseal__txn_rollback(txn);
  return out;
}

size_t Count(const std::vector<Use> &log, eseal_usage_action action) {
  size_t n = 0;
  for (const Use &u : log) n += u.action == action;
  return n;
}

void MakeSealWithEsid(SealPtr &out, eseal_ctx *ctx, const std::string &es_id) {
  ASSERT_EQ(workflow::MakeSeal(out, ctx,
                               [&](eseal_seal_builder *b) {
                                 eseal_seal_builder_set_esid(b, es_id.c_str());
                               }),
            0)
      << LastError();
}

int StampWith(SignaturePtr &out, eseal_ctx *ctx, const eseal_seal *seal,
              const eseal_stamp_options *opts) {
  workflow::DataPtr d;
  EXPECT_EQ(eseal_data_from_bytes(&d.p, workflow::kDocument.data(), workflow::kDocument.size()), 0);
  return eseal_stamp(&out.p, ctx, seal, pki::Key(pki::Signer()).get(),
                     pki::Cert(pki::Signer()).get(), d.p, opts);
}

}  // namespace reg
