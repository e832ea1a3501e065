/* The checks eseal_stamp() runs before it signs anything. */
#ifndef ESEAL_STAMP_PRESTAMP_H
#define ESEAL_STAMP_PRESTAMP_H

#include "eseal/stamp.h"

/*
 * The built-in checks in order (binding, seal validity, signer certificate,
 * maker signature, key ↔ certificate), then the context's own checks.
 * 0 when stamping may go ahead; otherwise the refusing check's code.
 */
int eseal__prestamp_run(const eseal_ctx *ctx, const eseal_seal *seal, const eseal_key *key,
                        const eseal_cert *signer, int64_t signing_time);

#endif
