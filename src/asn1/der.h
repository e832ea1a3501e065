/* A strict DER reader and a canonical DER writer. */
#ifndef ESEAL_ASN1_DER_H
#define ESEAL_ASN1_DER_H

#include <stddef.h>
#include <stdint.h>

#include "../core/dbuf.h"

enum {
  DER_BOOLEAN = 0x01,
  DER_INTEGER = 0x02,
  DER_BIT_STRING = 0x03,
  DER_OCTET_STRING = 0x04,
  DER_OID = 0x06,
  DER_UTF8_STRING = 0x0c,
  DER_PRINTABLE_STRING = 0x13,
  DER_IA5_STRING = 0x16,
  DER_UTC_TIME = 0x17,
  DER_GENERALIZED_TIME = 0x18,
  DER_SEQUENCE = 0x30,
  DER_CONSTRUCTED = 0x20,
  DER_CONTEXT = 0x80,
};

/* One TLV inside a buffer: `tlv` spans the whole element, `val` its contents. */
typedef struct eseal__tlv {
  uint8_t tag;
  const uint8_t *tlv;
  size_t tlv_len;
  const uint8_t *val;
  size_t val_len;
} eseal__tlv;

/*
 * Reads the TLV at p[0..avail). Refuses what DER forbids: indefinite or
 * non-minimal lengths, high tag numbers, lengths past `avail`.
 * Returns 0, or -1 with a static reason in *why.
 */
int eseal__der_read(eseal__tlv *out, const uint8_t *p, size_t avail, const char **why);

/* Walks the elements of a constructed value's contents. */
typedef struct eseal__der_iter {
  const uint8_t *p;
  size_t len;
  size_t pos;
} eseal__der_iter;

void eseal__der_iter_init(eseal__der_iter *it, const uint8_t *contents, size_t len);
int eseal__der_iter_done(const eseal__der_iter *it);
/* Reads the next element without consuming it; -1 with *why on malformed bytes. */
int eseal__der_iter_peek(const eseal__der_iter *it, eseal__tlv *out, const char **why);
/* Reads and consumes the next element. */
int eseal__der_iter_next(eseal__der_iter *it, eseal__tlv *out, const char **why);
/* The next element when it carries `tag`: 1 read and consumed, 0 absent (another
 * tag, or the end), -1 with *why on malformed bytes. */
int eseal__der_iter_optional(eseal__der_iter *it, uint8_t tag, eseal__tlv *out, const char **why);
/* Counts the elements of `contents`; -1 with *why when one is malformed. */
long eseal__der_count(const uint8_t *contents, size_t len, const char **why);

/* Writer. Constructed values: mark = begin(); write contents; end(mark, tag). */
size_t eseal__der_begin(const eseal__dbuf *b);
void eseal__der_end(eseal__dbuf *b, size_t mark, uint8_t tag);
void eseal__der_put(eseal__dbuf *b, uint8_t tag, const void *val, size_t len);
void eseal__der_put_int64(eseal__dbuf *b, int64_t v);
/* An INTEGER holding the unsigned big-endian magnitude `mag`. */
void eseal__der_put_unsigned(eseal__dbuf *b, const uint8_t *mag, size_t len);
void eseal__der_put_bool(eseal__dbuf *b, int value);
/* A BIT STRING with no unused bits. */
void eseal__der_put_bit_string(eseal__dbuf *b, const void *val, size_t len);
/* Length octets of `len`, in DER; returns how many were written to out. */
size_t eseal__der_length_octets(size_t len, uint8_t out[9]);

/* Decodes an INTEGER's contents into an int64; -1 with *why when not minimal or too large. */
int eseal__der_int64(const uint8_t *val, size_t len, int64_t *out, const char **why);

#endif
