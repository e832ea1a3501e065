/* The context's answer cache: the store's kv when a store is attached, else a locked memory map. */
#include "cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/store.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../storage/memory_map.h"
#include "../storage/store.h"
#include "context.h"

struct eseal__cache {
  pthread_mutex_t lock;
  eseal__mmap map;
  atomic_uint_fast64_t counters[ESEAL__COUNTERS];
};

int eseal__cache_new(eseal__cache **out) {
  eseal__cache *c = eseal__calloc(1, sizeof *c);
  if (c == NULL || pthread_mutex_init(&c->lock, NULL) != 0) {
    eseal__free(c);
    return eseal__error_oom();
  }
  for (int i = 0; i < ESEAL__COUNTERS; i++)
    atomic_init(&c->counters[i], 0);
  *out = c;
  return 0;
}

void eseal__cache_free(eseal__cache *c) {
  if (c == NULL)
    return;
  eseal__mmap_free(&c->map);
  pthread_mutex_destroy(&c->lock);
  eseal__free(c);
}

static int copy_out(const uint8_t *p, size_t len, eseal_buf *value) {
  value->ptr = eseal__malloc(len ? len : 1);
  if (value->ptr == NULL)
    return eseal__error_oom();
  memcpy(value->ptr, p, len);
  value->size = len;
  return 0;
}

int eseal__cache_get(const eseal_ctx *ctx, const uint8_t *key, size_t key_len, eseal_buf *value) {
  eseal_store *store = eseal_ctx_store(ctx);
  if (store) {
    eseal__txn *txn = NULL;
    int rc = eseal__store_begin(store, 0, &txn);
    if (rc == 0) {
      rc = eseal__txn_kv_get(txn, ESEAL_STORE_DEFAULT_TENANT, ESEAL__CACHE_AREA, key, key_len,
                             value);
      eseal__txn_rollback(txn);
    }
    return rc;
  }
  eseal__cache *c = ctx->rev_cache;
  pthread_mutex_lock(&c->lock);
  const eseal__mmap_entry *e = eseal__mmap_find(&c->map, key, key_len);
  int rc = e ? copy_out(e->value, e->value_len, value) : ESEAL_ENOTFOUND;
  pthread_mutex_unlock(&c->lock);
  return rc;
}

/* The store path: read, decide and write in one writable transaction. */
static int put_in_store(eseal_store *store, const uint8_t *key, size_t key_len,
                        const uint8_t *value, size_t value_len, eseal__cache_keep_fn replace) {
  eseal__txn *txn = NULL;
  int rc = eseal__store_begin(store, 1, &txn);
  if (rc)
    return rc;
  eseal_buf old = ESEAL_BUF_INIT;
  rc = eseal__txn_kv_get(txn, ESEAL_STORE_DEFAULT_TENANT, ESEAL__CACHE_AREA, key, key_len, &old);
  int found = rc == 0;
  if (rc == 0 || rc == ESEAL_ENOTFOUND)
    rc = 0;
  if (rc == 0 && replace(found ? old.ptr : NULL, old.size, value, value_len))
    rc = eseal__txn_kv_put(txn, ESEAL_STORE_DEFAULT_TENANT, ESEAL__CACHE_AREA, key, key_len,
                           value, value_len);
  eseal_buf_dispose(&old);
  if (rc) {
    eseal__txn_rollback(txn);
    return rc;
  }
  return eseal__txn_commit(txn);
}

int eseal__cache_put(const eseal_ctx *ctx, const uint8_t *key, size_t key_len,
                     const uint8_t *value, size_t value_len, eseal__cache_keep_fn replace) {
  eseal_store *store = eseal_ctx_store(ctx);
  if (store)
    return put_in_store(store, key, key_len, value, value_len, replace);
  eseal__cache *c = ctx->rev_cache;
  int rc = 0;
  pthread_mutex_lock(&c->lock);
  const eseal__mmap_entry *e = eseal__mmap_find(&c->map, key, key_len);
  if ((e || c->map.count < ESEAL__CACHE_MAX_ENTRIES) &&
      replace(e ? e->value : NULL, e ? e->value_len : 0, value, value_len))
    rc = eseal__mmap_put(&c->map, key, key_len, value, value_len);
  pthread_mutex_unlock(&c->lock);
  return rc;
}

void eseal__ctx_count(const eseal_ctx *ctx, eseal__counter which) {
  atomic_fetch_add(&ctx->rev_cache->counters[which], 1);
}

uint64_t eseal__ctx_counter(const eseal_ctx *ctx, eseal__counter which) {
  return atomic_load(&ctx->rev_cache->counters[which]);
}
