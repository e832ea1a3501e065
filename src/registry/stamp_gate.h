/*
 * Stamping with a store, the registry's side (doc/registry.md, "Stamping
 * phases"): (a) one transaction checks the seal's state and writes an intent
 * (or a refusal); (b) the caller signs outside any transaction; (c) one
 * transaction writes the completion with the signature's hash.
 */
#ifndef ESEAL_REGISTRY_STAMP_GATE_H
#define ESEAL_REGISTRY_STAMP_GATE_H

#include "eseal/stamp.h"
#include "../risk/risk.h"
#include "record.h"

typedef struct eseal__stamp_gate {
  const eseal_ctx *ctx;
  /* Version-2 options (tenant, operator, device, location, allow_unregistered). */
  const eseal_stamp_options *opts;
  const char *tenant;
  const char *es_id;
  uint8_t seal_hash[32];
  const uint8_t *document_hash;
  size_t document_hash_len;
  /* Set by phase (a): the intent record's sequence, and the time it was written. */
  uint64_t intent_seq;
  int64_t now;
  /* Within the grouped transaction: the refusal and its message. */
  int refusal;
  char msg[1200];
  /* The use as the context's policy judges it, and the rules it hit (risk_gate.h). */
  eseal__risk_use use;
  eseal__risk_result risk;
} eseal__stamp_gate;

/*
 * Phase (a). 0: the seal may stamp and the intent is committed. Otherwise the
 * refusal (ESEAL_EFROZEN, ESEAL_ELOST, ESEAL_ENOTFOUND for an unregistered
 * seal), committed as a STAMP_REFUSED record, or a store error (nothing written).
 * With a policy on the context, a registered seal's use is judged in the same
 * transaction: alert records, and for a FREEZE rule the freeze and the
 * refusal (ESEAL_EFROZEN); the alert callback runs after the commit.
 */
int eseal__stamp_gate_open(eseal__stamp_gate *g, const eseal_ctx *ctx, const eseal_seal *seal,
                           const eseal_stamp_options *opts, const uint8_t *document_hash,
                           size_t document_hash_len);

/*
 * Phase (c): the completion of the intent, with `result` (0, or the code
 * signing failed with) and the SM3 of the complete SES_Signature `sig` (NULL
 * when signing failed). 0 once committed.
 */
int eseal__stamp_gate_close(eseal__stamp_gate *g, int result, const uint8_t *sig, size_t len);

#endif
