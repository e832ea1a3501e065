#include "fields.h"

#include <string.h>

static int fail(eseal__fields *f, const char *why) {
  f->why = why;
  return -1;
}

int eseal__fields_open(eseal__fields *f, const uint8_t *der, size_t len) {
  eseal__tlv seq;
  f->why = NULL;
  if (eseal__der_read(&seq, der, len, &f->why) != 0)
    return -1;
  if (seq.tag != DER_SEQUENCE)
    return fail(f, "not a SEQUENCE");
  if (seq.tlv_len != len)
    return fail(f, "bytes after the SEQUENCE");
  eseal__der_iter_init(&f->it, seq.val, seq.val_len);
  return 0;
}

int eseal__fields_element(eseal__fields *f, uint8_t tag, eseal__tlv *out) {
  if (eseal__der_iter_done(&f->it))
    return fail(f, "a field is missing");
  if (eseal__der_iter_next(&f->it, out, &f->why) != 0)
    return -1;
  return out->tag == tag ? 0 : fail(f, "a field has the wrong type");
}

int eseal__fields_int64(eseal__fields *f, int64_t *out) {
  eseal__tlv t;
  if (eseal__fields_element(f, DER_INTEGER, &t) != 0)
    return -1;
  return eseal__der_int64(t.val, t.val_len, out, &f->why);
}

int eseal__fields_text(eseal__fields *f, char *out, size_t cap) {
  eseal__tlv t;
  if (eseal__fields_element(f, DER_UTF8_STRING, &t) != 0)
    return -1;
  if (t.val_len >= cap)
    return fail(f, "a text field is too long");
  if (memchr(t.val, 0, t.val_len))
    return fail(f, "a text field holds a NUL byte");
  memcpy(out, t.val, t.val_len);
  out[t.val_len] = 0;
  return 0;
}

int eseal__fields_hash(eseal__fields *f, uint8_t *out, size_t len, int optional, int *present) {
  eseal__tlv t;
  if (eseal__fields_element(f, DER_OCTET_STRING, &t) != 0)
    return -1;
  if (optional && t.val_len == 0) {
    *present = 0;
    return 0;
  }
  if (t.val_len != len)
    return fail(f, "a hash has the wrong length");
  memcpy(out, t.val, len);
  if (present)
    *present = 1;
  return 0;
}

int eseal__fields_close(eseal__fields *f) {
  return eseal__der_iter_done(&f->it) ? 0 : fail(f, "unexpected fields at the end");
}
