/* Reading the DER fields of registry records and unfreeze orders, one after another. */
#ifndef ESEAL_REGISTRY_FIELDS_H
#define ESEAL_REGISTRY_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "../asn1/der.h"

/*
 * A cursor over the elements of a SEQUENCE. Each reader takes the next
 * element, which must carry the expected tag, and returns 0; or -1 with a
 * static reason in *why (wrong tag, malformed, value out of range).
 */
typedef struct eseal__fields {
  eseal__der_iter it;
  const char *why;
} eseal__fields;

/* Starts on the contents of the single SEQUENCE that must span all of `der`. */
int eseal__fields_open(eseal__fields *f, const uint8_t *der, size_t len);
int eseal__fields_element(eseal__fields *f, uint8_t tag, eseal__tlv *out);
int eseal__fields_int64(eseal__fields *f, int64_t *out);
/* UTF8String without NUL bytes, copied NUL-terminated into out[cap]. */
int eseal__fields_text(eseal__fields *f, char *out, size_t cap);
/* OCTET STRING of exactly `len` bytes, or of 0 or `len` bytes when `optional` (*present says which). */
int eseal__fields_hash(eseal__fields *f, uint8_t *out, size_t len, int optional, int *present);
/* 0 when every element was read. */
int eseal__fields_close(eseal__fields *f);

#endif
