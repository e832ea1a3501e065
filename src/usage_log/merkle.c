/* RFC 9162 §2.1 Merkle tree hashing, proof generation and proof verification. */
#include "merkle.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "eseal/errors.h"
#include "../core/error.h"

static const EVP_MD *tlog_md(eseal__tlog_hash alg) {
  switch (alg) {
  case ESEAL__TLOG_SM3:
    return EVP_sm3();
  case ESEAL__TLOG_SHA256:
    return EVP_sha256();
  }
  return NULL;
}

const char *eseal__tlog_hash_name(eseal__tlog_hash alg) {
  switch (alg) {
  case ESEAL__TLOG_SM3:
    return "SM3";
  case ESEAL__TLOG_SHA256:
    return "SHA-256";
  }
  return NULL;
}

/* H(prefix ‖ a ‖ b), b optional. */
static int hash3(eseal__tlog_hash alg, uint8_t prefix, const uint8_t *a, size_t a_len,
                 const uint8_t *b, size_t b_len, uint8_t out[32]) {
  const EVP_MD *md = tlog_md(alg);
  if (md == NULL)
    return eseal__error_set(ESEAL_EINVAL, "unknown tree hash algorithm %d", (int)alg);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned int n = 0;
  int ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) == 1 &&
           EVP_DigestUpdate(ctx, &prefix, 1) == 1 &&
           (a_len == 0 || EVP_DigestUpdate(ctx, a, a_len) == 1) &&
           (b_len == 0 || EVP_DigestUpdate(ctx, b, b_len) == 1) &&
           EVP_DigestFinal_ex(ctx, out, &n) == 1 && n == 32;
  EVP_MD_CTX_free(ctx);
  return ok ? 0 : eseal__error_set(ESEAL_ECRYPTO, "tree hash %s failed", eseal__tlog_hash_name(alg));
}

int eseal__merkle_leaf_hash(eseal__tlog_hash alg, const uint8_t *entry, size_t len,
                            uint8_t out[32]) {
  return hash3(alg, 0x00, entry, len, NULL, 0, out);
}

int eseal__merkle_node_hash(eseal__tlog_hash alg, const uint8_t left[32], const uint8_t right[32],
                            uint8_t out[32]) {
  return hash3(alg, 0x01, left, 32, right, 32, out);
}

/* The largest power of two strictly below n (n >= 2). */
static uint64_t split_point(uint64_t n) {
  uint64_t k = 1;
  while (k < n - k) /* k * 2 < n without overflow */
    k <<= 1;
  return k;
}

/* MTH(D[start : start + n]) for n >= 1; recursion depth <= 64. */
static int subtree(eseal__tlog_hash alg, uint64_t start, uint64_t n, eseal__leaf_fn leaf, void *arg,
                   uint8_t out[32]) {
  if (n == 1)
    return leaf(arg, start, out);
  uint64_t k = split_point(n);
  uint8_t l[32], r[32];
  int rc = subtree(alg, start, k, leaf, arg, l);
  if (rc == 0)
    rc = subtree(alg, start + k, n - k, leaf, arg, r);
  if (rc == 0)
    rc = eseal__merkle_node_hash(alg, l, r, out);
  return rc;
}

int eseal__merkle_root(eseal__tlog_hash alg, uint64_t size, eseal__leaf_fn leaf, void *arg,
                       uint8_t root[32]) {
  if (size == 0) {
    const EVP_MD *md = tlog_md(alg);
    if (md == NULL)
      return eseal__error_set(ESEAL_EINVAL, "unknown tree hash algorithm %d", (int)alg);
    unsigned int n = 0;
    if (EVP_Digest("", 0, root, &n, md, NULL) != 1)
      return eseal__error_set(ESEAL_ECRYPTO, "tree hash failed");
    return 0;
  }
  return subtree(alg, 0, size, leaf, arg, root);
}

/*
 * Proofs are built top-down (the recursion of RFC 9162 §2.1.3.1 / §2.1.4.1
 * unrolled into a loop) and returned bottom-up, so the hashes are collected
 * first and reversed at the end.
 */
static void reverse(uint8_t path[][32], size_t len) {
  for (size_t i = 0; i < len / 2; i++) {
    uint8_t t[32];
    memcpy(t, path[i], 32);
    memcpy(path[i], path[len - 1 - i], 32);
    memcpy(path[len - 1 - i], t, 32);
  }
}

static int push(size_t max, size_t *len, const char *what) {
  if (*len >= max)
    return eseal__error_set(ESEAL_ELIMIT, "%s needs more than %zu hashes", what, max);
  (*len)++;
  return 0;
}

int eseal__merkle_inclusion_proof(eseal__tlog_hash alg, uint64_t index, uint64_t size,
                                  eseal__leaf_fn leaf, void *arg, uint8_t path[][32], size_t max,
                                  size_t *len) {
  *len = 0;
  if (index >= size)
    return eseal__error_set(ESEAL_EINVAL, "leaf %llu is not in a tree of %llu",
                            (unsigned long long)index, (unsigned long long)size);
  uint64_t start = 0, n = size, m = index;
  while (n > 1) {
    uint64_t k = split_point(n);
    int rc = push(max, len, "inclusion proof");
    if (rc)
      return rc;
    if (m < k) { /* PATH(m, D[0:k]) : MTH(D[k:n]) */
      rc = subtree(alg, start + k, n - k, leaf, arg, path[*len - 1]);
      n = k;
    } else { /* PATH(m - k, D[k:n]) : MTH(D[0:k]) */
      rc = subtree(alg, start, k, leaf, arg, path[*len - 1]);
      start += k;
      m -= k;
      n -= k;
    }
    if (rc)
      return rc;
  }
  reverse(path, *len);
  return 0;
}

int eseal__merkle_consistency_proof(eseal__tlog_hash alg, uint64_t old_size, uint64_t new_size,
                                    eseal__leaf_fn leaf, void *arg, uint8_t path[][32], size_t max,
                                    size_t *len) {
  *len = 0;
  if (old_size == 0 || old_size > new_size)
    return eseal__error_set(ESEAL_EINVAL, "no consistency proof from %llu to %llu leaves",
                            (unsigned long long)old_size, (unsigned long long)new_size);
  /* SUBPROOF(m, D[start : start + n], whole) */
  uint64_t start = 0, n = new_size, m = old_size;
  int whole = 1;
  int rc;
  while (m != n) {
    uint64_t k = split_point(n);
    if ((rc = push(max, len, "consistency proof")) != 0)
      return rc;
    if (m <= k) { /* SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) */
      rc = subtree(alg, start + k, n - k, leaf, arg, path[*len - 1]);
      n = k;
    } else { /* SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]) */
      rc = subtree(alg, start, k, leaf, arg, path[*len - 1]);
      start += k;
      m -= k;
      n -= k;
      whole = 0;
    }
    if (rc)
      return rc;
  }
  /* m == n: the old tree's subtree is known to the verifier only when it is the whole old tree. */
  if (!whole) {
    if ((rc = push(max, len, "consistency proof")) != 0)
      return rc;
    if ((rc = subtree(alg, start, n, leaf, arg, path[*len - 1])) != 0)
      return rc;
  }
  reverse(path, *len);
  return 0;
}

/* A proof that does not fit: ESEAL_ETAMPERED with two numbers in the message. */
#define mismatch(fmt, a, b)                                                                        \
  eseal__error_set(ESEAL_ETAMPERED, fmt, (unsigned long long)(a), (unsigned long long)(b))

int eseal__merkle_verify_inclusion(eseal__tlog_hash alg, uint64_t index, uint64_t size,
                                   const uint8_t leaf_hash[32], const uint8_t path[][32],
                                   size_t len, const uint8_t root[32]) {
  if (index >= size)
    return mismatch("inclusion proof: leaf %llu is not in a tree of %llu leaves", index, size);
  if (len > ESEAL__MERKLE_PATH_MAX)
    return mismatch("inclusion proof: %llu hashes, at most %llu allowed", len,
                    ESEAL__MERKLE_PATH_MAX);
  uint64_t fn = index, sn = size - 1;
  uint8_t r[32];
  memcpy(r, leaf_hash, 32);
  for (size_t i = 0; i < len; i++) {
    if (sn == 0)
      return mismatch("inclusion proof: %llu hashes where %llu are needed", len, i);
    int rc;
    if ((fn & 1) || fn == sn) {
      rc = eseal__merkle_node_hash(alg, path[i], r, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      rc = eseal__merkle_node_hash(alg, r, path[i], r);
    }
    if (rc)
      return rc;
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0)
    return mismatch("inclusion proof: %llu hashes for a tree of %llu leaves are too few", len,
                    size);
  if (CRYPTO_memcmp(r, root, 32) != 0)
    return mismatch("inclusion proof: leaf %llu does not lead to the root of %llu leaves", index,
                    size);
  return 0;
}

int eseal__merkle_verify_consistency(eseal__tlog_hash alg, uint64_t old_size, uint64_t new_size,
                                     const uint8_t old_root[32], const uint8_t new_root[32],
                                     const uint8_t path[][32], size_t len) {
  if (old_size > new_size)
    return mismatch("consistency proof: the old tree (%llu) is larger than the new (%llu)",
                    old_size, new_size);
  if (old_size == new_size || old_size == 0) {
    if (len != 0)
      return mismatch("consistency proof: %llu hashes where none belong (old size %llu)", len,
                      old_size);
    if (old_size == new_size && CRYPTO_memcmp(old_root, new_root, 32) != 0)
      return mismatch("consistency proof: trees of %llu and %llu leaves with different roots",
                      old_size, new_size);
    return 0;
  }
  /* RFC 9162 §2.1.4.2, steps 1 to 7. */
  if (len == 0)
    return mismatch("consistency proof: empty proof from %llu to %llu leaves", old_size, new_size);
  if (len > ESEAL__MERKLE_PATH_MAX)
    return mismatch("consistency proof: %llu hashes, at most %llu allowed", len,
                    ESEAL__MERKLE_PATH_MAX);
  /* Step 2: when old_size is a power of two, old_root is the (virtual) first proof element. */
  int prepended = (old_size & (old_size - 1)) == 0;
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  uint8_t fr[32], sr[32];
  memcpy(fr, prepended ? old_root : path[0], 32);
  memcpy(sr, fr, 32);
  for (size_t i = prepended ? 0 : 1; i < len; i++) {
    if (sn == 0)
      return mismatch("consistency proof: %llu hashes where %llu are needed", len, i);
    int rc;
    if ((fn & 1) || fn == sn) {
      rc = eseal__merkle_node_hash(alg, path[i], fr, fr);
      if (rc == 0)
        rc = eseal__merkle_node_hash(alg, path[i], sr, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      rc = eseal__merkle_node_hash(alg, sr, path[i], sr);
    }
    if (rc)
      return rc;
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0)
    return mismatch("consistency proof: %llu hashes are too few to reach %llu leaves", len,
                    new_size);
  if (CRYPTO_memcmp(fr, old_root, 32) != 0)
    return mismatch("consistency proof: does not lead to the old root (%llu leaves of %llu)",
                    old_size, new_size);
  if (CRYPTO_memcmp(sr, new_root, 32) != 0)
    return mismatch("consistency proof: does not lead to the new root (%llu leaves from %llu)",
                    new_size, old_size);
  return 0;
}
