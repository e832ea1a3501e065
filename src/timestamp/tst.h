/*
 * RFC 3161 / GB/T 20520 timestamp tokens: verifying one over given bytes, and
 * the client side of asking a TSA for one. doc/timestamps.md.
 */
#ifndef ESEAL_TIMESTAMP_TST_H
#define ESEAL_TIMESTAMP_TST_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "eseal/common.h"
#include "eseal/context.h"
#include "eseal/report.h"

/* A token or TimeStampResp larger than this is refused before it is parsed. */
#define ESEAL__TST_MAX_BYTES (256u << 10)
/* Certificates a token may carry. */
#define ESEAL__TST_MAX_CERTS 16

typedef struct eseal__tst_result {
  /* OK: authentic, over the given bytes, from a TSA trusted for the
   * timestamp-authority role, valid at genTime. NOT_OK with TOTAL_FAILED or
   * INDETERMINATE in `indication` / `sub` otherwise. */
  eseal_check_status status;
  eseal_indication indication;
  eseal_sub_indication sub;
  char message[600];
  /* Filled as far as the token could be read. */
  int64_t gen_time;
  /* The TSTInfo's accuracy in whole seconds (0: none): the token proves
   * existence at gen_time + accuracy, not earlier. */
  int64_t accuracy;
  char policy[96];
  char serial_hex[84];
  char digest[16];        /* messageImprint algorithm: "SM3", "SHA256", … */
  char signature[24];     /* "SM2-SM3", "RSA-SHA256", "ECDSA-SHA256" */
  /* The TSA certificate (a reference the result holds; NULL when not found)
   * and the chain built to the anchor, leaf first (owned; NULL when none),
   * for the report's evidence and the TSA's revocation check. */
  X509 *tsa_cert;
  STACK_OF(X509) *chain;
} eseal__tst_result;

/*
 * Verifies `token` (a DER TimeStampToken: ContentInfo SignedData, PKCS#7 or
 * GB/T 35275 outer OID, with eContentType id-ct-TSTInfo) over `covered` (the
 * bytes the token vouches for: the signature
 * value of a V4 SES_Signature, or what a POE token was made over):
 *  - the SignedData: one SignerInfo, signed attributes with contentType
 *    id-ct-TSTInfo and messageDigest over the eContent (SM3 or SHA-256/384/
 *    512); the signature over
 *    the signed attributes with the TSA key: RSA and ECDSA through OpenSSL,
 *    SM2/SM3 (GB/T 35275 OIDs or the PKCS#7 ones) verified on the OpenSSL
 *    primitives with the context's SM2 ID, since OpenSSL 3.0's TS code
 *    cannot;
 *  - the TSA certificate taken from the token or the context's
 *    intermediates, named by a signingCertificate (ESSCertID) or
 *    signingCertificateV2 (ESSCertIDv2) attribute, which must be present
 *    (RFC 3161 §2.4.1) and, each one present, match; with one critical
 *    extendedKeyUsage naming id-kp-timeStamping alone (RFC 3161 §2.3),
 *    chaining to an anchor with ESEAL_ROLE_TIMESTAMP_AUTHORITY, valid at
 *    genTime;
 *  - TSTInfo version 1, messageImprint = digest(covered) with its algorithm
 *    (SM3, SHA-256/384/512; SHA-1 refused), `nonce` equal when given;
 *  - strict DER; at most ESEAL__TST_MAX_BYTES and ESEAL__TST_MAX_CERTS.
 * The verdicts: a bad signature, a wrong imprint or messageDigest, a wrong
 * nonce, a TSA certificate without that EKU (absent, not critical, or with
 * other purposes), no signingCertificate(V2), or one naming another
 * certificate: NOT_OK / TOTAL_FAILED (SIG_CRYPTO_FAILURE,
 * HASH_FAILURE, FORMAT_FAILURE, CHAIN_CONSTRAINTS_FAILURE,
 * SIG_CONSTRAINTS_FAILURE); the TSA certificate not found, or no chain to a
 * TSA anchor: NOT_OK / INDETERMINATE (NO_CERTIFICATE_CHAIN_FOUND); a
 * certificate of the chain expired or not yet valid at genTime:
 * NOT_OK / INDETERMINATE (EXPIRED, NOT_YET_VALID); SHA-1 or unknown
 * algorithms: NOT_OK / INDETERMINATE (CRYPTO_CONSTRAINTS_FAILURE);
 * malformed: NOT_OK / TOTAL_FAILED / FORMAT_FAILURE.
 * Returns 0 (verdict in *out; release with eseal__tst_result_release),
 * ESEAL_EINVAL (NULL arguments) or ESEAL_ENOMEM.
 */
int eseal__tst_verify(const eseal_ctx *ctx, const uint8_t *token, size_t len,
                      const uint8_t *covered, size_t covered_len, const uint8_t *nonce,
                      size_t nonce_len, eseal__tst_result *out);

void eseal__tst_result_release(eseal__tst_result *r);

/*
 * A DER TimeStampReq over `covered` hashed with `digest` ("SM3" or
 * "SHA256"), with the policy OID (NULL: none), the nonce (nonce_len 0: none)
 * and certReq. 0, ESEAL_EINVAL or ESEAL_ENOMEM.
 */
int eseal__tsa_request(const uint8_t *covered, size_t covered_len, const char *digest,
                       const char *policy_oid, const uint8_t *nonce, size_t nonce_len,
                       int cert_req, eseal_buf *der);

/*
 * The TimeStampToken of a DER TimeStampResp: PKIStatus granted or
 * grantedWithMods, else ESEAL_ERROR with the status, failInfo and first
 * statusString in the message; malformed: ESEAL_EFORMAT; larger than
 * ESEAL__TST_MAX_BYTES: ESEAL_ELIMIT. The token is copied into `token`.
 */
int eseal__tsa_response_token(const uint8_t *resp, size_t len, eseal_buf *token);

#endif
