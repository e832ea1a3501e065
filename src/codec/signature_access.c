/* Getters of eseal_signature. NULL objects give empty results. */
#include "eseal/errors.h"
#include "../core/error.h"
#include "model.h"

static const eseal__bytes none;

ESEAL_EXTERN(eseal_format_version) eseal_signature_format(const eseal_signature *sig) {
  return sig ? sig->format : ESEAL_FORMAT_UNKNOWN;
}

ESEAL_EXTERN(int64_t) eseal_signature_tbs_version(const eseal_signature *sig) {
  return sig ? sig->tbs_version : 0;
}

ESEAL_EXTERN(const eseal_seal *) eseal_signature_seal(const eseal_signature *sig) {
  return sig ? sig->seal : NULL;
}

ESEAL_EXTERN(eseal_time_info_kind) eseal_signature_time_info_kind(const eseal_signature *sig) {
  return sig ? sig->time_kind : ESEAL_TIME_RAW;
}

ESEAL_EXTERN(int) eseal_signature_time(const eseal_signature *sig, int64_t *utc_seconds) {
  if (sig == NULL || utc_seconds == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_signature_time: NULL argument");
  if (!sig->has_time)
    return eseal__error_set(ESEAL_ENOTFOUND, "timeInfo could not be decoded as a time");
  *utc_seconds = sig->time_utc;
  return 0;
}

ESEAL_EXTERN(const char *) eseal_signature_time_text(const eseal_signature *sig) {
  return sig ? sig->time_text : NULL;
}

ESEAL_EXTERN(const uint8_t *) eseal_signature_time_info_raw(const eseal_signature *sig,
                                                            size_t *len) {
  return eseal__bytes_out(sig ? &sig->time_raw : &none, len);
}

ESEAL_EXTERN(const uint8_t *) eseal_signature_data_hash(const eseal_signature *sig, size_t *len) {
  return eseal__bytes_out(sig ? &sig->data_hash : &none, len);
}

ESEAL_EXTERN(const char *) eseal_signature_property_info(const eseal_signature *sig) {
  return sig ? sig->property_info : NULL;
}

ESEAL_EXTERN(const eseal_extensions *) eseal_signature_extensions(const eseal_signature *sig) {
  return sig ? sig->extensions : NULL;
}

ESEAL_EXTERN(const uint8_t *) eseal_signature_signer_cert(const eseal_signature *sig,
                                                          size_t *len) {
  return eseal__bytes_out(sig ? &sig->signer_cert : &none, len);
}

ESEAL_EXTERN(const char *) eseal_signature_algorithm(const eseal_signature *sig) {
  return sig ? sig->algorithm : NULL;
}

ESEAL_EXTERN(const uint8_t *) eseal_signature_value(const eseal_signature *sig, size_t *len) {
  return eseal__bytes_out(sig ? &sig->sigval : &none, len);
}

ESEAL_EXTERN(const uint8_t *) eseal_signature_value_der(const eseal_signature *sig, size_t *len) {
  return eseal__bytes_out(sig ? &sig->sigval_der : &none, len);
}

ESEAL_EXTERN(eseal_sigval_encoding) eseal_signature_value_encoding(const eseal_signature *sig) {
  return sig ? sig->sigval_encoding : ESEAL_SIGVAL_OPAQUE;
}

ESEAL_EXTERN(const uint8_t *) eseal_signature_timestamp(const eseal_signature *sig, size_t *len) {
  return eseal__bytes_out(sig ? &sig->timestamp : &none, len);
}

ESEAL_EXTERN(const uint8_t *) eseal_signature_bytes(const eseal_signature *sig, size_t *len) {
  return eseal__bytes_out(sig ? &sig->bytes : &none, len);
}

ESEAL_EXTERN(const uint8_t *) eseal_signature_tbs_bytes(const eseal_signature *sig, size_t *len) {
  return eseal__bytes_out(sig ? &sig->tbs : &none, len);
}

ESEAL_EXTERN(const eseal_warnings *) eseal_signature_warnings(const eseal_signature *sig) {
  return sig ? &sig->warnings : NULL;
}
