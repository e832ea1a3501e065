/*
 * The parts of the OCSP response check (ocsp_status.c) that live in files of
 * their own: the strict times, the CertID match and the responder.
 */
#ifndef ESEAL_REVOCATION_OCSP_INTERNAL_H
#define ESEAL_REVOCATION_OCSP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ocsp.h>
#include <openssl/x509.h>

/*
 * UTC seconds of a UTCTime or GeneralizedTime in its DER form; -1 for any
 * other form (offsets, missing seconds, fractions, no zone), which must not
 * count as inside any window.
 */
int eseal__ocsp_time(const ASN1_TIME *t, int64_t *utc);

/* The hashes of `issuer` a CertID is compared with, by algorithm. */
typedef struct eseal__ocsp_issuer_hashes {
  struct {
    int nid;
    /* 0 when the digest is not available here (the algorithm is then skipped). */
    size_t len;
    uint8_t name[64];
    uint8_t key[64];
  } alg[3];
} eseal__ocsp_issuer_hashes;

/* SHA-1, SHA-256 and SM3 of the issuer's name and key. */
void eseal__ocsp_issuer_hashes_init(eseal__ocsp_issuer_hashes *h, X509 *issuer);

/*
 * Whether a CertID names `cert` (issued by the issuer of `h`): 1 when all
 * four fields match; 0 with *why (static text) when one does not; -1 with
 * *why when its hash algorithm is not SHA-1, SHA-256 or SM3 (the entry is
 * skipped).
 */
int eseal__ocsp_certid_match(const OCSP_CERTID *id, X509 *cert,
                             const eseal__ocsp_issuer_hashes *h, const char **why);

/* Who signed a response, once found, verified and authorised. */
typedef struct eseal__ocsp_responder {
  X509 *cert; /* not owned */
  /* "the issuer", "a delegated responder" or "a trusted responder". */
  const char *role;
  /* A delegated responder (issued by the issuer for OCSP signing). */
  int delegated;
  /* The responder certificate carries id-pkix-ocsp-nocheck. */
  int nocheck;
} eseal__ocsp_responder;

/*
 * Finds the certificate the responderID of `bs` names among `issuer`,
 * `trusted` and the certificates in the response, checks the signature over
 * `tbs` (the tbsResponseData bytes as received) with it, then whether it may
 * answer for `issuer`'s certificates at `at` (RFC 6960 §4.2.2.2).
 * 1: found, signed and authorised (*out filled); 0: not, with the reason in
 * why[0..cap); ESEAL_ENOMEM.
 */
int eseal__ocsp_find_responder(OCSP_BASICRESP *bs, const uint8_t *tbs, size_t tbs_len,
                               X509 *issuer, STACK_OF(X509) *trusted, const uint8_t *sm2_id,
                               size_t sm2_id_len, int64_t at, eseal__ocsp_responder *out,
                               char *why, size_t cap);

/*
 * Checks the signature `sig` under the algorithm `alg` over `tbs` with
 * `key`: 1 valid, 0 not (with the reason in why[0..cap)), ESEAL_ENOMEM.
 */
int eseal__ocsp_signature_ok(EVP_PKEY *key, const X509_ALGOR *alg, const ASN1_BIT_STRING *sig,
                             const uint8_t *tbs, size_t tbs_len, const uint8_t *sm2_id,
                             size_t sm2_id_len, char *why, size_t cap);

#endif
