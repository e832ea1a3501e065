/*
 * The SM2 digest e = SM3(Z ‖ msg) of messages that start alike: every stamp
 * of a seal signs a TBS_Sign that starts with its header, its version and
 * the whole seal (15-20 KB with its picture), so SM3's state after Z and that
 * start is kept (caches.h) and each stamp hashes only what follows.
 */
#include <string.h>

#include <openssl/err.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../crypto/digest.h"
#include "caches.h"
#include "context.h"
#include "memo.h"

/* SM3's state after Z and `bytes`, kept with them to compare. */
typedef struct kept_prefix {
  EVP_MD_CTX *state;
  uint8_t z[32];
  size_t len;
  uint8_t bytes[];
} kept_prefix;

typedef struct asked_prefix {
  const uint8_t *z;
  const uint8_t *bytes;
  size_t len;
} asked_prefix;

/* Continues from the kept state: `out` is the caller's EVP_MD_CTX. */
static int prefix_copy(const void *value, void *out) {
  const kept_prefix *k = value;
  return EVP_MD_CTX_copy_ex(out, k->state) == 1 ? 0 : eseal__error_oom();
}

static int prefix_matches(const void *value, const void *probe) {
  const kept_prefix *k = value;
  const asked_prefix *asked = probe;
  return k->len == asked->len && memcmp(k->z, asked->z, 32) == 0 &&
         memcmp(k->bytes, asked->bytes, asked->len) == 0;
}

static void prefix_release(void *value) {
  kept_prefix *k = value;
  EVP_MD_CTX_free(k->state);
  eseal__free(k);
}

static const eseal__memo_type prefix_type = {prefix_copy, prefix_release, prefix_matches};

int eseal__ctx_prefix_cache_new(eseal_ctx *ctx) {
  return eseal__memo_new(&ctx->prefix_cache, &prefix_type, ESEAL__CACHE_PREFIX_SLOTS);
}

/* Keeps md's state (after Z and the prefix) for later messages; nothing when memory is short. */
static void keep(const eseal_ctx *ctx, const uint8_t key[32], const EVP_MD_CTX *md,
                 const uint8_t z[32], const uint8_t *prefix, size_t len) {
  kept_prefix *k = eseal__malloc(sizeof *k + len);
  if (k == NULL)
    return;
  k->state = EVP_MD_CTX_new();
  if (k->state == NULL || EVP_MD_CTX_copy_ex(k->state, md) != 1) {
    EVP_MD_CTX_free(k->state);
    eseal__free(k);
    ERR_clear_error();
    return;
  }
  memcpy(k->z, z, 32);
  k->len = len;
  memcpy(k->bytes, prefix, len);
  eseal__memo_put(ctx->prefix_cache, key, k);
}

/* SM3 over Z and the prefix into `md`, from the cache or computed (and kept). */
static int hash_prefix(const eseal_ctx *ctx, EVP_MD_CTX *md, const uint8_t z[32],
                       const uint8_t *prefix, size_t len) {
  uint8_t key[32];
  asked_prefix asked = {z, prefix, len};
  int rc = eseal__ctx_sampled_key(ctx, "sm3-prefix", 0, z, 32, prefix, len, key);
  if (rc == 0)
    rc = eseal__memo_get(ctx->prefix_cache, key, &asked, md);
  if (rc < 0)
    return rc;
  if (rc == 1)
    return 0;
  if (EVP_DigestInit_ex(md, ctx->sm3, NULL) != 1 || EVP_DigestUpdate(md, z, 32) != 1 ||
      EVP_DigestUpdate(md, prefix, len) != 1)
    return eseal__error_set(ESEAL_ECRYPTO, "SM3 of Z and the message failed");
  keep(ctx, key, md, z, prefix, len);
  return 0;
}

int eseal__ctx_sm2_e(const eseal_ctx *ctx, EVP_PKEY *pub, const uint8_t *msg, size_t len,
                     size_t shared, uint8_t e[32]) {
  if (ctx->caches_off || ctx->sm3 == NULL || shared == 0 || shared > len ||
      shared > ESEAL__CACHE_MAX_BYTES)
    return eseal__sm2_e(pub, ctx->sm2_id, ctx->sm2_id_len, msg, len, e);
  uint8_t z[32];
  int rc = eseal__sm2_z(pub, ctx->sm2_id, ctx->sm2_id_len, z);
  if (rc)
    return rc;
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  if (md == NULL)
    return eseal__error_oom();
  unsigned int n = 0;
  if ((rc = hash_prefix(ctx, md, z, msg, shared)) == 0 &&
      (EVP_DigestUpdate(md, msg + shared, len - shared) != 1 ||
       EVP_DigestFinal_ex(md, e, &n) != 1 || n != 32))
    rc = eseal__error_set(ESEAL_ECRYPTO, "SM3 of Z and the message failed");
  EVP_MD_CTX_free(md);
  return rc;
}
