/*
 * The certificate's entry in a CRL: OpenSSL's lookup by serial number, which
 * in an indirect CRL gives each entry the issuer of the last certificateIssuer
 * extension before it (RFC 5280 §5.3.3), and the entry's reasonCode,
 * revocationDate and invalidityDate.
 */
#include "crl_internal.h"

#include <openssl/x509v3.h>

void eseal__crl_entry_find(X509_CRL *crl, X509 *cert, eseal__crl_entry *out) {
  *out = (eseal__crl_entry){.listed = 0, .reason = -1};
  X509_REVOKED *rev = NULL;
  int found = X509_CRL_get0_by_cert(crl, &rev, cert);
  if (found == 0 || rev == NULL)
    return;
  out->listed = found == 2 ? 2 : 1;
  int crit = -1;
  ASN1_ENUMERATED *reason = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, &crit, NULL);
  if (reason != NULL)
    out->reason = (int)ASN1_ENUMERATED_get(reason);
  else if (crit != -1)
    out->note = "the entry's reasonCode cannot be read";
  ASN1_ENUMERATED_free(reason);
  if (out->reason == ESEAL__CRL_REASON_REMOVE)
    out->listed = 2;
  /* A revocation time that cannot be read is taken as the earliest possible. */
  if (eseal__crl_time(X509_REVOKED_get0_revocationDate(rev), &out->revoked_at) != 0) {
    out->revoked_at = 0;
    out->note = "the entry's revocationDate is not in DER form (taken as the earliest time)";
  }
  crit = -1;
  ASN1_GENERALIZEDTIME *invalid = X509_REVOKED_get_ext_d2i(rev, NID_invalidity_date, &crit, NULL);
  if ((invalid != NULL && eseal__crl_time(invalid, &out->invalidity_date) != 0) ||
      (invalid == NULL && crit != -1)) {
    out->invalidity_date = 0;
    out->note = "the entry's invalidityDate cannot be read (left out)";
  }
  ASN1_GENERALIZEDTIME_free(invalid);
}
