/* Telling a seal from a signature: TBS_Sign opens with an INTEGER, SES_SealInfo with a SEQUENCE. */
#include "eseal/errors.h"
#include "../asn1/der.h"
#include "../core/error.h"
#include "model.h"

static eseal_kind guess_kind(const uint8_t *data, size_t len) {
  eseal__tlv top, first, inner;
  const char *why;
  if (eseal__der_read(&top, data, len, &why) != 0 || top.tag != DER_SEQUENCE ||
      eseal__der_read(&first, top.val, top.val_len, &why) != 0 || first.tag != DER_SEQUENCE ||
      eseal__der_read(&inner, first.val, first.val_len, &why) != 0)
    return ESEAL_KIND_UNKNOWN;
  if (inner.tag == DER_INTEGER)
    return ESEAL_KIND_SIGNATURE;
  if (inner.tag == DER_SEQUENCE)
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
  eseal_kind guess = guess_kind(data, len);
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
