/*
 * The parts of eseal_stamp() that reach outside: the fail-closed revocation
 * check before anything is signed, and the timestamp of the signature value
 * after it is signed (doc/revocation.md, doc/timestamps.md).
 */
#ifndef ESEAL_STAMP_STAMP_CHECKS_H
#define ESEAL_STAMP_STAMP_CHECKS_H

#include <stdint.h>

#include "eseal/stamp.h"

/*
 * With revocation configured on `ctx`: the signer's chain to a signer-ca
 * anchor, each certificate below it looked up at `t`. 0, ESEAL_EREVOKED,
 * ESEAL_ESTATUS (no chain, or no status), or ESEAL_ENOMEM. Without
 * revocation configured: 0.
 */
int eseal__stamp_check_revocation(const eseal_ctx *ctx, const eseal_cert *signer, int64_t t);

/*
 * Asks the TSA at o->tsa_url (policy o->tsa_policy; private targets when
 * o->tsa_allow_private_targets; the context's fetch time limit) for a token over `sigval` (the signature value as
 * encoded), with a fresh nonce and certReq, SM3 for SM2 signatures
 * (`sm2`) and SHA-256 otherwise; checks the token (the nonce, the imprint,
 * the TSA's signature; a TSA the context does not trust yet is accepted, the
 * verifier judges it) and returns it in `token`. 0, or ESEAL_ENETWORK,
 * ESEAL_EEGRESS, ESEAL_ECRYPTO (a token that does not verify), ESEAL_ERROR
 * (the TSA refused), ESEAL_ENOMEM.
 */
int eseal__stamp_timestamp(const eseal_ctx *ctx, const eseal_stamp_options *o, int sm2,
                           const uint8_t *sigval, size_t sigval_len, eseal_buf *token);

#endif
