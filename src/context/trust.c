/* Trust anchors with roles: loading from paths, one store per role, trust notes. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/file.h"
#include "../x509/cert.h"
#include "caches.h"
#include "context.h"

static const char *const role_names[ESEAL__ROLE_COUNT] = {
    "seal-maker",  "signer-ca",  "timestamp-authority", "revocation-responder",
    "registry-supervisor", "log-signer", "trust-list-operator"};

ESEAL_EXTERN(const char *) eseal_trust_role_name(unsigned int role) {
  for (unsigned int i = 0; i < ESEAL__ROLE_COUNT; i++)
    if (role == 1u << i)
      return role_names[i];
  return NULL;
}

ESEAL_EXTERN(int) eseal_trust_roles_parse(const char *names, unsigned int *roles) {
  if (names == NULL || roles == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_trust_roles_parse: NULL argument");
  unsigned int set = 0;
  const char *p = names;
  while (*p) {
    size_t n = strcspn(p, ",");
    unsigned int found = 0;
    if (n == 3 && strncmp(p, "all", 3) == 0)
      found = ESEAL_ROLES_ALL;
    for (unsigned int i = 0; !found && i < ESEAL__ROLE_COUNT; i++)
      if (strlen(role_names[i]) == n && strncmp(p, role_names[i], n) == 0)
        found = 1u << i;
    if (!found)
      return eseal__error_set(ESEAL_EINVAL, "unknown trust role '%.*s'", (int)(n > 64 ? 64 : n),
                              p);
    set |= found;
    p += n;
    if (*p == ',')
      p++;
  }
  if (set == 0)
    return eseal__error_set(ESEAL_EINVAL, "no trust role given");
  *roles = set;
  return 0;
}

int eseal__ctx_trust_init(eseal_ctx *ctx) {
  ctx->store = X509_STORE_new();
  if (ctx->store == NULL)
    return eseal__error_oom();
  for (size_t i = 0; i < ESEAL__ROLE_COUNT; i++)
    if ((ctx->role_stores[i] = X509_STORE_new()) == NULL)
      return eseal__error_oom();
  return 0;
}

void eseal__ctx_trust_free(eseal_ctx *ctx) {
  X509_STORE_free(ctx->store);
  for (size_t i = 0; i < ESEAL__ROLE_COUNT; i++)
    X509_STORE_free(ctx->role_stores[i]);
  for (size_t i = 0; i < ctx->anchor_count; i++)
    eseal_cert_free(ctx->anchors[i].cert);
  eseal__free(ctx->anchors);
  eseal__strings_free(ctx->trust_notes, ctx->trust_note_count);
}

X509_STORE *eseal__ctx_role_store(const eseal_ctx *ctx, unsigned int role) {
  for (unsigned int i = 0; i < ESEAL__ROLE_COUNT; i++)
    if (role == 1u << i)
      return ctx->role_stores[i];
  return NULL;
}

const eseal__anchor *eseal__ctx_find_anchor(const eseal_ctx *ctx, const X509 *x) {
  for (size_t i = 0; i < ctx->anchor_count; i++)
    if (X509_cmp(ctx->anchors[i].cert->x509, x) == 0)
      return &ctx->anchors[i];
  return NULL;
}

/* Puts the certificate into the stores of the roles it gains. Adding a
 * certificate a store already holds is not an error. */
static void add_to_stores(eseal_ctx *ctx, X509 *x, unsigned int gained) {
  for (unsigned int i = 0; i < ESEAL__ROLE_COUNT; i++)
    if (gained & (1u << i))
      X509_STORE_add_cert(ctx->role_stores[i], x);
  X509_STORE_add_cert(ctx->store, x);
  ERR_clear_error();
  eseal__ctx_trust_changed(ctx);
}

int eseal__ctx_add_anchor(eseal_ctx *ctx, const eseal_cert *cert, unsigned int roles,
                          const char *source, int64_t trusted_from, int64_t trusted_until,
                          int unsigned_list) {
  roles &= ESEAL_ROLES_ALL;
  if (roles == 0)
    return eseal__error_set(ESEAL_EINVAL, "a trust anchor needs at least one role");
  eseal__anchor *a = (eseal__anchor *)eseal__ctx_find_anchor(ctx, cert->x509);
  if (a) {
    /* The same certificate again: it gains the new roles, and the widest
     * window and the weakest provenance of its sources. */
    add_to_stores(ctx, cert->x509, roles & ~a->roles);
    a->roles |= roles;
    if (a->trusted_from && (trusted_from == 0 || trusted_from < a->trusted_from))
      a->trusted_from = trusted_from;
    if (a->trusted_until && (trusted_until == 0 || trusted_until > a->trusted_until))
      a->trusted_until = trusted_until;
    a->unsigned_list |= unsigned_list;
    return 0;
  }
  if (ctx->anchor_count == ctx->anchor_cap) {
    size_t cap = ctx->anchor_cap ? ctx->anchor_cap * 2 : 8;
    eseal__anchor *grown = eseal__realloc(ctx->anchors, ctx->anchor_cap * sizeof *grown, cap * sizeof *grown);
    if (grown == NULL)
      return eseal__error_oom();
    ctx->anchors = grown;
    ctx->anchor_cap = cap;
  }
  a = &ctx->anchors[ctx->anchor_count++];
  memset(a, 0, sizeof *a);
  a->cert = eseal_cert_ref(cert);
  a->roles = roles;
  a->trusted_from = trusted_from;
  a->trusted_until = trusted_until;
  a->unsigned_list = unsigned_list;
  snprintf(a->source, sizeof a->source, "%s", source ? source : "the API");
  add_to_stores(ctx, cert->x509, roles);
  return 0;
}

int eseal__ctx_trust_note(eseal_ctx *ctx, const char *fmt, ...) {
  char text[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  return eseal__strings_push(&ctx->trust_notes, &ctx->trust_note_count, text);
}

ESEAL_EXTERN(size_t) eseal_ctx_trust_note_count(const eseal_ctx *ctx) {
  return ctx ? ctx->trust_note_count : 0;
}

ESEAL_EXTERN(const char *) eseal_ctx_trust_note(const eseal_ctx *ctx, size_t i) {
  return ctx && i < ctx->trust_note_count ? ctx->trust_notes[i] : NULL;
}

typedef struct adder {
  eseal_ctx *ctx;
  /* 0: intermediates (untrusted). */
  unsigned int roles;
  const char *source;
} adder;

static int add_one(void *payload, eseal_cert *cert) {
  adder *a = payload;
  int rc = 0;
  if (a->roles) {
    char source[256];
    snprintf(source, sizeof source, "trust path %s", a->source);
    rc = eseal__ctx_add_anchor(a->ctx, cert, a->roles, source, 0, 0, 0);
  } else if (X509_up_ref(cert->x509) != 1 || sk_X509_push(a->ctx->intermediates, cert->x509) <= 0) {
    X509_free(cert->x509);
    rc = eseal__error_oom();
  } else {
    eseal__ctx_trust_changed(a->ctx);
  }
  eseal_cert_free(cert);
  return rc;
}

static int add_file(adder *a, const char *path, size_t *found) {
  eseal_buf buf = ESEAL_BUF_INIT;
  int rc = eseal__read_file(&buf, path);
  a->source = path;
  if (rc == 0)
    rc = eseal__cert_load_all(buf.ptr, buf.size, add_one, a, found);
  eseal_buf_dispose(&buf);
  if (rc == ESEAL_EFORMAT || rc == ESEAL_ENOTFOUND)
    eseal__error_prefix(rc, path);
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

/*
 * A directory: every certificate file is read; a file that holds no
 * certificate (a README, a CRL) is skipped and noted rather than refusing
 * the whole directory, while a file that is a damaged certificate bundle
 * is still refused.
 */
static int add_directory(adder *a, const char *path) {
  DIR *dir = opendir(path);
  if (dir == NULL)
    return eseal__error_set(ESEAL_EIO, "%s: cannot open the directory", path);
  int rc = 0;
  size_t total = 0, found = 0;
  struct dirent *e;
  char full[4096];
  while (rc == 0 && (e = readdir(dir)) != NULL) {
    if (!has_cert_suffix(e->d_name))
      continue;
    if ((size_t)snprintf(full, sizeof full, "%s/%s", path, e->d_name) >= sizeof full)
      continue;
    found = 0;
    rc = add_file(a, full, &found);
    if (rc == ESEAL_ENOTFOUND)
      rc = eseal__ctx_trust_note(a->ctx, "%s: skipped, it holds no certificate", full);
    total += found;
  }
  closedir(dir);
  if (rc == 0 && total == 0)
    rc = eseal__error_set(ESEAL_ENOTFOUND, "%s: no certificate files (*.pem, *.crt, *.cer, *.der)",
                          path);
  return rc;
}

static int add_path(eseal_ctx *ctx, const char *path, unsigned int roles) {
  if (ctx == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "NULL context or path");
  adder a = {ctx, roles, path};
  struct stat st;
  if (stat(path, &st) != 0)
    return eseal__error_set(ESEAL_EIO, "%s: cannot be read", path);
  if (S_ISDIR(st.st_mode))
    return add_directory(&a, path);
  size_t found = 0;
  int rc = add_file(&a, path, &found);
  if (rc == ESEAL_ENOTFOUND)
    rc = eseal__error_prefix(ESEAL_EFORMAT, "no certificate");
  return rc;
}

ESEAL_EXTERN(int) eseal_ctx_add_trust_path(eseal_ctx *ctx, const char *path) {
  return add_path(ctx, path, ESEAL_ROLES_DEFAULT);
}

ESEAL_EXTERN(int) eseal_ctx_add_trust_path_roles(eseal_ctx *ctx, const char *path,
                                                 unsigned int roles) {
  if ((roles & ESEAL_ROLES_ALL) == 0 || (roles & ~ESEAL_ROLES_ALL))
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_trust_path_roles: invalid roles 0x%x",
                            roles);
  return add_path(ctx, path, roles);
}

ESEAL_EXTERN(int) eseal_ctx_add_intermediate_path(eseal_ctx *ctx, const char *path) {
  return add_path(ctx, path, 0);
}

ESEAL_EXTERN(int) eseal_ctx_add_intermediate_cert(eseal_ctx *ctx, const eseal_cert *cert) {
  if (ctx == NULL || cert == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_intermediate_cert: NULL argument");
  if (X509_up_ref(cert->x509) != 1)
    return eseal__error_oom();
  if (sk_X509_push(ctx->intermediates, cert->x509) <= 0) {
    X509_free(cert->x509);
    return eseal__error_oom();
  }
  eseal__ctx_trust_changed(ctx);
  return 0;
}

ESEAL_EXTERN(int) eseal_ctx_add_trust_cert_roles(eseal_ctx *ctx, const eseal_cert *cert,
                                                 unsigned int roles) {
  if (ctx == NULL || cert == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_trust_cert_roles: NULL argument");
  if ((roles & ESEAL_ROLES_ALL) == 0 || (roles & ~ESEAL_ROLES_ALL))
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_trust_cert_roles: invalid roles 0x%x",
                            roles);
  return eseal__ctx_add_anchor(ctx, cert, roles, "the API", 0, 0, 0);
}

ESEAL_EXTERN(int) eseal_ctx_add_trust_cert(eseal_ctx *ctx, const eseal_cert *cert) {
  return eseal_ctx_add_trust_cert_roles(ctx, cert, ESEAL_ROLES_DEFAULT);
}

ESEAL_EXTERN(size_t) eseal_ctx_trust_count(const eseal_ctx *ctx) {
  return ctx ? ctx->anchor_count : 0;
}

ESEAL_EXTERN(size_t) eseal_ctx_trust_count_roles(const eseal_ctx *ctx, unsigned int roles) {
  size_t n = 0;
  for (size_t i = 0; ctx && i < ctx->anchor_count; i++)
    if ((ctx->anchors[i].roles & roles) == roles)
      n++;
  return n;
}
