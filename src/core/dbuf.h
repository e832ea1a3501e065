/* A growable byte buffer, used by the DER writer and the JSON renderer. */
#ifndef ESEAL_CORE_DBUF_H
#define ESEAL_CORE_DBUF_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/common.h"

typedef struct eseal__dbuf {
  uint8_t *ptr;
  size_t len;
  size_t cap;
  /* Sticky: once an allocation failed every later call is a no-op. */
  int failed;
} eseal__dbuf;

#define ESEAL__DBUF_INIT {NULL, 0, 0, 0}

void eseal__dbuf_append(eseal__dbuf *b, const void *data, size_t len);
void eseal__dbuf_append_byte(eseal__dbuf *b, uint8_t byte);
void eseal__dbuf_append_str(eseal__dbuf *b, const char *s);
/* Appends formatted text; a piece longer than 1023 bytes is cut. */
void eseal__dbuf_appendf(eseal__dbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Inserts `len` bytes at `offset` (<= b->len), moving what follows. */
void eseal__dbuf_insert(eseal__dbuf *b, size_t offset, const void *data, size_t len);
/* 0, or ESEAL_ENOMEM (error raised) when any call failed. */
int eseal__dbuf_status(const eseal__dbuf *b);
/* Moves the contents into `out` (NUL-terminated) and resets `b`; frees `b` on failure. */
int eseal__dbuf_finish(eseal__dbuf *b, eseal_buf *out);
void eseal__dbuf_release(eseal__dbuf *b);

#endif
