/*
 * The allocator every fuzz target runs under: the C library's, with a cap on
 * the bytes alive at once. A huge length field then ends in ESEAL_ENOMEM, a
 * clear error the target can check, instead of an out-of-memory abort of
 * the fuzzer. The cap is well above what the library's own limits allow
 * (ESEAL_MAX_INPUT_SIZE and friends), so reaching it is itself suspicious
 * only when the input is small; libFuzzer's -malloc_limit_mb catches that.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <eseal.h>
#include <eseal/sys/alloc.h>

#include "fuzz_common.h"

#define FUZZ_LIVE_BYTES_CAP ((size_t)256 * 1024 * 1024)

/* Each block carries its size in front, so that frees can be counted. */
typedef union {
  size_t size;
  max_align_t align;
} block_header;

static size_t live_bytes;

static int fits(size_t add) {
  return add <= FUZZ_LIVE_BYTES_CAP - sizeof(block_header) && live_bytes <= FUZZ_LIVE_BYTES_CAP - add;
}

static void *capped_malloc(size_t size, void *payload) {
  (void)payload;
  if (!fits(size))
    return NULL;
  block_header *h = malloc(sizeof *h + size);
  if (h == NULL)
    return NULL;
  h->size = size;
  live_bytes += size;
  return h + 1;
}

static void capped_free(void *ptr, void *payload) {
  (void)payload;
  if (ptr == NULL)
    return;
  block_header *h = (block_header *)ptr - 1;
  live_bytes -= h->size;
  free(h);
}

static void *capped_realloc(void *ptr, size_t size, void *payload) {
  if (ptr == NULL)
    return capped_malloc(size, payload);
  block_header *h = (block_header *)ptr - 1;
  size_t old = h->size;
  if (size > old && !fits(size - old))
    return NULL;
  block_header *moved = realloc(h, sizeof *h + size);
  if (moved == NULL)
    return NULL;
  moved->size = size;
  live_bytes = live_bytes - old + size;
  return moved + 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  eseal_allocator a = ESEAL_ALLOCATOR_INIT;
  a.malloc = capped_malloc;
  a.realloc = capped_realloc;
  a.free = capped_free;
  FUZZ_CHECK(eseal_set_allocator(&a) == 0);
  return 0;
}
