/* An arena: many small allocations freed together with the object that owns them. */
#ifndef ESEAL_CORE_ARENA_H
#define ESEAL_CORE_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct eseal__arena_block eseal__arena_block;

typedef struct eseal__arena {
  eseal__arena_block *head;
} eseal__arena;

/* Zeroed memory owned by the arena, or NULL (no error raised). */
void *eseal__arena_alloc(eseal__arena *a, size_t size);
/* A copy of `len` bytes followed by a NUL, or NULL. */
void *eseal__arena_dup(eseal__arena *a, const void *data, size_t len);
/* A NUL-terminated copy of `s`, or NULL. */
char *eseal__arena_strdup(eseal__arena *a, const char *s);
void eseal__arena_release(eseal__arena *a);

#endif
