/*
 * SM2 verification: s·G + t·P by Shamir's trick over width-w NAFs, G from a
 * table of precomputed affine odd multiples, P from a per-call table of
 * Jacobian odd multiples. The result's x-coordinate is compared without an
 * inversion. Curve parameters from GB/T 32918.5.
 */
#include "sm2_fast.h"

#include <pthread.h>

#include "sm2_field.h"

/* The group order n. */
static const uint64_t SM2_N[4] = {0x53BBF40939D54123ull, 0x7203DF6B21C6052Bull,
                                  0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFEFFFFFFFFull};
static const uint64_t SM2_B[4] = {0xDDBCBD414D940E93ull, 0xF39789F515AB8F92ull,
                                  0x4D5A9E4BCF6509A7ull, 0x28E9FA9E9D9F5E34ull};
static const uint64_t SM2_GX[4] = {0x715A4589334C74C7ull, 0x8FE30BBFF2660BE1ull,
                                   0x5F9904466A39C994ull, 0x32C4AE2C1F198119ull};
static const uint64_t SM2_GY[4] = {0x02DF32E52139F0A0ull, 0xD0A9877CC62A4740ull,
                                   0x59BDCEE36B692153ull, 0xBC3736A2F4F6779Cull};

/* Window widths: G's table is computed once, P's on every call. */
#define G_WINDOW 8
#define G_ODD_MULTIPLES (1 << (G_WINDOW - 2))
#define P_WINDOW 5
#define P_ODD_MULTIPLES (1 << (P_WINDOW - 2))
/* A 256-bit scalar's NAF has at most 257 digits. */
#define NAF_MAX 258

typedef struct jacobian {
  eseal__fe x, y, z; /* z == 0: the point at infinity */
} jacobian;

typedef struct affine {
  eseal__fe x, y;
} affine;

static eseal__fe fe_one; /* R mod p: 1 in Montgomery form */
static eseal__fe fe_r2;  /* R^2 mod p: converts into Montgomery form */
static eseal__fe fe_b;
static affine g_table[G_ODD_MULTIPLES]; /* G, 3G, 5G, … */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void fe_to_mont(eseal__fe *r, const uint64_t plain[4]) {
  eseal__fe a;
  memcpy(a.v, plain, sizeof a.v);
  eseal__fe_mul(r, &a, &fe_r2);
}

/* r = a^(p-2) = a^-1, with a fixed 4-bit window (used only for the tables). */
static void fe_invert(eseal__fe *r, const eseal__fe *a) {
  eseal__fe powers[16];
  powers[0] = fe_one;
  for (int i = 1; i < 16; i++)
    eseal__fe_mul(&powers[i], &powers[i - 1], a);
  uint64_t exponent[4];
  const uint64_t two[4] = {2, 0, 0, 0};
  eseal__u256_sub(exponent, ESEAL__SM2_P, two);
  eseal__fe acc = fe_one;
  for (int bit = 252; bit >= 0; bit -= 4) {
    for (int k = 0; k < 4; k++)
      eseal__fe_sqr(&acc, &acc);
    unsigned nibble = (unsigned)(exponent[bit / 64] >> (bit % 64)) & 0xf;
    eseal__fe_mul(&acc, &acc, &powers[nibble]);
  }
  *r = acc;
}

static int is_infinity(const jacobian *p) {
  return eseal__fe_is_zero(&p->z);
}

/* dbl-2001-b for a = -3; r may alias p. The point at infinity stays there. */
static void point_double(jacobian *r, const jacobian *p) {
  eseal__fe delta, gamma, beta, alpha, t1, t2, beta4, x3, y3, z3;
  eseal__fe_sqr(&delta, &p->z);
  eseal__fe_sqr(&gamma, &p->y);
  eseal__fe_mul(&beta, &p->x, &gamma);
  eseal__fe_sub(&t1, &p->x, &delta);
  eseal__fe_add(&t2, &p->x, &delta);
  eseal__fe_mul(&alpha, &t1, &t2);
  eseal__fe_add(&t1, &alpha, &alpha);
  eseal__fe_add(&alpha, &t1, &alpha);

  eseal__fe_add(&t1, &p->y, &p->z);
  eseal__fe_sqr(&t1, &t1);
  eseal__fe_sub(&t1, &t1, &gamma);
  eseal__fe_sub(&z3, &t1, &delta);

  eseal__fe_add(&beta4, &beta, &beta);
  eseal__fe_add(&beta4, &beta4, &beta4);
  eseal__fe_sqr(&x3, &alpha);
  eseal__fe_add(&t2, &beta4, &beta4);
  eseal__fe_sub(&x3, &x3, &t2);

  eseal__fe_sub(&t1, &beta4, &x3);
  eseal__fe_mul(&t1, &alpha, &t1);
  eseal__fe_sqr(&gamma, &gamma);
  eseal__fe_add(&gamma, &gamma, &gamma);
  eseal__fe_add(&gamma, &gamma, &gamma);
  eseal__fe_add(&gamma, &gamma, &gamma);
  eseal__fe_sub(&y3, &t1, &gamma);

  r->x = x3;
  r->y = y3;
  r->z = z3;
}

/*
 * The shared tail of both additions, given U1, S1 (p's coordinates scaled to
 * the common denominator), U2, S2 and Z3 / H: handles p = q (doubling) and
 * p = -q (infinity), which an attacker choosing the key can force.
 */
static void add_finish(jacobian *r, const jacobian *p, const eseal__fe *u1, const eseal__fe *s1,
                       const eseal__fe *u2, const eseal__fe *s2, const eseal__fe *z_factor) {
  eseal__fe h, rr, h2, h3, u1h2, t, x3, y3, z3;
  eseal__fe_sub(&h, u2, u1);
  eseal__fe_sub(&rr, s2, s1);
  if (eseal__fe_is_zero(&h)) {
    if (eseal__fe_is_zero(&rr)) {
      point_double(r, p);
    } else {
      memset(r, 0, sizeof *r);
    }
    return;
  }
  eseal__fe_sqr(&h2, &h);
  eseal__fe_mul(&h3, &h, &h2);
  eseal__fe_mul(&u1h2, u1, &h2);
  eseal__fe_sqr(&x3, &rr);
  eseal__fe_sub(&x3, &x3, &h3);
  eseal__fe_sub(&x3, &x3, &u1h2);
  eseal__fe_sub(&x3, &x3, &u1h2);
  eseal__fe_sub(&t, &u1h2, &x3);
  eseal__fe_mul(&y3, &rr, &t);
  eseal__fe_mul(&t, s1, &h3);
  eseal__fe_sub(&y3, &y3, &t);
  eseal__fe_mul(&z3, z_factor, &h);
  r->x = x3;
  r->y = y3;
  r->z = z3;
}

/* r = p + q, both Jacobian; r may alias p. */
static void point_add(jacobian *r, const jacobian *p, const jacobian *q) {
  if (is_infinity(p)) {
    *r = *q;
    return;
  }
  /* Never true here: q is 2P or an odd multiple 1P..15P of the key, an affine point
     of prime order n, or 2G in init_tables(). Kept so that the function is right for
     every input. */
  if (is_infinity(q)) /* LCOV_EXCL_BR_LINE: unreachable, see above */
    return (void)(*r = *p);
  eseal__fe z1z1, z2z2, u1, u2, s1, s2, z1z2;
  eseal__fe_sqr(&z1z1, &p->z);
  eseal__fe_sqr(&z2z2, &q->z);
  eseal__fe_mul(&u1, &p->x, &z2z2);
  eseal__fe_mul(&u2, &q->x, &z1z1);
  eseal__fe_mul(&s1, &p->y, &q->z);
  eseal__fe_mul(&s1, &s1, &z2z2);
  eseal__fe_mul(&s2, &q->y, &p->z);
  eseal__fe_mul(&s2, &s2, &z1z1);
  eseal__fe_mul(&z1z2, &p->z, &q->z);
  add_finish(r, p, &u1, &s1, &u2, &s2, &z1z2);
}

/* r = p + q with q affine (Z = 1); r may alias p. */
static void point_add_affine(jacobian *r, const jacobian *p, const affine *q) {
  if (is_infinity(p)) {
    r->x = q->x;
    r->y = q->y;
    r->z = fe_one;
    return;
  }
  eseal__fe z1z1, u2, s2;
  eseal__fe_sqr(&z1z1, &p->z);
  eseal__fe_mul(&u2, &q->x, &z1z1);
  eseal__fe_mul(&s2, &q->y, &p->z);
  eseal__fe_mul(&s2, &s2, &z1z1);
  const jacobian copy = *p;
  add_finish(r, &copy, &copy.x, &copy.y, &u2, &s2, &copy.z);
}

static void fe_negate(eseal__fe *r, const eseal__fe *a) {
  const eseal__fe zero = {{0, 0, 0, 0}};
  eseal__fe_sub(r, &zero, a);
}

static void to_affine(affine *out, const jacobian *p) {
  eseal__fe zi, zi2, zi3;
  fe_invert(&zi, &p->z);
  eseal__fe_sqr(&zi2, &zi);
  eseal__fe_mul(&zi3, &zi2, &zi);
  eseal__fe_mul(&out->x, &p->x, &zi2);
  eseal__fe_mul(&out->y, &p->y, &zi3);
}

static void init_tables(void) {
  const uint64_t zero[4] = {0, 0, 0, 0};
  eseal__u256_sub(fe_one.v, zero, ESEAL__SM2_P); /* 2^256 - p */
  fe_r2 = fe_one;
  for (int i = 0; i < 256; i++)
    eseal__fe_add(&fe_r2, &fe_r2, &fe_r2);
  fe_to_mont(&fe_b, SM2_B);

  jacobian g, g2, multiple;
  fe_to_mont(&g.x, SM2_GX);
  fe_to_mont(&g.y, SM2_GY);
  g.z = fe_one;
  point_double(&g2, &g);
  multiple = g;
  for (int i = 0; i < G_ODD_MULTIPLES; i++) {
    to_affine(&g_table[i], &multiple);
    point_add(&multiple, &multiple, &g2);
  }
}

/*
 * The width-w NAF of k < 2^256, least significant digit first: odd digits
 * in (-2^(w-1), 2^(w-1)) separated by at least w-1 zeros. Returns its length.
 */
static int wnaf(int8_t digits[NAF_MAX], const uint64_t k_in[4], int w) {
  uint64_t k[5] = {k_in[0], k_in[1], k_in[2], k_in[3], 0};
  const int64_t modulus = (int64_t)1 << w;
  int len = 0;
  while ((k[0] | k[1] | k[2] | k[3] | k[4]) != 0) {
    int64_t d = 0;
    if (k[0] & 1) {
      d = (int64_t)(k[0] & (uint64_t)(modulus - 1));
      if (d >= modulus / 2)
        d -= modulus;
      /* k -= d, leaving k's low w bits zero; for d > 0 they were d, so nothing borrows. */
      if (d > 0) {
        k[0] -= (uint64_t)d;
      } else {
        const uint64_t minus_d[4] = {(uint64_t)(-d), 0, 0, 0};
        k[4] += eseal__u256_add(k, k, minus_d);
      }
    }
    digits[len++] = (int8_t)d;
    for (int i = 0; i < 4; i++)
      k[i] = (k[i] >> 1) | (k[i + 1] << 63);
    k[4] >>= 1;
  }
  return len;
}

/* 1 when 1 <= v < n. */
static int in_scalar_range(const uint64_t v[4]) {
  const uint64_t zero[4] = {0, 0, 0, 0};
  return eseal__u256_cmp(v, zero) > 0 && eseal__u256_cmp(v, SM2_N) < 0;
}

/* v mod n for v < 2^256 (< 2n, so one subtraction suffices). */
static void reduce_once_mod_n(uint64_t v[4]) {
  if (eseal__u256_cmp(v, SM2_N) >= 0)
    eseal__u256_sub(v, v, SM2_N);
}

/* Loads the public key in Montgomery form; 0 when off the curve or not reduced. */
static int load_public_key(affine *pub, const uint8_t x[32], const uint8_t y[32]) {
  uint64_t px[4], py[4];
  eseal__u256_from_be(px, x);
  eseal__u256_from_be(py, y);
  if (eseal__u256_cmp(px, ESEAL__SM2_P) >= 0 || eseal__u256_cmp(py, ESEAL__SM2_P) >= 0)
    return 0;
  fe_to_mont(&pub->x, px);
  fe_to_mont(&pub->y, py);
  /* y^2 = x^3 - 3x + b */
  eseal__fe lhs, rhs, t;
  eseal__fe_sqr(&lhs, &pub->y);
  eseal__fe_sqr(&rhs, &pub->x);
  eseal__fe_mul(&rhs, &rhs, &pub->x);
  eseal__fe_add(&t, &pub->x, &pub->x);
  eseal__fe_add(&t, &t, &pub->x);
  eseal__fe_sub(&rhs, &rhs, &t);
  eseal__fe_add(&rhs, &rhs, &fe_b);
  return eseal__fe_equal(&lhs, &rhs);
}

/* acc += the table entry of NAF digit d (negated for d < 0). */
static void add_g_digit(jacobian *acc, int d) {
  affine q = g_table[(d < 0 ? -d : d) / 2];
  if (d < 0)
    fe_negate(&q.y, &q.y);
  point_add_affine(acc, acc, &q);
}

static void add_p_digit(jacobian *acc, const jacobian table[P_ODD_MULTIPLES], int d) {
  jacobian q = table[(d < 0 ? -d : d) / 2];
  if (d < 0)
    fe_negate(&q.y, &q.y);
  point_add(acc, acc, &q);
}

/* 1 when the affine x-coordinate of p (X / Z^2) equals the plain value c. */
static int x_coordinate_is(const jacobian *p, const uint64_t c[4]) {
  eseal__fe cm, z2;
  fe_to_mont(&cm, c);
  eseal__fe_sqr(&z2, &p->z);
  eseal__fe_mul(&cm, &cm, &z2);
  return eseal__fe_equal(&cm, &p->x);
}

int eseal__sm2_verify_fast(const uint8_t x[32], const uint8_t y[32], const uint8_t e_bytes[32],
                           const uint8_t r_bytes[32], const uint8_t s_bytes[32]) {
  pthread_once(&tables_once, init_tables);

  uint64_t r[4], s[4], t[4], e[4];
  eseal__u256_from_be(r, r_bytes);
  eseal__u256_from_be(s, s_bytes);
  if (!in_scalar_range(r) || !in_scalar_range(s))
    return 0;
  /* t = (r + s) mod n; both < n, so one subtraction. */
  if (eseal__u256_add(t, r, s) || eseal__u256_cmp(t, SM2_N) >= 0)
    eseal__u256_sub(t, t, SM2_N);
  if ((t[0] | t[1] | t[2] | t[3]) == 0)
    return 0;

  affine pub;
  if (!load_public_key(&pub, x, y))
    return 0;
  jacobian p_table[P_ODD_MULTIPLES], p2;
  p_table[0].x = pub.x;
  p_table[0].y = pub.y;
  p_table[0].z = fe_one;
  point_double(&p2, &p_table[0]);
  for (int i = 1; i < P_ODD_MULTIPLES; i++)
    point_add(&p_table[i], &p_table[i - 1], &p2);

  int8_t s_naf[NAF_MAX], t_naf[NAF_MAX];
  int s_len = wnaf(s_naf, s, G_WINDOW);
  int t_len = wnaf(t_naf, t, P_WINDOW);
  jacobian acc;
  memset(&acc, 0, sizeof acc);
  for (int i = (s_len > t_len ? s_len : t_len) - 1; i >= 0; i--) {
    point_double(&acc, &acc);
    if (i < s_len && s_naf[i] != 0)
      add_g_digit(&acc, s_naf[i]);
    if (i < t_len && t_naf[i] != 0)
      add_p_digit(&acc, p_table, t_naf[i]);
  }
  if (is_infinity(&acc))
    return 0;

  /* R = (e + x1) mod n must equal r: x1 ≡ r - e (mod n), and x1 < p < 2n. */
  eseal__u256_from_be(e, e_bytes);
  reduce_once_mod_n(e);
  uint64_t c[4];
  if (eseal__u256_sub(c, r, e))
    eseal__u256_add(c, c, SM2_N);
  if (x_coordinate_is(&acc, c))
    return 1;
  uint64_t c_plus_n[4];
  if (eseal__u256_add(c_plus_n, c, SM2_N) == 0 && eseal__u256_cmp(c_plus_n, ESEAL__SM2_P) < 0)
    return x_coordinate_is(&acc, c_plus_n);
  return 0;
}
