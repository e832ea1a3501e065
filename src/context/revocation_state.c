/*
 * The revocation part of a context's life: its defaults when made, and what
 * it owns (fetcher, CRLs, OCSP responses, cache) when freed. The functions
 * that configure it are in src/revocation/config.c and sources.c.
 */
#include <string.h>

#include <openssl/x509.h>

#include "../core/alloc.h"
#include "cache.h"
#include "context.h"

int eseal__ctx_revocation_init(eseal_ctx *ctx) {
  if (eseal_revocation_config_init(&ctx->revocation, ESEAL_REVOCATION_CONFIG_VERSION) != 0)
    return -1;
  return eseal__cache_new(&ctx->rev_cache);
}

void eseal__ctx_revocation_free(eseal_ctx *ctx) {
  eseal_fetcher_free(ctx->fetcher);
  sk_X509_CRL_pop_free(ctx->crls, X509_CRL_free);
  for (size_t i = 0; i < ctx->ocsp_response_count; i++)
    eseal_buf_dispose(&ctx->ocsp_responses[i]);
  eseal__free(ctx->ocsp_responses);
  eseal__free(ctx->ocsp_url);
  eseal__cache_free(ctx->rev_cache);
}
