/*
 * eseal__cert_urls(): the URIs a certificate names in its CRL distribution
 * points (fullName) and its Authority Information Access (OCSP, caIssuers).
 * Other name forms, URIs too long for the caller's slots and URIs with NUL
 * bytes are skipped.
 */
#include "urls.h"

#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

/* Copies a uniformResourceIdentifier into the next slot; the new count. */
static size_t take(const GENERAL_NAME *gn, char urls[][ESEAL__URL_MAX], size_t n, size_t cap) {
  if (n >= cap || gn == NULL || gn->type != GEN_URI)
    return n;
  const ASN1_IA5STRING *uri = gn->d.uniformResourceIdentifier;
  const unsigned char *p = ASN1_STRING_get0_data(uri);
  int len = ASN1_STRING_length(uri);
  if (len <= 0 || len >= ESEAL__URL_MAX || memchr(p, 0, (size_t)len) != NULL)
    return n;
  memcpy(urls[n], p, (size_t)len);
  urls[n][len] = 0;
  return n + 1;
}

static size_t crl_dp_urls(X509 *cert, char urls[][ESEAL__URL_MAX], size_t cap) {
  STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(cert, NID_crl_distribution_points, NULL, NULL);
  size_t n = 0;
  for (int i = 0; i < sk_DIST_POINT_num(dps); i++) {
    const DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
    if (dp->distpoint == NULL || dp->distpoint->type != 0)
      continue;
    const GENERAL_NAMES *names = dp->distpoint->name.fullname;
    for (int j = 0; j < sk_GENERAL_NAME_num(names); j++)
      n = take(sk_GENERAL_NAME_value(names, j), urls, n, cap);
  }
  sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
  return n;
}

static size_t aia_urls(X509 *cert, int method, char urls[][ESEAL__URL_MAX], size_t cap) {
  AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(cert, NID_info_access, NULL, NULL);
  size_t n = 0;
  for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia); i++) {
    const ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
    if (OBJ_obj2nid(ad->method) == method)
      n = take(ad->location, urls, n, cap);
  }
  AUTHORITY_INFO_ACCESS_free(aia);
  return n;
}

size_t eseal__cert_urls(X509 *cert, eseal__url_kind kind, char urls[][ESEAL__URL_MAX], size_t cap) {
  size_t n = 0;
  if (cert != NULL && cap > 0) {
    if (kind == ESEAL__URL_CRL_DP)
      n = crl_dp_urls(cert, urls, cap);
    else if (kind == ESEAL__URL_OCSP)
      n = aia_urls(cert, NID_ad_OCSP, urls, cap);
    else if (kind == ESEAL__URL_CA_ISSUERS)
      n = aia_urls(cert, NID_ad_ca_issuers, urls, cap);
  }
  ERR_clear_error();
  return n;
}
