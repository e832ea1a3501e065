/* eseal demo, step 7: a revoked signer certificate refused at stamping and reported at verification. */
#ifndef ESEAL_CLI_DEMO_REVOKE_H
#define ESEAL_CLI_DEMO_REVOKE_H

#include <stddef.h>

#include <eseal.h>

/*
 * The signer CA of the PKI in `dir` revokes the signer's certificate
 * (keyCompromise) and publishes its CRL, which `ctx` is given; a new stamp of
 * `data` must then be refused (ESEAL_EREVOKED) and the earlier signature `sig`
 * over `data` must verify as TOTAL_FAILED / REVOKED. 1 when it went so, 0 when
 * not, or an exit status (> 1) after an error.
 */
int demo_revocation(const char *dir, eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                    const eseal_cert *signer, const eseal_signature *sig, const uint8_t *data,
                    size_t len);

#endif
