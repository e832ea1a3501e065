/*
 * The parts of CRL checking shared by the crl_*.c files: how one candidate
 * CRL is judged for one certificate (its issuer, signer, scope, window), and
 * what it says about that certificate.
 */
#ifndef ESEAL_REVOCATION_CRL_INTERNAL_H
#define ESEAL_REVOCATION_CRL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

/* The certificate and the circumstances it is checked in. */
typedef struct eseal__crl_subject {
  X509 *cert;
  X509 *issuer;
  STACK_OF(X509) *signers;
  const uint8_t *sm2_id;
  size_t sm2_id_len;
  int64_t at;
  int64_t skew;
} eseal__crl_subject;

/* One candidate CRL as judged for the certificate. */
typedef struct eseal__crl_view {
  X509_CRL *crl;
  /* 1 when authentic, in scope, well formed and not from the future. */
  int usable;
  /* Why not, when not usable. */
  char why[200];
  int is_delta;
  /* cRLNumber and, for a delta CRL, the base CRL number (owned; may be NULL). */
  ASN1_INTEGER *number;
  ASN1_INTEGER *base_number;
  int64_t this_update;
  int64_t next_update; /* 0: absent */
  /* nextUpdate >= at - skew, or no nextUpdate. */
  int current;
  /* The scope covers every revocation reason for this certificate. */
  int all_reasons;
  /* The CRL issuer, for messages. */
  char issuer_text[160];
} eseal__crl_view;

/* An entry of a CRL for the certificate. */
typedef struct eseal__crl_entry {
  /* 0: not listed, 1: listed, 2: listed with removeFromCRL. */
  int listed;
  int reason; /* CRLReason, -1 when absent */
  int64_t revoked_at;
  int64_t invalidity_date; /* 0: absent */
  /* A note for the detail (a time not in DER form), or NULL. */
  const char *note;
} eseal__crl_entry;

#define ESEAL__CRL_REASON_HOLD 6
#define ESEAL__CRL_REASON_REMOVE 8

/*
 * Judges one CRL (view->crl) for s->cert: sets view->usable, or view->why.
 * Fills the view's numbers, window and issuer text. 0, or ESEAL_ENOMEM.
 */
int eseal__crl_judge(eseal__crl_view *view, const eseal__crl_subject *s);

/* UTC seconds of a DER-form UTCTime or GeneralizedTime; -1 for anything else. */
int eseal__crl_time(const ASN1_TIME *t, int64_t *utc);

/*
 * Verifies the signature of a signed structure (a CRL or a certificate) given
 * as DER, over its first element as it is there, with the algorithm its
 * signatureAlgorithm names (which must equal the one inside the signed part)
 * and `key`. 1 valid, 0 not (*why says), ESEAL_ENOMEM.
 */
int eseal__crl_signature_ok(const uint8_t *der, size_t len, EVP_PKEY *key, const uint8_t *sm2_id,
                            size_t sm2_id_len, const char **why);

/*
 * The name of the first critical CRL or entry extension this module does not
 * process, written to `out`; 0 when there is none, 1 when there is.
 */
int eseal__crl_unknown_critical(X509_CRL *crl, char *out, size_t cap);

/*
 * Whether the CRL's scope covers the certificate (RFC 5280 §6.3.3 b): its
 * issuer is the certificate's issuer or, for an indirect CRL, a cRLIssuer of
 * one of its distribution points; the IssuingDistributionPoint fits the kind
 * of certificate and names one of its distribution points. 1 in scope (with
 * *indirect set when the CRL issuer is not the certificate issuer and
 * *all_reasons when every reason is covered), 0 not (view->why says),
 * ESEAL_ENOMEM.
 */
int eseal__crl_scope(eseal__crl_view *view, const eseal__crl_subject *s, int *indirect,
                     int *all_reasons);

/*
 * Whether the CRL was signed by the certificate issuer's key or, when
 * `indirect` or with a separate CRL-signing key, by a certificate of
 * s->signers with the CRL issuer's name, issued by the issuer, allowed
 * cRLSign and valid at s->at. 1 authentic, 0 not (view->why says),
 * ESEAL_ENOMEM.
 */
int eseal__crl_authentic(eseal__crl_view *view, const eseal__crl_subject *s, int indirect);

/* The certificate's entry in the CRL (OpenSSL's lookup, which follows certificateIssuer). */
void eseal__crl_entry_find(X509_CRL *crl, X509 *cert, eseal__crl_entry *out);

/* 1 when two CRLs have the same issuer, authorityKeyIdentifier and IssuingDistributionPoint. */
int eseal__crl_same_scope(X509_CRL *a, X509_CRL *b);

/* 1 when `delta` completes `base` (RFC 5280 §5.2.4, same issuer, AKID and IDP, numbers in order). */
int eseal__crl_delta_fits(const eseal__crl_view *base, const eseal__crl_view *delta);

#endif
