/*
 * A bounded, thread-safe map from 32-byte keys (SHA-256 of what the value
 * was computed from, or of enough of it to spread keys, the rest compared)
 * to values, for the context's caches of parsed
 * certificates, built chains and seal signature checks. Direct-mapped: a key
 * has one slot, and a new value there replaces the old one, so the size is
 * fixed and no lookup ever scans. What a value is, how it is copied out to a
 * caller and released, is the caller's (src/context/caches.c).
 */
#ifndef ESEAL_CONTEXT_MEMO_H
#define ESEAL_CONTEXT_MEMO_H

#include <stddef.h>
#include <stdint.h>

#define ESEAL__MEMO_KEY 32

typedef struct eseal__memo_type {
  /* Copies the stored `value` into the caller's `out`, under the map's lock. 0 or ESEAL_ENOMEM. */
  int (*copy)(const void *value, void *out);
  /* Releases a stored value. */
  void (*release)(void *value);
  /*
   * Optional, for keys made from part of what they stand for: whether the
   * value held under the key is the one `probe` asks for (compared under the
   * map's lock). NULL: the key alone says so.
   */
  int (*matches)(const void *value, const void *probe);
} eseal__memo_type;

typedef struct eseal__memo eseal__memo;

/* A map of `slots` slots. 0 or ESEAL_ENOMEM. */
int eseal__memo_new(eseal__memo **out, const eseal__memo_type *type, size_t slots);
void eseal__memo_free(eseal__memo *m);

/*
 * 1 when `key` is held and its value matches `probe` (see the type; `probe`
 * is NULL for a type without `matches`), the value copied into `out`; 0 when
 * not, or ESEAL_ENOMEM. Counted.
 */
int eseal__memo_get(eseal__memo *m, const uint8_t key[ESEAL__MEMO_KEY], const void *probe,
                    void *out);

/* Stores `value` under `key`, taking it over (the slot's old value is released). */
void eseal__memo_put(eseal__memo *m, const uint8_t key[ESEAL__MEMO_KEY], void *value);

/* Releases every value (the counters stay). */
void eseal__memo_clear(eseal__memo *m);

void eseal__memo_stats(eseal__memo *m, uint64_t *hits, uint64_t *misses, uint64_t *entries);

#endif
