/* The stored tree: cached leaves, the log's origin, and transaction helpers (log_tree.h). */
#include "log_tree.h"

#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "usage_log.h"

typedef struct leaf_scan {
  eseal__usage_leaves *out;
  uint64_t next;
} leaf_scan;

static int take_leaf(void *arg, const uint8_t *key, size_t key_len, const uint8_t *value,
                     size_t value_len) {
  leaf_scan *s = arg;
  uint8_t want[8];
  if (s->next >= s->out->count)
    return 1; /* the records after the tree size do not matter */
  eseal__usage_u64_key(s->next, want);
  if (key_len != 8 || memcmp(key, want, 8) != 0 || value_len != 32)
    return 2;
  memcpy(s->out->hash[s->next++], value, 32);
  return 0;
}

int eseal__usage_load_leaves(eseal__txn *txn, const char *tenant, uint64_t size,
                             eseal__usage_leaves *out) {
  out->hash = NULL;
  out->count = size;
  if (size == 0)
    return 0;
  if (size > SIZE_MAX / 32)
    return eseal__error_set(ESEAL_ELIMIT, "usage log: %llu records do not fit in memory",
                            (unsigned long long)size);
  if ((out->hash = eseal__malloc((size_t)size * 32)) == NULL)
    return eseal__error_oom();
  leaf_scan s = {out, 0};
  int rc = eseal__txn_kv_scan(txn, tenant, ESEAL__USAGE_AREA_LEAF, NULL, 0, take_leaf, &s);
  if (rc == 2 || (rc >= 0 && s.next != size))
    rc = eseal__error_set(ESEAL_ETAMPERED, "usage log: the leaf hash of record %llu is missing",
                          (unsigned long long)s.next);
  else if (rc == 1)
    rc = 0;
  if (rc != 0) {
    eseal__free(out->hash);
    out->hash = NULL;
  }
  return rc;
}

int eseal__usage_leaf_at(void *arg, uint64_t index, uint8_t hash[32]) {
  const eseal__usage_leaves *l = arg;
  if (index >= l->count)
    return eseal__error_set(ESEAL_EINVAL, "usage log: leaf %llu past the tree",
                            (unsigned long long)index);
  memcpy(hash, l->hash[index], 32);
  return 0;
}

static const uint8_t id_key[] = {'i', 'd'};

int eseal__usage_origin(eseal__txn *txn, const char *tenant, int make,
                        char out[ESEAL__USAGE_ORIGIN_MAX + 1]) {
  eseal_buf b = ESEAL_BUF_INIT;
  uint8_t id[8];
  int rc = eseal__txn_kv_get(txn, tenant, ESEAL__USAGE_AREA_SALT, id_key, sizeof id_key, &b);
  if (rc == 0) {
    int ok = b.size == sizeof id;
    if (ok)
      memcpy(id, b.ptr, sizeof id);
    eseal_buf_dispose(&b);
    if (!ok)
      return eseal__error_set(ESEAL_ETAMPERED, "usage log: the log id is damaged");
  } else if (rc == ESEAL_ENOTFOUND && make) {
    if (RAND_bytes(id, sizeof id) != 1)
      return eseal__error_set(ESEAL_ECRYPTO, "usage log: no random bytes for the log id");
    if ((rc = eseal__txn_kv_put(txn, tenant, ESEAL__USAGE_AREA_SALT, id_key, sizeof id_key, id,
                                sizeof id)) != 0)
      return rc;
  } else {
    return rc == ESEAL_ENOTFOUND
               ? eseal__error_set(ESEAL_ENOTFOUND, "usage log: tenant %s has no log", tenant)
               : rc;
  }
  int n = snprintf(out, ESEAL__USAGE_ORIGIN_MAX + 1, "eseal-usage/%s/", tenant);
  for (size_t i = 0; i < sizeof id; i++)
    n += snprintf(out + n, (size_t)(ESEAL__USAGE_ORIGIN_MAX + 1 - n), "%02x", id[i]);
  return 0;
}

int eseal__usage_begin(eseal_store *store, const char *tenant, int writable, eseal__txn **txn) {
  *txn = NULL;
  if (store == NULL)
    return eseal__error_set(ESEAL_EINVAL, "usage log: no store");
  if (eseal_store_check_name(tenant) != 0)
    return eseal__error_prefix(ESEAL_EINVAL, "usage log tenant");
  return eseal__store_begin(store, writable, txn);
}

int eseal__usage_end(eseal__txn *txn, int rc) {
  if (rc == 0 && eseal__txn_writable(txn))
    return eseal__txn_commit(txn);
  eseal__txn_rollback(txn);
  return rc;
}
