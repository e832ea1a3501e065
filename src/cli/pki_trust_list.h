/* The signed trust list that `eseal pki init` writes beside its test PKI. */
#ifndef ESEAL_CLI_PKI_TRUST_LIST_H
#define ESEAL_CLI_PKI_TRUST_LIST_H

#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/*
 * Writes to `path` a trust list naming `maker_ca` for the seal-maker role and
 * `signer_ca` for the signer-ca role, valid for `days` days from `now`, signed
 * with the SM2 `operator_key`. Returns 0 or an exit status, having printed why.
 */
int pki_write_trust_list(const char *path, X509 *maker_ca, X509 *signer_ca, EVP_PKEY *operator_key,
                         int64_t now, int days);

#endif
