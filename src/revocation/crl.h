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
/* CRLs one input (a file, a fetched body, a validation-data item) may hold. */
#define ESEAL__CRL_MAX_PER_INPUT 64
/* CRLs a context holds at most (eseal_ctx_add_crl*, validation data). */
#define ESEAL__CTX_MAX_CRLS 1024

/*
 * Reads CRLs from DER or PEM (one or more "X509 CRL" blocks) and appends them
 * to *crls (created when NULL). Input starting with a SEQUENCE tag is one DER
 * CRL that must fill it exactly; anything else is PEM text, whose blocks of
 * other types are skipped. 0, ESEAL_EFORMAT (no CRL, or a damaged block),
 * ESEAL_ELIMIT (over ESEAL__CRL_MAX_BYTES, or more than
 * ESEAL__CRL_MAX_PER_INPUT CRLs) or ESEAL_ENOMEM, raised with a message; on failure *crls is
 * left as it was.
 */
int eseal__crl_read(const uint8_t *data, size_t len, STACK_OF(X509_CRL) **crls);

/*
 * The status of `cert` (issued by `issuer`) at `at`, from the candidate CRLs
 * `crls` (complete and delta CRLs of any issuers; those that do not apply
 * are ignored). `crl_signers`: certificates that may have signed an indirect
 * CRL or a CRL with a separate CRL-signing key (may be NULL). `sm2_id`: the
 * ID SM2 signatures are checked with. `skew`: seconds of tolerance on the
 * windows. A certificate whose issuer name is not `issuer`'s subject is
 * UNUSABLE at once. The rules:
 *  - a CRL counts when its issuer is `issuer` (name, and AKID when both have
 *    one) and it verifies with `issuer`'s key, or, for an indirect CRL (IDP
 *    indirectCRL and a cRLIssuer in the certificate's distribution point), a
 *    signer from `crl_signers` named there, issued by `issuer`, with the
 *    cRLSign key usage, valid at `at`; key usage cRLSign on every signer; a
 *    direct CRL may also be signed by a certificate of `crl_signers` with the
 *    issuer's name, issued by `issuer` the same way (a separate CRL key);
 *  - signatures: over the tbsCertList as received, with the algorithm of
 *    signatureAlgorithm, which must equal the one inside; SM2 with `sm2_id`
 *    (also for a CRL signer's certificate); algorithms the library does not
 *    name (RSA-PSS) make the CRL unusable;
 *  - scope: the IssuingDistributionPoint (onlyContainsUserCerts / CACerts /
 *    AttributeCerts, onlySomeReasons, its distribution point among the
 *    certificate's) must cover the certificate; a CRL whose IDP names a
 *    distribution point does not cover a certificate without CRLDP; a CRL
 *    covering only some reasons (IDP onlySomeReasons, or the certificate's
 *    distribution point reasons) can prove REVOKED, not GOOD (partitions are
 *    not combined); unknown critical CRL or entry extensions make the CRL
 *    unusable;
 *  - times are read in DER form only (Z, with seconds, no fraction); others
 *    make the CRL unusable (an entry's revocationDate that is not is reported
 *    as 0, the earliest, with a note);
 *  - thisUpdate <= at + skew (else unusable: from the future); nextUpdate
 *    before thisUpdate is malformed; a listed serial is REVOKED even in a
 *    stale CRL; GOOD needs nextUpdate >= at - skew, for the complete CRL and
 *    the delta that completes it (a missing nextUpdate is noted in detail and
 *    counts as current);
 *  - delta CRLs (delta CRL indicator, and a cRLNumber) complete each
 *    applicable complete CRL whose issuer, AKID and IDP they have, when their
 *    base number <= its CRL number and their own number is greater (the
 *    newest such delta is used); a delta alone can prove a revocation (not a
 *    hold), never GOOD;
 *  - certificateHold: REVOKED (reason 6) only from a current CRL that no
 *    newer complete CRL of the same scope supersedes; removeFromCRL in a delta
 *    lifts a hold (never another reason); in a complete CRL it makes the CRL
 *    unusable;
 *  - reasonCode and invalidityDate are reported.
 * The answer with the most information wins (REVOKED over GOOD over
 * UNUSABLE; a revocation for good over a hold; the GOOD with the latest
 * thisUpdate); `out->detail` says which CRL decided (issuer and CRL number)
 * or, for each candidate, why it could not.
 * Returns 0 (answer in *out) or ESEAL_ENOMEM.
 */
int eseal__crl_status(STACK_OF(X509_CRL) *crls, X509 *cert, X509 *issuer,
                      STACK_OF(X509) *crl_signers, const uint8_t *sm2_id, size_t sm2_id_len,
                      int64_t at, int64_t skew, eseal__rev_answer *out);


#endif
