/*
 * The eseal__txn wrappers: every call checks its names, sizes and the
 * transaction's mode before the backend sees them, so backends may rely on
 * the rules of eseal/sys/storage_backend.h.
 */
#include "store_impl.h"

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

int eseal__store_begin(eseal_store *store, int writable, eseal__txn **txn) {
  if (store == NULL || txn == NULL)
    return eseal__error_set(ESEAL_EINVAL, "store: NULL argument to begin");
  *txn = NULL;
  eseal__txn *t = eseal__calloc(1, sizeof *t);
  if (t == NULL)
    return eseal__error_oom();
  eseal_storage_backend *b = store->backend;
  int rc = b->begin(b, writable != 0, &t->handle);
  if (rc != 0) {
    eseal__free(t);
    return rc;
  }
  t->store = store;
  t->writable = writable != 0;
  *txn = t;
  return 0;
}

int eseal__txn_commit(eseal__txn *txn) {
  if (txn == NULL)
    return eseal__error_set(ESEAL_EINVAL, "store: NULL transaction to commit");
  eseal_storage_backend *b = txn->store->backend;
  int rc = b->commit(b, txn->handle);
  eseal__free(txn);
  return rc;
}

void eseal__txn_rollback(eseal__txn *txn) {
  if (txn == NULL)
    return;
  eseal_storage_backend *b = txn->store->backend;
  b->rollback(b, txn->handle);
  eseal__free(txn);
}

int eseal__txn_writable(const eseal__txn *txn) {
  return txn != NULL && txn->writable;
}

/* The checks common to every data call. */
static int check_call(const eseal__txn *txn, int writes, const char *tenant, const char *name) {
  if (txn == NULL)
    return eseal__error_set(ESEAL_EINVAL, "store: NULL transaction");
  if (writes && !txn->writable)
    return eseal__error_set(ESEAL_EINVAL, "store: a write in a read-only transaction");
  if (eseal_store_check_name(tenant) != 0)
    return eseal__error_prefix(ESEAL_EINVAL, "tenant");
  if (eseal_store_check_name(name) != 0)
    return eseal__error_prefix(ESEAL_EINVAL, "area, counter or log");
  return 0;
}

static int check_key(const uint8_t *key, size_t key_len) {
  if (key == NULL || key_len == 0 || key_len > ESEAL_STORAGE_MAX_KEY)
    return eseal__error_set(ESEAL_EINVAL, "store: a key must have 1 to %u bytes",
                            ESEAL_STORAGE_MAX_KEY);
  return 0;
}

static int check_value(const uint8_t *value, size_t len) {
  if ((value == NULL && len != 0) || len > ESEAL_STORAGE_MAX_VALUE)
    return eseal__error_set(ESEAL_EINVAL, "store: a value or record must have at most %u bytes",
                            ESEAL_STORAGE_MAX_VALUE);
  return 0;
}

int eseal__txn_kv_get(eseal__txn *txn, const char *tenant, const char *area, const uint8_t *key,
                      size_t key_len, eseal_buf *value) {
  int rc = check_call(txn, 0, tenant, area);
  if (rc == 0)
    rc = check_key(key, key_len);
  if (rc == 0 && value == NULL)
    rc = eseal__error_set(ESEAL_EINVAL, "store: NULL output buffer");
  if (rc != 0)
    return rc;
  eseal_buf_dispose(value);
  eseal_storage_backend *b = txn->store->backend;
  return b->kv_get(b, txn->handle, tenant, area, key, key_len, value);
}

int eseal__txn_kv_put(eseal__txn *txn, const char *tenant, const char *area, const uint8_t *key,
                      size_t key_len, const uint8_t *value, size_t value_len) {
  int rc = check_call(txn, 1, tenant, area);
  if (rc == 0)
    rc = check_key(key, key_len);
  if (rc == 0)
    rc = check_value(value, value_len);
  if (rc != 0)
    return rc;
  eseal_storage_backend *b = txn->store->backend;
  return b->kv_put(b, txn->handle, tenant, area, key, key_len, value, value_len);
}

int eseal__txn_kv_delete(eseal__txn *txn, const char *tenant, const char *area,
                         const uint8_t *key, size_t key_len) {
  int rc = check_call(txn, 1, tenant, area);
  if (rc == 0)
    rc = check_key(key, key_len);
  if (rc != 0)
    return rc;
  eseal_storage_backend *b = txn->store->backend;
  return b->kv_delete(b, txn->handle, tenant, area, key, key_len);
}

int eseal__txn_kv_scan(eseal__txn *txn, const char *tenant, const char *area,
                       const uint8_t *prefix, size_t prefix_len, eseal_storage_visit_fn visit,
                       void *arg) {
  int rc = check_call(txn, 0, tenant, area);
  if (rc == 0 && (visit == NULL || (prefix == NULL && prefix_len != 0) ||
                  prefix_len > ESEAL_STORAGE_MAX_KEY))
    rc = eseal__error_set(ESEAL_EINVAL, "store: bad scan arguments");
  if (rc != 0)
    return rc;
  eseal_storage_backend *b = txn->store->backend;
  return b->kv_scan(b, txn->handle, tenant, area, prefix, prefix_len, visit, arg);
}

int eseal__txn_counter_add(eseal__txn *txn, const char *tenant, const char *name, int64_t delta,
                           int64_t *value) {
  int rc = check_call(txn, delta != 0, tenant, name);
  if (rc != 0)
    return rc;
  eseal_storage_backend *b = txn->store->backend;
  return b->counter_add(b, txn->handle, tenant, name, delta, value);
}

int eseal__txn_log_append(eseal__txn *txn, const char *tenant, const char *log,
                          const uint8_t *rec, size_t len, uint64_t *seq) {
  int rc = check_call(txn, 1, tenant, log);
  if (rc == 0)
    rc = check_value(rec, len);
  if (rc != 0)
    return rc;
  uint64_t ignored;
  eseal_storage_backend *b = txn->store->backend;
  return b->log_append(b, txn->handle, tenant, log, rec, len, seq ? seq : &ignored);
}

int eseal__txn_log_get(eseal__txn *txn, const char *tenant, const char *log, uint64_t seq,
                       eseal_buf *rec) {
  int rc = check_call(txn, 0, tenant, log);
  if (rc == 0 && rec == NULL)
    rc = eseal__error_set(ESEAL_EINVAL, "store: NULL output buffer");
  if (rc != 0)
    return rc;
  eseal_buf_dispose(rec);
  eseal_storage_backend *b = txn->store->backend;
  return b->log_get(b, txn->handle, tenant, log, seq, rec);
}

int eseal__txn_log_size(eseal__txn *txn, const char *tenant, const char *log, uint64_t *size) {
  int rc = check_call(txn, 0, tenant, log);
  if (rc == 0 && size == NULL)
    rc = eseal__error_set(ESEAL_EINVAL, "store: NULL size");
  if (rc != 0)
    return rc;
  eseal_storage_backend *b = txn->store->backend;
  return b->log_size(b, txn->handle, tenant, log, size);
}

int eseal__txn_server_time(eseal__txn *txn, int64_t *unix_ms) {
  if (txn == NULL || unix_ms == NULL)
    return eseal__error_set(ESEAL_EINVAL, "store: NULL argument to server_time");
  eseal_storage_backend *b = txn->store->backend;
  /* No message: callers take this as "use the context clock", on every stamp. */
  if (b->version < 2 || b->server_time == NULL)
    return ESEAL_ENOTFOUND;
  return b->server_time(b, txn->handle, unix_ms);
}
