#include "context.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/err.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/file.h"
#include "../x509/cert.h"

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
  ctx->store = X509_STORE_new();
  ctx->intermediates = sk_X509_new_null();
  if (ctx->store == NULL || ctx->intermediates == NULL ||
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
  X509_STORE_free(ctx->store);
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

typedef struct adder {
  eseal_ctx *ctx;
  int trusted;
} adder;

static int add_one(void *payload, eseal_cert *cert) {
  adder *a = payload;
  if (a->trusted) {
    /* The store takes its own reference. Adding a certificate twice is not an error. */
    if (X509_STORE_add_cert(a->ctx->store, cert->x509))
      a->ctx->trust_count++;
    ERR_clear_error();
    eseal_cert_free(cert);
    return 0;
  }
  int ok = X509_up_ref(cert->x509) == 1;
  if (ok && sk_X509_push(a->ctx->intermediates, cert->x509) <= 0) {
    X509_free(cert->x509);
    ok = 0;
  }
  eseal_cert_free(cert);
  return ok ? 0 : eseal__error_oom();
}

static int add_file(adder *a, const char *path, size_t *found) {
  eseal_buf buf = ESEAL_BUF_INIT;
  int rc = eseal__read_file(&buf, path);
  if (rc == 0)
    rc = eseal__cert_load_all(buf.ptr, buf.size, add_one, a, found);
  eseal_buf_dispose(&buf);
  if (rc == ESEAL_EFORMAT)
    eseal__error_set(rc, "%s: no certificate", path);
  return rc;
}

static int has_cert_suffix(const char *name) {
  static const char *const suffixes[] = {".pem", ".crt", ".cer", ".der"};
  size_t n = strlen(name);
  for (size_t i = 0; i < 4; i++)
    if (n > 4 && strcmp(name + n - 4, suffixes[i]) == 0)
      return 1;
  return 0;
}

static int add_path(eseal_ctx *ctx, const char *path, int trusted) {
  if (ctx == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "NULL context or path");
  adder a = {ctx, trusted};
  struct stat st;
  if (stat(path, &st) != 0)
    return eseal__error_set(ESEAL_EIO, "%s: cannot be read", path);
  size_t found = 0;
  if (!S_ISDIR(st.st_mode))
    return add_file(&a, path, &found);
  DIR *dir = opendir(path);
  if (dir == NULL)
    return eseal__error_set(ESEAL_EIO, "%s: cannot open the directory", path);
  int rc = 0;
  size_t total = 0;
  struct dirent *e;
  char full[4096];
  while (rc == 0 && (e = readdir(dir)) != NULL) {
    if (!has_cert_suffix(e->d_name))
      continue;
    if ((size_t)snprintf(full, sizeof full, "%s/%s", path, e->d_name) >= sizeof full)
      continue;
    rc = add_file(&a, full, &found);
    total += found;
  }
  closedir(dir);
  if (rc == 0 && total == 0)
    rc = eseal__error_set(ESEAL_ENOTFOUND, "%s: no certificate files (*.pem, *.crt, *.cer, *.der)",
                          path);
  return rc;
}

ESEAL_EXTERN(int) eseal_ctx_add_trust_path(eseal_ctx *ctx, const char *path) {
  return add_path(ctx, path, 1);
}

ESEAL_EXTERN(int) eseal_ctx_add_intermediate_path(eseal_ctx *ctx, const char *path) {
  return add_path(ctx, path, 0);
}

ESEAL_EXTERN(int) eseal_ctx_add_trust_cert(eseal_ctx *ctx, const eseal_cert *cert) {
  if (ctx == NULL || cert == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_trust_cert: NULL argument");
  adder a = {ctx, 1};
  return add_one(&a, eseal_cert_ref(cert));
}

ESEAL_EXTERN(size_t) eseal_ctx_trust_count(const eseal_ctx *ctx) {
  return ctx ? ctx->trust_count : 0;
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
