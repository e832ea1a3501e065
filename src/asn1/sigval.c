#include "sigval.h"

#include <string.h>

#include "eseal/errors.h"
#include "der.h"

/* Largest r or s magnitude accepted: P-521 needs 66 bytes. */
#define MAX_SCALAR 66

/*
 * Reads one INTEGER of a DER signature as an unsigned magnitude. Two vendor
 * deviations are flagged rather than refused: a high bit set without the sign
 * octet (*unsigned_integer), and exactly one superfluous leading zero octet
 * (*ber_integer: BER, not minimal DER). Two or more superfluous zeros are
 * refused: no known writer produces them, and each one is another encoding of
 * the same signature. The magnitude may not exceed MAX_SCALAR octets.
 */
static int read_scalar(eseal__der_iter *it, eseal__tlv *t, int *unsigned_integer,
                       int *ber_integer) {
  const char *why;
  if (eseal__der_iter_next(it, t, &why) != 0 || t->tag != DER_INTEGER || t->val_len == 0 ||
      t->val_len > MAX_SCALAR + 1)
    return -1;
  if (t->val_len > 1 && t->val[0] == 0x00 && !(t->val[1] & 0x80)) {
    if (t->val_len > 2 && t->val[1] == 0x00 && !(t->val[2] & 0x80))
      return -1; /* more than one superfluous zero */
    *ber_integer = 1;
  } else if (t->val[0] & 0x80) {
    if (t->val_len > MAX_SCALAR)
      return -1; /* no sign octet, so this is all magnitude */
    *unsigned_integer = 1;
  }
  return 0;
}

static int parse_der(const uint8_t *v, size_t len, eseal__tlv *r, eseal__tlv *s, int *unsig,
                     int *ber) {
  eseal__tlv seq;
  const char *why;
  eseal__der_iter it;
  if (eseal__der_read(&seq, v, len, &why) != 0 || seq.tag != DER_SEQUENCE || seq.tlv_len != len)
    return -1;
  eseal__der_iter_init(&it, seq.val, seq.val_len);
  if (read_scalar(&it, r, unsig, ber) || read_scalar(&it, s, unsig, ber) ||
      !eseal__der_iter_done(&it))
    return -1;
  return 0;
}

static void put_pair(eseal__dbuf *b, const uint8_t *r, size_t rlen, const uint8_t *s, size_t slen) {
  size_t mark = eseal__der_begin(b);
  eseal__der_put_unsigned(b, r, rlen);
  eseal__der_put_unsigned(b, s, slen);
  eseal__der_end(b, mark, DER_SEQUENCE);
}

static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i])
      return 0;
  return 1;
}

int eseal__sigval_normalise(const uint8_t *v, size_t len, eseal__sigval *out, const char **why) {
  eseal__tlv r, s;
  memset(out, 0, sizeof *out);
  if (parse_der(v, len, &r, &s, &out->unsigned_integer, &out->ber_integer) == 0) {
    out->encoding = ESEAL_SIGVAL_DER;
    if (out->unsigned_integer || out->ber_integer)
      put_pair(&out->der, r.val, r.val_len, s.val, s.val_len);
    else
      eseal__dbuf_append(&out->der, v, len);
  } else if (len == 64) {
    out->encoding = ESEAL_SIGVAL_RAW_RS;
    put_pair(&out->der, v, 32, v + 32, 32);
  } else if (len == 128 && all_zero(v, 32) && all_zero(v + 64, 32)) {
    out->encoding = ESEAL_SIGVAL_RAW_RS_PADDED;
    put_pair(&out->der, v + 32, 32, v + 96, 32);
  } else {
    *why = "signature value is neither DER SEQUENCE{r, s} nor 64-byte r||s";
    return -1;
  }
  if (out->der.failed) {
    eseal__dbuf_release(&out->der);
    return ESEAL_ENOMEM;
  }
  return 0;
}
