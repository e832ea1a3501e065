/* The state check and the intent / completion records of stamping with a store. */
#include "stamp_gate.h"

#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../asn1/timefmt.h"
#include "../core/error.h"
#include "../crypto/digest.h"
#include "../usage_log/usage_log.h"
#include "../context/context.h"
#include "registry.h"
#include "risk_gate.h"

/* A refusal message naming the seal and since when its state holds. */
static int refuse_state(eseal__stamp_gate *g, const eseal__seal_record *r, const char *which) {
  char when[21] = "";
  eseal__time_format_iso(r->changed_at, when);
  int code = r->state == ESEAL_SEAL_FROZEN ? ESEAL_EFROZEN : ESEAL_ELOST;
  snprintf(g->msg, sizeof g->msg, "%s %s is %s since %s%s%.200s%s%.200s", which, r->es_id,
           eseal_seal_state_name(r->state), when, *r->changed_by ? " by " : "", r->changed_by,
           *r->reason ? ": " : "", r->reason);
  return code;
}

/* Decides whether the seal may stamp; fills g->msg when not. */
static int judge(eseal__stamp_gate *g, const eseal__seal_record *r, eseal__found found) {
  if (found == ESEAL__FOUND_SEAL)
    return r->state == ESEAL_SEAL_ACTIVE ? 0 : refuse_state(g, r, "seal");
  if (found == ESEAL__FOUND_OTHER) {
    /* A seal the registry does not know, under a registered esID: never allowed,
     * or a copy made again with the maker's key would escape a loss report. */
    if (r->state != ESEAL_SEAL_ACTIVE)
      return refuse_state(g, r, "this seal is not the registered one, and esID");
    snprintf(g->msg, sizeof g->msg, "this seal is not the one registered under esID %s in "
                                    "tenant %s",
             r->es_id, g->tenant);
    return ESEAL_ENOTFOUND;
  }
  if (g->opts->allow_unregistered)
    return 0;
  snprintf(g->msg, sizeof g->msg, "seal %s is not registered in tenant %s (register it, or "
                                  "allow unregistered seals)",
           g->es_id, g->tenant);
  return ESEAL_ENOTFOUND;
}

static void fill_use(eseal_usage_record *u, const eseal__stamp_gate *g, eseal_usage_action a) {
  const eseal_stamp_options *o = g->opts;
  u->action = a;
  u->time = g->now;
  u->es_id = g->es_id;
  u->seal_hash = g->seal_hash;
  u->seal_hash_len = 32;
  u->operator_id = o->operator_id;
  u->device = o->device;
  u->has_location = o->has_location;
  u->latitude = o->latitude;
  u->longitude = o->longitude;
  u->accuracy_m = o->accuracy_m;
  u->place = o->place;
  u->document_hash = g->document_hash;
  u->document_hash_len = g->document_hash_len;
}

/* The use for the policy: the context's time and the stamp options' operator, device and place. */
static void fill_risk_use(eseal__stamp_gate *g, int refused) {
  const eseal_stamp_options *o = g->opts;
  eseal__risk_use *u = &g->use;
  memset(u, 0, sizeof *u);
  u->tenant = g->tenant;
  u->es_id = g->es_id;
  u->seal_hash = g->seal_hash;
  u->time = g->now;
  u->operator_id = o->operator_id;
  u->device = o->device;
  u->place = o->place;
  u->has_location = o->has_location;
  u->latitude = o->latitude;
  u->longitude = o->longitude;
  u->accuracy_m = o->accuracy_m;
  u->refused_already = refused;
  u->trusted = 1;
}

/* Judges a registered seal's use; a FREEZE hit turns the stamp into a refusal. */
static int judge_risk(eseal__txn *txn, eseal__stamp_gate *g) {
  fill_risk_use(g, g->refusal != 0);
  int rc = eseal__risk_use_server_clock(txn, &g->use);
  if (rc == 0)
    rc = eseal__risk_judge(txn, g->ctx->policy, &g->use, &g->risk);
  for (size_t i = 0; rc == 0 && !g->refusal && i < g->risk.count; i++)
    if (g->risk.hits[i].level == ESEAL_RISK_FREEZE) {
      g->refusal = ESEAL_EFROZEN;
      snprintf(g->msg, sizeof g->msg, "seal %s is frozen by risk rule %s: %s", g->es_id,
               g->risk.hits[i].rule->name, g->risk.hits[i].detail);
    }
  return rc;
}

static int run_open(eseal__txn *txn, void *arg) {
  eseal__stamp_gate *g = arg;
  g->refusal = 0;
  g->msg[0] = 0;
  eseal__risk_result_dispose(&g->risk);
  eseal__seal_record r;
  eseal__found found;
  int rc = eseal__registry_find(txn, g->tenant, g->seal_hash, g->es_id, &r, &found);
  int risky = rc == 0 && g->ctx->policy != NULL && found == ESEAL__FOUND_SEAL;
  if (rc == 0) {
    g->refusal = judge(g, &r, found);
    if (risky)
      rc = judge_risk(txn, g);
  }
  if (rc == 0) {
    eseal_usage_record u = ESEAL_USAGE_RECORD_INIT;
    fill_use(&u, g, g->refusal ? ESEAL_USAGE_STAMP_REFUSED : ESEAL_USAGE_STAMP_INTENT);
    u.result = g->refusal;
    u.reason = g->refusal ? g->msg : found == ESEAL__FOUND_NONE ? "unregistered seal allowed" : NULL;
    rc = eseal__usage_append(txn, g->ctx, g->tenant, &u, &g->intent_seq);
  }
  if (rc == 0 && risky)
    rc = eseal__risk_gate_record(txn, g->ctx, &g->use, &r, &g->risk, g->intent_seq,
                                 g->refusal == 0, g->now);
  if (rc)
    snprintf(g->msg, sizeof g->msg, "%s",
             eseal_error_last() ? eseal_error_last()->message : eseal_strerror(rc));
  /* A refusal is committed like an intent: the caller learns of it from g->refusal. */
  return rc;
}

int eseal__stamp_gate_open(eseal__stamp_gate *g, const eseal_ctx *ctx, const eseal_seal *seal,
                           const eseal_stamp_options *opts, const uint8_t *document_hash,
                           size_t document_hash_len) {
  memset(g, 0, sizeof *g);
  g->ctx = ctx;
  g->opts = opts;
  g->tenant = eseal__registry_tenant(opts->tenant);
  g->es_id = eseal_seal_esid(seal);
  g->document_hash = document_hash;
  g->document_hash_len = document_hash_len;
  g->now = eseal_ctx_now(ctx);
  int rc = eseal_store_check_name(g->tenant);
  if (rc == 0)
    rc = eseal__seal_hash(seal, g->seal_hash);
  if (rc == 0)
    rc = eseal__store_run_grouped(eseal_ctx_store(ctx), run_open, g);
  /* Committed: the callbacks run now, before this thread's error is set. */
  if (rc == 0)
    eseal__risk_gate_dispatch(ctx, &g->use, &g->risk, g->intent_seq);
  eseal__risk_result_dispose(&g->risk);
  if (rc)
    return g->msg[0] ? eseal__error_set(rc, "stamping with the store failed: %s", g->msg) : rc;
  if (g->refusal)
    return eseal__error_set(g->refusal, "stamping refused by the registry: %s", g->msg);
  return 0;
}

typedef struct closing {
  eseal__stamp_gate *g;
  int result;
  uint8_t sig_hash[32];
  int has_hash;
} closing;

static int run_close(eseal__txn *txn, void *arg) {
  closing *c = arg;
  eseal_usage_record u = ESEAL_USAGE_RECORD_INIT;
  fill_use(&u, c->g, ESEAL_USAGE_STAMP_DONE);
  u.time = eseal_ctx_now(c->g->ctx);
  u.result = c->result;
  u.refers_to = c->g->intent_seq + 1;
  if (c->has_hash) {
    u.signature_hash = c->sig_hash;
    u.signature_hash_len = 32;
  }
  uint64_t seq = 0;
  int rc = eseal__usage_append(txn, c->g->ctx, c->g->tenant, &u, &seq);
  if (rc)
    snprintf(c->g->msg, sizeof c->g->msg, "%s",
             eseal_error_last() ? eseal_error_last()->message : eseal_strerror(rc));
  return rc;
}

int eseal__stamp_gate_close(eseal__stamp_gate *g, int result, const uint8_t *sig, size_t len) {
  closing c = {g, result, {0}, 0};
  size_t n = 0;
  uint8_t md[ESEAL__DIGEST_MAX];
  if (sig) {
    int rc = eseal__digest(EVP_sm3(), sig, len, md, &n);
    if (rc)
      return rc;
    memcpy(c.sig_hash, md, 32);
    c.has_hash = 1;
  }
  g->msg[0] = 0;
  int rc = eseal__store_run_grouped(eseal_ctx_store(g->ctx), run_close, &c);
  if (rc == 0)
    return 0;
  /* g->msg is empty when the record was written but the commit failed: keep the store's words. */
  if (g->msg[0] == 0)
    return eseal__error_prefix(rc, "recording the completed stamp failed");
  return eseal__error_set(rc, "recording the completed stamp failed: %s", g->msg);
}
