/*
 * Who may sign an OCSP response about a certificate (RFC 6960 §4.2.2.2):
 * the certificate's issuer, a responder certificate the issuer issued for
 * the purpose (id-kp-OCSPSigning, valid at the time), or a responder the
 * caller trusts. The responderID only points at a candidate; the signature
 * is checked with the candidate's key before anything else is believed.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "eseal/errors.h"
#include "ocsp_internal.h"
#include "../asn1/der.h"
#include "../core/error.h"
#include "../crypto/digest.h"
#include "../x509/cert_summary.h"

/* Carried certificates tried as the signer: bounds the work on hostile input. */
#define MAX_CANDIDATES 8

/* Whether the responderID (byName, or byKey: SHA-1 of the subjectPublicKey bits) names `x`. */
static int named_by_responder_id(OCSP_BASICRESP *bs, X509 *x) {
  const ASN1_OCTET_STRING *key_hash = NULL;
  const X509_NAME *name = NULL;
  if (OCSP_resp_get0_id(bs, &key_hash, &name) != 1)
    return 0;
  if (name != NULL)
    return X509_NAME_cmp(X509_get_subject_name(x), name) == 0;
  const ASN1_BIT_STRING *key = X509_get0_pubkey_bitstr(x);
  uint8_t sha1[ESEAL__DIGEST_MAX];
  size_t n = 0;
  if (key_hash == NULL || key == NULL ||
      eseal__digest(EVP_sha1(), ASN1_STRING_get0_data(key), (size_t)ASN1_STRING_length(key),
                    sha1, &n) != 0) {
    ERR_clear_error();
    return 0;
  }
  return (size_t)ASN1_STRING_length(key_hash) == n &&
         memcmp(ASN1_STRING_get0_data(key_hash), sha1, n) == 0;
}

/* `x`'s signature by `issuer`'s key, over its TBSCertificate as encoded. */
static int signed_by(X509 *x, X509 *issuer, const uint8_t *sm2_id, size_t sm2_id_len, char *why,
                     size_t cap) {
  const ASN1_BIT_STRING *sig = NULL;
  const X509_ALGOR *alg = NULL;
  X509_get0_signature(&sig, &alg, x);
  if (X509_ALGOR_cmp(alg, X509_get0_tbs_sigalg(x)) != 0) {
    snprintf(why, cap, "its two signature algorithm fields differ");
    return 0;
  }
  unsigned char *der = NULL;
  int len = i2d_X509(x, &der);
  if (len <= 0) {
    ERR_clear_error();
    return eseal__error_oom();
  }
  eseal__tlv cert, tbs;
  const char *bad = NULL;
  int rc = 0;
  if (eseal__der_read(&cert, der, (size_t)len, &bad) != 0 ||
      eseal__der_read(&tbs, cert.val, cert.val_len, &bad) != 0)
    snprintf(why, cap, "its encoding cannot be read: %s", bad);
  else
    rc = eseal__ocsp_signature_ok(X509_get0_pubkey(issuer), alg, sig, tbs.tlv, tbs.tlv_len,
                                  sm2_id, sm2_id_len, why, cap);
  OPENSSL_free(der);
  return rc;
}

/* A certificate from the response, other than the issuer: a delegated responder? */
static int delegated(X509 *x, X509 *issuer, const uint8_t *sm2_id, size_t sm2_id_len, int64_t at,
                     char *why, size_t cap) {
  if (X509_NAME_cmp(X509_get_issuer_name(x), X509_get_subject_name(issuer)) != 0) {
    snprintf(why, cap, "it was not issued by the certificate's issuer");
    return 0;
  }
  char sig_why[160];
  int rc = signed_by(x, issuer, sm2_id, sm2_id_len, sig_why, sizeof sig_why);
  if (rc != 1) {
    if (rc == 0)
      snprintf(why, cap, "it is not signed by the issuer's key (%s)", sig_why);
    return rc;
  }
  uint32_t flags = X509_get_extension_flags(x);
  if (flags & EXFLAG_INVALID) {
    snprintf(why, cap, "its extensions are malformed");
    return 0;
  }
  /* Without the extension OpenSSL reports every usage; RFC 6960 wants it named. */
  if (!(flags & EXFLAG_XKUSAGE) || !(X509_get_extended_key_usage(x) & XKU_OCSP_SIGN)) {
    snprintf(why, cap, "its extendedKeyUsage lacks id-kp-OCSPSigning");
    return 0;
  }
  int64_t not_before, not_after;
  if (eseal__ocsp_time(X509_get0_notBefore(x), &not_before) != 0 ||
      eseal__ocsp_time(X509_get0_notAfter(x), &not_after) != 0) {
    snprintf(why, cap, "its validity times are not in DER form");
    return 0;
  }
  if (at < not_before || at > not_after) {
    snprintf(why, cap, "it was not valid at the time of the check");
    return 0;
  }
  return 1;
}

static void say(char *why, size_t cap, X509 *x, const char *what) {
  char name[160];
  eseal__name_text(name, sizeof name, X509_get_subject_name(x));
  snprintf(why, cap, "the responder %s %s", name, what);
}

int eseal__ocsp_find_responder(OCSP_BASICRESP *bs, const uint8_t *tbs, size_t tbs_len,
                               X509 *issuer, STACK_OF(X509) *trusted, const uint8_t *sm2_id,
                               size_t sm2_id_len, int64_t at, eseal__ocsp_responder *out,
                               char *why, size_t cap) {
  const X509_ALGOR *alg = OCSP_resp_get0_tbs_sigalg(bs);
  const ASN1_BIT_STRING *sig = OCSP_resp_get0_signature(bs);
  const STACK_OF(X509) *carried = OCSP_resp_get0_certs(bs);
  int n_trusted = trusted ? sk_X509_num(trusted) : 0;
  int n_carried = carried ? sk_X509_num(carried) : 0;
  char reason[240];
  int tried = 0;
  snprintf(why, cap, "no certificate matches the responderID: not the issuer, a trusted "
                     "responder or a certificate in the response");
  /* The issuer, the trusted responders, then the certificates carried in the response. */
  for (int i = -1; i < n_trusted + n_carried; i++) {
    X509 *x = i < 0 ? issuer : i < n_trusted ? sk_X509_value(trusted, i)
                                             : sk_X509_value(carried, i - n_trusted);
    if (x == NULL || !named_by_responder_id(bs, x))
      continue;
    if (i >= n_trusted && ++tried > MAX_CANDIDATES)
      break;
    int rc = eseal__ocsp_signature_ok(X509_get0_pubkey(x), alg, sig, tbs, tbs_len, sm2_id,
                                      sm2_id_len, reason, sizeof reason);
    if (rc < 0)
      return rc;
    if (rc == 0) {
      char text[300];
      snprintf(text, sizeof text, "is named, but the response signature fails with its key: %s",
               reason);
      say(why, cap, x, text);
      continue;
    }
    memset(out, 0, sizeof *out);
    out->cert = x;
    if (i < 0 || X509_cmp(x, issuer) == 0) {
      out->role = "the issuer";
      return 1;
    }
    if (i < n_trusted) {
      out->role = "a trusted responder";
      return 1;
    }
    rc = delegated(x, issuer, sm2_id, sm2_id_len, at, reason, sizeof reason);
    if (rc < 0)
      return rc;
    if (rc == 1) {
      out->role = "a delegated responder";
      out->delegated = 1;
      out->nocheck = X509_get_ext_by_NID(x, NID_id_pkix_OCSP_noCheck, -1) >= 0;
      return 1;
    }
    char text[300];
    snprintf(text, sizeof text, "is not authorised to answer for the issuer: %s", reason);
    say(why, cap, x, text);
  }
  return 0;
}
