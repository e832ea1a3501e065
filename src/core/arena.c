#include "arena.h"

#include <string.h>

#include "alloc.h"

/* Each allocation is its own block: objects hold a few dozen fields, so a
 * bump allocator would save little and make the allocation-failure paths
 * harder to reach in tests. */
struct eseal__arena_block {
  eseal__arena_block *next;
  max_align_t data[];
};

void *eseal__arena_alloc(eseal__arena *a, size_t size) {
  if (size > (size_t)-1 - sizeof(eseal__arena_block))
    return NULL;
  eseal__arena_block *b = eseal__calloc(1, sizeof *b + (size ? size : 1));
  if (b == NULL)
    return NULL;
  b->next = a->head;
  a->head = b;
  return b->data;
}

void *eseal__arena_dup(eseal__arena *a, const void *data, size_t len) {
  if (len == (size_t)-1)
    return NULL;
  uint8_t *p = eseal__arena_alloc(a, len + 1);
  if (p && len)
    memcpy(p, data, len);
  return p;
}

char *eseal__arena_strdup(eseal__arena *a, const char *s) {
  return eseal__arena_dup(a, s, strlen(s));
}

void eseal__arena_release(eseal__arena *a) {
  eseal__arena_block *b = a->head;
  while (b) {
    eseal__arena_block *next = b->next;
    eseal__free(b);
    b = next;
  }
  a->head = NULL;
}
