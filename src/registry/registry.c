/* Registering seals and the transitions between their states (doc/registry.md). */
#include "registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../usage_log/usage_log.h"

ESEAL_EXTERN(const char *) eseal_seal_state_name(eseal_seal_state state) {
  switch (state) {
  case ESEAL_SEAL_ACTIVE: return "active";
  case ESEAL_SEAL_FROZEN: return "frozen";
  case ESEAL_SEAL_LOST: return "lost";
  case ESEAL_SEAL_CANCELLED: return "cancelled";
  }
  return NULL;
}

int eseal__registry_append(eseal__txn *txn, const eseal_ctx *ctx, const char *tenant,
                           eseal_usage_action action, const eseal__seal_record *r, int64_t t,
                           const char *who, const char *why, uint64_t *seq) {
  eseal_usage_record u = ESEAL_USAGE_RECORD_INIT;
  u.action = action;
  u.time = t;
  u.es_id = r->es_id;
  u.seal_hash = r->hash;
  u.seal_hash_len = 32;
  u.operator_id = who && *who ? who : NULL;
  u.reason = why && *why ? why : NULL;
  return eseal__usage_append(txn, ctx, tenant, &u, seq);
}

int eseal__registry_find(eseal__txn *txn, const char *tenant, const uint8_t hash[32],
                         const char *es_id, eseal__seal_record *r, eseal__found *found) {
  *found = ESEAL__FOUND_NONE;
  int rc = eseal__seal_record_get(txn, tenant, hash, r);
  if (rc == 0) {
    *found = ESEAL__FOUND_SEAL;
    return 0;
  }
  if (rc != ESEAL_ENOTFOUND)
    return rc;
  size_t n = es_id ? strlen(es_id) : 0;
  if (n == 0 || n > ESEAL__REGISTRY_MAX_ESID)
    return 0; /* an esID the registry could never hold */
  rc = eseal__seal_record_get_esid(txn, tenant, es_id, r);
  if (rc == 0)
    *found = ESEAL__FOUND_OTHER;
  return rc == ESEAL_ENOTFOUND ? 0 : rc;
}

static int store_of(const eseal_ctx *ctx, eseal_store **store) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the registry needs a context");
  *store = eseal_ctx_store(ctx);
  if (*store == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the registry needs a store on the context "
                                          "(eseal_ctx_set_store)");
  return 0;
}

int eseal__registry_find_now(const eseal_ctx *ctx, const char *tenant, const uint8_t hash[32],
                             const char *es_id, eseal__seal_record *r, eseal__found *found) {
  eseal_store *store = NULL;
  eseal__txn *txn = NULL;
  int rc = store_of(ctx, &store);
  if (rc == 0)
    rc = eseal__store_begin(store, 0, &txn);
  if (rc == 0)
    rc = eseal__registry_find(txn, tenant, hash, es_id, r, found);
  eseal__txn_rollback(txn);
  return rc;
}

/* ---- Transitions ---- */

typedef enum change_kind { REGISTER, REISSUE, FREEZE, LOST, CANCEL } change_kind;

/* One transition, run inside a grouped write transaction (which may run it more than once). */
typedef struct change {
  const eseal_ctx *ctx;
  const char *tenant;
  change_kind kind;
  /* The seal to register (REGISTER, REISSUE) or the esID to act on. */
  uint8_t hash[32];
  char es_id[ESEAL__REGISTRY_MAX_ESID + 1];
  char who[ESEAL_REGISTRY_MAX_TEXT + 1];
  char why[ESEAL_REGISTRY_MAX_TEXT + 1];
  int64_t now;
  /* Out: the record after the change and a message for the caller's thread. */
  eseal__seal_record after;
  char msg[600];
} change;

/* Keeps a refusal's message for the caller's thread (fn may run on another). */
static int refuse(change *c, int code, const char *fmt, ...) ESEAL__PRINTF(3, 4);
static int refuse(change *c, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->msg, sizeof c->msg, fmt, ap);
  va_end(ap);
  return code;
}

/* A refusal for a transition out of `r`'s state; 0 when `r` may change. */
static int refuse_final(change *c, const eseal__seal_record *r) {
  if (r->state == ESEAL_SEAL_LOST || r->state == ESEAL_SEAL_CANCELLED)
    return refuse(c, ESEAL_ELOST, "seal %s is %s, which is final", r->es_id,
                  eseal_seal_state_name(r->state));
  return 0;
}

static void set_changed(eseal__seal_record *r, const change *c, eseal_seal_state state,
                        uint64_t seq) {
  r->state = state;
  r->changed_at = c->now;
  snprintf(r->changed_by, sizeof r->changed_by, "%s", c->who);
  snprintf(r->reason, sizeof r->reason, "%s", c->why);
  r->sequence = seq;
  if (state == ESEAL_SEAL_LOST || state == ESEAL_SEAL_CANCELLED)
    r->final_at = c->now;
}

static int add_seal(eseal__txn *txn, change *c, const eseal__seal_record *old) {
  eseal__seal_record *r = &c->after;
  memset(r, 0, sizeof *r);
  r->version = 1;
  memcpy(r->hash, c->hash, 32);
  snprintf(r->es_id, sizeof r->es_id, "%s", c->es_id);
  r->registered_at = c->now;
  snprintf(r->registered_by, sizeof r->registered_by, "%s", c->who);
  r->notify_result = 1;
  if (old) {
    r->has_predecessor = 1;
    memcpy(r->predecessor, old->hash, 32);
  }
  uint64_t seq = 0;
  int rc = eseal__registry_append(txn, c->ctx, c->tenant, ESEAL_USAGE_REGISTER, r, c->now, c->who,
                                  c->why, &seq);
  if (rc)
    return rc;
  set_changed(r, c, ESEAL_SEAL_ACTIVE, seq);
  rc = eseal__seal_record_put(txn, c->tenant, r);
  if (rc == 0)
    rc = eseal__txn_kv_put(txn, c->tenant, ESEAL__AREA_ESIDS, (const uint8_t *)c->es_id,
                           strlen(c->es_id), c->hash, 32);
  return rc;
}

/* The new seal must be unknown to the tenant, under any esID. */
static int check_new(eseal__txn *txn, change *c) {
  eseal__seal_record known;
  int rc = eseal__seal_record_get(txn, c->tenant, c->hash, &known);
  if (rc == 0)
    return refuse(c, ESEAL_EEXISTS, "this seal (esID %s) is already registered in tenant %s",
                  known.es_id, c->tenant);
  return rc == ESEAL_ENOTFOUND ? 0 : rc;
}

static int do_register(eseal__txn *txn, change *c) {
  eseal__seal_record old;
  int rc = eseal__seal_record_get_esid(txn, c->tenant, c->es_id, &old);
  if (rc == 0)
    return refuse(c, ESEAL_EEXISTS,
                  "esID %s is already registered in tenant %s (a new seal under it is a "
                  "re-issue)",
                  c->es_id, c->tenant);
  if (rc != ESEAL_ENOTFOUND)
    return rc;
  return (rc = check_new(txn, c)) != 0 ? rc : add_seal(txn, c, NULL);
}

static int do_reissue(eseal__txn *txn, change *c) {
  eseal__seal_record old;
  int rc = eseal__seal_record_get_esid(txn, c->tenant, c->es_id, &old);
  if (rc == ESEAL_ENOTFOUND)
    return refuse(c, rc, "esID %s is not registered in tenant %s, so there is nothing to "
                         "re-issue",
                  c->es_id, c->tenant);
  if (rc || (rc = check_new(txn, c)) != 0)
    return rc;
  if (old.state == ESEAL_SEAL_FROZEN)
    return refuse(c, ESEAL_EFROZEN, "seal %s is frozen: a supervisor must unfreeze it before it "
                                    "can be re-issued",
                  c->es_id);
  if (old.state == ESEAL_SEAL_ACTIVE) {
    /* Re-issuing an active seal cancels it first, in this same transaction. */
    uint64_t seq = 0;
    char why[ESEAL_REGISTRY_MAX_TEXT + 1];
    snprintf(why, sizeof why, "re-issued%s%.1000s", *c->why ? ": " : "", c->why);
    rc = eseal__registry_append(txn, c->ctx, c->tenant, ESEAL_USAGE_CANCEL, &old, c->now,
                                c->who, why, &seq);
    if (rc)
      return rc;
    set_changed(&old, c, ESEAL_SEAL_CANCELLED, seq);
    snprintf(old.reason, sizeof old.reason, "%s", why);
  }
  old.has_successor = 1;
  memcpy(old.successor, c->hash, 32);
  if ((rc = eseal__seal_record_put(txn, c->tenant, &old)) != 0)
    return rc;
  return add_seal(txn, c, &old);
}

static const struct {
  eseal_usage_action action;
  eseal_seal_state to;
} moves[] = {
    [FREEZE] = {ESEAL_USAGE_FREEZE, ESEAL_SEAL_FROZEN},
    [LOST] = {ESEAL_USAGE_LOST, ESEAL_SEAL_LOST},
    [CANCEL] = {ESEAL_USAGE_CANCEL, ESEAL_SEAL_CANCELLED},
};

/* Freeze, loss report or cancellation of the esID's current seal. */
static int do_move(eseal__txn *txn, change *c) {
  eseal__seal_record *r = &c->after;
  int rc = eseal__seal_record_get_esid(txn, c->tenant, c->es_id, r);
  if (rc || (rc = refuse_final(c, r)) != 0)
    return rc;
  if (c->kind == FREEZE && r->state == ESEAL_SEAL_FROZEN)
    return refuse(c, ESEAL_EFROZEN, "seal %s is already frozen", c->es_id);
  uint64_t seq = 0;
  rc = eseal__registry_append(txn, c->ctx, c->tenant, moves[c->kind].action, r, c->now, c->who,
                              c->why, &seq);
  if (rc)
    return rc;
  set_changed(r, c, moves[c->kind].to, seq);
  if (c->kind == FREEZE)
    r->freeze_sequence = seq;
  if (c->kind == LOST)
    r->notify_result = 1;
  return eseal__seal_record_put(txn, c->tenant, r);
}

static int run_change(eseal__txn *txn, void *arg) {
  change *c = arg;
  c->msg[0] = 0;
  int rc;
  switch (c->kind) {
  case REGISTER: rc = do_register(txn, c); break;
  case REISSUE: rc = do_reissue(txn, c); break;
  default: rc = do_move(txn, c); break;
  }
  /* Keep the message of a failure from below for the caller's thread. */
  if (rc && c->msg[0] == 0)
    snprintf(c->msg, sizeof c->msg, "%s",
             eseal_error_last() ? eseal_error_last()->message : eseal_strerror(rc));
  return rc;
}

static int start(change *c, const eseal_ctx *ctx, const char *tenant, change_kind kind,
                 const char *who, const char *why) {
  memset(c, 0, sizeof *c);
  c->ctx = ctx;
  c->tenant = eseal__registry_tenant(tenant);
  c->kind = kind;
  eseal_store *store = NULL;
  int rc = store_of(ctx, &store);
  if (rc || (rc = eseal_store_check_name(c->tenant)) != 0 ||
      (rc = eseal__registry_text(c->who, sizeof c->who, who, "who")) != 0 ||
      (rc = eseal__registry_text(c->why, sizeof c->why, why, "why")) != 0)
    return rc;
  c->now = eseal_ctx_now(ctx);
  return 0;
}

static int finish(change *c) {
  int rc = eseal__store_run_grouped(eseal_ctx_store(c->ctx), run_change, c);
  if (rc && c->msg[0])
    return eseal__error_set(rc, "%s", c->msg);
  return rc;
}

static int set_esid(change *c, const char *es_id) {
  size_t n = es_id ? strlen(es_id) : 0;
  if (n == 0 || n > ESEAL__REGISTRY_MAX_ESID)
    return eseal__error_set(ESEAL_EINVAL, "an esID has 1 to %u bytes", ESEAL__REGISTRY_MAX_ESID);
  memcpy(c->es_id, es_id, n + 1);
  return 0;
}

static int add(const eseal_ctx *ctx, const char *tenant, const eseal_seal *seal, const char *who,
               const char *why, change_kind kind) {
  if (seal == NULL)
    return eseal__error_set(ESEAL_EINVAL, "no seal to register");
  change c;
  int rc = start(&c, ctx, tenant, kind, who, why);
  if (rc || (rc = set_esid(&c, eseal_seal_esid(seal))) != 0 ||
      (rc = eseal__seal_hash(seal, c.hash)) != 0)
    return rc;
  return finish(&c);
}

ESEAL_EXTERN(int) eseal_registry_register(const eseal_ctx *ctx, const char *tenant,
                                          const eseal_seal *seal, const char *who,
                                          const char *why) {
  return add(ctx, tenant, seal, who, why, REGISTER);
}

ESEAL_EXTERN(int) eseal_registry_reissue(const eseal_ctx *ctx, const char *tenant,
                                         const eseal_seal *seal, const char *who,
                                         const char *why) {
  return add(ctx, tenant, seal, who, why, REISSUE);
}

static int move(const eseal_ctx *ctx, const char *tenant, const char *es_id, const char *who,
                const char *why, change_kind kind, change *c) {
  int rc = start(c, ctx, tenant, kind, who, why);
  if (rc || (rc = set_esid(c, es_id)) != 0)
    return rc;
  return finish(c);
}

ESEAL_EXTERN(int) eseal_registry_freeze(const eseal_ctx *ctx, const char *tenant,
                                        const char *es_id, const char *who, const char *why) {
  change c;
  return move(ctx, tenant, es_id, who, why, FREEZE, &c);
}

ESEAL_EXTERN(int) eseal_registry_cancel(const eseal_ctx *ctx, const char *tenant,
                                        const char *es_id, const char *who, const char *why) {
  change c;
  return move(ctx, tenant, es_id, who, why, CANCEL, &c);
}

/* The LOSS_NOTIFIED record after the callback ran, with its result. */
typedef struct notified {
  const eseal_ctx *ctx;
  const char *tenant;
  uint8_t hash[32];
  uint64_t lost_seq;
  int result;
  char why[ESEAL_REGISTRY_MAX_TEXT + 1];
  char msg[600];
} notified;

static int record_notified(eseal__txn *txn, void *arg) {
  notified *n = arg;
  eseal__seal_record r;
  int rc = eseal__seal_record_get(txn, n->tenant, n->hash, &r);
  if (rc == 0 && r.state != ESEAL_SEAL_LOST) {
    snprintf(n->msg, sizeof n->msg, "seal %s is not lost", r.es_id);
    return ESEAL_ERROR;
  }
  /* While LOST, the seal's last record is its loss report. */
  n->lost_seq = r.sequence;
  eseal_usage_record u = ESEAL_USAGE_RECORD_INIT;
  u.action = ESEAL_USAGE_LOSS_NOTIFIED;
  u.time = eseal_ctx_now(n->ctx);
  u.es_id = r.es_id;
  u.seal_hash = r.hash;
  u.seal_hash_len = 32;
  u.result = n->result;
  u.reason = *n->why ? n->why : NULL;
  u.refers_to = n->lost_seq + 1;
  uint64_t seq = 0;
  if (rc == 0)
    rc = eseal__usage_append(txn, n->ctx, n->tenant, &u, &seq);
  if (rc == 0) {
    r.notify_result = n->result;
    rc = eseal__seal_record_put(txn, n->tenant, &r);
  }
  if (rc)
    snprintf(n->msg, sizeof n->msg, "%s",
             eseal_error_last() ? eseal_error_last()->message : eseal_strerror(rc));
  return rc;
}

ESEAL_EXTERN(int) eseal_registry_report_lost(const eseal_ctx *ctx, const char *tenant,
                                             const char *es_id, const char *who, const char *why,
                                             eseal_loss_notify_fn notify, void *payload) {
  change c;
  int rc = move(ctx, tenant, es_id, who, why, LOST, &c);
  if (rc || notify == NULL)
    return rc;
  /* The loss is committed: stamping is refused from here on, whatever the callback does. */
  notified n = {ctx, c.tenant, {0}, 0, 0, "", ""};
  memcpy(n.hash, c.after.hash, 32);
  eseal_error_clear();
  n.result = notify(payload, c.tenant, c.after.es_id, c.after.hash, 32, c.after.final_at);
  if (n.result > 0)
    n.result = ESEAL_ERROR;
  if (n.result) {
    const eseal_error *e = eseal_error_last();
    snprintf(n.why, sizeof n.why, "%s", e ? e->message : eseal_strerror(n.result));
  }
  rc = eseal__store_run_grouped(eseal_ctx_store(ctx), record_notified, &n);
  if (rc)
    return eseal__error_set(rc, "seal %s is recorded lost, but recording the notification "
                                "failed: %s",
                            c.es_id, n.msg);
  if (n.result)
    return eseal__error_set(n.result, "seal %s is recorded lost, but notifying failed: %s",
                            c.es_id, n.why);
  return 0;
}

ESEAL_EXTERN(int) eseal_registry_loss_notified(const eseal_ctx *ctx, const char *tenant,
                                               const char *es_id, int result, const char *why) {
  change c;
  eseal_seal_status *now = NULL;
  int rc = start(&c, ctx, tenant, LOST, NULL, why);
  if (rc || (rc = eseal_registry_state(&now, ctx, c.tenant, es_id)) != 0)
    return rc;
  notified n = {ctx, c.tenant, {0}, 0, result > 0 ? ESEAL_ERROR : result, "", ""};
  memcpy(n.hash, now->hash, 32);
  eseal_seal_status_free(now);
  snprintf(n.why, sizeof n.why, "%s", c.why);
  rc = eseal__store_run_grouped(eseal_ctx_store(ctx), record_notified, &n);
  return rc ? eseal__error_set(rc, "%s", n.msg) : 0;
}
