/* eseal demo --risk: an out-of-hours stamp freezes the seal until a supervisor unfreezes it. */
#ifndef ESEAL_CLI_DEMO_RISK_H
#define ESEAL_CLI_DEMO_RISK_H

#include <eseal.h>

/*
 * With the demo's PKI in `dir`: registers the seal in a SQLite store there,
 * writes and loads a policy whose working hours are 09:00–18:00 (UTC+8) at
 * FREEZE level, stamps at 23:00 (refused, alert, freeze), stamps the next
 * morning (refused: frozen), unfreezes with an order signed by a supervisor
 * (the PKI's operator, trusted for that role), stamps again (works), and
 * prints the usage log, which must verify. 1 when it went so, 0 when not, or
 * an exit status (> 1) after an error.
 */
int demo_risk(const char *dir, eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
              const eseal_cert *signer);

#endif
