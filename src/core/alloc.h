/* Allocation through the allocator installed with eseal_set_allocator(). */
#ifndef ESEAL_CORE_ALLOC_H
#define ESEAL_CORE_ALLOC_H

#include <stddef.h>

void *eseal__malloc(size_t size);
void *eseal__calloc(size_t count, size_t size);
/* Like realloc(); `old_size` is needed when the allocator has no realloc. */
void *eseal__realloc(void *ptr, size_t old_size, size_t new_size);
void eseal__free(void *ptr);
/* A copy of `s` (NULL on failure). */
char *eseal__strdup(const char *s);

#endif
