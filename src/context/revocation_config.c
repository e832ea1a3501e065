/*
 * The public revocation settings of a context (include/eseal/revocation.h):
 * the policy, the fetcher and the counters. Sources are added in
 * src/revocation/sources.c.
 */
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "cache.h"
#include "context.h"

#define DEFAULT_TIMEOUT_MS 5000
#define DEFAULT_MAX_RESPONSE (8u << 20)
#define DEFAULT_OCSP_MAX_AGE 86400

ESEAL_EXTERN(int) eseal_revocation_config_init(eseal_revocation_config *cfg, unsigned int version) {
  if (cfg == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_revocation_config_init: NULL argument");
  if (version != ESEAL_REVOCATION_CONFIG_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_revocation_config: unknown version %u",
                            version);
  memset(cfg, 0, sizeof *cfg);
  cfg->version = version;
  cfg->mode = ESEAL_REVOCATION_OFFLINE;
  cfg->timeout_ms = DEFAULT_TIMEOUT_MS;
  cfg->max_response_bytes = DEFAULT_MAX_RESPONSE;
  cfg->ocsp_max_age = DEFAULT_OCSP_MAX_AGE;
  return 0;
}

static int check_config(const eseal_revocation_config *cfg) {
  if (cfg->version != ESEAL_REVOCATION_CONFIG_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_revocation_config: unknown version %u",
                            cfg->version);
  if (cfg->mode > ESEAL_REVOCATION_OFF)
    return eseal__error_set(ESEAL_EINVAL, "eseal_revocation_config: unknown mode %d",
                            (int)cfg->mode);
  for (int i = 0; i < ESEAL_CERT_CLASS_COUNT; i++)
    if (cfg->failure[i] > ESEAL_REVOCATION_SOFT_FAIL || cfg->order[i] > ESEAL_REVOCATION_CRL_FIRST)
      return eseal__error_set(ESEAL_EINVAL,
                              "eseal_revocation_config: unknown failure policy or order for "
                              "certificate class %d",
                              i);
  if (cfg->timeout_ms < 0 || cfg->ocsp_max_age < 0)
    return eseal__error_set(ESEAL_EINVAL, "eseal_revocation_config: negative time limit");
  return 0;
}

ESEAL_EXTERN(int) eseal_ctx_set_revocation(eseal_ctx *ctx, const eseal_revocation_config *cfg) {
  if (ctx == NULL || cfg == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_revocation: NULL argument");
  int rc = check_config(cfg);
  if (rc)
    return rc;
  char *url = NULL;
  if (cfg->ocsp_url && (url = eseal__strdup(cfg->ocsp_url)) == NULL)
    return eseal__error_oom();
  if (cfg->mode == ESEAL_REVOCATION_ONLINE && ctx->fetcher == NULL &&
      (rc = eseal_fetcher_curl_new(&ctx->fetcher)) != 0) {
    eseal__free(url);
    return rc;
  }
  eseal__free(ctx->ocsp_url);
  ctx->revocation = *cfg;
  ctx->ocsp_url = url;
  ctx->revocation.ocsp_url = url;
  if (ctx->revocation.timeout_ms == 0)
    ctx->revocation.timeout_ms = DEFAULT_TIMEOUT_MS;
  if (ctx->revocation.max_response_bytes == 0)
    ctx->revocation.max_response_bytes = DEFAULT_MAX_RESPONSE;
  if (ctx->revocation.ocsp_max_age == 0)
    ctx->revocation.ocsp_max_age = DEFAULT_OCSP_MAX_AGE;
  ctx->revocation_configured = cfg->mode != ESEAL_REVOCATION_OFF;
  return 0;
}

ESEAL_EXTERN(int) eseal_ctx_revocation(const eseal_ctx *ctx, eseal_revocation_config *cfg) {
  if (ctx == NULL || cfg == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_revocation: NULL argument");
  *cfg = ctx->revocation;
  return 0;
}

ESEAL_EXTERN(int) eseal_ctx_set_fetcher(eseal_ctx *ctx, eseal_fetcher *fetcher) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_fetcher: NULL context");
  if (fetcher && (fetcher->version != ESEAL_FETCHER_VERSION || fetcher->fetch == NULL))
    return eseal__error_set(ESEAL_EVERSION,
                            "eseal_ctx_set_fetcher: a fetcher of version %u without fetch()",
                            fetcher->version);
  if (fetcher != ctx->fetcher)
    eseal_fetcher_free(ctx->fetcher);
  ctx->fetcher = fetcher;
  return 0;
}

ESEAL_EXTERN(int) eseal_ctx_revocation_stats(const eseal_ctx *ctx, eseal_revocation_stats *out) {
  if (ctx == NULL || out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_revocation_stats: NULL argument");
  out->cache_hits = eseal__ctx_counter(ctx, ESEAL__COUNT_CACHE_HIT);
  out->cache_misses = eseal__ctx_counter(ctx, ESEAL__COUNT_CACHE_MISS);
  out->fetches = eseal__ctx_counter(ctx, ESEAL__COUNT_FETCH);
  out->fetch_failures = eseal__ctx_counter(ctx, ESEAL__COUNT_FETCH_FAILURE);
  return 0;
}
