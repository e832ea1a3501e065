/*
 * Differential target: the library's SM2 verifier (src/crypto/sm2_fast.c)
 * against the verification equation computed with OpenSSL's EC_POINT
 * arithmetic. Any disagreement aborts. The input picks the private key d
 * (so the public key is on the curve and the whole ladder runs), the digest
 * e, and either a signature made with nonce k, possibly with one bit flipped,
 * or raw r and s.
 *
 * Input: d (32) ‖ e (32) ‖ k or r (32) ‖ s (32, raw mode) ‖ mode (1), shorter
 * inputs are padded with zeros. No allocation grows with the input.
 */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "crypto/sm2_fast.h"
#include "fuzz_common.h"

typedef struct input {
  uint8_t d[32], e[32], k_or_r[32], s[32];
  uint8_t mode;
} input;

/* (e + x(s·G + t·P)) mod n == r, t = r + s, with 1 <= r, s < n and t != 0. */
static int reference_verify(const EC_GROUP *g, BN_CTX *bn, const EC_POINT *pub, const BIGNUM *e,
                            const BIGNUM *r, const BIGNUM *s) {
  const BIGNUM *n = EC_GROUP_get0_order(g);
  if (BN_is_zero(r) || BN_cmp(r, n) >= 0 || BN_is_zero(s) || BN_cmp(s, n) >= 0)
    return 0;
  BIGNUM *t = BN_new(), *x1 = BN_new(), *big_r = BN_new();
  EC_POINT *sum = EC_POINT_new(g);
  int ok = 0;
  BN_mod_add(t, r, s, n, bn);
  if (!BN_is_zero(t) && EC_POINT_mul(g, sum, s, pub, t, bn) == 1 &&
      !EC_POINT_is_at_infinity(g, sum) &&
      EC_POINT_get_affine_coordinates(g, sum, x1, NULL, bn) == 1) {
    BN_mod_add(big_r, e, x1, n, bn);
    ok = BN_cmp(big_r, r) == 0;
  }
  BN_free(t);
  BN_free(x1);
  BN_free(big_r);
  EC_POINT_free(sum);
  return ok;
}

/* r = (e + x(k·G)) mod n, s = (1 + d)^-1 (k - r·d) mod n (GB/T 32918.2 §6.1). */
static int sign_digest(const EC_GROUP *g, BN_CTX *bn, const BIGNUM *d, const BIGNUM *k,
                       const BIGNUM *e, BIGNUM *r, BIGNUM *s) {
  const BIGNUM *n = EC_GROUP_get0_order(g);
  EC_POINT *kg = EC_POINT_new(g);
  BIGNUM *x1 = BN_new(), *tmp = BN_new(), *inv = BN_new();
  int ok = EC_POINT_mul(g, kg, k, NULL, NULL, bn) == 1 &&
           EC_POINT_get_affine_coordinates(g, kg, x1, NULL, bn) == 1 &&
           BN_mod_add(r, e, x1, n, bn) == 1 && BN_copy(tmp, d) != NULL &&
           BN_add_word(tmp, 1) == 1 && BN_mod_inverse(inv, tmp, n, bn) != NULL &&
           BN_mod_mul(tmp, r, d, n, bn) == 1 && BN_mod_sub(tmp, k, tmp, n, bn) == 1 &&
           BN_mod_mul(s, inv, tmp, n, bn) == 1;
  EC_POINT_free(kg);
  BN_free(x1);
  BN_free(tmp);
  BN_free(inv);
  return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  input in;
  memset(&in, 0, sizeof in);
  memcpy(&in, data, size < sizeof in ? size : sizeof in);

  EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_sm2);
  BN_CTX *bn = BN_CTX_new();
  BIGNUM *d = BN_bin2bn(in.d, 32, NULL), *e = BN_bin2bn(in.e, 32, NULL);
  BIGNUM *r = BN_bin2bn(in.k_or_r, 32, NULL), *s = BN_bin2bn(in.s, 32, NULL);
  BIGNUM *px = BN_new(), *py = BN_new();
  EC_POINT *pub = EC_POINT_new(g);
  FUZZ_CHECK(g && bn && d && e && r && s && px && py && pub);
  const BIGNUM *n = EC_GROUP_get0_order(g);
  BN_mod(d, d, n, bn);
  /* d = 0 has no public key; d = n - 1 makes 1 + d ≡ 0, so nothing can be signed. */
  BN_add_word(d, 1);
  if (BN_cmp(d, n) < 0 && EC_POINT_mul(g, pub, d, NULL, NULL, bn) == 1 &&
      EC_POINT_get_affine_coordinates(g, pub, px, py, bn) == 1) {
    if (in.mode & 1) {
      BIGNUM *k = BN_dup(r);
      BN_mod(k, k, n, bn);
      if (BN_is_zero(k))
        BN_one(k);
      FUZZ_CHECK(sign_digest(g, bn, d, k, e, r, s));
      BN_free(k);
      if (in.mode & 2)
        BN_set_bit((in.mode & 4) ? s : r, in.mode >> 3);
      if (in.mode & 0x80)
        BN_add_word(e, 1);
    }
    uint8_t x[32], y[32], eb[32], rb[32], sb[32];
    /* Flipped bits can grow r or s past 256 bits, and e + 1 can reach 2^256: those
     * cannot be expressed in 32 bytes (BN_bn2binpad would write nothing), so skip them. */
    if (BN_num_bits(r) <= 256 && BN_num_bits(s) <= 256 && BN_num_bits(e) <= 256) {
      BN_bn2binpad(px, x, 32);
      BN_bn2binpad(py, y, 32);
      BN_bn2binpad(e, eb, 32);
      BN_bn2binpad(r, rb, 32);
      BN_bn2binpad(s, sb, 32);
      int fast = eseal__sm2_verify_fast(x, y, eb, rb, sb);
      FUZZ_CHECK(fast == reference_verify(g, bn, pub, e, r, s));
    }
  }
  EC_POINT_free(pub);
  BN_free(px);
  BN_free(py);
  BN_free(d);
  BN_free(e);
  BN_free(r);
  BN_free(s);
  BN_CTX_free(bn);
  EC_GROUP_free(g);
  return 0;
}
