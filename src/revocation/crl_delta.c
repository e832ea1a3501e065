/*
 * Which delta CRL completes which complete CRL (RFC 5280 §5.2.4, and the
 * checks of OpenSSL's check_delta_base): the same issuer, the same
 * authorityKeyIdentifier and IssuingDistributionPoint (so the same scope),
 * a base CRL number not above the complete CRL's number, and a CRL number of
 * its own above it.
 */
#include "crl_internal.h"

#include <openssl/objects.h>

/* 1 when the extension is absent from both CRLs or has the same value in both. */
static int same_extension(X509_CRL *a, X509_CRL *b, int nid) {
  int ia = X509_CRL_get_ext_by_NID(a, nid, -1);
  int ib = X509_CRL_get_ext_by_NID(b, nid, -1);
  if (ia < 0 || ib < 0)
    return ia < 0 && ib < 0;
  const ASN1_OCTET_STRING *va = X509_EXTENSION_get_data(X509_CRL_get_ext(a, ia));
  const ASN1_OCTET_STRING *vb = X509_EXTENSION_get_data(X509_CRL_get_ext(b, ib));
  return ASN1_OCTET_STRING_cmp(va, vb) == 0;
}

int eseal__crl_same_scope(X509_CRL *a, X509_CRL *b) {
  return X509_NAME_cmp(X509_CRL_get_issuer(a), X509_CRL_get_issuer(b)) == 0 &&
         same_extension(a, b, NID_authority_key_identifier) &&
         same_extension(a, b, NID_issuing_distribution_point);
}

int eseal__crl_delta_fits(const eseal__crl_view *base, const eseal__crl_view *delta) {
  if (base->is_delta || !delta->is_delta || base->number == NULL || delta->number == NULL ||
      delta->base_number == NULL || !eseal__crl_same_scope(base->crl, delta->crl))
    return 0;
  return ASN1_INTEGER_cmp(delta->base_number, base->number) <= 0 &&
         ASN1_INTEGER_cmp(delta->number, base->number) > 0;
}
