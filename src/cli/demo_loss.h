/* eseal demo, step 6: a loss report in the registry refuses the next stamp. */
#ifndef ESEAL_CLI_DEMO_LOSS_H
#define ESEAL_CLI_DEMO_LOSS_H

#include <eseal.h>

/*
 * Registers the seal in a SQLite store in `dir`, stamps once, reports the seal
 * lost (the callback stands in for notifying the CA) and stamps again, which
 * must be refused. 1 when it went so, 0 when not, or an exit status (> 1)
 * after an error. Attaches the store to `ctx` and detaches it before returning.
 */
int demo_loss_report(const char *dir, eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                     const eseal_cert *signer);

#endif
