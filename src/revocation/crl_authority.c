/*
 * Whether a CRL is authentic: signed by the certificate issuer's key or by a
 * CRL signer the issuer certified (an indirect CRL issuer, or the issuer's
 * separate CRL-signing key), with the cRLSign key usage and the CRL's
 * authorityKeyIdentifier matching the signer's subjectKeyIdentifier.
 */
#include "crl_internal.h"

#include <stdio.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "eseal/errors.h"
#include "../core/error.h"

static int may_sign_crls(X509 *x) {
  return (X509_get_extension_flags(x) & EXFLAG_KUSAGE) == 0 ||
         (X509_get_key_usage(x) & KU_CRL_SIGN) != 0;
}

/* The CRL's AKID keyIdentifier and the signer's SKID agree, when both have one. */
static int akid_fits(const AUTHORITY_KEYID *akid, X509 *signer) {
  const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(signer);
  return akid == NULL || akid->keyid == NULL || skid == NULL ||
         ASN1_OCTET_STRING_cmp(akid->keyid, skid) == 0;
}

/* The signature of a CRL or certificate (`der_len` bytes of i2d output, freed here) by `key`. */
static int signed_by(unsigned char *der, int der_len, EVP_PKEY *key, const eseal__crl_subject *s,
                     const char **why) {
  if (der_len <= 0) {
    ERR_clear_error();
    return eseal__error_oom();
  }
  int rc = eseal__crl_signature_ok(der, (size_t)der_len, key, s->sm2_id, s->sm2_id_len, why);
  OPENSSL_free(der);
  return rc;
}

static int crl_signed_by(X509_CRL *crl, X509 *signer, const eseal__crl_subject *s,
                         const char **why) {
  unsigned char *der = NULL;
  int len = i2d_X509_CRL(crl, &der);
  return signed_by(der, len, X509_get0_pubkey(signer), s, why);
}

/* A CRL signer other than the issuer: certified by the issuer, valid at s->at. */
static int certified_by_issuer(X509 *signer, const eseal__crl_subject *s, const char **why) {
  int64_t not_before, not_after;
  if (X509_NAME_cmp(X509_get_issuer_name(signer), X509_get_subject_name(s->issuer)) != 0) {
    *why = "the CRL signer's certificate was not issued by the certificate issuer";
    return 0;
  }
  if (eseal__crl_time(X509_get0_notBefore(signer), &not_before) != 0 ||
      eseal__crl_time(X509_get0_notAfter(signer), &not_after) != 0 || s->at < not_before ||
      s->at > not_after) {
    *why = "the CRL signer's certificate is not valid at the time checked";
    return 0;
  }
  unsigned char *der = NULL;
  int len = i2d_X509(signer, &der);
  int rc = signed_by(der, len, X509_get0_pubkey(s->issuer), s, why);
  if (rc == 0)
    *why = "the CRL signer's certificate is not signed by the certificate issuer";
  return rc;
}

/* One possible signer: 1 when it signed the CRL and may, 0 (why), ESEAL_ENOMEM. */
static int try_signer(X509_CRL *crl, const AUTHORITY_KEYID *akid, X509 *signer, int is_issuer,
                      const eseal__crl_subject *s, const char **why) {
  if (!may_sign_crls(signer)) {
    *why = is_issuer ? "the issuer's key usage does not allow cRLSign"
                     : "the CRL signer's key usage does not allow cRLSign";
    return 0;
  }
  if (!akid_fits(akid, signer)) {
    *why = "the CRL's authorityKeyIdentifier does not match the signer's subjectKeyIdentifier";
    return 0;
  }
  int rc = is_issuer ? 1 : certified_by_issuer(signer, s, why);
  if (rc != 1)
    return rc;
  return crl_signed_by(crl, signer, s, why);
}

int eseal__crl_authentic(eseal__crl_view *view, const eseal__crl_subject *s, int indirect) {
  int crit = -1;
  AUTHORITY_KEYID *akid =
      X509_CRL_get_ext_d2i(view->crl, NID_authority_key_identifier, &crit, NULL);
  const char *why = NULL, *first_why = NULL, *first_who = "";
  int rc = 0;
  if (akid == NULL && crit != -1) {
    snprintf(view->why, sizeof view->why, "the CRL's authorityKeyIdentifier cannot be read");
    return 0;
  }
  if (!indirect) {
    rc = try_signer(view->crl, akid, s->issuer, 1, s, &why);
    first_why = why;
    first_who = " (signer: the issuer)";
  }
  const X509_NAME *crl_issuer = X509_CRL_get_issuer(view->crl);
  for (int i = 0; rc == 0 && i < sk_X509_num(s->signers); i++) {
    X509 *signer = sk_X509_value(s->signers, i);
    if (X509_NAME_cmp(X509_get_subject_name(signer), crl_issuer) != 0)
      continue;
    why = NULL;
    rc = try_signer(view->crl, akid, signer, 0, s, &why);
    if (first_why == NULL) {
      first_why = why;
      first_who = " (signer: a certificate of the CRL signers)";
    }
  }
  AUTHORITY_KEYID_free(akid);
  if (rc == 0)
    snprintf(view->why, sizeof view->why, "%s%s",
             first_why ? first_why : "no certificate of the CRL signers has the CRL issuer's name",
             first_who);
  return rc;
}
