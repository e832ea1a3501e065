/*
 * Unfreezing on a supervisor's signed order, and handing stored orders to
 * auditors. The order's signature and signer are checked before the write
 * transaction, so that no lock is held during the curve operations; what
 * depends on the registry (state, seal, freeze) is checked inside it.
 */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../crypto/digest.h"
#include "../usage_log/usage_log.h"
#include "order.h"
#include "registry.h"

typedef struct lift {
  const eseal_ctx *ctx;
  const char *tenant;
  const eseal_unfreeze_order *order;
  char who[ESEAL_REGISTRY_MAX_TEXT + 1];
  uint8_t order_hash[32];
  int64_t now;
  char msg[600];
} lift;

/* Everything the order must agree on with the registry; 0 or a refusal with its message. */
static int check_order_fits(lift *l, const eseal__seal_record *r) {
  const eseal_unfreeze_order *o = l->order;
  if (r->state == ESEAL_SEAL_LOST || r->state == ESEAL_SEAL_CANCELLED) {
    snprintf(l->msg, sizeof l->msg, "seal %s is %s, which is final", r->es_id,
             eseal_seal_state_name(r->state));
    return ESEAL_ELOST;
  }
  if (r->state != ESEAL_SEAL_FROZEN) {
    snprintf(l->msg, sizeof l->msg, "seal %s is not frozen", r->es_id);
    return ESEAL_ERROR;
  }
  if (memcmp(o->seal_hash, r->hash, 32) != 0) {
    snprintf(l->msg, sizeof l->msg, "the order names another seal than the one registered "
                                    "under esID %s", r->es_id);
    return ESEAL_EINVAL;
  }
  if (o->freeze_sequence != r->freeze_sequence) {
    snprintf(l->msg, sizeof l->msg, "the order lifts the freeze recorded at sequence %llu, but "
                                    "seal %s was frozen at sequence %llu",
             (unsigned long long)o->freeze_sequence, r->es_id,
             (unsigned long long)r->freeze_sequence);
    return ESEAL_EINVAL;
  }
  if (o->time < r->changed_at || o->time > l->now + ESEAL_UNFREEZE_ORDER_SKEW) {
    snprintf(l->msg, sizeof l->msg, "the order is dated %s the freeze it lifts",
             o->time < r->changed_at ? "before" : "in the future, after");
    return ESEAL_EINVAL;
  }
  return 0;
}

static int run_lift(eseal__txn *txn, void *arg) {
  lift *l = arg;
  l->msg[0] = 0;
  eseal__seal_record r;
  int rc = eseal__seal_record_get_esid(txn, l->tenant, l->order->es_id, &r);
  if (rc == 0 && (rc = check_order_fits(l, &r)) != 0)
    return rc;
  eseal_usage_record u = ESEAL_USAGE_RECORD_INIT;
  u.action = ESEAL_USAGE_UNFREEZE;
  u.time = l->now;
  u.es_id = r.es_id;
  u.seal_hash = r.hash;
  u.seal_hash_len = 32;
  u.operator_id = *l->who ? l->who : NULL;
  u.reason = *l->order->reason ? l->order->reason : NULL;
  /* The log commits to the order through its hash; the order itself is kept beside it. */
  u.signature_hash = l->order_hash;
  u.signature_hash_len = 32;
  u.refers_to = r.freeze_sequence + 1;
  uint64_t seq = 0;
  if (rc == 0)
    rc = eseal__usage_append(txn, l->ctx, l->tenant, &u, &seq);
  uint8_t key[8];
  eseal__usage_u64_key(seq, key);
  if (rc == 0)
    rc = eseal__txn_kv_put(txn, l->tenant, ESEAL__AREA_ORDERS, key, 8, l->order->der,
                           l->order->der_len);
  if (rc == 0) {
    r.state = ESEAL_SEAL_ACTIVE;
    r.changed_at = l->now;
    snprintf(r.changed_by, sizeof r.changed_by, "%s", l->who);
    snprintf(r.reason, sizeof r.reason, "%s", l->order->reason);
    r.sequence = seq;
    rc = eseal__seal_record_put(txn, l->tenant, &r);
  }
  if (rc && l->msg[0] == 0)
    snprintf(l->msg, sizeof l->msg, "%s",
             eseal_error_last() ? eseal_error_last()->message : eseal_strerror(rc));
  return rc;
}

static int start(lift *l, const eseal_ctx *ctx, const char *tenant, const char *who) {
  memset(l, 0, sizeof *l);
  l->ctx = ctx;
  l->tenant = tenant ? tenant : ESEAL_STORE_DEFAULT_TENANT;
  if (ctx == NULL || eseal_ctx_store(ctx) == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the registry needs a context with a store");
  int rc = eseal_store_check_name(l->tenant);
  if (rc == 0)
    rc = eseal__registry_text(l->who, sizeof l->who, who, "who");
  l->now = eseal_ctx_now(ctx);
  return rc;
}

ESEAL_EXTERN(int) eseal_registry_unfreeze(const eseal_ctx *ctx, const char *tenant,
                                          const uint8_t *order, size_t order_len,
                                          const char *who) {
  lift l;
  int rc = start(&l, ctx, tenant, who);
  if (rc)
    return rc;
  eseal_unfreeze_order *o = NULL;
  if ((rc = eseal_unfreeze_order_parse(&o, order, order_len)) != 0)
    return rc;
  l.order = o;
  size_t n = 0;
  uint8_t md[ESEAL__DIGEST_MAX];
  if (strcmp(o->tenant, l.tenant) != 0)
    rc = eseal__error_set(ESEAL_EINVAL, "the order is for tenant %s, not %s", o->tenant,
                          l.tenant);
  else if ((rc = eseal_unfreeze_order_verify(ctx, o, l.now)) == 0 &&
           (rc = eseal__digest(EVP_sm3(), o->der, o->der_len, md, &n)) == 0) {
    memcpy(l.order_hash, md, 32);
    rc = eseal__store_run_grouped(eseal_ctx_store(ctx), run_lift, &l);
    if (rc && l.msg[0])
      rc = eseal__error_set(rc, "unfreeze refused: %s", l.msg);
  }
  eseal_unfreeze_order_free(o);
  return rc;
}

ESEAL_EXTERN(int) eseal_registry_unfreeze_order(eseal_buf *out, const eseal_ctx *ctx,
                                                const char *tenant, uint64_t unfreeze_sequence) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_registry_unfreeze_order: NULL out");
  lift l;
  int rc = start(&l, ctx, tenant, NULL);
  eseal__txn *txn = NULL;
  if (rc == 0)
    rc = eseal__store_begin(eseal_ctx_store(ctx), 0, &txn);
  uint8_t key[8];
  eseal__usage_u64_key(unfreeze_sequence, key);
  if (rc == 0)
    rc = eseal__txn_kv_get(txn, l.tenant, ESEAL__AREA_ORDERS, key, 8, out);
  eseal__txn_rollback(txn);
  if (rc == ESEAL_ENOTFOUND)
    return eseal__error_set(rc, "no unfreeze order is kept at sequence %llu in tenant %s",
                            (unsigned long long)unfreeze_sequence, l.tenant);
  return rc;
}
