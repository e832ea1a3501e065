/*
 * OCSP (RFC 6960): requests, and responses checked against one certificate.
 */
#ifndef ESEAL_REVOCATION_OCSP_H
#define ESEAL_REVOCATION_OCSP_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "eseal/common.h"
#include "answer.h"

/* An OCSP response larger than this is refused before it is parsed. */
#define ESEAL__OCSP_MAX_BYTES (1u << 20)
/* Offline OCSP responses a context holds at most. */
#define ESEAL__OCSP_MAX_RESPONSES 1024
/* Nonces this library sends (RFC 8954: 1..32 bytes). */
#define ESEAL__OCSP_NONCE_LEN 16

/*
 * A DER OCSPRequest for `cert` issued by `issuer` (CertID with SHA-1, which
 * every responder understands), with `nonce` when nonce_len > 0.
 * 0 or ESEAL_ENOMEM / ESEAL_ECRYPTO, or ESEAL_EINVAL for a nonce longer
 * than 32 bytes.
 */
int eseal__ocsp_request(X509 *cert, X509 *issuer, const uint8_t *nonce, size_t nonce_len,
                        eseal_buf *der);

/*
 * The status of `cert` (issued by `issuer`) at `at` from one DER
 * OCSPResponse. The rules:
 *  - responseStatus successful, else TRY_LATER (tryLater, internalError,
 *    unauthorized, sigRequired) or UNUSABLE (malformedRequest); basic type
 *    only; trailing bytes refused; at most ESEAL__OCSP_MAX_BYTES;
 *  - the signature is checked right after the responder is found (by name or
 *    SHA-1 key hash), before any status is read, over the tbsResponseData
 *    bytes as received, with the algorithms eseal__oid_name() knows; a
 *    signature BIT STRING with unused bits is refused;
 *  - the responder (RFC 6960 §4.2.2.2) is `issuer` itself, or a certificate
 *    carried in the response, issued (and signed) by `issuer`, with the
 *    id-kp-OCSPSigning EKU (not implied by its absence), valid at `at` (no
 *    skew); or a certificate in `trusted_responders` (an anchor with the
 *    revocation-responder role) — nothing else; at most 8 carried
 *    certificates named by the responderID are tried; id-pkix-ocsp-nocheck
 *    on a delegated responder is noted in `detail`;
 *  - a delegated responder without id-pkix-ocsp-nocheck must have its own
 *    status checked (RFC 6960 §4.2.2.2.1), which needs the lookup's sources:
 *    when `check_responder` is not NULL it gets that certificate (a new
 *    reference, the caller frees it) whenever the answer is GOOD, REVOKED
 *    or UNKNOWN, else NULL;
 *  - SingleResponses whose CertID matches on hash algorithm (SHA-1, SHA-256,
 *    SM3; others are skipped), issuerNameHash, issuerKeyHash and serial;
 *    several: revoked (the earliest revocationTime) wins over unusable over
 *    good over unknown; none: UNUSABLE;
 *  - times count only in their DER form (Z, seconds, no fraction): any other
 *    makes the entry UNUSABLE;
 *  - thisUpdate <= at + skew; nextUpdate >= thisUpdate; producedAt >=
 *    thisUpdate - skew; else UNUSABLE, even for a revocation;
 *  - stale: nextUpdate < at - skew, producedAt > nextUpdate, or without
 *    nextUpdate, thisUpdate < at - max_age: UNUSABLE, but REVOKED stands
 *    (noted in `detail`);
 *  - unknown critical extensions (response or single) make it UNUSABLE;
 *  - nonce: when `nonce` is given, a different one is UNUSABLE, none is
 *    accepted with out->nonce = ESEAL__NONCE_ABSENT; not asked, the
 *    response's nonce is not compared; two nonce extensions are UNUSABLE.
 * `detail` names the responder ("signed by the issuer, CN=…") or says why
 * the response is unusable.
 * `sm2_id` is the ID SM2 signatures are checked with. Returns 0 (answer in
 * *out) or ESEAL_ENOMEM.
 */
int eseal__ocsp_status(const uint8_t *der, size_t len, X509 *cert, X509 *issuer,
                       STACK_OF(X509) *trusted_responders, const uint8_t *sm2_id,
                       size_t sm2_id_len, int64_t at, int64_t skew, int64_t max_age,
                       const uint8_t *nonce, size_t nonce_len, eseal__rev_answer *out,
                       X509 **check_responder);

#endif
