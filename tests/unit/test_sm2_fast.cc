// The fast SM2 verification against OpenSSL: the field arithmetic against
// BIGNUM on adversarial values, the digest-level verification against a
// reference built from OpenSSL's EC_POINT arithmetic (edge cases included),
// and message-level verification against EVP on random keys and signatures.
#include <gtest/gtest.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

extern "C" {
#include "crypto/digest.h"
#include "crypto/sm2_fast.h"
#include "crypto/sm2_field.h"
}

namespace {

using Bytes = std::vector<uint8_t>;
using BnPtr = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
using PointPtr = std::unique_ptr<EC_POINT, decltype(&EC_POINT_free)>;

const char *kId = "1234567812345678";

BnPtr Bn(const char *hex) {
  BIGNUM *b = nullptr;
  BN_hex2bn(&b, hex);
  return BnPtr(b, BN_free);
}

BnPtr NewBn() { return BnPtr(BN_new(), BN_free); }

Bytes Be32(const BIGNUM *b) {
  Bytes out(32);
  EXPECT_EQ(BN_bn2binpad(b, out.data(), 32), 32);
  return out;
}

// Rounds from the environment (the benchmark runs many more), else `fallback`.
int Rounds(const char *name, int fallback) {
  const char *v = std::getenv(name);
  return v ? std::atoi(v) : fallback;
}

class Sm2Curve {
 public:
  Sm2Curve() : group_(EC_GROUP_new_by_curve_name(NID_sm2)), bn_ctx_(BN_CTX_new()) {
    p_ = NewBn();
    a_ = NewBn();
    b_ = NewBn();
    EC_GROUP_get_curve(group_, p_.get(), a_.get(), b_.get(), bn_ctx_);
    n_ = NewBn();
    BN_copy(n_.get(), EC_GROUP_get0_order(group_));
  }
  ~Sm2Curve() {
    EC_GROUP_free(group_);
    BN_CTX_free(bn_ctx_);
  }
  const EC_GROUP *group() const { return group_; }
  BN_CTX *bn() const { return bn_ctx_; }
  const BIGNUM *p() const { return p_.get(); }
  const BIGNUM *n() const { return n_.get(); }

  // GB/T 32918.2 §7.2 with OpenSSL's EC_POINT arithmetic: the reference answer.
  bool ReferenceVerify(const Bytes &x, const Bytes &y, const Bytes &e, const Bytes &r,
                       const Bytes &s) const {
    BnPtr bx(BN_bin2bn(x.data(), 32, nullptr), BN_free), by(BN_bin2bn(y.data(), 32, nullptr), BN_free);
    BnPtr be(BN_bin2bn(e.data(), 32, nullptr), BN_free), br(BN_bin2bn(r.data(), 32, nullptr), BN_free);
    BnPtr bs(BN_bin2bn(s.data(), 32, nullptr), BN_free);
    if (BN_is_zero(br.get()) || BN_cmp(br.get(), n()) >= 0 || BN_is_zero(bs.get()) ||
        BN_cmp(bs.get(), n()) >= 0)
      return false;
    BnPtr t = NewBn();
    BN_mod_add(t.get(), br.get(), bs.get(), n(), bn_ctx_);
    if (BN_is_zero(t.get()))
      return false;
    PointPtr pub(EC_POINT_new(group_), EC_POINT_free);
    if (BN_cmp(bx.get(), p()) >= 0 || BN_cmp(by.get(), p()) >= 0 ||
        EC_POINT_set_affine_coordinates(group_, pub.get(), bx.get(), by.get(), bn_ctx_) != 1 ||
        EC_POINT_is_on_curve(group_, pub.get(), bn_ctx_) != 1)
      return false;
    PointPtr sum(EC_POINT_new(group_), EC_POINT_free);
    EC_POINT_mul(group_, sum.get(), bs.get(), pub.get(), t.get(), bn_ctx_);
    if (EC_POINT_is_at_infinity(group_, sum.get()))
      return false;
    BnPtr x1 = NewBn();
    EC_POINT_get_affine_coordinates(group_, sum.get(), x1.get(), nullptr, bn_ctx_);
    BnPtr big_r = NewBn();
    BN_mod_add(big_r.get(), be.get(), x1.get(), n(), bn_ctx_);
    return BN_cmp(big_r.get(), br.get()) == 0;
  }

  // d·G as 32-byte x and y.
  void PublicKey(const BIGNUM *d, Bytes *x, Bytes *y) const {
    PointPtr q(EC_POINT_new(group_), EC_POINT_free);
    EC_POINT_mul(group_, q.get(), d, nullptr, nullptr, bn_ctx_);
    BnPtr bx = NewBn(), by = NewBn();
    EC_POINT_get_affine_coordinates(group_, q.get(), bx.get(), by.get(), bn_ctx_);
    *x = Be32(bx.get());
    *y = Be32(by.get());
  }

 private:
  EC_GROUP *group_;
  BN_CTX *bn_ctx_;
  BnPtr p_{nullptr, BN_free}, a_{nullptr, BN_free}, b_{nullptr, BN_free}, n_{nullptr, BN_free};
};

const Sm2Curve &Curve() {
  static Sm2Curve curve;
  return curve;
}

bool Fast(const Bytes &x, const Bytes &y, const Bytes &e, const Bytes &r, const Bytes &s) {
  return eseal__sm2_verify_fast(x.data(), y.data(), e.data(), r.data(), s.data()) == 1;
}

// A signature made from the private key d and nonce k over digest e, per §6.1.
void SignDigest(const BIGNUM *d, const BIGNUM *k, const Bytes &e, Bytes *r, Bytes *s) {
  const Sm2Curve &c = Curve();
  PointPtr kg(EC_POINT_new(c.group()), EC_POINT_free);
  EC_POINT_mul(c.group(), kg.get(), k, nullptr, nullptr, c.bn());
  BnPtr x1 = NewBn(), be(BN_bin2bn(e.data(), 32, nullptr), BN_free), br = NewBn();
  EC_POINT_get_affine_coordinates(c.group(), kg.get(), x1.get(), nullptr, c.bn());
  BN_mod_add(br.get(), be.get(), x1.get(), c.n(), c.bn());
  // s = (1 + d)^-1 (k - r d) mod n
  BnPtr one_d = NewBn(), inv = NewBn(), rd = NewBn(), diff = NewBn(), bs = NewBn();
  BN_copy(one_d.get(), d);
  BN_add_word(one_d.get(), 1);
  BN_mod_inverse(inv.get(), one_d.get(), c.n(), c.bn());
  BN_mod_mul(rd.get(), br.get(), d, c.n(), c.bn());
  BN_mod_sub(diff.get(), k, rd.get(), c.n(), c.bn());
  BN_mod_mul(bs.get(), inv.get(), diff.get(), c.n(), c.bn());
  *r = Be32(br.get());
  *s = Be32(bs.get());
}

BnPtr RandomBelow(const BIGNUM *bound) {
  BnPtr v = NewBn();
  do {
    BN_rand_range(v.get(), bound);
  } while (BN_is_zero(v.get()));
  return v;
}

Bytes RandomBytes(size_t n) {
  Bytes out(n);
  RAND_bytes(out.data(), static_cast<int>(n));
  return out;
}

// ---- Field arithmetic against BIGNUM ------------------------------------------------------------

eseal__fe FeFromBn(const BIGNUM *b) {
  Bytes be = Be32(b);
  eseal__fe f;
  eseal__u256_from_be(f.v, be.data());
  return f;
}

BnPtr BnFromFe(const eseal__fe &f) {
  Bytes be(32);
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 8; j++)
      be[(3 - i) * 8 + j] = static_cast<uint8_t>(f.v[i] >> (56 - 8 * j));
  return BnPtr(BN_bin2bn(be.data(), 32, nullptr), BN_free);
}

// Values that drive the carries and the conditional subtractions: near 0, near p, limb edges.
std::vector<BnPtr> AdversarialFieldValues() {
  const char *hex[] = {
      "0", "1", "2", "3",
      "FFFFFFFFFFFFFFFF", "10000000000000000", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
      "100000000000000000000000000000000", "FFFFFFFF00000000", "FFFFFFFF",
      "8000000000000000000000000000000000000000000000000000000000000000",
      "7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
      "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFE",  // p - 1
      "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFD",  // p - 2
      "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFF00000000",
      "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122",  // n - 1
      "FFFFFFFEFFFFFFFF0000000000000000FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
      "00000001000000000000000000000000000000000000000000000000FFFFFFFF",
      "7FFFFFFF7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF800000007FFFFFFFFFFFFFFF",  // (p - 1) / 2
  };
  std::vector<BnPtr> out;
  for (const char *h : hex)
    out.push_back(Bn(h));
  for (int i = 0; i < 24; i++)
    out.push_back(RandomBelow(Curve().p()));
  return out;
}

TEST(Sm2Field, AddSubMulSqrAgreeWithBignumOnEdgeValues) {
  const Sm2Curve &c = Curve();
  // R^-1 mod p, to predict Montgomery products.
  BnPtr r_inv = NewBn(), two256 = NewBn();
  BN_set_bit(two256.get(), 256);
  BN_mod_inverse(r_inv.get(), two256.get(), c.p(), c.bn());
  auto values = AdversarialFieldValues();
  int checked = 0;
  for (const auto &a : values) {
    for (const auto &b : values) {
      eseal__fe fa = FeFromBn(a.get()), fb = FeFromBn(b.get()), out;
      BnPtr want = NewBn();

      eseal__fe_add(&out, &fa, &fb);
      BN_mod_add(want.get(), a.get(), b.get(), c.p(), c.bn());
      ASSERT_EQ(BN_cmp(BnFromFe(out).get(), want.get()), 0) << BN_bn2hex(a.get()) << " + " << BN_bn2hex(b.get());

      eseal__fe_sub(&out, &fa, &fb);
      BN_mod_sub(want.get(), a.get(), b.get(), c.p(), c.bn());
      ASSERT_EQ(BN_cmp(BnFromFe(out).get(), want.get()), 0) << BN_bn2hex(a.get()) << " - " << BN_bn2hex(b.get());

      eseal__fe_mul(&out, &fa, &fb);
      BN_mod_mul(want.get(), a.get(), b.get(), c.p(), c.bn());
      BN_mod_mul(want.get(), want.get(), r_inv.get(), c.p(), c.bn());
      ASSERT_EQ(BN_cmp(BnFromFe(out).get(), want.get()), 0) << BN_bn2hex(a.get()) << " * " << BN_bn2hex(b.get());
      checked++;
    }
    eseal__fe fa = FeFromBn(a.get()), out;
    BnPtr want = NewBn();
    eseal__fe_sqr(&out, &fa);
    BN_mod_mul(want.get(), a.get(), a.get(), c.p(), c.bn());
    BN_mod_mul(want.get(), want.get(), r_inv.get(), c.p(), c.bn());
    ASSERT_EQ(BN_cmp(BnFromFe(out).get(), want.get()), 0) << BN_bn2hex(a.get()) << " squared";
  }
  EXPECT_EQ(checked, static_cast<int>(values.size() * values.size()));
}

// The Montgomery reduction alone, on inputs t = v·2^256 - M·p built from the value v it must
// produce before its final conditional subtraction and its quotient M, whose 64-bit limbs are
// the digits m of its four steps: every digit pattern of the shift-and-subtract step (m with
// zero, one or all bits at 2^32 and 2^64 edges), and v on each side of p and of 2^256 (the
// carry out of the top limb).
TEST(Sm2Field, ReductionAgreesWithBignumOnEveryDigitAndCarryEdge) {
  const Sm2Curve &c = Curve();
  BnPtr r = NewBn(), r_inv = NewBn(), p_times_r = NewBn(), two_p = NewBn();
  BN_set_bit(r.get(), 256);
  BN_mod_inverse(r_inv.get(), r.get(), c.p(), c.bn());
  BN_mul(p_times_r.get(), c.p(), r.get(), c.bn());
  BN_lshift1(two_p.get(), c.p());
  auto shifted = [](const char *hex, int bits) {
    BnPtr b = Bn(hex);
    BN_lshift(b.get(), b.get(), bits);
    return b;
  };
  std::vector<BnPtr> values, quotients;
  for (const char *hex : {"0", "1", "FFFFFFFFFFFFFFFF"})
    values.push_back(Bn(hex));
  for (int delta : {-1, 0, 1}) {  // p - 1, p, p + 1
    BnPtr v = NewBn();
    BN_copy(v.get(), c.p());
    if (delta < 0) BN_sub_word(v.get(), 1);
    if (delta > 0) BN_add_word(v.get(), 1);
    values.push_back(std::move(v));
  }
  for (int delta : {-1, 0, 1}) {  // 2^256 - 1, 2^256, 2^256 + 1: the top carry
    BnPtr v = NewBn();
    BN_copy(v.get(), r.get());
    if (delta < 0) BN_sub_word(v.get(), 1);
    if (delta > 0) BN_add_word(v.get(), 1);
    values.push_back(std::move(v));
  }
  BnPtr two_p_minus_1 = NewBn();
  BN_copy(two_p_minus_1.get(), two_p.get());
  BN_sub_word(two_p_minus_1.get(), 1);
  values.push_back(std::move(two_p_minus_1));
  values.push_back(RandomBelow(two_p.get()));

  for (const char *digit : {"0", "1", "FFFFFFFF", "100000000", "FFFFFFFF00000000", "FFFFFFFFFFFFFFFF",
                            "8000000000000000", "80000000"}) {
    BnPtr every = NewBn();  // the digit in all four limbs
    for (int limb = 0; limb < 4; limb++) {
      BN_lshift(every.get(), every.get(), 64);
      BnPtr d = Bn(digit);
      BN_add(every.get(), every.get(), d.get());
    }
    quotients.push_back(std::move(every));
    for (int limb = 0; limb < 4; limb++)  // the digit in one limb, zeros elsewhere
      quotients.push_back(shifted(digit, 64 * limb));
  }
  quotients.push_back(RandomBelow(r.get()));

  int checked = 0, at_p = 0, past_2_256 = 0, all_ones_digits = 0;
  for (const auto &v : values) {
    for (const auto &m : quotients) {
      BnPtr t = NewBn(), mp = NewBn();
      BN_mul(t.get(), v.get(), r.get(), c.bn());
      BN_mul(mp.get(), m.get(), c.p(), c.bn());
      BN_sub(t.get(), t.get(), mp.get());
      if (BN_is_negative(t.get()) || BN_cmp(t.get(), p_times_r.get()) >= 0)
        continue;  // outside the reduction's domain 0 <= t < p·2^256
      uint8_t be[64];
      ASSERT_EQ(BN_bn2binpad(t.get(), be, 64), 64);
      uint64_t limbs[8];
      eseal__u256_from_be(limbs, be + 32);
      eseal__u256_from_be(limbs + 4, be);
      eseal__fe out;
      eseal__fe_reduce(&out, limbs);
      BnPtr want = NewBn(), v_mod_p = NewBn();
      BN_mod_mul(want.get(), t.get(), r_inv.get(), c.p(), c.bn());
      BN_nnmod(v_mod_p.get(), v.get(), c.p(), c.bn());
      ASSERT_EQ(BN_cmp(want.get(), v_mod_p.get()), 0) << "test construction";
      ASSERT_EQ(BN_cmp(BnFromFe(out).get(), want.get()), 0)
          << "t = " << BN_bn2hex(t.get()) << " (v = " << BN_bn2hex(v.get()) << ", M = " << BN_bn2hex(m.get()) << ")";
      checked++;
      at_p += BN_cmp(v.get(), c.p()) == 0;
      past_2_256 += BN_cmp(v.get(), r.get()) >= 0;
      all_ones_digits += BN_num_bits(m.get()) == 256 && BN_is_bit_set(m.get(), 1);
    }
  }
  // Pairs with v >= p need M large enough to stay in the domain; these must have run.
  EXPECT_GT(checked, 150);
  EXPECT_GT(at_p, 0);
  EXPECT_GT(past_2_256, 0);
  EXPECT_GT(all_ones_digits, 0);
}

// ---- Digest-level verification against the EC_POINT reference -----------------------------------

struct Case {
  Bytes x, y, e, r, s;
};

Case ValidCase(const BIGNUM *d) {
  Case c;
  Curve().PublicKey(d, &c.x, &c.y);
  c.e = RandomBytes(32);
  BnPtr k = RandomBelow(Curve().n());
  SignDigest(d, k.get(), c.e, &c.r, &c.s);
  return c;
}

void ExpectAgree(const Case &c, const char *what) {
  bool want = Curve().ReferenceVerify(c.x, c.y, c.e, c.r, c.s);
  EXPECT_EQ(Fast(c.x, c.y, c.e, c.r, c.s), want) << what;
}

TEST(Sm2FastVerify, ValidSignaturesVerifyAndEveryCorruptionIsRejected) {
  for (int i = 0; i < 200; i++) {
    BnPtr d = RandomBelow(Curve().n());
    Case c = ValidCase(d.get());
    ASSERT_TRUE(Curve().ReferenceVerify(c.x, c.y, c.e, c.r, c.s));
    ASSERT_TRUE(Fast(c.x, c.y, c.e, c.r, c.s));
    for (Bytes Case::*field : {&Case::e, &Case::r, &Case::s, &Case::x, &Case::y}) {
      Case bad = c;
      (bad.*field)[i % 32] ^= static_cast<uint8_t>(1u << (i % 8));
      ExpectAgree(bad, "one bit flipped");
      EXPECT_FALSE(Fast(bad.x, bad.y, bad.e, bad.r, bad.s));
    }
  }
}

TEST(Sm2FastVerify, ScalarsOutsideTheRangeAndTZeroAreRejected) {
  const Sm2Curve &c = Curve();
  BnPtr d = RandomBelow(c.n());
  Case good = ValidCase(d.get());
  BnPtr n_minus_1 = NewBn(), n_plus_1 = NewBn(), all_ones = Bn(
      "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
  BN_sub(n_minus_1.get(), c.n(), BN_value_one());
  BN_add(n_plus_1.get(), c.n(), BN_value_one());
  BnPtr zero = Bn("0");
  for (const BIGNUM *bad : std::vector<const BIGNUM *>{zero.get(), c.n(), n_plus_1.get(), all_ones.get()}) {
    Case r_bad = good, s_bad = good;
    r_bad.r = Be32(bad);
    s_bad.s = Be32(bad);
    EXPECT_FALSE(Fast(r_bad.x, r_bad.y, r_bad.e, r_bad.r, r_bad.s));
    EXPECT_FALSE(Fast(s_bad.x, s_bad.y, s_bad.e, s_bad.r, s_bad.s));
  }
  // n - 1 is in range: agrees with the reference (a wrong signature, so false, but not refused early).
  Case edge = good;
  edge.s = Be32(n_minus_1.get());
  ExpectAgree(edge, "s = n - 1");
  // t = r + s ≡ 0 (mod n).
  Case t_zero = good;
  BnPtr br(BN_bin2bn(good.r.data(), 32, nullptr), BN_free), s_neg = NewBn();
  BN_sub(s_neg.get(), c.n(), br.get());
  t_zero.s = Be32(s_neg.get());
  EXPECT_FALSE(c.ReferenceVerify(t_zero.x, t_zero.y, t_zero.e, t_zero.r, t_zero.s));
  EXPECT_FALSE(Fast(t_zero.x, t_zero.y, t_zero.e, t_zero.r, t_zero.s));
}

TEST(Sm2FastVerify, PublicKeysOffTheCurveOrUnreducedAreRejected) {
  const Sm2Curve &c = Curve();
  BnPtr d = RandomBelow(c.n());
  Case good = ValidCase(d.get());
  Case off = good;
  off.y[31] ^= 1;
  EXPECT_FALSE(Fast(off.x, off.y, off.e, off.r, off.s));
  // x + p: the same residue, but not a reduced coordinate.
  BnPtr bx(BN_bin2bn(good.x.data(), 32, nullptr), BN_free);
  BnPtr bx_plus_p = NewBn();
  BN_add(bx_plus_p.get(), bx.get(), c.p());
  if (BN_num_bits(bx_plus_p.get()) <= 256) {
    Case unreduced = good;
    unreduced.x = Be32(bx_plus_p.get());
    EXPECT_FALSE(Fast(unreduced.x, unreduced.y, unreduced.e, unreduced.r, unreduced.s));
  }
  Case p_coord = good;
  p_coord.x = Be32(c.p());
  EXPECT_FALSE(Fast(p_coord.x, p_coord.y, p_coord.e, p_coord.r, p_coord.s));
  Case zero_point = good;
  zero_point.x.assign(32, 0);
  zero_point.y.assign(32, 0);
  EXPECT_FALSE(Fast(zero_point.x, zero_point.y, zero_point.e, zero_point.r, zero_point.s));
}

// Key d = 1 (P = G) and d = n - 1 (P = -G) make the two tables share points, so the
// additions meet equal and opposite points, and s·G + t·P can be the point at infinity.
TEST(Sm2FastVerify, KeysThatCollideWithTheGeneratorTableAgreeWithTheReference) {
  const Sm2Curve &c = Curve();
  BnPtr n_minus_1 = NewBn();
  BN_sub(n_minus_1.get(), c.n(), BN_value_one());
  BnPtr one = Bn("1"), two = Bn("2");
  for (const BIGNUM *d : std::vector<const BIGNUM *>{one.get(), two.get(), n_minus_1.get()}) {
    for (int i = 0; i < 50; i++) {
      if (BN_cmp(d, n_minus_1.get()) == 0)
        break;  // 1 + d ≡ 0: no signature exists for this key
      Case v = ValidCase(d);
      ASSERT_TRUE(Fast(v.x, v.y, v.e, v.r, v.s));
    }
    // r = s, so t = 2s: for P = ±G both NAFs walk multiples of G and additions meet.
    for (int i = 0; i < 50; i++) {
      Case equal;
      c.PublicKey(d, &equal.x, &equal.y);
      equal.e = RandomBytes(32);
      BnPtr s = RandomBelow(c.n());
      BnPtr r = NewBn();
      BN_copy(r.get(), s.get());
      equal.r = Be32(r.get());
      equal.s = Be32(s.get());
      ExpectAgree(equal, "t = 2s");
    }
  }
  // s·G + t·G = O: r ≡ -2s (mod n) with P = G, so t = r + s ≡ -s.
  BnPtr s = RandomBelow(c.n()), r = NewBn(), two_s = NewBn();
  BN_mod_add(two_s.get(), s.get(), s.get(), c.n(), c.bn());
  BN_mod_sub(r.get(), c.n(), two_s.get(), c.n(), c.bn());
  Case infinity;
  c.PublicKey(one.get(), &infinity.x, &infinity.y);
  infinity.e = RandomBytes(32);
  infinity.r = Be32(r.get());
  infinity.s = Be32(s.get());
  EXPECT_FALSE(c.ReferenceVerify(infinity.x, infinity.y, infinity.e, infinity.r, infinity.s));
  EXPECT_FALSE(Fast(infinity.x, infinity.y, infinity.e, infinity.r, infinity.s));
}

// With t = r + s ≡ 0 the key drops out of s·G + t·P: anyone could sign for any key.
// Given the digest freedom a test has, such a "signature" satisfies R = r exactly.
TEST(Sm2FastVerify, TZeroForgeryThatIgnoresTheKeyIsRefused) {
  const Sm2Curve &c = Curve();
  BnPtr d = RandomBelow(c.n());
  for (int i = 0; i < 10; i++) {
    Case forged;
    c.PublicKey(d.get(), &forged.x, &forged.y);
    BnPtr s = RandomBelow(c.n()), r = NewBn(), x1 = NewBn(), e = NewBn();
    BN_sub(r.get(), c.n(), s.get());  // t = r + s = n
    PointPtr sg(EC_POINT_new(c.group()), EC_POINT_free);
    EC_POINT_mul(c.group(), sg.get(), s.get(), nullptr, nullptr, c.bn());
    EC_POINT_get_affine_coordinates(c.group(), sg.get(), x1.get(), nullptr, c.bn());
    BN_mod_sub(e.get(), r.get(), x1.get(), c.n(), c.bn());  // so that e + x(s·G) ≡ r
    forged.e = Be32(e.get());
    forged.r = Be32(r.get());
    forged.s = Be32(s.get());
    EXPECT_FALSE(c.ReferenceVerify(forged.x, forged.y, forged.e, forged.r, forged.s));
    EXPECT_FALSE(Fast(forged.x, forged.y, forged.e, forged.r, forged.s));
  }
}

// A point R0 whose x-coordinate x0 lies in [n, p) (the first such x with the given y parity).
BnPtr PointAboveTheOrder(const Sm2Curve &c, EC_POINT *r0, int y_bit) {
  BnPtr x0 = NewBn();
  BN_copy(x0.get(), c.n());
  while (EC_POINT_set_compressed_coordinates(c.group(), r0, x0.get(), y_bit, c.bn()) != 1)
    BN_add_word(x0.get(), 1);
  EXPECT_LT(BN_cmp(x0.get(), c.p()), 0);
  return x0;
}

// The case whose s·G + t·P is R0: the key P = t^-1 (R0 - s·G), with t = r + s, so (r, s)
// is valid for e whenever r = (e + x(R0)) mod n.
Case WithKeyReaching(const Sm2Curve &c, const EC_POINT *r0, const BIGNUM *e, const BIGNUM *r,
                     const BIGNUM *s) {
  BnPtr t = NewBn(), t_inv = NewBn(), minus_s = NewBn(), coef = NewBn(), px = NewBn(), py = NewBn();
  BN_mod_add(t.get(), r, s, c.n(), c.bn());
  BN_mod_inverse(t_inv.get(), t.get(), c.n(), c.bn());
  BN_mod_sub(minus_s.get(), c.n(), s, c.n(), c.bn());
  BN_mod_mul(coef.get(), t_inv.get(), minus_s.get(), c.n(), c.bn());
  PointPtr tmp(EC_POINT_new(c.group()), EC_POINT_free), pub(EC_POINT_new(c.group()), EC_POINT_free);
  EC_POINT_mul(c.group(), tmp.get(), nullptr, r0, t_inv.get(), c.bn());
  EC_POINT_mul(c.group(), pub.get(), coef.get(), tmp.get(), BN_value_one(), c.bn());
  EC_POINT_get_affine_coordinates(c.group(), pub.get(), px.get(), py.get(), c.bn());
  return Case{Be32(px.get()), Be32(py.get()), Be32(e), Be32(r), Be32(s)};
}

// x1 ≥ n happens with probability 2^-128 at random; built here on purpose.
TEST(Sm2FastVerify, ResultXCoordinateAboveTheOrderIsReducedLikeTheReference) {
  const Sm2Curve &c = Curve();
  PointPtr r0(EC_POINT_new(c.group()), EC_POINT_free);
  BnPtr x0 = PointAboveTheOrder(c, r0.get(), 0);
  for (int i = 0; i < 20; i++) {
    Bytes digest = RandomBytes(32);
    BnPtr e(BN_bin2bn(digest.data(), 32, nullptr), BN_free), s = RandomBelow(c.n()), r = NewBn();
    BN_mod_add(r.get(), e.get(), x0.get(), c.n(), c.bn());
    Case v = WithKeyReaching(c, r0.get(), e.get(), r.get(), s.get());
    ASSERT_TRUE(c.ReferenceVerify(v.x, v.y, v.e, v.r, v.s));
    EXPECT_TRUE(Fast(v.x, v.y, v.e, v.r, v.s));
    Case shifted = v;
    shifted.e[31] ^= 1;
    ExpectAgree(shifted, "digest changed");
  }
}

// r and r + n name the same residue; only r in [1, n-1] is a signature. Built so that
// r + n would satisfy the final comparison: x1 in [n, p) and a small r.
TEST(Sm2FastVerify, RPlusTheOrderIsRefusedEvenWhereItWouldMatch) {
  const Sm2Curve &c = Curve();
  PointPtr r0(EC_POINT_new(c.group()), EC_POINT_free);
  BnPtr x0 = PointAboveTheOrder(c, r0.get(), 1);
  for (unsigned small = 1; small <= 5; small++) {
    BnPtr r = NewBn(), e = NewBn(), s = RandomBelow(c.n());
    BN_set_word(r.get(), small);
    BN_mod_sub(e.get(), r.get(), x0.get(), c.n(), c.bn());  // r = (e + x0) mod n
    Case v = WithKeyReaching(c, r0.get(), e.get(), r.get(), s.get());
    ASSERT_TRUE(c.ReferenceVerify(v.x, v.y, v.e, v.r, v.s));
    ASSERT_TRUE(Fast(v.x, v.y, v.e, v.r, v.s));
    BnPtr r_plus_n = NewBn();
    BN_add(r_plus_n.get(), r.get(), c.n());
    Case above = v;
    above.r = Be32(r_plus_n.get());
    EXPECT_FALSE(c.ReferenceVerify(above.x, above.y, above.e, above.r, above.s));
    EXPECT_FALSE(Fast(above.x, above.y, above.e, above.r, above.s));
  }
}

// Digests e ≥ n (e is reduced mod n first) and on limb edges: signatures over them verify,
// and the same signatures under the neighbouring digest do not, as the reference says.
TEST(Sm2FastVerify, DigestsAtAndAboveTheOrderAgreeWithTheReference) {
  const Sm2Curve &c = Curve();
  BnPtr n_minus_1 = NewBn(), n_plus_1 = NewBn(), p_minus_1 = NewBn();
  BN_sub(n_minus_1.get(), c.n(), BN_value_one());
  BN_add(n_plus_1.get(), c.n(), BN_value_one());
  BN_sub(p_minus_1.get(), c.p(), BN_value_one());
  BnPtr all_ones = Bn("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
  BnPtr low_limbs = Bn("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
  BnPtr zero = Bn("0");
  BnPtr d = RandomBelow(c.n());
  for (const BIGNUM *digest : std::vector<const BIGNUM *>{c.n(), n_plus_1.get(), n_minus_1.get(),
                                                           c.p(), p_minus_1.get(), all_ones.get(),
                                                           low_limbs.get(), zero.get()}) {
    Case v;
    c.PublicKey(d.get(), &v.x, &v.y);
    v.e = Be32(digest);
    BnPtr k = RandomBelow(c.n());
    SignDigest(d.get(), k.get(), v.e, &v.r, &v.s);
    ASSERT_TRUE(c.ReferenceVerify(v.x, v.y, v.e, v.r, v.s)) << BN_bn2hex(digest);
    EXPECT_TRUE(Fast(v.x, v.y, v.e, v.r, v.s)) << BN_bn2hex(digest);
    // e and e - n are the same residue: both verify, as the reference says.
    if (BN_cmp(digest, c.n()) >= 0) {
      BnPtr reduced = NewBn();
      BN_sub(reduced.get(), digest, c.n());
      Case same = v;
      same.e = Be32(reduced.get());
      ASSERT_TRUE(c.ReferenceVerify(same.x, same.y, same.e, same.r, same.s));
      EXPECT_TRUE(Fast(same.x, same.y, same.e, same.r, same.s));
    }
    Case other = v;
    other.e[31] ^= 1;
    EXPECT_FALSE(c.ReferenceVerify(other.x, other.y, other.e, other.r, other.s));
    EXPECT_FALSE(Fast(other.x, other.y, other.e, other.r, other.s)) << BN_bn2hex(digest);
  }
}

// A y-coordinate ≥ p with a valid x: p itself, and y + p (the same residue) when it fits.
TEST(Sm2FastVerify, PublicKeyYCoordinateAtOrAbovePIsRejected) {
  const Sm2Curve &c = Curve();
  for (int i = 0; i < 20; i++) {
    BnPtr d = RandomBelow(c.n());
    Case good = ValidCase(d.get());
    ASSERT_TRUE(Fast(good.x, good.y, good.e, good.r, good.s));
    Case at_p = good;
    at_p.y = Be32(c.p());
    EXPECT_FALSE(c.ReferenceVerify(at_p.x, at_p.y, at_p.e, at_p.r, at_p.s));
    EXPECT_FALSE(Fast(at_p.x, at_p.y, at_p.e, at_p.r, at_p.s));
    BnPtr by(BN_bin2bn(good.y.data(), 32, nullptr), BN_free), y_plus_p = NewBn();
    BN_add(y_plus_p.get(), by.get(), c.p());
    if (BN_num_bits(y_plus_p.get()) <= 256) {
      Case unreduced = good;
      unreduced.y = Be32(y_plus_p.get());
      EXPECT_FALSE(c.ReferenceVerify(unreduced.x, unreduced.y, unreduced.e, unreduced.r, unreduced.s));
      EXPECT_FALSE(Fast(unreduced.x, unreduced.y, unreduced.e, unreduced.r, unreduced.s));
    }
  }
}

// e = 2^256 - 1 with small r: r - e wraps past 2^256, and only reducing e mod n first gives
// x1 = (r - e) mod n (with a random r the wrap happens to land right). Keys built to reach
// the point with that x.
TEST(Sm2FastVerify, LargestDigestWithSmallRVerifies) {
  const Sm2Curve &c = Curve();
  BnPtr e = Bn("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
  int built = 0;
  for (unsigned small = 1; small <= 40 && built < 5; small++) {
    BnPtr r = NewBn(), x0 = NewBn(), s = RandomBelow(c.n());
    BN_set_word(r.get(), small);
    BN_mod_sub(x0.get(), r.get(), e.get(), c.n(), c.bn());
    PointPtr r0(EC_POINT_new(c.group()), EC_POINT_free);
    if (EC_POINT_set_compressed_coordinates(c.group(), r0.get(), x0.get(), 0, c.bn()) != 1)
      continue;
    Case v = WithKeyReaching(c, r0.get(), e.get(), r.get(), s.get());
    ASSERT_TRUE(c.ReferenceVerify(v.x, v.y, v.e, v.r, v.s));
    EXPECT_TRUE(Fast(v.x, v.y, v.e, v.r, v.s)) << "r = " << small;
    Case other = v;
    other.r[31] ^= 2;
    EXPECT_FALSE(c.ReferenceVerify(other.x, other.y, other.e, other.r, other.s));
    EXPECT_FALSE(Fast(other.x, other.y, other.e, other.r, other.s));
    built++;
  }
  EXPECT_EQ(built, 5);
}

// A key with a small x0 (found upward from 1) and a valid signature for it made without
// its private key, as the digest is free here: R0 = s·G + t·P, e = r - x(R0) mod n. Then
// x0 + p (the same residue, still below 2^256) must not stand in for x0.
TEST(Sm2FastVerify, UnreducedXCoordinateOfARealKeyIsRejected) {
  const Sm2Curve &c = Curve();
  PointPtr pub(EC_POINT_new(c.group()), EC_POINT_free);
  BnPtr x0 = NewBn(), y0 = NewBn();
  BN_set_word(x0.get(), 1);
  while (EC_POINT_set_compressed_coordinates(c.group(), pub.get(), x0.get(), 1, c.bn()) != 1)
    BN_add_word(x0.get(), 1);
  EC_POINT_get_affine_coordinates(c.group(), pub.get(), nullptr, y0.get(), c.bn());
  BnPtr x0_plus_p = NewBn();
  BN_add(x0_plus_p.get(), x0.get(), c.p());
  ASSERT_LE(BN_num_bits(x0_plus_p.get()), 256);
  for (int i = 0; i < 10; i++) {
    BnPtr r = RandomBelow(c.n()), s = RandomBelow(c.n()), t = NewBn(), x1 = NewBn(), e = NewBn();
    BN_mod_add(t.get(), r.get(), s.get(), c.n(), c.bn());
    PointPtr r0(EC_POINT_new(c.group()), EC_POINT_free);
    EC_POINT_mul(c.group(), r0.get(), s.get(), pub.get(), t.get(), c.bn());
    EC_POINT_get_affine_coordinates(c.group(), r0.get(), x1.get(), nullptr, c.bn());
    BN_mod_sub(e.get(), r.get(), x1.get(), c.n(), c.bn());
    Case v{Be32(x0.get()), Be32(y0.get()), Be32(e.get()), Be32(r.get()), Be32(s.get())};
    ASSERT_TRUE(c.ReferenceVerify(v.x, v.y, v.e, v.r, v.s));
    EXPECT_TRUE(Fast(v.x, v.y, v.e, v.r, v.s));
    Case unreduced = v;
    unreduced.x = Be32(x0_plus_p.get());
    EXPECT_FALSE(c.ReferenceVerify(unreduced.x, unreduced.y, unreduced.e, unreduced.r, unreduced.s));
    EXPECT_FALSE(Fast(unreduced.x, unreduced.y, unreduced.e, unreduced.r, unreduced.s));
  }
}

// The second candidate c + n is compared only while below p. Built so that a verifier
// comparing it modulo p would accept: x(R0) = x0 small and c = x0 + p - n, so that
// c + n ≡ x0 (mod p) though (e + x0) mod n ≠ r. The honest r for R0 verifies.
TEST(Sm2FastVerify, SecondCandidateAtOrAbovePIsNotReducedModP) {
  const Sm2Curve &c = Curve();
  PointPtr r0(EC_POINT_new(c.group()), EC_POINT_free);
  BnPtr x0 = NewBn();
  BN_set_word(x0.get(), 1);
  while (EC_POINT_set_compressed_coordinates(c.group(), r0.get(), x0.get(), 0, c.bn()) != 1)
    BN_add_word(x0.get(), 1);
  BnPtr p_minus_n = NewBn();
  BN_sub(p_minus_n.get(), c.p(), c.n());
  for (int i = 0; i < 10; i++) {
    Bytes digest = RandomBytes(32);
    BnPtr e(BN_bin2bn(digest.data(), 32, nullptr), BN_free), s = RandomBelow(c.n());
    BnPtr honest_r = NewBn(), forged_r = NewBn();
    BN_mod_add(honest_r.get(), e.get(), x0.get(), c.n(), c.bn());
    BN_mod_add(forged_r.get(), honest_r.get(), p_minus_n.get(), c.n(), c.bn());
    Case honest = WithKeyReaching(c, r0.get(), e.get(), honest_r.get(), s.get());
    ASSERT_TRUE(c.ReferenceVerify(honest.x, honest.y, honest.e, honest.r, honest.s));
    EXPECT_TRUE(Fast(honest.x, honest.y, honest.e, honest.r, honest.s));
    Case forged = WithKeyReaching(c, r0.get(), e.get(), forged_r.get(), s.get());
    EXPECT_FALSE(c.ReferenceVerify(forged.x, forged.y, forged.e, forged.r, forged.s));
    EXPECT_FALSE(Fast(forged.x, forged.y, forged.e, forged.r, forged.s));
  }
}

// ---- Message level, against EVP --------------------------------------------------------------

bool EvpVerify(EVP_PKEY *key, const Bytes &msg, const Bytes &sig) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, nullptr);
  EVP_PKEY_CTX_set1_id(pctx, kId, strlen(kId));
  EVP_MD_CTX_set_pkey_ctx(md, pctx);
  bool ok = EVP_DigestVerifyInit(md, nullptr, EVP_sm3(), nullptr, key) == 1 &&
            EVP_DigestVerify(md, sig.data(), sig.size(), msg.data(), msg.size()) == 1;
  EVP_MD_CTX_free(md);
  EVP_PKEY_CTX_free(pctx);
  return ok;
}

Bytes EvpSign(EVP_PKEY *key, const Bytes &msg) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, nullptr);
  EVP_PKEY_CTX_set1_id(pctx, kId, strlen(kId));
  EVP_MD_CTX_set_pkey_ctx(md, pctx);
  size_t len = 0;
  EVP_DigestSignInit(md, nullptr, EVP_sm3(), nullptr, key);
  EVP_DigestSign(md, nullptr, &len, msg.data(), msg.size());
  Bytes sig(len);
  EVP_DigestSign(md, sig.data(), &len, msg.data(), msg.size());
  sig.resize(len);
  EVP_MD_CTX_free(md);
  EVP_PKEY_CTX_free(pctx);
  return sig;
}

int Ours(EVP_PKEY *key, const Bytes &msg, const Bytes &sig) {
  return eseal__sm2_verify_message(key, reinterpret_cast<const uint8_t *>(kId), strlen(kId),
                                   msg.data(), msg.size(), sig.data(), sig.size());
}

// ESEAL_SM2_DIFF_ROUNDS cases (CI: 100,000 in the optimised build, fewer under sanitizers;
// the benchmark runs 10 million): each signature as made and with three changes (a message
// bit, a signature bit, a trailing byte), all answered as EVP answers them.
TEST(Sm2FastVerify, AgreesWithEvpOnRandomKeysMessagesAndCorruptions) {
  const int rounds = Rounds("ESEAL_SM2_DIFF_ROUNDS", 2000);
  std::mt19937_64 rng(0x5eed);
  EVP_PKEY *key = nullptr;
  int valid = 0, invalid = 0;
  for (int i = 0; i < rounds; i += 4) {
    if (i % 400 == 0) {
      EVP_PKEY_free(key);
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
      ASSERT_NE(key, nullptr);
    }
    const Bytes msg = RandomBytes(1 + rng() % 64);
    const Bytes sig = EvpSign(key, msg);
    for (int variant = 0; variant < 4; variant++) {
      Bytes m = msg, s = sig;
      if (variant == 1)
        m[rng() % m.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
      if (variant == 2)
        s[rng() % s.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
      if (variant == 3)
        s.push_back(0);
      bool want = EvpVerify(key, m, s);
      ASSERT_EQ(Ours(key, m, s), want ? 1 : 0) << "round " << i << " variant " << variant;
      (want ? valid : invalid)++;
    }
  }
  EVP_PKEY_free(key);
  EXPECT_GE(valid, rounds / 4);
  EXPECT_GE(invalid, rounds / 2);
}

// DER of SEQUENCE{INTEGER r, INTEGER s} from the integers' content bytes, as given.
Bytes DerSignature(const Bytes &r, const Bytes &s) {
  Bytes out = {0x30, static_cast<uint8_t>(4 + r.size() + s.size()), 0x02,
               static_cast<uint8_t>(r.size())};
  out.insert(out.end(), r.begin(), r.end());
  out.push_back(0x02);
  out.push_back(static_cast<uint8_t>(s.size()));
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

// Signature encodings OpenSSL's decoder takes but EVP refuses (trailing bytes, a long-form
// length) and integers above 2^256 or negative: ours refuses each, as EVP does.
TEST(Sm2FastVerify, NonCanonicalAndOversizedSignatureEncodingsAreRefusedLikeEvp) {
  EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
  ASSERT_NE(key, nullptr);
  const Bytes msg = {'s', 'e', 'a', 'l'};
  const Bytes sig = EvpSign(key, msg);
  ASSERT_TRUE(EvpVerify(key, msg, sig));
  ASSERT_EQ(Ours(key, msg, sig), 1);
  // The integers' contents, back out of the signature.
  const Bytes r(sig.begin() + 4, sig.begin() + 4 + sig[3]);
  const size_t s_at = 4 + sig[3];
  const Bytes s(sig.begin() + s_at + 2, sig.begin() + s_at + 2 + sig[s_at + 1]);
  ASSERT_EQ(DerSignature(r, s), sig);

  std::vector<std::pair<const char *, Bytes>> bad;
  Bytes trailing = sig;
  trailing.push_back(0);
  bad.emplace_back("a trailing byte", trailing);
  Bytes long_form = {0x30, 0x81};
  long_form.insert(long_form.end(), sig.begin() + 1, sig.end());
  bad.emplace_back("a long-form length", long_form);
  // r or s + 2^256: 33 content bytes (a leading 01), the same value modulo 2^256.
  auto plus_2_256 = [](const Bytes &v) {
    BnPtr b(BN_bin2bn(v.data(), static_cast<int>(v.size()), nullptr), BN_free);
    Bytes out = {0x01};
    Bytes low = Be32(b.get());
    out.insert(out.end(), low.begin(), low.end());
    return out;
  };
  const Bytes r33 = plus_2_256(r), s33 = plus_2_256(s);
  bad.emplace_back("r above 2^256", DerSignature(r33, s));
  bad.emplace_back("s above 2^256", DerSignature(r, s33));
  Bytes r_negative = r, s_negative = s;
  r_negative[0] |= 0x80;  // a leading byte with its top bit set reads as negative
  s_negative[0] |= 0x80;
  if (r_negative[0] != 0x80)
    bad.emplace_back("r negative", DerSignature(r_negative, s));
  if (s_negative[0] != 0x80)
    bad.emplace_back("s negative", DerSignature(r, s_negative));
  for (const auto &[what, encoding] : bad) {
    EXPECT_FALSE(EvpVerify(key, msg, encoding)) << what;
    EXPECT_EQ(Ours(key, msg, encoding), 0) << what;
  }
  EVP_PKEY_free(key);
}

// Keys without an uncompressed EC point and unusable IDs are errors, not answers.
TEST(Sm2FastVerify, KeysWithoutAPointAndBadIdsAreErrors) {
  EVP_PKEY *ed = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  ASSERT_NE(ed, nullptr);
  const Bytes msg = {1, 2, 3};
  EXPECT_LT(Ours(ed, msg, Bytes(70, 0)), 0);
  EVP_PKEY_free(ed);
  EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
  ASSERT_NE(key, nullptr);
  const Bytes sig = EvpSign(key, msg);
  ASSERT_EQ(Ours(key, msg, sig), 1);
  EXPECT_LT(eseal__sm2_verify_message(key, reinterpret_cast<const uint8_t *>(kId), 0, msg.data(),
                                      msg.size(), sig.data(), sig.size()), 0);
  const std::string long_id(8192, 'a');
  EXPECT_LT(eseal__sm2_verify_message(key, reinterpret_cast<const uint8_t *>(long_id.data()),
                                      long_id.size(), msg.data(), msg.size(), sig.data(),
                                      sig.size()), 0);
  EVP_PKEY_free(key);
}

// eseal__sm2_verify_e, the entry the context's digest cache uses: the same
// answers from e = SM3(Z || msg) computed apart, and a key without an EC
// point is an error.
TEST(Sm2FastVerify, VerifyingAGivenDigestAnswersAsTheMessageEntry) {
  EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
  ASSERT_NE(key, nullptr);
  const Bytes msg = {4, 5, 6, 7};
  const Bytes sig = EvpSign(key, msg);
  uint8_t e[32];
  ASSERT_EQ(eseal__sm2_e(key, reinterpret_cast<const uint8_t *>(kId), strlen(kId), msg.data(),
                         msg.size(), e),
            0);
  EXPECT_EQ(eseal__sm2_verify_e(key, e, sig.data(), sig.size()), 1);
  e[31] ^= 1;
  EXPECT_EQ(eseal__sm2_verify_e(key, e, sig.data(), sig.size()), 0);
  e[31] ^= 1;
  EVP_PKEY *ed = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  ASSERT_NE(ed, nullptr);
  EXPECT_LT(eseal__sm2_verify_e(ed, e, sig.data(), sig.size()), 0);
  EVP_PKEY_free(ed);
  EVP_PKEY_free(key);
}

TEST(Sm2FastVerify, NonSm2KeysAreRefused) {
  EVP_PKEY *p256 = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  ASSERT_NE(p256, nullptr);
  Bytes msg = {1, 2, 3}, sig(70, 0);
  // The P-256 point is uncompressed too, so the key reads; the signature must still fail.
  EXPECT_NE(Ours(p256, msg, sig), 1);
  EVP_PKEY_free(p256);
}

}  // namespace
