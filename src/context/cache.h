/*
 * The context's cache of looked-up answers (revocation status today), keyed
 * by bytes: in the attached store when there is one, so answers survive the
 * process and are shared with other processes on the same store, else in
 * memory. What an answer means, and which of two answers to keep, is the
 * caller's (src/revocation/); this file only stores bytes under a lock.
 * Thread-safe: a const context may be shared.
 */
#ifndef ESEAL_CONTEXT_CACHE_H
#define ESEAL_CONTEXT_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/common.h"
#include "eseal/context.h"

/* Entries the memory cache holds at most; later answers are not cached. */
#define ESEAL__CACHE_MAX_ENTRIES 4096
/* The area of the store's kv that holds the cache (default tenant). */
#define ESEAL__CACHE_AREA "revocation-cache"

typedef struct eseal__cache eseal__cache;

int eseal__cache_new(eseal__cache **out);
void eseal__cache_free(eseal__cache *cache);

/* The value stored under `key`: 0 (copied into `value`), ESEAL_ENOTFOUND, or an error. */
int eseal__cache_get(const eseal_ctx *ctx, const uint8_t *key, size_t key_len, eseal_buf *value);

/*
 * Decides, given the value already stored (NULL when none), whether `value`
 * replaces it: 1 replace, 0 keep the old one.
 */
typedef int (*eseal__cache_keep_fn)(const uint8_t *old, size_t old_len, const uint8_t *value,
                                    size_t value_len);

/* Stores `value` under `key` when `replace` says so (atomically with the read). 0 or an error. */
int eseal__cache_put(const eseal_ctx *ctx, const uint8_t *key, size_t key_len,
                     const uint8_t *value, size_t value_len, eseal__cache_keep_fn replace);

/* Counters of revocation lookups (eseal_ctx_revocation_stats). */
typedef enum eseal__counter {
  ESEAL__COUNT_CACHE_HIT = 0,
  ESEAL__COUNT_CACHE_MISS = 1,
  ESEAL__COUNT_FETCH = 2,
  ESEAL__COUNT_FETCH_FAILURE = 3
} eseal__counter;
#define ESEAL__COUNTERS 4

void eseal__ctx_count(const eseal_ctx *ctx, eseal__counter which);
uint64_t eseal__ctx_counter(const eseal_ctx *ctx, eseal__counter which);

#endif
