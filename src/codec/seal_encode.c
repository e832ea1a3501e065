/* Canonical DER for SESeal: V1 and V4/V5, [0] EXPLICIT optional fields, DER signature values. */
#include <string.h>

#include "eseal/errors.h"
#include "../asn1/der.h"
#include "../asn1/timefmt.h"
#include "../core/error.h"
#include "encode.h"
#include "model.h"

static void put_text(eseal__dbuf *b, uint8_t tag, const char *s) {
  eseal__der_put(b, tag, s ? s : "", s ? strlen(s) : 0);
}

static int put_date(eseal__dbuf *b, eseal_format_version format, const eseal__date *d) {
  char text[16];
  if (format == ESEAL_FORMAT_V1) {
    if (eseal__time_format_utc(d->utc, text) != 0)
      return eseal__error_set(ESEAL_EINVAL, "a V1 date must lie in 1950..2049 (UTCTime)");
    eseal__der_put(b, DER_UTC_TIME, text, 13);
  } else {
    if (eseal__time_format_generalized(d->utc, text) != 0)
      return eseal__error_set(ESEAL_EINVAL, "date outside the years 0..9999");
    eseal__der_put(b, DER_GENERALIZED_TIME, text, 15);
  }
  return 0;
}

static int put_cert_list(eseal__dbuf *b, const eseal_seal *seal) {
  size_t list = eseal__der_begin(b);
  for (size_t i = 0; i < seal->cert_count; i++) {
    const eseal__cert_entry *c = &seal->certs[i];
    switch (seal->cert_list_type) {
    case ESEAL_CERT_LIST_CERTS:
      eseal__der_put(b, DER_OCTET_STRING, c->data.ptr, c->data.len);
      break;
    case ESEAL_CERT_LIST_DIGESTS: {
      size_t obj = eseal__der_begin(b);
      put_text(b, DER_PRINTABLE_STRING, c->digest_type);
      eseal__der_put(b, DER_OCTET_STRING, c->data.ptr, c->data.len);
      eseal__der_end(b, obj, DER_SEQUENCE);
      break;
    }
    case ESEAL_CERT_LIST_IDS:
      eseal__der_put(b, DER_IA5_STRING, c->data.ptr, c->data.len);
      break;
    }
  }
  eseal__der_end(b, list, DER_SEQUENCE);
  return 0;
}

static int put_property(eseal__dbuf *b, const eseal_seal *seal) {
  int v1 = seal->format == ESEAL_FORMAT_V1;
  if (!v1 && seal->cert_list_type == ESEAL_CERT_LIST_IDS)
    return eseal__error_set(ESEAL_EINVAL, "certificate IDs exist only in V1 seals");
  if (v1 && seal->cert_list_type == ESEAL_CERT_LIST_DIGESTS)
    return eseal__error_set(ESEAL_EINVAL, "certificate digests exist only in V4/V5 seals");
  size_t mark = eseal__der_begin(b);
  eseal__der_put_int64(b, seal->type);
  put_text(b, DER_UTF8_STRING, seal->name);
  if (!v1)
    eseal__der_put_int64(b, seal->cert_list_type);
  int rc = put_cert_list(b, seal);
  for (int i = 0; !rc && i < 3; i++)
    rc = put_date(b, seal->format, &seal->dates[i]);
  eseal__der_end(b, mark, DER_SEQUENCE);
  return rc;
}

int eseal__seal_encode_info(eseal__dbuf *b, const eseal_seal *seal) {
  if (seal->format != ESEAL_FORMAT_V1 && seal->format != ESEAL_FORMAT_V4 &&
      seal->format != ESEAL_FORMAT_V5)
    return eseal__error_set(ESEAL_EINVAL, "seal format not set");
  size_t info = eseal__der_begin(b);
  size_t header = eseal__der_begin(b);
  put_text(b, DER_IA5_STRING, seal->header_id);
  eseal__der_put_int64(b, seal->header_version);
  put_text(b, DER_IA5_STRING, seal->vendor_id);
  eseal__der_end(b, header, DER_SEQUENCE);
  put_text(b, DER_IA5_STRING, seal->esid);
  int rc = put_property(b, seal);
  if (rc)
    return rc;
  size_t picture = eseal__der_begin(b);
  put_text(b, DER_IA5_STRING, seal->picture_type);
  eseal__der_put(b, DER_OCTET_STRING, seal->picture.ptr, seal->picture.len);
  eseal__der_put_int64(b, seal->picture_width);
  eseal__der_put_int64(b, seal->picture_height);
  eseal__der_end(b, picture, DER_SEQUENCE);
  if (seal->extensions && (rc = eseal__put_extensions(b, seal->extensions)))
    return rc;
  eseal__der_end(b, info, DER_SEQUENCE);
  return eseal__dbuf_status(b);
}

/* V1 SES_SignInfo's first two fields, which are also the tail of the V1 signed range. */
static int put_maker_cert_and_alg(eseal__dbuf *b, const eseal_seal *seal) {
  eseal__der_put(b, DER_OCTET_STRING, seal->maker_cert.ptr, seal->maker_cert.len);
  return eseal__put_oid(b, seal->algorithm);
}

int eseal__seal_encode_signed_range(eseal_buf *out, const eseal_seal *seal) {
  eseal__dbuf b = ESEAL__DBUF_INIT;
  int rc;
  if (seal->format == ESEAL_FORMAT_V1) {
    size_t mark = eseal__der_begin(&b);
    if (!(rc = eseal__seal_encode_info(&b, seal)))
      rc = put_maker_cert_and_alg(&b, seal);
    eseal__der_end(&b, mark, DER_SEQUENCE);
  } else {
    rc = eseal__seal_encode_info(&b, seal);
  }
  return eseal__encode_finish(&b, rc, out);
}

ESEAL_EXTERN(int) eseal_seal_encode(eseal_buf *out, const eseal_seal *seal) {
  if (out == NULL || seal == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_encode: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  size_t top = eseal__der_begin(&b);
  int rc = eseal__seal_encode_info(&b, seal);
  if (!rc && seal->format == ESEAL_FORMAT_V1) {
    size_t sign_info = eseal__der_begin(&b);
    rc = put_maker_cert_and_alg(&b, seal);
    eseal__der_put_bit_string(&b, seal->sigval_der.ptr, seal->sigval_der.len);
    eseal__der_end(&b, sign_info, DER_SEQUENCE);
  } else if (!rc) {
    rc = put_maker_cert_and_alg(&b, seal);
    eseal__der_put_bit_string(&b, seal->sigval_der.ptr, seal->sigval_der.len);
    eseal__put_timestamp(&b, &seal->timestamp);
  }
  eseal__der_end(&b, top, DER_SEQUENCE);
  return eseal__encode_finish(&b, rc, out);
}
