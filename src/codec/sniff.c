/* Telling a seal from a signature: TBS_Sign opens with an INTEGER, SES_SealInfo with a SEQUENCE. */
#include "eseal/errors.h"
#include "../asn1/der.h"
#include "../core/error.h"
#include "model.h"

/* Reads a tag and length and returns the contents, cut to what is there:
 * enough to name the kind of a truncated object. */
static int peek(const uint8_t *p, size_t avail, uint8_t *tag, const uint8_t **val, size_t *len) {
  const char *why;
  eseal__tlv t;
  if (avail >= 2 && p[1] > 0x80 && p[1] <= 0x84 && avail >= 2u + (p[1] & 0x7fu)) {
    /* Long form: measure the header, then give what follows it. */
    size_t hdr = 2u + (p[1] & 0x7fu);
    *tag = p[0];
    *val = p + hdr;
    *len = avail - hdr;
    return 0;
  }
  if (eseal__der_read(&t, p, avail, &why) == 0) {
    *tag = t.tag;
    *val = t.val;
    *len = t.val_len;
    return 0;
  }
  if (avail >= 2 && p[1] < 0x80) {
    *tag = p[0];
    *val = p + 2;
    *len = avail - 2;
    return 0;
  }
  return -1;
}

eseal_kind eseal__guess_kind(const uint8_t *data, size_t len) {
  uint8_t tag;
  const uint8_t *val;
  size_t n;
  if (peek(data, len, &tag, &val, &n) != 0 || tag != DER_SEQUENCE ||
      peek(val, n, &tag, &val, &n) != 0 || tag != DER_SEQUENCE || n == 0)
    return ESEAL_KIND_UNKNOWN;
  if (val[0] == DER_INTEGER)
    return ESEAL_KIND_SIGNATURE;
  if (val[0] == DER_SEQUENCE)
    return ESEAL_KIND_SEAL;
  return ESEAL_KIND_UNKNOWN;
}

ESEAL_EXTERN(int) eseal_sniff(eseal_kind *kind, eseal_format_version *format,
                              const uint8_t *data, size_t len) {
  if (kind == NULL || format == NULL || (data == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_sniff: NULL argument");
  *kind = ESEAL_KIND_UNKNOWN;
  *format = ESEAL_FORMAT_UNKNOWN;
  if (len > ESEAL_MAX_INPUT_SIZE)
    return eseal__error_set(ESEAL_ELIMIT, "input larger than the limit of %u bytes",
                            ESEAL_MAX_INPUT_SIZE);
  eseal_kind guess = eseal__guess_kind(data, len);
  int rc;
  if (guess == ESEAL_KIND_SIGNATURE) {
    eseal_signature *sig;
    if ((rc = eseal_signature_parse(&sig, data, len, NULL)) == 0) {
      *format = eseal_signature_format(sig);
      eseal_signature_free(sig);
    }
  } else if (guess == ESEAL_KIND_SEAL) {
    eseal_seal *seal;
    if ((rc = eseal_seal_parse(&seal, data, len, NULL)) == 0) {
      *format = eseal_seal_format(seal);
      eseal_seal_free(seal);
    }
  } else {
    return eseal__error_set(ESEAL_EFORMAT,
                            "neither a seal (SESeal) nor a signature (SES_Signature)");
  }
  *kind = guess;
  return rc;
}
