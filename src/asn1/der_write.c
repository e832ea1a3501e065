/* The canonical DER writer. Constructed values are written contents first;
 * their header is inserted in front when the contents are complete. */
#include "der.h"

size_t eseal__der_length_octets(size_t len, uint8_t out[9]) {
  if (len < 0x80) {
    out[0] = (uint8_t)len;
    return 1;
  }
  size_t n = 0;
  for (size_t v = len; v; v >>= 8)
    n++;
  out[0] = (uint8_t)(0x80 | n);
  for (size_t i = 0; i < n; i++)
    out[1 + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
  return 1 + n;
}

size_t eseal__der_begin(const eseal__dbuf *b) {
  return b->len;
}

void eseal__der_end(eseal__dbuf *b, size_t mark, uint8_t tag) {
  if (b->failed)
    return;
  uint8_t hdr[10];
  hdr[0] = tag;
  size_t n = 1 + eseal__der_length_octets(b->len - mark, hdr + 1);
  eseal__dbuf_insert(b, mark, hdr, n);
}

void eseal__der_put(eseal__dbuf *b, uint8_t tag, const void *val, size_t len) {
  uint8_t hdr[10];
  hdr[0] = tag;
  size_t n = 1 + eseal__der_length_octets(len, hdr + 1);
  eseal__dbuf_append(b, hdr, n);
  eseal__dbuf_append(b, val, len);
}

void eseal__der_put_int64(eseal__dbuf *b, int64_t v) {
  uint8_t bytes[8];
  for (int i = 0; i < 8; i++)
    bytes[i] = (uint8_t)((uint64_t)v >> (8 * (7 - i)));
  size_t start = 0;
  /* Drop leading octets that only repeat the sign. */
  while (start < 7 && ((bytes[start] == 0x00 && !(bytes[start + 1] & 0x80)) ||
                       (bytes[start] == 0xff && (bytes[start + 1] & 0x80))))
    start++;
  eseal__der_put(b, DER_INTEGER, bytes + start, 8 - start);
}

void eseal__der_put_unsigned(eseal__dbuf *b, const uint8_t *mag, size_t len) {
  while (len > 1 && mag[0] == 0) {
    mag++;
    len--;
  }
  uint8_t hdr[11];
  hdr[0] = DER_INTEGER;
  int pad = len == 0 || (mag[0] & 0x80);
  size_t n = 1 + eseal__der_length_octets(len + (size_t)pad, hdr + 1);
  if (pad)
    hdr[n++] = 0;
  eseal__dbuf_append(b, hdr, n);
  eseal__dbuf_append(b, mag, len);
}

void eseal__der_put_bool(eseal__dbuf *b, int value) {
  uint8_t v = value ? 0xff : 0x00;
  eseal__der_put(b, DER_BOOLEAN, &v, 1);
}

void eseal__der_put_bit_string(eseal__dbuf *b, const void *val, size_t len) {
  size_t mark = eseal__der_begin(b);
  eseal__dbuf_append_byte(b, 0);
  eseal__dbuf_append(b, val, len);
  eseal__der_end(b, mark, DER_BIT_STRING);
}
