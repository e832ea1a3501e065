/* The memory backend's sorted map (memory_map.h). */
#include "memory_map.h"

#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

/* One journaled change: the entry as it was before (absent when !had). */
struct eseal__mmap_undo {
  eseal__mmap_entry before;
  int had;
  eseal__mmap_undo *next;
};

static int key_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  size_t n = alen < blen ? alen : blen;
  int c = n ? memcmp(a, b, n) : 0;
  if (c != 0)
    return c;
  return alen < blen ? -1 : alen > blen;
}

size_t eseal__mmap_lower_bound(const eseal__mmap *m, const uint8_t *key, size_t key_len) {
  size_t lo = 0, hi = m->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (key_cmp(m->entries[mid].key, m->entries[mid].key_len, key, key_len) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

const eseal__mmap_entry *eseal__mmap_find(const eseal__mmap *m, const uint8_t *key,
                                          size_t key_len) {
  size_t i = eseal__mmap_lower_bound(m, key, key_len);
  if (i < m->count && key_cmp(m->entries[i].key, m->entries[i].key_len, key, key_len) == 0)
    return &m->entries[i];
  return NULL;
}

/* A copy of len bytes (a 1-byte allocation for 0, so that NULL means failure). */
static uint8_t *dup_bytes(const uint8_t *p, size_t len) {
  uint8_t *copy = eseal__malloc(len ? len : 1);
  if (copy != NULL && len)
    memcpy(copy, p, len);
  return copy;
}

static void entry_free(eseal__mmap_entry *e) {
  eseal__free(e->key);
  eseal__free(e->value);
}

/* Journals the state of `key` before a change (the entry is copied). */
static int journal(eseal__mmap *m, const uint8_t *key, size_t key_len) {
  if (!m->journaling)
    return 0;
  eseal__mmap_undo *u = eseal__calloc(1, sizeof *u);
  if (u == NULL)
    return eseal__error_oom();
  const eseal__mmap_entry *old = eseal__mmap_find(m, key, key_len);
  u->before.key = dup_bytes(key, key_len);
  u->before.key_len = key_len;
  if (old != NULL) {
    u->had = 1;
    u->before.value = dup_bytes(old->value, old->value_len);
    u->before.value_len = old->value_len;
  }
  if (u->before.key == NULL || (old != NULL && u->before.value == NULL)) {
    entry_free(&u->before);
    eseal__free(u);
    return eseal__error_oom();
  }
  u->next = m->undo;
  m->undo = u;
  return 0;
}

/* Puts without journaling; takes ownership of nothing. */
static int raw_put(eseal__mmap *m, const uint8_t *key, size_t key_len, const uint8_t *value,
                   size_t value_len) {
  uint8_t *v = dup_bytes(value, value_len);
  if (v == NULL)
    return eseal__error_oom();
  size_t i = eseal__mmap_lower_bound(m, key, key_len);
  if (i < m->count && key_cmp(m->entries[i].key, m->entries[i].key_len, key, key_len) == 0) {
    eseal__free(m->entries[i].value);
    m->entries[i].value = v;
    m->entries[i].value_len = value_len;
    return 0;
  }
  uint8_t *k = dup_bytes(key, key_len);
  if (k == NULL) {
    eseal__free(v);
    return eseal__error_oom();
  }
  if (m->count == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    eseal__mmap_entry *grown = eseal__realloc(m->entries, m->cap * sizeof *grown,
                                              cap * sizeof *grown);
    if (grown == NULL) {
      eseal__free(k);
      eseal__free(v);
      return eseal__error_oom();
    }
    m->entries = grown;
    m->cap = cap;
  }
  memmove(&m->entries[i + 1], &m->entries[i], (m->count - i) * sizeof *m->entries);
  m->entries[i] = (eseal__mmap_entry){k, key_len, v, value_len};
  m->count++;
  return 0;
}

static int raw_delete(eseal__mmap *m, const uint8_t *key, size_t key_len) {
  size_t i = eseal__mmap_lower_bound(m, key, key_len);
  if (i == m->count || key_cmp(m->entries[i].key, m->entries[i].key_len, key, key_len) != 0)
    return ESEAL_ENOTFOUND;
  entry_free(&m->entries[i]);
  memmove(&m->entries[i], &m->entries[i + 1], (m->count - i - 1) * sizeof *m->entries);
  m->count--;
  return 0;
}

int eseal__mmap_put(eseal__mmap *m, const uint8_t *key, size_t key_len, const uint8_t *value,
                    size_t value_len) {
  int rc = journal(m, key, key_len);
  if (rc != 0)
    return rc;
  rc = raw_put(m, key, key_len, value, value_len);
  if (rc != 0 && m->journaling) { /* the change did not happen: drop its journal entry */
    eseal__mmap_undo *u = m->undo;
    m->undo = u->next;
    entry_free(&u->before);
    eseal__free(u);
  }
  return rc;
}

int eseal__mmap_delete(eseal__mmap *m, const uint8_t *key, size_t key_len) {
  if (eseal__mmap_find(m, key, key_len) == NULL)
    return ESEAL_ENOTFOUND;
  int rc = journal(m, key, key_len);
  return rc != 0 ? rc : raw_delete(m, key, key_len);
}

void eseal__mmap_mark(eseal__mmap *m) {
  eseal__mmap_forget(m);
  m->journaling = 1;
}

void eseal__mmap_forget(eseal__mmap *m) {
  while (m->undo != NULL) {
    eseal__mmap_undo *u = m->undo;
    m->undo = u->next;
    entry_free(&u->before);
    eseal__free(u);
  }
  m->journaling = 0;
}

/*
 * Undo cannot fail: changes are undone newest first, so when a delete is
 * undone the map is as it was right after that delete, one entry short of a
 * size the array already held (capacity never shrinks), and the journal
 * entry's own buffers move back into the map.
 */
void eseal__mmap_undo_all(eseal__mmap *m) {
  while (m->undo != NULL) {
    eseal__mmap_undo *u = m->undo;
    m->undo = u->next;
    size_t i = eseal__mmap_lower_bound(m, u->before.key, u->before.key_len);
    int present = i < m->count &&
                  key_cmp(m->entries[i].key, m->entries[i].key_len, u->before.key,
                          u->before.key_len) == 0;
    if (!u->had) {
      if (present)
        raw_delete(m, u->before.key, u->before.key_len);
      entry_free(&u->before);
    } else if (present) {
      eseal__free(m->entries[i].value);
      m->entries[i].value = u->before.value;
      m->entries[i].value_len = u->before.value_len;
      eseal__free(u->before.key);
    } else {
      memmove(&m->entries[i + 1], &m->entries[i], (m->count - i) * sizeof *m->entries);
      m->entries[i] = u->before;
      m->count++;
    }
    eseal__free(u);
  }
  m->journaling = 0;
}

void eseal__mmap_free(eseal__mmap *m) {
  eseal__mmap_forget(m);
  for (size_t i = 0; i < m->count; i++)
    entry_free(&m->entries[i]);
  eseal__free(m->entries);
  m->entries = NULL;
  m->count = m->cap = 0;
}
