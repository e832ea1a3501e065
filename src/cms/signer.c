/*
 * The signer side of a read SignedData: which certificate its SignerInfo
 * names, and the bytes its signature covers.
 */
#include <string.h>

#include <openssl/x509v3.h>

#include "../core/alloc.h"
#include "../core/error.h"
#include "signed_data.h"

int eseal__cms_names_signer(const eseal__cms_signed_data *sd, X509 *cert) {
  if (sd->key_id.ptr) {
    const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(cert);
    return ski && (size_t)ASN1_STRING_length(ski) == sd->key_id.len &&
           memcmp(ASN1_STRING_get0_data(ski), sd->key_id.ptr, sd->key_id.len) == 0;
  }
  unsigned char *issuer = NULL, *serial = NULL;
  int issuer_len = i2d_X509_NAME(X509_get_issuer_name(cert), &issuer);
  int serial_len = i2d_ASN1_INTEGER(X509_get0_serialNumber(cert), &serial);
  int same = issuer_len > 0 && serial_len > 0 && (size_t)issuer_len == sd->issuer.len &&
             (size_t)serial_len == sd->serial.len &&
             memcmp(issuer, sd->issuer.ptr, sd->issuer.len) == 0 &&
             memcmp(serial, sd->serial.ptr, sd->serial.len) == 0;
  OPENSSL_free(issuer);
  OPENSSL_free(serial);
  return same;
}

uint8_t *eseal__cms_signed_attrs_message(const eseal__cms_signed_data *sd) {
  uint8_t *copy = eseal__malloc(sd->signed_attrs.len ? sd->signed_attrs.len : 1);
  if (copy == NULL) {
    eseal__error_oom();
    return NULL;
  }
  memcpy(copy, sd->signed_attrs.ptr, sd->signed_attrs.len);
  copy[0] = 0x31;
  return copy;
}
