/*
 * The throwaway SM2 test PKI of `eseal pki init`: a seal-maker CA and a
 * signer CA, each a root of its own, a seal maker and a signer.
 */
#ifndef ESEAL_CLI_PKI_H
#define ESEAL_CLI_PKI_H

#include <stdint.h>

/* The files written into the PKI directory. */
#define PKI_MAKER_CA_CERT "maker-ca.crt"
#define PKI_SIGNER_CA_CERT "signer-ca.crt"
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

#endif
