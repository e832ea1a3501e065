/*
 * --policy FILE for the commands that stamp or log uses (doc/risk-control.md):
 * loads the policy onto a context, with an alert callback that prints each
 * alert to stderr.
 */
#ifndef ESEAL_CLI_RISK_OPT_H
#define ESEAL_CLI_RISK_OPT_H

#include <eseal.h>

/* Loads `path` (NULL: nothing) into *policy and sets it on `ctx`. 0 or an exit status. */
int cli_policy_attach(const char *cmd, const char *path, eseal_ctx *ctx, eseal_policy **policy);

#endif
