/*
 * The registry's side of risk control: after risk/ judged a use inside a
 * store transaction, write its alert records and freeze the seal in that
 * same transaction, count the use, and call the alert callback after the
 * commit (doc/risk-control.md, "Evaluation").
 */
#ifndef ESEAL_REGISTRY_RISK_GATE_H
#define ESEAL_REGISTRY_RISK_GATE_H

#include "eseal/context.h"
#include "../risk/risk.h"
#include "record.h"

/*
 * Inside the transaction, after the use's record `use_seq` was appended:
 * one ALERT record per hit (referring to the use), a freeze of `r` (the
 * seal's registry record, NULL when unregistered) when a hit is at FREEZE
 * level and the seal is ACTIVE, then the use counted for rates and novelty
 * (`accepted` 0 for a refusal). `now` dates the records.
 */
int eseal__risk_gate_record(eseal__txn *txn, const eseal_ctx *ctx, eseal__risk_use *u,
                            eseal__seal_record *r, eseal__risk_result *res, uint64_t use_seq,
                            int accepted, int64_t now);

/* After the commit: the context's alert callback for each ALERT or FREEZE hit. */
void eseal__risk_gate_dispatch(const eseal_ctx *ctx, const eseal__risk_use *u,
                               const eseal__risk_result *res, uint64_t use_seq);

#endif
