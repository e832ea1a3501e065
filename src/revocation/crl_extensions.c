/*
 * Critical extensions of a CRL and of its entries: RFC 5280 §5.2 and §5.3
 * forbid using a CRL with a critical extension (on the CRL or any entry) that
 * is not processed, so the known ones are listed here and others refuse the CRL.
 */
#include "crl_internal.h"

#include <stdio.h>

#include <openssl/objects.h>

/* CRL extensions this module reads (issuerAltName only names the issuer again). */
static int known_crl_extension(int nid) {
  switch (nid) {
  case NID_authority_key_identifier:
  case NID_issuer_alt_name:
  case NID_crl_number:
  case NID_delta_crl:
  case NID_issuing_distribution_point:
    return 1;
  default:
    return 0;
  }
}

static int known_entry_extension(int nid) {
  switch (nid) {
  case NID_crl_reason:
  case NID_invalidity_date:
  case NID_certificate_issuer:
    return 1;
  default:
    return 0;
  }
}

static void name_extension(const X509_EXTENSION *ext, const char *where, char *out, size_t cap) {
  char oid[80];
  if (OBJ_obj2txt(oid, sizeof oid, X509_EXTENSION_get_object((X509_EXTENSION *)ext), 1) <= 0)
    snprintf(oid, sizeof oid, "(unreadable)");
  snprintf(out, cap, "unknown critical %s extension %s", where, oid);
}

int eseal__crl_unknown_critical(X509_CRL *crl, char *out, size_t cap) {
  for (int i = 0; i < X509_CRL_get_ext_count(crl); i++) {
    X509_EXTENSION *ext = X509_CRL_get_ext(crl, i);
    if (X509_EXTENSION_get_critical(ext) &&
        !known_crl_extension(OBJ_obj2nid(X509_EXTENSION_get_object(ext)))) {
      name_extension(ext, "CRL", out, cap);
      return 1;
    }
  }
  STACK_OF(X509_REVOKED) *entries = X509_CRL_get_REVOKED(crl);
  for (int i = 0; i < sk_X509_REVOKED_num(entries); i++) {
    const STACK_OF(X509_EXTENSION) *exts =
        X509_REVOKED_get0_extensions(sk_X509_REVOKED_value(entries, i));
    for (int j = 0; j < sk_X509_EXTENSION_num(exts); j++) {
      X509_EXTENSION *ext = sk_X509_EXTENSION_value(exts, j);
      if (X509_EXTENSION_get_critical(ext) &&
          !known_entry_extension(OBJ_obj2nid(X509_EXTENSION_get_object(ext)))) {
        name_extension(ext, "entry", out, cap);
        return 1;
      }
    }
  }
  return 0;
}
