/* Canonical DER for SES_Signature. The embedded seal keeps its original bytes: it is signed. */
#include <string.h>

#include "eseal/errors.h"
#include "../asn1/der.h"
#include "../asn1/timefmt.h"
#include "../core/error.h"
#include "encode.h"
#include "model.h"

int eseal__signature_encode_tbs(eseal__dbuf *b, const eseal_signature *sig) {
  const eseal_seal *seal = sig->seal;
  if (seal == NULL || seal->bytes.ptr == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the signature has no encoded seal");
  int v1 = sig->format == ESEAL_FORMAT_V1;
  const char *prop = sig->property_info ? sig->property_info : "";
  int rc = 0;
  size_t tbs = eseal__der_begin(b);
  eseal__der_put_int64(b, sig->tbs_version);
  eseal__dbuf_append(b, seal->bytes.ptr, seal->bytes.len);
  if (v1) {
    eseal__der_put_bit_string(b, sig->time_raw.ptr, sig->time_raw.len);
  } else {
    char text[16];
    if (!sig->has_time || eseal__time_format_generalized(sig->time_utc, text) != 0)
      return eseal__error_set(ESEAL_EINVAL, "signing time missing or outside the years 0..9999");
    eseal__der_put(b, DER_GENERALIZED_TIME, text, 15);
  }
  eseal__der_put_bit_string(b, sig->data_hash.ptr, sig->data_hash.len);
  eseal__der_put(b, DER_IA5_STRING, prop, strlen(prop));
  if (v1) {
    eseal__der_put(b, DER_OCTET_STRING, sig->signer_cert.ptr, sig->signer_cert.len);
    rc = eseal__put_oid(b, sig->algorithm);
  } else if (sig->extensions) {
    size_t tag = eseal__der_begin(b);
    rc = eseal__put_extensions(b, sig->extensions);
    eseal__der_end(b, tag, DER_CONTEXT | DER_CONSTRUCTED);
  }
  eseal__der_end(b, tbs, DER_SEQUENCE);
  return rc ? rc : eseal__dbuf_status(b);
}

ESEAL_EXTERN(int) eseal_signature_encode(eseal_buf *out, const eseal_signature *sig) {
  if (out == NULL || sig == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_signature_encode: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  size_t top = eseal__der_begin(&b);
  int rc = eseal__signature_encode_tbs(&b, sig);
  if (!rc && sig->format != ESEAL_FORMAT_V1) {
    eseal__der_put(&b, DER_OCTET_STRING, sig->signer_cert.ptr, sig->signer_cert.len);
    rc = eseal__put_oid(&b, sig->algorithm);
  }
  if (!rc) {
    eseal__der_put_bit_string(&b, sig->sigval_der.ptr, sig->sigval_der.len);
    if (sig->format != ESEAL_FORMAT_V1)
      eseal__put_timestamp(&b, &sig->timestamp);
  }
  eseal__der_end(&b, top, DER_SEQUENCE);
  return eseal__encode_finish(&b, rc, out);
}
