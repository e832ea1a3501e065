#include "oid.h"

#include <stdio.h>
#include <string.h>

#include "der.h"

int eseal__oid_to_text(const uint8_t *val, size_t len, char *out, size_t cap, const char **why) {
  if (len == 0) {
    *why = "empty OBJECT IDENTIFIER";
    return -1;
  }
  if (len > ESEAL__OID_MAX_CONTENTS) {
    *why = "OBJECT IDENTIFIER too long";
    return -1;
  }
  size_t used = 0;
  uint64_t v = 0;
  int first = 1;
  for (size_t i = 0; i < len; i++) {
    if (v == 0 && val[i] == 0x80) {
      *why = "non-minimal OBJECT IDENTIFIER component";
      return -1;
    }
    if (v > (UINT64_MAX >> 7)) {
      *why = "OBJECT IDENTIFIER component too large";
      return -1;
    }
    v = (v << 7) | (val[i] & 0x7f);
    if (val[i] & 0x80)
      continue;
    int n;
    if (first) {
      unsigned arc0 = v < 40 ? 0 : v < 80 ? 1 : 2;
      n = snprintf(out + used, cap - used, "%u.%llu", arc0,
                   (unsigned long long)(v - 40u * arc0));
      first = 0;
    } else {
      n = snprintf(out + used, cap - used, ".%llu", (unsigned long long)v);
    }
    if (n < 0 || (size_t)n >= cap - used) {
      *why = "OBJECT IDENTIFIER too long";
      return -1;
    }
    used += (size_t)n;
    v = 0;
  }
  if (val[len - 1] & 0x80) {
    *why = "truncated OBJECT IDENTIFIER component";
    return -1;
  }
  return 0;
}

static int parse_arc(const char **s, uint64_t *out) {
  const char *p = *s;
  if (*p < '0' || *p > '9' || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
    return -1;
  uint64_t v = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    uint64_t digit = (uint64_t)(*p - '0');
    if (v > (UINT64_MAX - digit) / 10)
      return -1;
    v = v * 10 + digit;
  }
  *s = p;
  *out = v;
  return 0;
}

static void put_base128(uint8_t *out, size_t *n, uint64_t v) {
  uint8_t tmp[10];
  size_t k = 0;
  do {
    tmp[k++] = (uint8_t)(v & 0x7f);
    v >>= 7;
  } while (v);
  while (k--)
    out[(*n)++] = (uint8_t)(tmp[k] | (k ? 0x80 : 0));
}

int eseal__oid_put(eseal__dbuf *b, const char *text) {
  uint8_t val[ESEAL__OID_MAX_CONTENTS + 10];
  size_t n = 0;
  uint64_t arc0, arc1;
  const char *p = text;
  if (parse_arc(&p, &arc0) || *p++ != '.' || parse_arc(&p, &arc1) || arc0 > 2 ||
      (arc0 < 2 && arc1 >= 40) || arc1 > UINT64_MAX - 80)
    return -1;
  put_base128(val, &n, arc0 * 40 + arc1);
  while (*p) {
    uint64_t arc;
    if (*p++ != '.' || parse_arc(&p, &arc))
      return -1;
    put_base128(val, &n, arc);
    if (n > ESEAL__OID_MAX_CONTENTS)
      return -1;
  }
  eseal__der_put(b, DER_OID, val, n);
  return 0;
}

int eseal__oid_is_ec_signature(const char *oid) {
  static const char *const ec[] = {
      ESEAL__OID_SM2_SM3,     /* SM2 with SM3 */
      "1.2.840.10045.4.1",    /* ecdsa-with-SHA1 */
      "1.2.840.10045.4.3.2",  /* ecdsa-with-SHA256 */
      "1.2.840.10045.4.3.3",  /* ecdsa-with-SHA384 */
      "1.2.840.10045.4.3.4",  /* ecdsa-with-SHA512 */
  };
  for (size_t i = 0; i < sizeof ec / sizeof ec[0]; i++)
    if (strcmp(oid, ec[i]) == 0)
      return 1;
  return 0;
}

static const struct {
  const char *oid, *name;
} algorithm_names[] = {
    {ESEAL__OID_SM2_SM3, "SM2-SM3"},
    {"1.2.840.10045.4.3.2", "ECDSA-SHA256"},
    {"1.2.840.10045.4.3.3", "ECDSA-SHA384"},
    {"1.2.840.10045.4.3.4", "ECDSA-SHA512"},
    {"1.2.840.10045.4.1", "ECDSA-SHA1"},
    {"1.2.840.113549.1.1.11", "RSA-SHA256"},
    {"1.2.840.113549.1.1.5", "RSA-SHA1"},
    {"1.2.156.10197.1.504", "RSA-SM3"},
};
#define ALGORITHM_COUNT (sizeof algorithm_names / sizeof algorithm_names[0])

const char *eseal__oid_name(const char *oid) {
  for (size_t i = 0; oid && i < ALGORITHM_COUNT; i++)
    if (strcmp(oid, algorithm_names[i].oid) == 0)
      return algorithm_names[i].name;
  return NULL;
}

const char *eseal__oid_for_name(const char *name) {
  for (size_t i = 0; name && i < ALGORITHM_COUNT; i++)
    if (strcmp(name, algorithm_names[i].name) == 0)
      return algorithm_names[i].oid;
  return NULL;
}
