/*
 * The memory backend: every tenant's data in one sorted map (memory_map.h)
 * under composite keys  kind ‖ tenant ‖ 0 ‖ name ‖ 0 ‖ key,  where kind is
 * 'k' (key/value), 'c' (counter), 's' (log size) or 'r' (log record, key =
 * the sequence as 8 big-endian bytes). Names never contain 0, so a tenant's
 * area is one contiguous run of the map, in key byte order.
 *
 * Thread safety: a read-write lock held for a transaction's whole life; a
 * writer holds it exclusively (so readers see committed data only and writers
 * exclude each other), readers share it. Rollback replays the map's undo
 * journal. Durability: none; the data lives as long as the store.
 */
#define _GNU_SOURCE /* pthread_rwlockattr_setkind_np */
#include <pthread.h>
#include <string.h>

#include "memory_map.h"
#include "store_impl.h"

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/be64.h"
#include "../core/error.h"

typedef struct mem_backend {
  eseal_storage_backend base; /* first: the table handed out is this struct */
  pthread_rwlock_t lock;
  eseal__mmap map;
} mem_backend;

typedef struct mem_txn {
  int writable;
} mem_txn;

static mem_backend *mem(eseal_storage_backend *self) {
  return (mem_backend *)self;
}

/* The composite key; the caller frees it. NULL on allocation failure. */
static uint8_t *make_key(char kind, const char *tenant, const char *name, const uint8_t *key,
                         size_t key_len, size_t *out_len) {
  size_t t = strlen(tenant), n = strlen(name);
  size_t len = 1 + t + 1 + n + 1 + key_len;
  uint8_t *k = eseal__malloc(len);
  if (k == NULL)
    return NULL;
  k[0] = (uint8_t)kind;
  memcpy(k + 1, tenant, t + 1);
  memcpy(k + 2 + t, name, n + 1);
  if (key_len)
    memcpy(k + 3 + t + n, key, key_len);
  *out_len = len;
  return k;
}

static int mem_begin(eseal_storage_backend *self, int writable, void **txn) {
  mem_txn *t = eseal__calloc(1, sizeof *t);
  if (t == NULL)
    return eseal__error_oom();
  t->writable = writable;
  if (writable) {
    pthread_rwlock_wrlock(&mem(self)->lock);
    eseal__mmap_mark(&mem(self)->map);
  } else {
    pthread_rwlock_rdlock(&mem(self)->lock);
  }
  *txn = t;
  return 0;
}

static void mem_end(eseal_storage_backend *self, void *txn, int keep) {
  mem_txn *t = txn;
  if (t->writable) {
    if (keep)
      eseal__mmap_forget(&mem(self)->map);
    else
      eseal__mmap_undo_all(&mem(self)->map);
  }
  pthread_rwlock_unlock(&mem(self)->lock);
  eseal__free(t);
}

static int mem_commit(eseal_storage_backend *self, void *txn) {
  mem_end(self, txn, 1);
  return 0;
}

static void mem_rollback(eseal_storage_backend *self, void *txn) {
  mem_end(self, txn, 0);
}

/* Looks up an entry under a composite key. */
static int lookup(eseal_storage_backend *self, char kind, const char *tenant, const char *name,
                  const uint8_t *key, size_t key_len, const eseal__mmap_entry **found) {
  size_t len;
  uint8_t *k = make_key(kind, tenant, name, key, key_len, &len);
  if (k == NULL)
    return eseal__error_oom();
  *found = eseal__mmap_find(&mem(self)->map, k, len);
  eseal__free(k);
  return 0;
}

static int store_entry(eseal_storage_backend *self, char kind, const char *tenant,
                       const char *name, const uint8_t *key, size_t key_len,
                       const uint8_t *value, size_t value_len) {
  size_t len;
  uint8_t *k = make_key(kind, tenant, name, key, key_len, &len);
  if (k == NULL)
    return eseal__error_oom();
  int rc = eseal__mmap_put(&mem(self)->map, k, len, value, value_len);
  eseal__free(k);
  return rc;
}

static int mem_kv_get(eseal_storage_backend *self, void *txn, const char *tenant,
                      const char *area, const uint8_t *key, size_t key_len, eseal_buf *value) {
  (void)txn;
  const eseal__mmap_entry *e = NULL;
  int rc = lookup(self, 'k', tenant, area, key, key_len, &e);
  if (rc != 0)
    return rc;
  if (e == NULL)
    return eseal__error_set(ESEAL_ENOTFOUND, "store: no such key");
  return eseal_buf_set(value, e->value, e->value_len);
}

static int mem_kv_put(eseal_storage_backend *self, void *txn, const char *tenant,
                      const char *area, const uint8_t *key, size_t key_len,
                      const uint8_t *value, size_t value_len) {
  (void)txn;
  return store_entry(self, 'k', tenant, area, key, key_len, value, value_len);
}

static int mem_kv_delete(eseal_storage_backend *self, void *txn, const char *tenant,
                         const char *area, const uint8_t *key, size_t key_len) {
  (void)txn;
  size_t len;
  uint8_t *k = make_key('k', tenant, area, key, key_len, &len);
  if (k == NULL)
    return eseal__error_oom();
  int rc = eseal__mmap_delete(&mem(self)->map, k, len);
  eseal__free(k);
  if (rc == ESEAL_ENOTFOUND)
    return eseal__error_set(ESEAL_ENOTFOUND, "store: no such key");
  return rc;
}

static int mem_kv_scan(eseal_storage_backend *self, void *txn, const char *tenant,
                       const char *area, const uint8_t *prefix, size_t prefix_len,
                       eseal_storage_visit_fn visit, void *arg) {
  (void)txn;
  size_t len;
  uint8_t *k = make_key('k', tenant, area, prefix, prefix_len, &len);
  if (k == NULL)
    return eseal__error_oom();
  const eseal__mmap *m = &mem(self)->map;
  size_t head = len - prefix_len; /* kind ‖ tenant ‖ 0 ‖ area ‖ 0 */
  int rc = 0;
  for (size_t i = eseal__mmap_lower_bound(m, k, len); i < m->count && rc == 0; i++) {
    const eseal__mmap_entry *e = &m->entries[i];
    if (e->key_len < len || memcmp(e->key, k, len) != 0)
      break;
    rc = visit(arg, e->key + head, e->key_len - head, e->value, e->value_len);
  }
  eseal__free(k);
  return rc;
}

/* Reads a big-endian 8-byte value stored under kind/tenant/name (0 when absent). */
static int read_u64(eseal_storage_backend *self, char kind, const char *tenant, const char *name,
                    uint64_t *out) {
  const eseal__mmap_entry *e = NULL;
  int rc = lookup(self, kind, tenant, name, NULL, 0, &e);
  if (rc == 0)
    *out = e != NULL ? eseal__get_be64(e->value) : 0;
  return rc;
}

static int write_u64(eseal_storage_backend *self, char kind, const char *tenant, const char *name,
                     uint64_t v) {
  uint8_t be[8];
  eseal__put_be64(be, v);
  return store_entry(self, kind, tenant, name, NULL, 0, be, sizeof be);
}

static int mem_counter_add(eseal_storage_backend *self, void *txn, const char *tenant,
                           const char *name, int64_t delta, int64_t *value) {
  (void)txn;
  uint64_t raw;
  int rc = read_u64(self, 'c', tenant, name, &raw);
  if (rc != 0)
    return rc;
  int64_t now = (int64_t)raw, sum;
  if (__builtin_add_overflow(now, delta, &sum))
    return eseal__error_set(ESEAL_ELIMIT, "store: counter %s would overflow", name);
  if (delta != 0 && (rc = write_u64(self, 'c', tenant, name, (uint64_t)sum)) != 0)
    return rc;
  if (value != NULL)
    *value = sum;
  return 0;
}

static int mem_log_append(eseal_storage_backend *self, void *txn, const char *tenant,
                          const char *log, const uint8_t *rec, size_t len, uint64_t *seq) {
  (void)txn;
  uint64_t size;
  int rc = read_u64(self, 's', tenant, log, &size);
  if (rc != 0)
    return rc;
  uint8_t key[8];
  eseal__put_be64(key, size);
  rc = store_entry(self, 'r', tenant, log, key, sizeof key, rec, len);
  if (rc == 0)
    rc = write_u64(self, 's', tenant, log, size + 1);
  if (rc == 0)
    *seq = size;
  return rc;
}

static int mem_log_get(eseal_storage_backend *self, void *txn, const char *tenant,
                       const char *log, uint64_t seq, eseal_buf *rec) {
  (void)txn;
  uint8_t key[8];
  eseal__put_be64(key, seq);
  const eseal__mmap_entry *e = NULL;
  int rc = lookup(self, 'r', tenant, log, key, sizeof key, &e);
  if (rc != 0)
    return rc;
  if (e == NULL)
    return eseal__error_set(ESEAL_ENOTFOUND, "store: log %s has no record %llu", log,
                            (unsigned long long)seq);
  return eseal_buf_set(rec, e->value, e->value_len);
}

static int mem_log_size(eseal_storage_backend *self, void *txn, const char *tenant,
                        const char *log, uint64_t *size) {
  (void)txn;
  return read_u64(self, 's', tenant, log, size);
}

static void mem_close(eseal_storage_backend *self) {
  eseal__mmap_free(&mem(self)->map);
  pthread_rwlock_destroy(&mem(self)->lock);
  eseal__free(self);
}

int eseal__memory_backend_new(eseal_storage_backend **out) {
  mem_backend *b = eseal__calloc(1, sizeof *b);
  if (b == NULL)
    return eseal__error_oom();
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init(&attr);
#ifdef __GLIBC__
  /* A steady stream of readers must not starve the writers. */
  pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
#endif
  int failed = pthread_rwlock_init(&b->lock, &attr) != 0;
  pthread_rwlockattr_destroy(&attr);
  if (failed) {
    eseal__free(b);
    return eseal__error_set(ESEAL_ERROR, "store: cannot create a lock");
  }
  eseal_storage_backend_init(&b->base);
  b->base.name = "memory";
  b->base.begin = mem_begin;
  b->base.commit = mem_commit;
  b->base.rollback = mem_rollback;
  b->base.kv_get = mem_kv_get;
  b->base.kv_put = mem_kv_put;
  b->base.kv_delete = mem_kv_delete;
  b->base.kv_scan = mem_kv_scan;
  b->base.counter_add = mem_counter_add;
  b->base.log_append = mem_log_append;
  b->base.log_get = mem_log_get;
  b->base.log_size = mem_log_size;
  b->base.close = mem_close;
  *out = &b->base;
  return 0;
}
