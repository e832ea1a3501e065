/*
 * Checking a certificate against CRLs (RFC 5280 §6.3): which CRL applies,
 * whether it is authentic, in scope and current, and what it says.
 */
#ifndef ESEAL_REVOCATION_CRL_H
#define ESEAL_REVOCATION_CRL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "answer.h"

/* A CRL larger than this is refused (ESEAL_ELIMIT) before it is parsed. */
#define ESEAL__CRL_MAX_BYTES (64u << 20)

/*
 * Reads CRLs from DER or PEM (one or more "X509 CRL" blocks) and appends them
 * to *crls (created when NULL). 0, ESEAL_EFORMAT (no CRL, or a damaged
 * block), ESEAL_ELIMIT or ESEAL_ENOMEM, raised with a message.
 */
int eseal__crl_read(const uint8_t *data, size_t len, STACK_OF(X509_CRL) **crls);

/*
 * The status of `cert` (issued by `issuer`) at `at`, from the candidate CRLs
 * `crls` (complete and delta CRLs of any issuers; those that do not apply
 * are ignored). `crl_signers`: certificates that may have signed an indirect
 * CRL or a CRL with a separate CRL-signing key (may be NULL). `sm2_id`: the
 * ID SM2 signatures are checked with. `skew`: seconds of tolerance on the
 * windows. The rules:
 *  - a CRL counts when its issuer is `issuer` (name, and AKID when both have
 *    one) and it verifies with `issuer`'s key, or, for an indirect CRL (IDP
 *    indirectCRL and a cRLIssuer in the certificate's distribution point), a
 *    signer from `crl_signers` named there, issued by `issuer`, with the
 *    cRLSign key usage, valid at `at`; key usage cRLSign on every signer;
 *  - scope: the IssuingDistributionPoint (onlyContainsUserCerts / CACerts /
 *    AttributeCerts, onlySomeReasons, its distribution point among the
 *    certificate's) must cover the certificate; unknown critical CRL or
 *    entry extensions make the CRL unusable;
 *  - thisUpdate <= at + skew (else unusable: from the future); a listed
 *    serial is REVOKED even in a stale CRL; GOOD needs nextUpdate >= at - skew
 *    (a missing nextUpdate is noted in detail and counts as current);
 *  - delta CRLs (delta CRL indicator) complete the newest applicable
 *    complete CRL when their base number <= its CRL number and their own
 *    number is greater; removeFromCRL in a delta lifts a certificateHold;
 *  - reasonCode and invalidityDate are reported.
 * The answer with the most information wins (REVOKED over GOOD over
 * UNUSABLE); `out->detail` says which CRL decided, or why none could.
 * Returns 0 (answer in *out) or ESEAL_ENOMEM.
 */
int eseal__crl_status(STACK_OF(X509_CRL) *crls, X509 *cert, X509 *issuer,
                      STACK_OF(X509) *crl_signers, const uint8_t *sm2_id, size_t sm2_id_len,
                      int64_t at, int64_t skew, eseal__rev_answer *out);


#endif
