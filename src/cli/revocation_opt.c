/* The shared revocation options (revocation_opt.h). */
#include "revocation_opt.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "core/text.h"

const char cli_revocation_help[] =
    "Revocation (doc/revocation.md; the first six make the check hard-fail):\n"
    "  --revocation MODE       offline (the CRLs and responses given), online (also\n"
    "                          fetch from the certificates' CRL and OCSP URLs) or off\n"
    "  --crl FILE              a CRL (DER or PEM; repeatable)\n"
    "  --ocsp-response FILE    an OCSP response (DER; repeatable)\n"
    "  --ocsp-url URL          online: ask this OCSP responder for every certificate\n"
    "  --soft-fail             no status is a warning instead of INDETERMINATE\n"
    "  --ocsp-nonce            online: send a nonce (a wrong one fails)\n"
    "  --allow-private-targets fetches may reach loopback and private addresses\n"
    "  --fetch-timeout MS      the limit of each revocation fetch (default 5000)\n";

/* --allow-private-targets and --fetch-timeout only shape the fetches of a configured check
 * (stamp --tsa reads --allow-private-targets on its own). */
static int configured(const cli_revocation *r) {
  return r->mode || r->ocsp_url || r->crls.count || r->ocsp_responses.count || r->soft_fail ||
         r->nonce;
}

static int bad_value(const char *cmd, const char *option, const char *value) {
  fprintf(stderr, "eseal %s: %s: cannot use '", cmd, option);
  eseal__text_escape_fputs(stderr, value);
  fprintf(stderr, "' (see eseal %s --help)\n", cmd);
  return EXIT_USAGE;
}

static int read_config(const char *cmd, const cli_revocation *r, eseal_revocation_config *cfg) {
  eseal_revocation_config_init(cfg, ESEAL_REVOCATION_CONFIG_VERSION);
  if (r->mode == NULL || strcmp(r->mode, "offline") == 0)
    cfg->mode = ESEAL_REVOCATION_OFFLINE;
  else if (strcmp(r->mode, "online") == 0)
    cfg->mode = ESEAL_REVOCATION_ONLINE;
  else if (strcmp(r->mode, "off") == 0)
    cfg->mode = ESEAL_REVOCATION_OFF;
  else
    return bad_value(cmd, "--revocation", r->mode);
  if (r->timeout) {
    char *end = NULL;
    long ms = strtol(r->timeout, &end, 10);
    if (end == r->timeout || *end || ms <= 0 || ms > 600000)
      return bad_value(cmd, "--fetch-timeout", r->timeout);
    cfg->timeout_ms = ms;
  }
  for (int i = 0; i < ESEAL_CERT_CLASS_COUNT; i++)
    cfg->failure[i] = r->soft_fail ? ESEAL_REVOCATION_SOFT_FAIL : ESEAL_REVOCATION_HARD_FAIL;
  cfg->allow_private_targets = r->allow_private;
  cfg->ocsp_nonce = r->nonce;
  cfg->ocsp_url = r->ocsp_url;
  return 0;
}

int cli_revocation_apply(const char *cmd, const cli_revocation *r, eseal_ctx *ctx) {
  eseal_revocation_config cfg;
  /* Values are checked even when they configure nothing, so a typo never passes. */
  int rc = read_config(cmd, r, &cfg);
  if (rc || !configured(r))
    return rc;
  if (r->ocsp_url && eseal_egress_check_url(r->ocsp_url, r->allow_private) != 0)
    return cli_fail(cmd, "--ocsp-url");
  if (eseal_ctx_set_revocation(ctx, &cfg) != 0)
    return cli_fail(cmd, "--revocation");
  for (int i = 0; i < r->crls.count; i++)
    if (eseal_ctx_add_crl_file(ctx, r->crls.items[i]) != 0)
      return cli_fail(cmd, r->crls.items[i]);
  for (int i = 0; i < r->ocsp_responses.count; i++)
    if (eseal_ctx_add_ocsp_response_file(ctx, r->ocsp_responses.items[i]) != 0)
      return cli_fail(cmd, r->ocsp_responses.items[i]);
  return 0;
}
