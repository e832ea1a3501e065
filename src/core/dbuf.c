#include "dbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "alloc.h"
#include "error.h"

static int reserve(eseal__dbuf *b, size_t extra) {
  if (b->failed)
    return 0;
  /* One spare byte for the terminating NUL of eseal__dbuf_finish(). */
  if (extra > (size_t)-1 - b->len - 1) {
    b->failed = 1;
    return 0;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return 1;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need)
    cap = cap > (size_t)-1 / 2 ? need : cap * 2;
  uint8_t *p = eseal__realloc(b->ptr, b->cap, cap);
  if (p == NULL) {
    b->failed = 1;
    return 0;
  }
  b->ptr = p;
  b->cap = cap;
  return 1;
}

void eseal__dbuf_append(eseal__dbuf *b, const void *data, size_t len) {
  if (len == 0 || !reserve(b, len))
    return;
  memcpy(b->ptr + b->len, data, len);
  b->len += len;
}

void eseal__dbuf_append_byte(eseal__dbuf *b, uint8_t byte) {
  eseal__dbuf_append(b, &byte, 1);
}

void eseal__dbuf_append_str(eseal__dbuf *b, const char *s) {
  eseal__dbuf_append(b, s, strlen(s));
}

void eseal__dbuf_insert(eseal__dbuf *b, size_t offset, const void *data, size_t len) {
  if (len == 0 || !reserve(b, len))
    return;
  memmove(b->ptr + offset + len, b->ptr + offset, b->len - offset);
  memcpy(b->ptr + offset, data, len);
  b->len += len;
}

int eseal__dbuf_status(const eseal__dbuf *b) {
  return b->failed ? eseal__error_oom() : 0;
}

int eseal__dbuf_finish(eseal__dbuf *b, eseal_buf *out) {
  if (!reserve(b, 0)) {
    eseal__dbuf_release(b);
    return eseal__error_oom();
  }
  b->ptr[b->len] = 0;
  out->ptr = b->ptr;
  out->size = b->len;
  *b = (eseal__dbuf)ESEAL__DBUF_INIT;
  return 0;
}

void eseal__dbuf_appendf(eseal__dbuf *b, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (n > 0)
    eseal__dbuf_append(b, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

void eseal__dbuf_release(eseal__dbuf *b) {
  eseal__free(b->ptr);
  *b = (eseal__dbuf)ESEAL__DBUF_INIT;
}

ESEAL_EXTERN(void) eseal_buf_dispose(eseal_buf *buf) {
  if (buf == NULL)
    return;
  eseal__free(buf->ptr);
  buf->ptr = NULL;
  buf->size = 0;
}

ESEAL_EXTERN(int) eseal_buf_set(eseal_buf *buf, const uint8_t *data, size_t len) {
  if (buf == NULL || (data == NULL && len > 0))
    return eseal__error_set(ESEAL_EINVAL, "eseal_buf_set: NULL buffer or data");
  eseal_buf_dispose(buf);
  uint8_t *copy = eseal__malloc(len + 1);
  if (copy == NULL)
    return eseal__error_oom();
  if (len)
    memcpy(copy, data, len);
  copy[len] = 0;
  buf->ptr = copy;
  buf->size = len;
  return 0;
}
