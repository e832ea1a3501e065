/* The bounded map of src/context/memo.h: one mutex, one slot per key. */
#include "memo.h"

#include <pthread.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

typedef struct slot {
  uint8_t key[ESEAL__MEMO_KEY];
  void *value; /* NULL: empty */
} slot;

struct eseal__memo {
  const eseal__memo_type *type;
  pthread_mutex_t lock;
  slot *slots;
  size_t count;
  uint64_t hits, misses, entries;
};

int eseal__memo_new(eseal__memo **out, const eseal__memo_type *type, size_t slots) {
  eseal__memo *m = eseal__calloc(1, sizeof *m);
  if (m && (m->slots = eseal__calloc(slots, sizeof *m->slots)) != NULL &&
      pthread_mutex_init(&m->lock, NULL) == 0) {
    m->type = type;
    m->count = slots;
    *out = m;
    return 0;
  }
  if (m)
    eseal__free(m->slots);
  eseal__free(m);
  return eseal__error_oom();
}

void eseal__memo_clear(eseal__memo *m) {
  pthread_mutex_lock(&m->lock);
  for (size_t i = 0; i < m->count; i++)
    if (m->slots[i].value) {
      m->type->release(m->slots[i].value);
      m->slots[i].value = NULL;
    }
  m->entries = 0;
  pthread_mutex_unlock(&m->lock);
}

void eseal__memo_free(eseal__memo *m) {
  if (m == NULL)
    return;
  eseal__memo_clear(m);
  pthread_mutex_destroy(&m->lock);
  eseal__free(m->slots);
  eseal__free(m);
}

/* The key is a digest already: its first bytes spread keys evenly. */
static slot *slot_of(eseal__memo *m, const uint8_t key[ESEAL__MEMO_KEY]) {
  uint64_t h;
  memcpy(&h, key, sizeof h);
  return &m->slots[h % m->count];
}

int eseal__memo_get(eseal__memo *m, const uint8_t key[ESEAL__MEMO_KEY], const void *probe,
                    void *out) {
  pthread_mutex_lock(&m->lock);
  slot *s = slot_of(m, key);
  int found = s->value && memcmp(s->key, key, ESEAL__MEMO_KEY) == 0 &&
              (m->type->matches == NULL || m->type->matches(s->value, probe));
  int rc = found ? m->type->copy(s->value, out) : 0;
  if (found && rc == 0)
    m->hits++;
  else if (!found)
    m->misses++;
  pthread_mutex_unlock(&m->lock);
  return rc ? rc : found;
}

void eseal__memo_put(eseal__memo *m, const uint8_t key[ESEAL__MEMO_KEY], void *value) {
  pthread_mutex_lock(&m->lock);
  slot *s = slot_of(m, key);
  void *old = s->value;
  memcpy(s->key, key, ESEAL__MEMO_KEY);
  s->value = value;
  if (old == NULL)
    m->entries++;
  pthread_mutex_unlock(&m->lock);
  /* Released outside the lock: freeing a certificate may take OpenSSL's locks. */
  if (old)
    m->type->release(old);
}

void eseal__memo_stats(eseal__memo *m, uint64_t *hits, uint64_t *misses, uint64_t *entries) {
  pthread_mutex_lock(&m->lock);
  *hits = m->hits;
  *misses = m->misses;
  *entries = m->entries;
  pthread_mutex_unlock(&m->lock);
}
