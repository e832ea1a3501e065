/*
 * AIA caIssuers (RFC 5280 §4.2.2.1): fetching the issuers a certificate names,
 * to complete a chain the context's intermediates cannot, in online mode only
 * and under the egress rules. What is fetched is never trusted: it only joins
 * the untrusted certificates chain building may use. Floor 4.
 */
#ifndef ESEAL_REVOCATION_AIA_H
#define ESEAL_REVOCATION_AIA_H

#include <openssl/x509.h>

#include "eseal/context.h"

/* Issuers followed at most (a chain's depth), and certificates taken at most. */
#define ESEAL__AIA_MAX_DEPTH 4
#define ESEAL__AIA_MAX_CERTS 8
/* The size of one fetched answer (a certificate, or a certs-only PKCS#7). */
#define ESEAL__AIA_MAX_BYTES (256u << 10)

/*
 * In online mode, follows the caIssuers URLs of `cert` and of each issuer
 * fetched, adding the certificates found (DER, or a certs-only PKCS#7) to
 * `into`. Returns the number added (0 when offline or nothing could be had:
 * a failed fetch is not an error, the chain check says what is missing), or
 * ESEAL_ENOMEM.
 */
int eseal__aia_fetch_issuers(const eseal_ctx *ctx, X509 *cert, STACK_OF(X509) *into);

#endif
