/*
 * The throwaway SM2 test PKI of `eseal pki init`: a seal-maker CA and a
 * signer CA, each a root of its own, a seal maker and a signer.
 */
#ifndef ESEAL_CLI_PKI_H
#define ESEAL_CLI_PKI_H

#include <stddef.h>
#include <stdint.h>

/* The files written into the PKI directory. */
#define PKI_MAKER_CA_CERT "maker-ca.crt"
#define PKI_SIGNER_CA_CERT "signer-ca.crt"
/* The CAs' keys, for `eseal pki revoke`; their CRLs and revocation lists beside them. */
#define PKI_MAKER_CA_KEY "maker-ca.key"
#define PKI_SIGNER_CA_KEY "signer-ca.key"
/* Both CAs in one bundle, for trust with the default roles (no role separation). */
#define PKI_ROOT_CERT "root.crt"
#define PKI_MAKER_CERT "maker.crt"
#define PKI_MAKER_KEY "maker.key"
#define PKI_SIGNER_CERT "signer.crt"
#define PKI_SIGNER_KEY "signer.key"
/* The two CAs with their roles, signed by the operator (doc/trust-list.md). */
#define PKI_TRUST_LIST "trust-list.txt"
#define PKI_OPERATOR_CERT "operator.crt"
#define PKI_OPERATOR_KEY "operator.key"

/*
 * Creates `dir` (if needed) and writes the PKI: certificates valid from a day
 * before `now` for `days` days, the signer's carrying O=`organisation`.
 * Returns 0 or an exit status, having printed why.
 */
int pki_make(const char *dir, const char *organisation, int64_t now, int days);

/*
 * Revokes the certificate in `cert_path` (issued by one of the PKI's CAs in
 * `dir`) at `at` for CRLReason `reason` (-1: none): adds it to that CA's
 * list (<ca>.revoked) and writes the CA's CRL (<ca>.crl, PEM), valid from
 * `now` for 7 days, whose path goes to `crl_path`. 0 or an exit status after
 * printing why.
 */
int pki_revoke(const char *dir, const char *cert_path, int reason, int64_t at, int64_t now,
               char *crl_path, size_t cap);

#endif
