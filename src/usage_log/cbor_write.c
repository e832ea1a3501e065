/* Canonical CBOR writing over libcbor's minimal-width encoders (cbor_write.h). */
#include "cbor_write.h"

#include <string.h>

#include <cbor.h>

static void put_head(eseal__dbuf *b, size_t (*enc)(size_t, unsigned char *, size_t), size_t n) {
  unsigned char h[9];
  eseal__dbuf_append(b, h, enc(n, h, sizeof h));
}

void eseal__cbor_put_bytes_head(eseal__dbuf *b, size_t n) {
  put_head(b, cbor_encode_bytestring_start, n);
}

void eseal__cbor_put_text_head(eseal__dbuf *b, size_t n) {
  put_head(b, cbor_encode_string_start, n);
}

void eseal__cbor_put_array_head(eseal__dbuf *b, size_t n) {
  put_head(b, cbor_encode_array_start, n);
}

void eseal__cbor_put_map_head(eseal__dbuf *b, size_t n) {
  put_head(b, cbor_encode_map_start, n);
}

void eseal__cbor_put_uint(eseal__dbuf *b, uint64_t v) {
  unsigned char h[9];
  eseal__dbuf_append(b, h, cbor_encode_uint(v, h, sizeof h));
}

void eseal__cbor_put_int(eseal__dbuf *b, int64_t v) {
  unsigned char h[9];
  if (v >= 0)
    eseal__dbuf_append(b, h, cbor_encode_uint((uint64_t)v, h, sizeof h));
  else
    eseal__dbuf_append(b, h, cbor_encode_negint((uint64_t)(-(v + 1)), h, sizeof h));
}

void eseal__cbor_put_bytes(eseal__dbuf *b, const uint8_t *p, size_t n) {
  eseal__cbor_put_bytes_head(b, n);
  eseal__dbuf_append(b, p, n);
}

void eseal__cbor_put_text(eseal__dbuf *b, const char *s) {
  size_t n = strlen(s);
  eseal__cbor_put_text_head(b, n);
  eseal__dbuf_append(b, s, n);
}
