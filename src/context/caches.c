/* The context's caches (caches.h) and their public switch and counters. */
#include "caches.h"

#include <string.h>

#include <openssl/evp.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../x509/cert.h"
#include "context.h"
#include "memo.h"

/* ---- Values: certificates, chain results, seal checks. ---- */

static int cert_copy(const void *value, void *out) {
  *(eseal_cert **)out = eseal_cert_ref(value);
  return 0;
}
static void cert_release(void *value) { eseal_cert_free(value); }
static const eseal__memo_type cert_type = {cert_copy, cert_release};

static int chain_copy(const void *value, void *out) {
  return eseal__chain_result_copy(value, out);
}
static void chain_release(void *value) {
  eseal__chain_result_release(value);
  eseal__free(value);
}
static const eseal__memo_type chain_type = {chain_copy, chain_release};

/* Bytes a lookup asks for, compared with those kept. */
typedef struct asked_bytes {
  const uint8_t *ptr;
  size_t len;
} asked_bytes;

/* A seal check is kept with the seal's bytes: its key is made from part of them. */
typedef struct kept_seal {
  eseal__seal_check check;
  size_t len;
  uint8_t bytes[];
} kept_seal;

static int seal_copy(const void *value, void *out) {
  memcpy(out, &((const kept_seal *)value)->check, sizeof(eseal__seal_check));
  return 0;
}
static int seal_matches(const void *value, const void *probe) {
  const kept_seal *k = value;
  const asked_bytes *asked = probe;
  return k->len == asked->len && memcmp(k->bytes, asked->ptr, asked->len) == 0;
}
static void seal_release(void *value) { eseal__free(value); }
static const eseal__memo_type seal_type = {seal_copy, seal_release, seal_matches};

int eseal__ctx_caches_init(eseal_ctx *ctx) {
  ctx->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
  ctx->sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
  /* Without SM3 (a provider lacking it), SM2 is never verified: no prefix is kept. */
  if (ctx->sha256 == NULL ||
      eseal__memo_new(&ctx->cert_cache, &cert_type, ESEAL__CACHE_CERT_SLOTS) != 0 ||
      eseal__memo_new(&ctx->chain_cache, &chain_type, ESEAL__CACHE_CHAIN_SLOTS) != 0 ||
      eseal__memo_new(&ctx->seal_cache, &seal_type, ESEAL__CACHE_SEAL_SLOTS) != 0 ||
      eseal__ctx_prefix_cache_new(ctx) != 0)
    return eseal__error_oom();
  return 0;
}

void eseal__ctx_caches_free(eseal_ctx *ctx) {
  eseal__memo_free(ctx->cert_cache);
  eseal__memo_free(ctx->chain_cache);
  eseal__memo_free(ctx->seal_cache);
  eseal__memo_free(ctx->prefix_cache);
  EVP_MD_free(ctx->sha256);
  EVP_MD_free(ctx->sm3);
}

void eseal__ctx_trust_changed(eseal_ctx *ctx) {
  if (ctx->chain_cache)
    eseal__memo_clear(ctx->chain_cache);
}

/* SHA-256 over a tag, a number and two byte strings: the tag keeps the caches' keys apart. */
static int key_of(const eseal_ctx *ctx, const char *tag, uint32_t number, const uint8_t *a,
                  size_t a_len, const uint8_t *b, size_t b_len, uint8_t key[32]) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  uint8_t head[12];
  uint64_t n = a_len;
  memcpy(head, &number, 4);
  memcpy(head + 4, &n, 8); /* a's length: where a ends and b starts */
  unsigned int len = 0;
  int ok = md && EVP_DigestInit_ex(md, ctx->sha256, NULL) == 1 &&
           EVP_DigestUpdate(md, tag, strlen(tag) + 1) == 1 &&
           EVP_DigestUpdate(md, head, sizeof head) == 1 &&
           (a_len == 0 || EVP_DigestUpdate(md, a, a_len) == 1) &&
           (b_len == 0 || EVP_DigestUpdate(md, b, b_len) == 1) &&
           EVP_DigestFinal_ex(md, key, &len) == 1 && len == 32;
  EVP_MD_CTX_free(md);
  return ok ? 0 : eseal__error_oom();
}

/* What a sampled key reads of long bytes: their start and their end. */
#define SAMPLE_HEAD 16
#define SAMPLE_TAIL 256

int eseal__ctx_sampled_key(const eseal_ctx *ctx, const char *tag, uint32_t number,
                           const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                           uint8_t key[32]) {
  uint8_t sample[8 + SAMPLE_HEAD + SAMPLE_TAIL];
  uint64_t n = b_len;
  size_t head = b_len < SAMPLE_HEAD ? b_len : SAMPLE_HEAD;
  size_t tail = b_len - head < SAMPLE_TAIL ? b_len - head : SAMPLE_TAIL;
  memcpy(sample, &n, 8);
  if (head)
    memcpy(sample + 8, b, head);
  if (tail)
    memcpy(sample + 8 + head, b + b_len - tail, tail);
  return key_of(ctx, tag, number, a, a_len, sample, 8 + head + tail, key);
}

/* ---- Certificates. ---- */

int eseal__ctx_cert_from_der(const eseal_ctx *ctx, eseal_cert **out, const uint8_t *der,
                             size_t len) {
  uint8_t key[32];
  *out = NULL;
  if (ctx->caches_off || der == NULL || len == 0)
    return eseal__cert_from_der(out, der, len);
  int rc = key_of(ctx, "cert", 0, der, len, NULL, 0, key);
  if (rc == 0)
    rc = eseal__memo_get(ctx->cert_cache, key, NULL, out);
  if (rc < 0)
    return rc;
  if (rc == 1)
    return 0;
  /* Only certificates that parse are kept: a failure's message comes from parsing. */
  if ((rc = eseal__cert_from_der(out, der, len)) == 0)
    eseal__memo_put(ctx->cert_cache, key, eseal_cert_ref(*out));
  return rc;
}

/* ---- Chains. ---- */

/* The context's intermediates followed by `extra`, in *out (NULL when `extra` is empty). */
static int untrusted_with(const eseal_ctx *ctx, STACK_OF(X509) *extra, STACK_OF(X509) **out) {
  *out = NULL;
  if (sk_X509_num(extra) <= 0)
    return 0;
  *out = ctx->intermediates ? sk_X509_dup(ctx->intermediates) : sk_X509_new_null();
  for (int i = 0; *out && i < sk_X509_num(extra); i++)
    if (!sk_X509_push(*out, sk_X509_value(extra, i))) {
      sk_X509_free(*out);
      *out = NULL;
    }
  return *out ? 0 : eseal__error_oom();
}

/*
 * The chain key: the leaf's DER, then the SHA-256 of each extra certificate
 * in order, since what OpenSSL may build depends on every certificate offered.
 */
static int chain_key(const eseal_ctx *ctx, unsigned int store_id, const eseal_cert *leaf,
                     STACK_OF(X509) *extra, uint8_t key[32]) {
  int n = sk_X509_num(extra);
  if (n <= 0)
    return key_of(ctx, "chain", store_id, leaf->der, leaf->der_len, NULL, 0, key);
  uint8_t *digests = eseal__malloc((size_t)n * 32);
  if (digests == NULL)
    return eseal__error_oom();
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    unsigned int len = 0;
    if (X509_digest(sk_X509_value(extra, i), ctx->sha256, digests + 32 * i, &len) != 1 ||
        len != 32)
      rc = eseal__error_oom();
  }
  if (rc == 0)
    rc = key_of(ctx, "chain+", store_id, leaf->der, leaf->der_len, digests, (size_t)n * 32, key);
  eseal__free(digests);
  return rc;
}

/* eseal__chain_verify() over the context's intermediates and `extra`. */
static int chain_build(const eseal_ctx *ctx, X509_STORE *anchors, STACK_OF(X509) *extra,
                       const eseal_cert *leaf, eseal__chain_result *out) {
  STACK_OF(X509) *both = NULL;
  int rc = untrusted_with(ctx, extra, &both);
  if (rc == 0)
    rc = eseal__chain_verify(anchors, both ? both : ctx->intermediates, leaf, out);
  sk_X509_free(both); /* the certificates stay their owners' */
  return rc;
}

int eseal__ctx_chain_verify_with(const eseal_ctx *ctx, unsigned int store_id,
                                 X509_STORE *anchors, STACK_OF(X509) *extra,
                                 const eseal_cert *leaf, eseal__chain_result *out) {
  uint8_t key[32];
  if (ctx->caches_off)
    return chain_build(ctx, anchors, extra, leaf, out);
  int rc = chain_key(ctx, store_id, leaf, extra, key);
  if (rc == 0)
    rc = eseal__memo_get(ctx->chain_cache, key, NULL, out);
  if (rc < 0)
    return rc;
  if (rc == 1)
    return 0;
  if ((rc = chain_build(ctx, anchors, extra, leaf, out)) != 0)
    return rc;
  /* Wrapped once, so that reports name the chain's certificates without reading them
     again; a certificate that cannot be wrapped leaves the chain unwrapped, and the
     report reads it as before. */
  (void)eseal__chain_wrap(out);
  eseal__chain_result *kept = eseal__malloc(sizeof *kept);
  if (kept && eseal__chain_result_copy(out, kept) == 0)
    eseal__memo_put(ctx->chain_cache, key, kept);
  else
    eseal__free(kept); /* not kept: the answer stands */
  return 0;
}

int eseal__ctx_chain_verify(const eseal_ctx *ctx, unsigned int store_id, X509_STORE *anchors,
                            const eseal_cert *leaf, eseal__chain_result *out) {
  return eseal__ctx_chain_verify_with(ctx, store_id, anchors, NULL, leaf, out);
}

/* ---- Seal signature checks. ---- */

/* The key of a seal's check: the verifier and SM2 ID too, so that comparing the two verifiers compares them. */
static int seal_key(const eseal_ctx *ctx, const uint8_t *seal, size_t len, uint8_t key[32]) {
  return eseal__ctx_sampled_key(ctx, "seal", (uint32_t)ctx->sm2_verifier, ctx->sm2_id,
                                ctx->sm2_id_len, seal, len, key);
}

static int seal_cacheable(const eseal_ctx *ctx, const uint8_t *seal, size_t len) {
  return !ctx->caches_off && seal != NULL && len > 0 && len <= ESEAL__CACHE_MAX_BYTES;
}

int eseal__ctx_seal_check_get(const eseal_ctx *ctx, const uint8_t *seal, size_t len,
                              eseal__seal_check *out) {
  uint8_t key[32];
  if (!seal_cacheable(ctx, seal, len))
    return 0;
  asked_bytes asked = {seal, len};
  int rc = seal_key(ctx, seal, len, key);
  return rc ? rc : eseal__memo_get(ctx->seal_cache, key, &asked, out);
}

void eseal__ctx_seal_check_put(const eseal_ctx *ctx, const uint8_t *seal, size_t len,
                               const eseal__seal_check *check) {
  uint8_t key[32];
  if (!seal_cacheable(ctx, seal, len) || seal_key(ctx, seal, len, key) != 0)
    return; /* not kept: the answer stands */
  kept_seal *kept = eseal__malloc(sizeof *kept + len);
  if (kept == NULL)
    return;
  kept->check = *check;
  kept->len = len;
  memcpy(kept->bytes, seal, len);
  eseal__memo_put(ctx->seal_cache, key, kept);
}

/* ---- The public switch and counters. ---- */

ESEAL_EXTERN(int) eseal_ctx_set_caches(eseal_ctx *ctx, int enabled) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_caches: NULL context");
  ctx->caches_off = !enabled;
  if (!enabled) {
    eseal__memo_clear(ctx->cert_cache);
    eseal__memo_clear(ctx->chain_cache);
    eseal__memo_clear(ctx->seal_cache);
    eseal__memo_clear(ctx->prefix_cache);
  }
  return 0;
}

ESEAL_EXTERN(int) eseal_ctx_cache_stats(const eseal_ctx *ctx, eseal_cache_kind kind,
                                        eseal_cache_stats *out) {
  if (ctx == NULL || out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_cache_stats: NULL argument");
  eseal__memo *m = kind == ESEAL_CACHE_CERTS    ? ctx->cert_cache
                   : kind == ESEAL_CACHE_CHAINS ? ctx->chain_cache
                   : kind == ESEAL_CACHE_SEALS    ? ctx->seal_cache
                   : kind == ESEAL_CACHE_DIGESTS  ? ctx->prefix_cache
                                                  : NULL;
  if (m == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_cache_stats: unknown cache %d", (int)kind);
  eseal__memo_stats(m, &out->hits, &out->misses, &out->entries);
  return 0;
}
