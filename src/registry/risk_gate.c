/* Alert records, risk freezes and alert callbacks (risk_gate.h). */
#include "risk_gate.h"

#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../context/context.h"
#include "../core/error.h"
#include "../usage_log/usage_log.h"
#include "registry.h"

static int freeze(eseal__txn *txn, const eseal_ctx *ctx, const char *tenant,
                  eseal__seal_record *r, eseal__risk_hit *h, int64_t now) {
  char who[ESEAL_POLICY_MAX_NAME + 16];
  snprintf(who, sizeof who, "risk rule %s", h->rule->name);
  uint64_t seq = 0;
  int rc = eseal__registry_append(txn, ctx, tenant, ESEAL_USAGE_FREEZE, r, now, who, h->detail,
                                  &seq);
  if (rc)
    return rc;
  r->state = ESEAL_SEAL_FROZEN;
  r->changed_at = now;
  snprintf(r->changed_by, sizeof r->changed_by, "%s", who);
  snprintf(r->reason, sizeof r->reason, "%s", h->detail);
  r->sequence = seq;
  r->freeze_sequence = seq;
  h->freeze_seq = seq;
  return eseal__seal_record_put(txn, tenant, r);
}

int eseal__risk_gate_record(eseal__txn *txn, const eseal_ctx *ctx, eseal__risk_use *u,
                            eseal__seal_record *r, eseal__risk_result *res, uint64_t use_seq,
                            int accepted, int64_t now) {
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < res->count; i++) {
    eseal__risk_hit *h = &res->hits[i];
    char why[ESEAL__RISK_DETAIL_MAX + ESEAL_POLICY_MAX_NAME + 32];
    snprintf(why, sizeof why, "risk rule %s (%s): %s", h->rule->name,
             eseal_risk_level_name(h->level), h->detail);
    eseal_usage_record a = ESEAL_USAGE_RECORD_INIT;
    a.action = ESEAL_USAGE_ALERT;
    a.time = now;
    a.es_id = u->es_id;
    a.seal_hash = u->seal_hash;
    a.seal_hash_len = 32;
    a.reason = why;
    a.refers_to = use_seq + 1;
    h->freeze_seq = 0;
    rc = eseal__usage_append(txn, ctx, u->tenant, &a, &h->alert_seq);
    if (rc == 0 && h->level == ESEAL_RISK_FREEZE && r && r->state == ESEAL_SEAL_ACTIVE)
      rc = freeze(txn, ctx, u->tenant, r, h, now);
  }
  if (rc == 0 && ctx->policy)
    rc = eseal__risk_note(txn, ctx->policy, u, accepted, use_seq);
  return rc;
}

void eseal__risk_gate_dispatch(const eseal_ctx *ctx, const eseal__risk_use *u,
                               const eseal__risk_result *res, uint64_t use_seq) {
  if (ctx->alert_fn == NULL)
    return;
  for (size_t i = 0; i < res->count; i++) {
    const eseal__risk_hit *h = &res->hits[i];
    if (h->level < ESEAL_RISK_ALERT)
      continue;
    eseal_alert a = {h->rule->name, h->level, u->tenant, u->es_id, use_seq, h->alert_seq,
                     h->freeze_seq, u->time, h->detail};
    ctx->alert_fn(ctx->alert_payload, &a);
  }
}
