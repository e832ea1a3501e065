/* Revocation answers as cache entries: the key of a certificate and the bytes of an answer. */
#ifndef ESEAL_REVOCATION_CACHE_ENTRY_H
#define ESEAL_REVOCATION_CACHE_ENTRY_H

#include <openssl/x509.h>

#include "eseal/common.h"
#include "answer.h"

#define ESEAL__REV_KEY_LEN 32

/*
 * SHA-256 over the length-prefixed issuer name DER, issuer public key bits
 * and serial number: one certificate of one issuer (the full CertID, so no
 * two issuers' serials meet); then the SHA-256 of each responder anchor of
 * the context (`responders`, may be NULL or empty), since an answer signed by
 * one of them holds only where it is trusted. 0 or ESEAL_ENOMEM.
 */
int eseal__rev_cache_key(X509 *cert, X509 *issuer, STACK_OF(X509) *responders,
                         uint8_t key[ESEAL__REV_KEY_LEN]);

/* An answer and its evidence (kind "crl" or "ocsp", DER) as bytes. 0 or ESEAL_ENOMEM. */
int eseal__rev_entry_encode(const eseal__rev_answer *a, const char *kind, const uint8_t *der,
                            size_t der_len, eseal_buf *out);

/* The reverse; 0, or -1 for bytes that are not an entry (then treated as a miss). */
int eseal__rev_entry_decode(const uint8_t *p, size_t len, eseal__rev_answer *a, char kind[8],
                            const uint8_t **der, size_t *der_len);

/*
 * The cache's rule for two entries of one certificate: a revocation for good
 * is never replaced by a good status or a hold and always replaces one;
 * otherwise (good or hold on both sides) the newer thisUpdate wins, so a
 * newer good answer lifts a hold.
 */
int eseal__rev_entry_replaces(const uint8_t *old, size_t old_len, const uint8_t *value,
                              size_t value_len);

#endif
