#include "encode.h"

#include "eseal/errors.h"
#include "../asn1/der.h"
#include "../asn1/oid.h"
#include "../core/error.h"

int eseal__put_oid(eseal__dbuf *b, const char *oid) {
  if (oid == NULL || eseal__oid_put(b, oid) != 0)
    return eseal__error_set(ESEAL_EINVAL, "not an object identifier: \"%s\"", oid ? oid : "");
  return 0;
}

int eseal__put_extensions(eseal__dbuf *b, const eseal_extensions *ext) {
  size_t list = eseal__der_begin(b);
  for (size_t i = 0; i < ext->count; i++) {
    const eseal__extension *e = &ext->items[i];
    size_t item = eseal__der_begin(b);
    int rc = eseal__put_oid(b, e->oid);
    if (rc)
      return rc;
    if (e->critical)
      eseal__der_put_bool(b, 1);
    eseal__der_put(b, DER_OCTET_STRING, e->value.ptr, e->value.len);
    eseal__der_end(b, item, DER_SEQUENCE);
  }
  eseal__der_end(b, list, DER_SEQUENCE);
  return 0;
}

void eseal__put_timestamp(eseal__dbuf *b, const eseal__bytes *timestamp) {
  if (timestamp->ptr == NULL)
    return;
  size_t tag = eseal__der_begin(b);
  eseal__der_put_bit_string(b, timestamp->ptr, timestamp->len);
  eseal__der_end(b, tag, DER_CONTEXT | DER_CONSTRUCTED);
}

int eseal__encode_finish(eseal__dbuf *b, int rc, eseal_buf *out) {
  if (!rc)
    rc = eseal__dbuf_status(b);
  if (rc) {
    eseal__dbuf_release(b);
    return rc;
  }
  return eseal__dbuf_finish(b, out);
}
