/*
 * A sorted map of byte keys to byte values with an undo journal, for the
 * memory backend. Keys compare as memcmp, a shorter key before its
 * extensions. Not thread-safe: the memory backend locks around it.
 */
#ifndef ESEAL_STORAGE_MEMORY_MAP_H
#define ESEAL_STORAGE_MEMORY_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct eseal__mmap_entry {
  uint8_t *key;
  size_t key_len;
  uint8_t *value;
  size_t value_len;
} eseal__mmap_entry;

typedef struct eseal__mmap_undo eseal__mmap_undo;

typedef struct eseal__mmap {
  eseal__mmap_entry *entries;
  size_t count;
  size_t cap;
  /* Changes since eseal__mmap_mark(), newest first, while journaling. */
  eseal__mmap_undo *undo;
  int journaling;
} eseal__mmap;

/* The index of the first entry whose key is >= key. */
size_t eseal__mmap_lower_bound(const eseal__mmap *m, const uint8_t *key, size_t key_len);

/* The entry stored under `key`, or NULL. */
const eseal__mmap_entry *eseal__mmap_find(const eseal__mmap *m, const uint8_t *key,
                                          size_t key_len);

/* Stores a copy of `value` under `key`. 0 or ESEAL_ENOMEM (the map unchanged). */
int eseal__mmap_put(eseal__mmap *m, const uint8_t *key, size_t key_len, const uint8_t *value,
                    size_t value_len);

/* Removes `key`. 0, ESEAL_ENOTFOUND or ESEAL_ENOMEM (the map unchanged). */
int eseal__mmap_delete(eseal__mmap *m, const uint8_t *key, size_t key_len);

/* Starts journaling: later changes can be undone by eseal__mmap_undo_all(). */
void eseal__mmap_mark(eseal__mmap *m);

/* Keeps the changes since the mark and stops journaling. */
void eseal__mmap_forget(eseal__mmap *m);

/* Undoes every change since the mark and stops journaling. */
void eseal__mmap_undo_all(eseal__mmap *m);

void eseal__mmap_free(eseal__mmap *m);

#endif
