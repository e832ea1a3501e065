/* Getters of eseal_seal. NULL objects give empty results. */
#include "model.h"

static const eseal__bytes none;

ESEAL_EXTERN(eseal_format_version) eseal_seal_format(const eseal_seal *seal) {
  return seal ? seal->format : ESEAL_FORMAT_UNKNOWN;
}

ESEAL_EXTERN(const char *) eseal_seal_header_id(const eseal_seal *seal) {
  return seal ? seal->header_id : NULL;
}

ESEAL_EXTERN(int64_t) eseal_seal_header_version(const eseal_seal *seal) {
  return seal ? seal->header_version : 0;
}

ESEAL_EXTERN(const char *) eseal_seal_vendor_id(const eseal_seal *seal) {
  return seal ? seal->vendor_id : NULL;
}

ESEAL_EXTERN(const char *) eseal_seal_esid(const eseal_seal *seal) {
  return seal ? seal->esid : NULL;
}

ESEAL_EXTERN(int64_t) eseal_seal_type(const eseal_seal *seal) {
  return seal ? seal->type : 0;
}

ESEAL_EXTERN(const char *) eseal_seal_name(const eseal_seal *seal) {
  return seal ? seal->name : NULL;
}

ESEAL_EXTERN(eseal_cert_list_type) eseal_seal_cert_list_type(const eseal_seal *seal) {
  return seal ? seal->cert_list_type : ESEAL_CERT_LIST_CERTS;
}

ESEAL_EXTERN(size_t) eseal_seal_cert_count(const eseal_seal *seal) {
  return seal ? seal->cert_count : 0;
}

ESEAL_EXTERN(const uint8_t *) eseal_seal_cert(const eseal_seal *seal, size_t i, size_t *len) {
  return eseal__bytes_out(seal && i < seal->cert_count ? &seal->certs[i].data : &none, len);
}

ESEAL_EXTERN(const char *) eseal_seal_cert_digest_type(const eseal_seal *seal, size_t i) {
  return seal && i < seal->cert_count ? seal->certs[i].digest_type : NULL;
}

static const eseal__date *date_of(const eseal_seal *seal, eseal_seal_date which) {
  if (seal == NULL || which < ESEAL_SEAL_CREATE_DATE || which > ESEAL_SEAL_VALID_END)
    return NULL;
  return &seal->dates[which - 1];
}

ESEAL_EXTERN(int64_t) eseal_seal_date_utc(const eseal_seal *seal, eseal_seal_date which) {
  const eseal__date *d = date_of(seal, which);
  return d ? d->utc : 0;
}

ESEAL_EXTERN(const char *) eseal_seal_date_text(const eseal_seal *seal, eseal_seal_date which) {
  const eseal__date *d = date_of(seal, which);
  return d ? d->text : NULL;
}

ESEAL_EXTERN(const char *) eseal_seal_picture_type(const eseal_seal *seal) {
  return seal ? seal->picture_type : NULL;
}

ESEAL_EXTERN(const uint8_t *) eseal_seal_picture_data(const eseal_seal *seal, size_t *len) {
  return eseal__bytes_out(seal ? &seal->picture : &none, len);
}

ESEAL_EXTERN(int64_t) eseal_seal_picture_width(const eseal_seal *seal) {
  return seal ? seal->picture_width : 0;
}

ESEAL_EXTERN(int64_t) eseal_seal_picture_height(const eseal_seal *seal) {
  return seal ? seal->picture_height : 0;
}

ESEAL_EXTERN(const eseal_extensions *) eseal_seal_extensions(const eseal_seal *seal) {
  return seal ? seal->extensions : NULL;
}

ESEAL_EXTERN(const uint8_t *) eseal_seal_maker_cert(const eseal_seal *seal, size_t *len) {
  return eseal__bytes_out(seal ? &seal->maker_cert : &none, len);
}

ESEAL_EXTERN(const char *) eseal_seal_algorithm(const eseal_seal *seal) {
  return seal ? seal->algorithm : NULL;
}

ESEAL_EXTERN(const uint8_t *) eseal_seal_signature_value(const eseal_seal *seal, size_t *len) {
  return eseal__bytes_out(seal ? &seal->sigval : &none, len);
}

ESEAL_EXTERN(const uint8_t *) eseal_seal_signature_value_der(const eseal_seal *seal, size_t *len) {
  return eseal__bytes_out(seal ? &seal->sigval_der : &none, len);
}

ESEAL_EXTERN(eseal_sigval_encoding) eseal_seal_signature_encoding(const eseal_seal *seal) {
  return seal ? seal->sigval_encoding : ESEAL_SIGVAL_OPAQUE;
}

ESEAL_EXTERN(const uint8_t *) eseal_seal_timestamp(const eseal_seal *seal, size_t *len) {
  return eseal__bytes_out(seal ? &seal->timestamp : &none, len);
}

ESEAL_EXTERN(const uint8_t *) eseal_seal_bytes(const eseal_seal *seal, size_t *len) {
  return eseal__bytes_out(seal ? &seal->bytes : &none, len);
}

ESEAL_EXTERN(const uint8_t *) eseal_seal_info_bytes(const eseal_seal *seal, size_t *len) {
  return eseal__bytes_out(seal ? &seal->info : &none, len);
}

ESEAL_EXTERN(const uint8_t *) eseal_seal_signed_bytes(const eseal_seal *seal, size_t *len) {
  return eseal__bytes_out(seal ? &seal->signed_range : &none, len);
}

ESEAL_EXTERN(const eseal_warnings *) eseal_seal_warnings(const eseal_seal *seal) {
  return seal ? &seal->warnings : NULL;
}

ESEAL_EXTERN(size_t) eseal_extensions_count(const eseal_extensions *ext) {
  return ext ? ext->count : 0;
}

ESEAL_EXTERN(const char *) eseal_extensions_oid(const eseal_extensions *ext, size_t i) {
  return ext && i < ext->count ? ext->items[i].oid : NULL;
}

ESEAL_EXTERN(int) eseal_extensions_critical(const eseal_extensions *ext, size_t i) {
  return ext && i < ext->count ? ext->items[i].critical : 0;
}

ESEAL_EXTERN(const uint8_t *) eseal_extensions_value(const eseal_extensions *ext, size_t i,
                                                     size_t *len) {
  return eseal__bytes_out(ext && i < ext->count ? &ext->items[i].value : &none, len);
}
