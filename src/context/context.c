#include "context.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../x509/cert.h"
#include "caches.h"

static int64_t system_clock(void *payload) {
  (void)payload;
  return (int64_t)time(NULL);
}

static int64_t fixed_clock(void *payload) {
  return ((const eseal_ctx *)payload)->fixed_time;
}

ESEAL_EXTERN(int) eseal_ctx_new(eseal_ctx **out) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_new: NULL argument");
  *out = NULL;
  eseal_ctx *ctx = eseal__calloc(1, sizeof *ctx);
  if (ctx == NULL)
    return eseal__error_oom();
  ctx->clock = system_clock;
  ctx->intermediates = sk_X509_new_null();
  if (eseal__ctx_trust_init(ctx) != 0 || ctx->intermediates == NULL ||
      eseal__ctx_revocation_init(ctx) != 0 || eseal__ctx_caches_init(ctx) != 0 ||
      eseal_ctx_set_sm2_id(ctx, (const uint8_t *)ESEAL_SM2_DEFAULT_ID,
                           strlen(ESEAL_SM2_DEFAULT_ID)) != 0) {
    eseal_ctx_free(ctx);
    return eseal__error_oom();
  }
  *out = ctx;
  return 0;
}

ESEAL_EXTERN(void) eseal_ctx_free(eseal_ctx *ctx) {
  if (ctx == NULL)
    return;
  eseal__ctx_trust_free(ctx);
  eseal__ctx_revocation_free(ctx);
  eseal__ctx_caches_free(ctx);
  eseal__strings_free(ctx->accepted_extensions, ctx->accepted_extension_count);
  sk_X509_pop_free(ctx->intermediates, X509_free);
  eseal__free(ctx->sm2_id);
  eseal__free(ctx);
}

ESEAL_EXTERN(int) eseal_ctx_set_clock(eseal_ctx *ctx, eseal_clock_fn clock, void *payload) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_clock: NULL context");
  ctx->clock = clock ? clock : system_clock;
  ctx->clock_payload = clock ? payload : NULL;
  return 0;
}

ESEAL_EXTERN(int) eseal_ctx_set_fixed_time(eseal_ctx *ctx, int64_t utc_seconds) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_fixed_time: NULL context");
  ctx->fixed_time = utc_seconds;
  ctx->clock = fixed_clock;
  ctx->clock_payload = ctx;
  return 0;
}

ESEAL_EXTERN(int64_t) eseal_ctx_now(const eseal_ctx *ctx) {
  return ctx ? ctx->clock(ctx->clock_payload) : 0;
}

ESEAL_EXTERN(int) eseal_ctx_set_sm2_verifier(eseal_ctx *ctx, eseal_sm2_verifier verifier) {
  if (ctx == NULL ||
      (verifier != ESEAL_SM2_VERIFIER_BUILTIN && verifier != ESEAL_SM2_VERIFIER_OPENSSL))
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_sm2_verifier: unknown verifier %d",
                            (int)verifier);
  ctx->sm2_verifier = verifier;
  return 0;
}

ESEAL_EXTERN(eseal_sm2_verifier) eseal_ctx_sm2_verifier(const eseal_ctx *ctx) {
  return ctx ? ctx->sm2_verifier : ESEAL_SM2_VERIFIER_BUILTIN;
}

ESEAL_EXTERN(int) eseal_ctx_set_sm2_id(eseal_ctx *ctx, const uint8_t *id, size_t len) {
  if (ctx == NULL || id == NULL || len == 0 || len > 8191)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_sm2_id: the ID must be 1..8191 bytes");
  uint8_t *copy = eseal__malloc(len);
  if (copy == NULL)
    return eseal__error_oom();
  memcpy(copy, id, len);
  eseal__free(ctx->sm2_id);
  ctx->sm2_id = copy;
  ctx->sm2_id_len = len;
  return 0;
}

ESEAL_EXTERN(const uint8_t *) eseal_ctx_sm2_id(const eseal_ctx *ctx, size_t *len) {
  if (len)
    *len = ctx ? ctx->sm2_id_len : 0;
  return ctx ? ctx->sm2_id : NULL;
}

ESEAL_EXTERN(int) eseal_ctx_add_stamp_check(eseal_ctx *ctx, const char *name,
                                            eseal_stamp_check_fn check, void *payload) {
  if (ctx == NULL || check == NULL || name == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_stamp_check: NULL argument");
  if (ctx->hook_count == ESEAL__MAX_STAMP_CHECKS)
    return eseal__error_set(ESEAL_ELIMIT, "at most %d pre-stamp checks", ESEAL__MAX_STAMP_CHECKS);
  eseal__stamp_hook *h = &ctx->hooks[ctx->hook_count++];
  snprintf(h->name, sizeof h->name, "%s", name);
  h->check = check;
  h->payload = payload;
  return 0;
}

ESEAL_EXTERN(int) eseal_stamp_check_refuse(int code, const char *message) {
  if (code >= 0)
    code = ESEAL_ERROR;
  return eseal__error_set(code, "%s", message ? message : "refused by a pre-stamp check");
}

ESEAL_EXTERN(int) eseal_ctx_accept_critical_extension(eseal_ctx *ctx, const char *oid) {
  if (ctx == NULL || oid == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_accept_critical_extension: NULL argument");
  size_t len = strlen(oid);
  if (len == 0 || len > 255 || strspn(oid, "0123456789.") != len)
    return eseal__error_set(ESEAL_EINVAL, "'%.64s' is not a dotted OID", oid);
  if (eseal__ctx_accepts_extension(ctx, oid))
    return 0;
  return eseal__strings_push(&ctx->accepted_extensions, &ctx->accepted_extension_count, oid);
}

int eseal__ctx_accepts_extension(const eseal_ctx *ctx, const char *oid) {
  for (size_t i = 0; i < ctx->accepted_extension_count; i++)
    if (strcmp(ctx->accepted_extensions[i], oid) == 0)
      return 1;
  return 0;
}

int eseal__strings_push(char ***list, size_t *count, const char *text) {
  size_t len = strlen(text) + 1;
  char *copy = eseal__malloc(len);
  char **grown = copy ? eseal__realloc(*list, *count * sizeof *grown, (*count + 1) * sizeof *grown)
                      : NULL;
  if (grown == NULL) {
    eseal__free(copy);
    return eseal__error_oom();
  }
  memcpy(copy, text, len);
  *list = grown;
  grown[(*count)++] = copy;
  return 0;
}

void eseal__strings_free(char **list, size_t count) {
  for (size_t i = 0; i < count; i++)
    eseal__free(list[i]);
  eseal__free(list);
}
