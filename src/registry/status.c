/* State queries: a seal's state and history as one read-only snapshot. */
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "record.h"

static int query(eseal_seal_status **out, const eseal_ctx *ctx, const char *tenant,
                 const char *es_id, const uint8_t *hash) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_registry_state: NULL out");
  *out = NULL;
  if (ctx == NULL || eseal_ctx_store(ctx) == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the registry needs a context with a store");
  tenant = eseal__registry_tenant(tenant);
  eseal_seal_status *s = eseal__calloc(1, sizeof *s);
  if (s == NULL)
    return eseal__error_oom();
  eseal__txn *txn = NULL;
  int rc = eseal__store_begin(eseal_ctx_store(ctx), 0, &txn);
  if (rc == 0)
    rc = hash ? eseal__seal_record_get(txn, tenant, hash, s)
              : eseal__seal_record_get_esid(txn, tenant, es_id, s);
  eseal__txn_rollback(txn);
  if (rc) {
    eseal__free(s);
    return rc;
  }
  *out = s;
  return 0;
}

ESEAL_EXTERN(int) eseal_registry_state(eseal_seal_status **out, const eseal_ctx *ctx,
                                       const char *tenant, const char *es_id) {
  return query(out, ctx, tenant, es_id, NULL);
}

ESEAL_EXTERN(int) eseal_registry_state_by_hash(eseal_seal_status **out, const eseal_ctx *ctx,
                                               const char *tenant, const uint8_t *seal_hash,
                                               size_t seal_hash_len) {
  if (seal_hash == NULL || seal_hash_len != 32)
    return eseal__error_set(ESEAL_EINVAL, "a seal hash is 32 bytes (SM3)");
  return query(out, ctx, tenant, NULL, seal_hash);
}

ESEAL_EXTERN(void) eseal_seal_status_free(eseal_seal_status *status) {
  eseal__free(status);
}

ESEAL_EXTERN(eseal_seal_state) eseal_seal_status_state(const eseal_seal_status *s) {
  return s ? s->state : (eseal_seal_state)0;
}
ESEAL_EXTERN(const char *) eseal_seal_status_es_id(const eseal_seal_status *s) {
  return s ? s->es_id : NULL;
}
ESEAL_EXTERN(const uint8_t *) eseal_seal_status_hash(const eseal_seal_status *s, size_t *len) {
  if (len)
    *len = s ? 32 : 0;
  return s ? s->hash : NULL;
}
ESEAL_EXTERN(int64_t) eseal_seal_status_registered_at(const eseal_seal_status *s) {
  return s ? s->registered_at : 0;
}
ESEAL_EXTERN(const char *) eseal_seal_status_registered_by(const eseal_seal_status *s) {
  return s ? s->registered_by : NULL;
}
ESEAL_EXTERN(int64_t) eseal_seal_status_changed_at(const eseal_seal_status *s) {
  return s ? s->changed_at : 0;
}
ESEAL_EXTERN(const char *) eseal_seal_status_changed_by(const eseal_seal_status *s) {
  return s ? s->changed_by : NULL;
}
ESEAL_EXTERN(const char *) eseal_seal_status_reason(const eseal_seal_status *s) {
  return s ? s->reason : NULL;
}
ESEAL_EXTERN(uint64_t) eseal_seal_status_sequence(const eseal_seal_status *s) {
  return s ? s->sequence : 0;
}
ESEAL_EXTERN(uint64_t) eseal_seal_status_freeze_sequence(const eseal_seal_status *s) {
  return s ? s->freeze_sequence : 0;
}
ESEAL_EXTERN(int64_t) eseal_seal_status_final_at(const eseal_seal_status *s) {
  return s ? s->final_at : 0;
}
ESEAL_EXTERN(int) eseal_seal_status_notify_result(const eseal_seal_status *s) {
  return s ? s->notify_result : 1;
}

static const uint8_t *link_of(int present, const uint8_t *hash, size_t *len) {
  if (len)
    *len = present ? 32 : 0;
  return present ? hash : NULL;
}
ESEAL_EXTERN(const uint8_t *) eseal_seal_status_predecessor(const eseal_seal_status *s,
                                                            size_t *len) {
  return link_of(s && s->has_predecessor, s ? s->predecessor : NULL, len);
}
ESEAL_EXTERN(const uint8_t *) eseal_seal_status_successor(const eseal_seal_status *s,
                                                          size_t *len) {
  return link_of(s && s->has_successor, s ? s->successor : NULL, len);
}
