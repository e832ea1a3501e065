/*
 * libeseal — allocator hook, for embedding, fuzzing and allocation-failure tests.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_SYS_ALLOC_H
#define ESEAL_SYS_ALLOC_H

#include "../common.h"

ESEAL_BEGIN_DECL

#define ESEAL_ALLOCATOR_VERSION 1

/**
 * The functions the library allocates with. `realloc` may be NULL, in which
 * case the library uses malloc + copy + free. Each function receives `payload`.
 * `malloc` returning NULL makes the calling API function fail with ESEAL_ENOMEM.
 */
typedef struct eseal_allocator {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  void *(*malloc)(size_t size, void *payload);              /**< Required. */
  void *(*realloc)(void *ptr, size_t size, void *payload); /**< May be NULL. */
  void (*free)(void *ptr, void *payload);                  /**< Required; NULL is never passed. */
  void *payload;                                           /**< Handed to each function. */
} eseal_allocator;

#define ESEAL_ALLOCATOR_INIT {ESEAL_ALLOCATOR_VERSION, NULL, NULL, NULL, NULL}

/**
 * Installs `allocator` for the whole process, or restores the C library's
 * allocator when NULL. Call it before any other libeseal function, or when no
 * libeseal object is alive: memory is freed with the allocator current at the
 * time of the free. Not thread-safe.
 *
 * @return 0, ESEAL_EVERSION for an unknown version, ESEAL_EINVAL when
 *         malloc or free is missing.
 */
ESEAL_EXTERN(int) eseal_set_allocator(const eseal_allocator *allocator);

ESEAL_END_DECL

#endif
