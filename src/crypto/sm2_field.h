/*
 * Arithmetic modulo the SM2 prime p = 2^256 - 2^224 - 2^96 + 2^64 - 1
 * (GB/T 32918.5), for the variable-time signature verification in
 * sm2_fast.c. Only public values pass through here: nothing is
 * constant-time, and nothing may be used with secrets.
 *
 * Elements are four little-endian 64-bit limbs, always fully reduced (< p),
 * in Montgomery form with R = 2^256. The prime's low limb is 2^64 - 1, so
 * -p^-1 mod 2^64 is 1 and each Montgomery reduction step needs no multiply
 * to find its quotient digit, and p's sparse form lets it add that digit
 * times p with shifts, additions and subtractions only (eseal__fe_reduce).
 *
 * Static inline so that the point formulas compile into straight-line code.
 */
#ifndef ESEAL_CRYPTO_SM2_FIELD_H
#define ESEAL_CRYPTO_SM2_FIELD_H

#include <stdint.h>
#include <string.h>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

typedef unsigned __int128 eseal__u128;

typedef struct eseal__fe {
  uint64_t v[4];
} eseal__fe;

static const uint64_t ESEAL__SM2_P[4] = {0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFF00000000ull,
                                         0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFEFFFFFFFFull};

/* Big-endian 32 bytes to limbs (no reduction). */
static inline void eseal__u256_from_be(uint64_t out[4], const uint8_t in[32]) {
  for (int i = 0; i < 4; i++) {
    uint64_t w = 0;
    for (int j = 0; j < 8; j++)
      w = (w << 8) | in[(3 - i) * 8 + j];
    out[i] = w;
  }
}

/* -1, 0 or 1 as a < b, a == b, a > b, for 256-bit values. */
static inline int eseal__u256_cmp(const uint64_t a[4], const uint64_t b[4]) {
  for (int i = 3; i >= 0; i--) {
    if (a[i] != b[i])
      return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/*
 * *out = a + b + carry and *out = a - b - borrow (carry, borrow 0 or 1);
 * each returns the carry or borrow out. On x86-64 through the adc/sbb
 * intrinsics: gcc turns chains of them into single adc/sbb runs, while the
 * portable overflow builtins below become setc/or sequences, even branches,
 * and cost the verifier about a fifth of its time.
 */
static inline unsigned eseal__addc64(unsigned carry, uint64_t a, uint64_t b, uint64_t *out) {
#if defined(__x86_64__)
  unsigned long long s;
  carry = _addcarry_u64((unsigned char)carry, a, b, &s);
  *out = s;
  return carry;
#else
  unsigned long long s, t;
  unsigned c1 = __builtin_uaddll_overflow(a, b, &s);
  unsigned c2 = __builtin_uaddll_overflow(s, carry, &t);
  *out = t;
  return c1 | c2;
#endif
}

static inline unsigned eseal__subb64(unsigned borrow, uint64_t a, uint64_t b, uint64_t *out) {
#if defined(__x86_64__)
  unsigned long long d;
  borrow = _subborrow_u64((unsigned char)borrow, a, b, &d);
  *out = d;
  return borrow;
#else
  unsigned long long d, e;
  unsigned b1 = __builtin_usubll_overflow(a, b, &d);
  unsigned b2 = __builtin_usubll_overflow(d, borrow, &e);
  *out = e;
  return b1 | b2;
#endif
}

/* out = a - b; returns the borrow (1 when a < b). out may alias a or b. */
static inline uint64_t eseal__u256_sub(uint64_t out[4], const uint64_t a[4], const uint64_t b[4]) {
  unsigned borrow = 0;
  for (int i = 0; i < 4; i++)
    borrow = eseal__subb64(borrow, a[i], b[i], &out[i]);
  return borrow;
}

/* out = a + b; returns the carry. out may alias a or b. */
static inline uint64_t eseal__u256_add(uint64_t out[4], const uint64_t a[4], const uint64_t b[4]) {
  unsigned carry = 0;
  for (int i = 0; i < 4; i++)
    carry = eseal__addc64(carry, a[i], b[i], &out[i]);
  return carry;
}

static inline int eseal__fe_is_zero(const eseal__fe *a) {
  return (a->v[0] | a->v[1] | a->v[2] | a->v[3]) == 0;
}

static inline int eseal__fe_equal(const eseal__fe *a, const eseal__fe *b) {
  return memcmp(a->v, b->v, sizeof a->v) == 0;
}

/*
 * r = `if_set` where mask is all ones, else `otherwise`. Without a branch:
 * these choices are coin flips, and mispredicted branches cost more than
 * the arithmetic (speed, not secrecy: the inputs are public).
 */
static inline void eseal__u256_select(uint64_t r[4], uint64_t mask, const uint64_t if_set[4],
                                      const uint64_t otherwise[4]) {
  for (int i = 0; i < 4; i++)
    r[i] = (if_set[i] & mask) | (otherwise[i] & ~mask);
}

/* r = a + b mod p. */
static inline void eseal__fe_add(eseal__fe *r, const eseal__fe *a, const eseal__fe *b) {
  uint64_t sum[4], reduced[4];
  uint64_t carry = eseal__u256_add(sum, a->v, b->v);
  uint64_t borrow = eseal__u256_sub(reduced, sum, ESEAL__SM2_P);
  /* sum >= p exactly when the addition carried or the subtraction did not borrow. */
  eseal__u256_select(r->v, 0 - (carry | (borrow ^ 1)), reduced, sum);
}

/* r = a - b mod p. */
static inline void eseal__fe_sub(eseal__fe *r, const eseal__fe *a, const eseal__fe *b) {
  uint64_t diff[4], masked_p[4];
  uint64_t mask = 0 - eseal__u256_sub(diff, a->v, b->v);
  for (int i = 0; i < 4; i++)
    masked_p[i] = ESEAL__SM2_P[i] & mask;
  eseal__u256_add(r->v, diff, masked_p);
}

/*
 * r = t · 2^-256 mod p for a 512-bit t < p·2^256: four Montgomery steps
 * whose quotient digit m is the lowest limb itself (-p^-1 ≡ 1 mod 2^64).
 *
 * Each step adds m·p without a multiplication. m·p = m·2^64·q - m with
 * q = 2^192 - 2^160 - 2^32 + 1; the -m cancels limb i, and m·q < 2^256 is
 * the limbs (m, 0, 0, m) minus m·2^32 placed at limbs 0 and 2, that is
 * (lo, hi, lo, hi) with lo = m << 32 and hi = m >> 32: one subtraction that
 * never borrows out (m·q ≥ 0), added at limbs i+1..i+4.
 */
static inline void eseal__fe_reduce(eseal__fe *r, uint64_t t[8]) {
  uint64_t top = 0; /* the carries out of limb i+4, owed to limb i+5 */
  for (int i = 0; i < 4; i++) {
    const uint64_t m = t[i];
    const uint64_t m_by_2_64[4] = {m, 0, 0, m};
    const uint64_t m_by_2_32[4] = {m << 32, m >> 32, m << 32, m >> 32};
    uint64_t mq[4];
    eseal__u256_sub(mq, m_by_2_64, m_by_2_32);
    uint64_t carry = eseal__u256_add(t + i + 1, t + i + 1, mq);
    top = carry + eseal__addc64(0, t[i + 4], top, &t[i + 4]);
  }
  /* t[4..7] + top·2^256 < 2p (so top is 0 or 1): one conditional subtraction. */
  uint64_t reduced[4];
  uint64_t borrow = eseal__u256_sub(reduced, t + 4, ESEAL__SM2_P);
  eseal__u256_select(r->v, 0 - (top | (borrow ^ 1)), reduced, t + 4);
}

/*
 * r = a * b * 2^-256 mod p: the 512-bit product by columns, then four
 * Montgomery steps whose quotient digit is the lowest limb itself.
 * Unrolled by hand: compilers leave the loop form several times slower.
 */
#define ESEAL__MAC(acc, carry, x, y)                  \
  do {                                                \
    eseal__u128 product_ = (eseal__u128)(x) * (y);    \
    acc += product_;                                  \
    carry += acc < product_;                          \
  } while (0)
#define ESEAL__COLUMN_OUT(out, acc, carry)            \
  do {                                                \
    (out) = (uint64_t)(acc);                          \
    acc = ((acc) >> 64) | ((eseal__u128)(carry) << 64); \
    carry = 0;                                        \
  } while (0)

static inline void eseal__fe_mul(eseal__fe *r, const eseal__fe *a, const eseal__fe *b) {
  const uint64_t *x = a->v, *y = b->v;
  uint64_t t[8];
  eseal__u128 acc = 0;
  uint64_t carry = 0;
  ESEAL__MAC(acc, carry, x[0], y[0]);
  ESEAL__COLUMN_OUT(t[0], acc, carry);
  ESEAL__MAC(acc, carry, x[0], y[1]);
  ESEAL__MAC(acc, carry, x[1], y[0]);
  ESEAL__COLUMN_OUT(t[1], acc, carry);
  ESEAL__MAC(acc, carry, x[0], y[2]);
  ESEAL__MAC(acc, carry, x[1], y[1]);
  ESEAL__MAC(acc, carry, x[2], y[0]);
  ESEAL__COLUMN_OUT(t[2], acc, carry);
  ESEAL__MAC(acc, carry, x[0], y[3]);
  ESEAL__MAC(acc, carry, x[1], y[2]);
  ESEAL__MAC(acc, carry, x[2], y[1]);
  ESEAL__MAC(acc, carry, x[3], y[0]);
  ESEAL__COLUMN_OUT(t[3], acc, carry);
  ESEAL__MAC(acc, carry, x[1], y[3]);
  ESEAL__MAC(acc, carry, x[2], y[2]);
  ESEAL__MAC(acc, carry, x[3], y[1]);
  ESEAL__COLUMN_OUT(t[4], acc, carry);
  ESEAL__MAC(acc, carry, x[2], y[3]);
  ESEAL__MAC(acc, carry, x[3], y[2]);
  ESEAL__COLUMN_OUT(t[5], acc, carry);
  ESEAL__MAC(acc, carry, x[3], y[3]);
  ESEAL__COLUMN_OUT(t[6], acc, carry);
  t[7] = (uint64_t)acc;

  eseal__fe_reduce(r, t);
}

/* r = a^2 · 2^-256 mod p: each cross product once, doubled, plus the squares. */
static inline void eseal__fe_sqr(eseal__fe *r, const eseal__fe *a) {
  const uint64_t *x = a->v;
  uint64_t t[8];
  eseal__u128 acc = 0;
  uint64_t carry = 0;
  t[0] = 0;
  ESEAL__MAC(acc, carry, x[0], x[1]);
  ESEAL__COLUMN_OUT(t[1], acc, carry);
  ESEAL__MAC(acc, carry, x[0], x[2]);
  ESEAL__COLUMN_OUT(t[2], acc, carry);
  ESEAL__MAC(acc, carry, x[0], x[3]);
  ESEAL__MAC(acc, carry, x[1], x[2]);
  ESEAL__COLUMN_OUT(t[3], acc, carry);
  ESEAL__MAC(acc, carry, x[1], x[3]);
  ESEAL__COLUMN_OUT(t[4], acc, carry);
  ESEAL__MAC(acc, carry, x[2], x[3]);
  ESEAL__COLUMN_OUT(t[5], acc, carry);
  t[6] = (uint64_t)acc;
  t[7] = t[6] >> 63;
  for (int i = 6; i > 0; i--)
    t[i] = (t[i] << 1) | (t[i - 1] >> 63);
  /* The cross products are now doubled; add x_i^2 at limb 2i. */
  unsigned long long c = 0;
  for (int i = 0; i < 4; i++) {
    eseal__u128 square = (eseal__u128)x[i] * x[i];
    unsigned long long lo, hi, c1, c2, c3, c4;
    c1 = __builtin_uaddll_overflow(t[2 * i], (uint64_t)square, &lo);
    c2 = __builtin_uaddll_overflow(lo, c, &lo);
    c3 = __builtin_uaddll_overflow(t[2 * i + 1], (uint64_t)(square >> 64), &hi);
    c4 = __builtin_uaddll_overflow(hi, c1 + c2, &hi);
    t[2 * i] = lo;
    t[2 * i + 1] = hi;
    c = c3 + c4;
  }
  eseal__fe_reduce(r, t);
}

#endif
