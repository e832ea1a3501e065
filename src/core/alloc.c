/* The process-wide allocator hook. */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/sys/alloc.h"
#include "error.h"

static void *default_malloc(size_t size, void *payload) {
  (void)payload;
  return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *payload) {
  (void)payload;
  return realloc(ptr, size);
}

static void default_free(void *ptr, void *payload) {
  (void)payload;
  free(ptr);
}

static eseal_allocator current = {ESEAL_ALLOCATOR_VERSION, default_malloc, default_realloc,
                                  default_free, NULL};

ESEAL_EXTERN(int) eseal_set_allocator(const eseal_allocator *allocator) {
  if (allocator == NULL) {
    current = (eseal_allocator){ESEAL_ALLOCATOR_VERSION, default_malloc, default_realloc,
                                default_free, NULL};
    return 0;
  }
  if (allocator->version == 0 || allocator->version > ESEAL_ALLOCATOR_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_allocator: unknown version %u",
                            allocator->version);
  if (allocator->malloc == NULL || allocator->free == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_allocator: malloc and free are required");
  current = *allocator;
  return 0;
}

void *eseal__malloc(size_t size) {
  return current.malloc(size ? size : 1, current.payload);
}

void *eseal__calloc(size_t count, size_t size) {
  if (size != 0 && count > (size_t)-1 / size)
    return NULL;
  size_t total = count * size;
  void *p = eseal__malloc(total);
  if (p && total)
    memset(p, 0, total);
  return p;
}

void *eseal__realloc(void *ptr, size_t old_size, size_t new_size) {
  if (new_size == 0)
    new_size = 1;
  if (current.realloc)
    return current.realloc(ptr, new_size, current.payload);
  void *p = current.malloc(new_size, current.payload);
  if (p && ptr) {
    memcpy(p, ptr, old_size < new_size ? old_size : new_size);
    current.free(ptr, current.payload);
  }
  return p;
}

void eseal__free(void *ptr) {
  if (ptr)
    current.free(ptr, current.payload);
}

char *eseal__strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = eseal__malloc(n);
  if (copy)
    memcpy(copy, s, n);
  return copy;
}
