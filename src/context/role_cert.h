/*
 * Whether a context trusts a certificate to act in a role at a time, as a
 * plain yes/no with a reason (for services that sign acts: log checkpoints,
 * registry orders). The verification report's richer checks are in
 * verify/steps_cert.c.
 */
#ifndef ESEAL_CONTEXT_ROLE_CERT_H
#define ESEAL_CONTEXT_ROLE_CERT_H

#include <stdint.h>

#include <openssl/x509.h>

#include "eseal/cert.h"
#include "eseal/context.h"

/*
 * 0 when `cert` chains (through the context's intermediates) to an anchor
 * trusted for the single role `role` (an eseal_trust_role bit), may sign
 * (digitalSignature or nonRepudiation), and it, every CA certificate of the
 * chain and the anchor's trust window cover `at`. Otherwise ESEAL_ECERT raised
 * with the reason (naming `what`, e.g. "the log signer"), or ESEAL_ENOMEM.
 */
int eseal__ctx_check_role_cert(const eseal_ctx *ctx, const eseal_cert *cert, unsigned int role,
                               int64_t at, const char *what);

/* The same, with `extra` (may be NULL) offered as intermediates too: CA
 * certificates that came with the signed object. */
int eseal__ctx_check_role_cert_with(const eseal_ctx *ctx, const eseal_cert *cert,
                                    STACK_OF(X509) *extra, unsigned int role, int64_t at,
                                    const char *what);

#endif
