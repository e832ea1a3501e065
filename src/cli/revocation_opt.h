/*
 * The revocation options shared by verify, stamp, ofd stamp and cert status
 * (doc/revocation.md): --revocation, --crl, --ocsp-response, --ocsp-url,
 * --allow-private-targets, --soft-fail, --ocsp-nonce, --fetch-timeout.
 */
#ifndef ESEAL_CLI_REVOCATION_OPT_H
#define ESEAL_CLI_REVOCATION_OPT_H

#include <eseal.h>

#include "args.h"

typedef struct cli_revocation {
  const char *mode, *ocsp_url, *timeout;
  cli_list crls, ocsp_responses;
  int allow_private, soft_fail, nonce;
} cli_revocation;

/* The option table entries, to put in a command's cli_opt table. */
#define CLI_REVOCATION_OPTS(r)                                      \
  {"--revocation", CLI_VALUE, &(r).mode, 0},                        \
      {"--crl", CLI_LIST, &(r).crls, 0},                            \
      {"--ocsp-response", CLI_LIST, &(r).ocsp_responses, 0},        \
      {"--ocsp-url", CLI_VALUE, &(r).ocsp_url, 0},                  \
      {"--allow-private-targets", CLI_FLAG, &(r).allow_private, 0}, \
      {"--soft-fail", CLI_FLAG, &(r).soft_fail, 0},                 \
      {"--ocsp-nonce", CLI_FLAG, &(r).nonce, 0},                    \
      {"--fetch-timeout", CLI_VALUE, &(r).timeout, 0}

/* The help text of those options. */
extern const char cli_revocation_help[];

/*
 * Configures `ctx` as the options say; a context stays unconfigured when
 * none is given. 0, or an exit status after printing why.
 */
int cli_revocation_apply(const char *cmd, const cli_revocation *r, eseal_ctx *ctx);

#endif
