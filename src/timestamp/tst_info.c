/*
 * The TSTInfo reader (RFC 3161 §2.4.2, GB/T 20520 §6.2):
 *
 *   TSTInfo ::= SEQUENCE { version INTEGER { v1(1) }, policy OID,
 *                          messageImprint SEQUENCE { hashAlgorithm, hashedMessage OCTET STRING },
 *                          serialNumber INTEGER, genTime GeneralizedTime,
 *                          accuracy SEQUENCE OPTIONAL, ordering BOOLEAN DEFAULT FALSE,
 *                          nonce INTEGER OPTIONAL, tsa [0] GeneralName OPTIONAL,
 *                          extensions [1] IMPLICIT Extensions OPTIONAL }
 */
#include <stdio.h>
#include <string.h>

#include "../asn1/der.h"
#include "../asn1/timefmt.h"
#include "tst_parts.h"

/* Serial numbers up to 160 bits are what RFC 3161 asks TSAs to handle; twice that is refused. */
#define MAX_SERIAL_BYTES 40

static const struct {
  const char *oid, *name;
} digests[] = {
    {"1.2.156.10197.1.401", "SM3"},       {"2.16.840.1.101.3.4.2.1", "SHA256"},
    {"2.16.840.1.101.3.4.2.2", "SHA384"}, {"2.16.840.1.101.3.4.2.3", "SHA512"},
    {"1.3.14.3.2.26", "SHA1"},
};

const char *eseal__tst_digest_name(const char *oid) {
  for (size_t i = 0; i < sizeof digests / sizeof digests[0]; i++)
    if (strcmp(oid, digests[i].oid) == 0)
      return digests[i].name;
  return NULL;
}

static int fail(char why[256], const char *what, const char *detail) {
  snprintf(why, 256, "TSTInfo %s%s%s", what, detail ? ": " : "", detail ? detail : "");
  return -1;
}

static int next(eseal__der_iter *it, uint8_t tag, eseal__tlv *t, const char *what,
                char why[256]) {
  const char *bad = NULL;
  if (eseal__der_iter_next(it, t, &bad) != 0)
    return fail(why, what, bad);
  return t->tag == tag ? 0 : fail(why, what, "unexpected tag");
}

/* The next element when it carries `tag`: 1 read, 0 absent, -1 malformed. */
static int optional(eseal__der_iter *it, uint8_t tag, eseal__tlv *t, const char *what,
                    char why[256]) {
  const char *bad = NULL;
  int has = eseal__der_iter_optional(it, tag, t, &bad);
  return has < 0 ? fail(why, what, bad) : has;
}

static int oid(const eseal__tlv *t, char out[ESEAL__OID_TEXT_CAPACITY], const char *what,
               char why[256]) {
  const char *bad = NULL;
  return eseal__oid_to_text(t->val, t->val_len, out, ESEAL__OID_TEXT_CAPACITY, &bad) == 0
             ? 0
             : fail(why, what, bad);
}

static int message_imprint(const eseal__tlv *seq, eseal__tst_info *out, char why[256]) {
  eseal__der_iter in, alg;
  eseal__tlv a, t;
  eseal__der_iter_init(&in, seq->val, seq->val_len);
  if (next(&in, DER_SEQUENCE, &a, "hashAlgorithm", why))
    return -1;
  eseal__der_iter_init(&alg, a.val, a.val_len);
  if (next(&alg, DER_OID, &t, "hashAlgorithm", why) ||
      oid(&t, out->imprint_oid, "hashAlgorithm", why))
    return -1;
  int has = optional(&alg, 0x05, &t, "hashAlgorithm parameters", why);
  if (has < 0 || (has == 1 && t.val_len != 0) || !eseal__der_iter_done(&alg))
    return has < 0 ? -1 : fail(why, "hashAlgorithm", "parameters other than NULL");
  if (next(&in, DER_OCTET_STRING, &t, "hashedMessage", why))
    return -1;
  if (!eseal__der_iter_done(&in))
    return fail(why, "messageImprint", "unexpected trailing elements");
  out->imprint = (eseal__bytes){t.val, t.val_len};
  return 0;
}

/* The value of a non-negative INTEGER's contents, saturated at `cap`; -1 when negative. */
static int64_t small_unsigned(const eseal__tlv *t, int64_t cap) {
  if (t->val_len == 0 || (t->val[0] & 0x80))
    return -1;
  int64_t v = 0;
  for (size_t i = 0; i < t->val_len; i++) {
    v = v * 256 + t->val[i];
    if (v > cap)
      return cap;
  }
  return v;
}

/* Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] OPTIONAL, micros [1] OPTIONAL },
 * kept as whole seconds rounded up: genTime may be that much early. */
static int accuracy(const eseal__tlv *seq, eseal__tst_info *out, char why[256]) {
  eseal__der_iter in;
  eseal__tlv t;
  int has;
  eseal__der_iter_init(&in, seq->val, seq->val_len);
  if ((has = optional(&in, DER_INTEGER, &t, "accuracy seconds", why)) < 0)
    return -1;
  if (has && (out->accuracy = small_unsigned(&t, ESEAL__TST_MAX_ACCURACY)) < 0)
    return fail(why, "accuracy", "negative seconds");
  int fraction = 0;
  for (uint8_t tag = 0; tag < 2; tag++) {
    if ((has = optional(&in, DER_CONTEXT | tag, &t, tag ? "accuracy micros" : "accuracy millis",
                        why)) < 0)
      return -1;
    int64_t part = has ? small_unsigned(&t, 1000) : 0;
    if (part < 0)
      return fail(why, "accuracy", "negative fraction");
    fraction |= part > 0;
  }
  if (fraction && out->accuracy < ESEAL__TST_MAX_ACCURACY)
    out->accuracy++; /* a second more covers any finer part */
  return eseal__der_iter_done(&in) ? 0 : fail(why, "accuracy", "unexpected elements");
}

/* Extensions: none may be critical, since none is understood. */
static int extensions(const eseal__tlv *list, char why[256]) {
  eseal__der_iter in, ext;
  eseal__tlv e, t;
  eseal__der_iter_init(&in, list->val, list->val_len);
  while (!eseal__der_iter_done(&in)) {
    if (next(&in, DER_SEQUENCE, &e, "extension", why))
      return -1;
    eseal__der_iter_init(&ext, e.val, e.val_len);
    if (next(&ext, DER_OID, &t, "extension", why))
      return -1;
    int critical = optional(&ext, DER_BOOLEAN, &t, "extension critical", why);
    if (critical < 0)
      return -1;
    if (critical == 1 && (t.val_len != 1 || t.val[0] != 0))
      return fail(why, "extension", "a critical extension is not understood");
    if (next(&ext, DER_OCTET_STRING, &t, "extension value", why))
      return -1;
    if (!eseal__der_iter_done(&ext))
      return fail(why, "extension", "unexpected elements");
  }
  return 0;
}

static int gen_time(const eseal__tlv *t, eseal__tst_info *out, char why[256]) {
  eseal__time time;
  const char *bad = NULL;
  if (eseal__time_parse_generalized((const char *)t->val, t->val_len, &time, &bad) != 0)
    return fail(why, "genTime", bad);
  /* DER: UTC with 'Z', seconds present, a fraction without trailing zeros. */
  if (time.not_der)
    return fail(why, "genTime", "not the canonical GeneralizedTime form");
  out->gen_time = time.utc;
  return 0;
}

/* The optional fields after genTime, in their order. */
static int tail(eseal__der_iter *in, eseal__tst_info *out, char why[256]) {
  eseal__tlv t;
  int has = optional(in, DER_SEQUENCE, &t, "accuracy", why);
  if (has < 0 || (has == 1 && accuracy(&t, out, why)))
    return -1;
  has = optional(in, DER_BOOLEAN, &t, "ordering", why);
  if (has < 0 || (has == 1 && (t.val_len != 1 || (t.val[0] != 0 && t.val[0] != 0xff))))
    return has < 0 ? -1 : fail(why, "ordering", "not a BOOLEAN");
  has = optional(in, DER_INTEGER, &t, "nonce", why);
  if (has < 0 || (has == 1 && t.val_len == 0))
    return has < 0 ? -1 : fail(why, "nonce", "empty INTEGER");
  if (has == 1)
    out->nonce = (eseal__bytes){t.val, t.val_len};
  if (optional(in, DER_CONTEXT | DER_CONSTRUCTED | 0, &t, "tsa", why) < 0)
    return -1;
  has = optional(in, DER_CONTEXT | DER_CONSTRUCTED | 1, &t, "extensions", why);
  if (has < 0 || (has == 1 && extensions(&t, why)))
    return -1;
  return eseal__der_iter_done(in) ? 0 : fail(why, "", "unexpected trailing elements");
}

int eseal__tst_info_parse(const uint8_t *der, size_t len, eseal__tst_info *out, char why[256]) {
  eseal__der_iter top, in;
  eseal__tlv seq, t;
  memset(out, 0, sizeof *out);
  eseal__der_iter_init(&top, der, len);
  if (next(&top, DER_SEQUENCE, &seq, "", why))
    return -1;
  if (!eseal__der_iter_done(&top))
    return fail(why, "", "bytes follow it in the eContent");
  eseal__der_iter_init(&in, seq.val, seq.val_len);
  if (next(&in, DER_INTEGER, &t, "version", why))
    return -1;
  if (t.val_len != 1 || t.val[0] != 1)
    return fail(why, "version", "not 1");
  if (next(&in, DER_OID, &t, "policy", why) || oid(&t, out->policy, "policy", why) ||
      next(&in, DER_SEQUENCE, &t, "messageImprint", why) || message_imprint(&t, out, why) ||
      next(&in, DER_INTEGER, &t, "serialNumber", why))
    return -1;
  if (t.val_len == 0 || t.val_len > MAX_SERIAL_BYTES)
    return fail(why, "serialNumber", t.val_len ? "longer than 320 bits" : "empty INTEGER");
  out->serial = (eseal__bytes){t.val, t.val_len};
  if (next(&in, DER_GENERALIZED_TIME, &t, "genTime", why) || gen_time(&t, out, why))
    return -1;
  return tail(&in, out, why);
}
