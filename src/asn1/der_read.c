/* The strict DER reader. */
#include "der.h"

int eseal__der_read(eseal__tlv *out, const uint8_t *p, size_t avail, const char **why) {
  if (avail < 2) {
    *why = "truncated: no room for a tag and a length";
    return -1;
  }
  uint8_t tag = p[0];
  if ((tag & 0x1f) == 0x1f) {
    *why = "high tag numbers are not used by these formats";
    return -1;
  }
  size_t hdr = 2;
  size_t len = p[1];
  if (len == 0x80) {
    *why = "indefinite length (BER, not DER)";
    return -1;
  }
  if (len > 0x80) {
    size_t n = len & 0x7f;
    if (n > sizeof(size_t) || n > 4) {
      *why = "length field too long";
      return -1;
    }
    if (avail - 2 < n) {
      *why = "truncated length field";
      return -1;
    }
    if (p[2] == 0) {
      *why = "non-minimal length encoding (BER, not DER)";
      return -1;
    }
    len = 0;
    for (size_t i = 0; i < n; i++)
      len = (len << 8) | p[2 + i];
    if (len < 0x80) {
      *why = "non-minimal length encoding (BER, not DER)";
      return -1;
    }
    hdr += n;
  }
  if (len > avail - hdr) {
    *why = "length runs past the end of the data";
    return -1;
  }
  out->tag = tag;
  out->tlv = p;
  out->tlv_len = hdr + len;
  out->val = p + hdr;
  out->val_len = len;
  return 0;
}

void eseal__der_iter_init(eseal__der_iter *it, const uint8_t *contents, size_t len) {
  it->p = contents;
  it->len = len;
  it->pos = 0;
}

int eseal__der_iter_done(const eseal__der_iter *it) {
  return it->pos >= it->len;
}

int eseal__der_iter_peek(const eseal__der_iter *it, eseal__tlv *out, const char **why) {
  if (it->pos >= it->len) {
    *why = "missing element";
    return -1;
  }
  return eseal__der_read(out, it->p + it->pos, it->len - it->pos, why);
}

int eseal__der_iter_next(eseal__der_iter *it, eseal__tlv *out, const char **why) {
  if (eseal__der_iter_peek(it, out, why) != 0)
    return -1;
  it->pos += out->tlv_len;
  return 0;
}

int eseal__der_iter_optional(eseal__der_iter *it, uint8_t tag, eseal__tlv *out, const char **why) {
  if (eseal__der_iter_done(it))
    return 0;
  if (eseal__der_iter_peek(it, out, why) != 0)
    return -1;
  if (out->tag != tag)
    return 0;
  it->pos += out->tlv_len;
  return 1;
}

long eseal__der_count(const uint8_t *contents, size_t len, const char **why) {
  eseal__der_iter it;
  eseal__tlv tlv;
  long n = 0;
  eseal__der_iter_init(&it, contents, len);
  while (!eseal__der_iter_done(&it)) {
    if (eseal__der_iter_next(&it, &tlv, why) != 0)
      return -1;
    n++;
  }
  return n;
}

int eseal__der_int64(const uint8_t *val, size_t len, int64_t *out, const char **why) {
  if (len == 0) {
    *why = "empty INTEGER";
    return -1;
  }
  if (len > 1 && ((val[0] == 0x00 && !(val[1] & 0x80)) || (val[0] == 0xff && (val[1] & 0x80)))) {
    *why = "non-minimal INTEGER encoding";
    return -1;
  }
  if (len > 8) {
    *why = "INTEGER out of the 64-bit range";
    return -1;
  }
  uint64_t v = (val[0] & 0x80) ? UINT64_MAX : 0;
  for (size_t i = 0; i < len; i++)
    v = (v << 8) | val[i];
  *out = (int64_t)v;
  return 0;
}
