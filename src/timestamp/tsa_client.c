/*
 * The client side of RFC 3161 §2.4: the TimeStampReq asked of a TSA, and the
 * token taken out of its TimeStampResp. The token itself is verified by
 * eseal__tst_verify; nothing here trusts it.
 */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../asn1/der.h"
#include "../asn1/oid.h"
#include "../core/error.h"
#include "../crypto/digest.h"
#include "tst.h"

static const struct {
  const char *name, *oid;
} imprint_algorithms[] = {
    {"SM3", "1.2.156.10197.1.401"},
    {"SHA256", "2.16.840.1.101.3.4.2.1"},
};

int eseal__tsa_request(const uint8_t *covered, size_t covered_len, const char *digest,
                       const char *policy_oid, const uint8_t *nonce, size_t nonce_len,
                       int cert_req, eseal_buf *der) {
  const char *oid = NULL;
  for (size_t i = 0; digest && i < sizeof imprint_algorithms / sizeof imprint_algorithms[0]; i++)
    if (strcmp(digest, imprint_algorithms[i].name) == 0)
      oid = imprint_algorithms[i].oid;
  if (der == NULL || oid == NULL || (covered == NULL && covered_len) ||
      (nonce == NULL && nonce_len))
    return eseal__error_set(ESEAL_EINVAL, "eseal__tsa_request: %s",
                            oid ? "NULL argument" : "the digest is neither SM3 nor SHA256");
  uint8_t hash[ESEAL__DIGEST_MAX];
  size_t hash_len = 0;
  int rc = eseal__digest(eseal__digest_by_name(digest), covered, covered_len, hash, &hash_len);
  if (rc)
    return rc;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  size_t req = eseal__der_begin(&b);
  eseal__der_put_int64(&b, 1);
  size_t imprint = eseal__der_begin(&b);
  size_t alg = eseal__der_begin(&b);
  eseal__oid_put(&b, oid);
  eseal__der_put(&b, 0x05, NULL, 0);
  eseal__der_end(&b, alg, DER_SEQUENCE);
  eseal__der_put(&b, DER_OCTET_STRING, hash, hash_len);
  eseal__der_end(&b, imprint, DER_SEQUENCE);
  if (policy_oid && eseal__oid_put(&b, policy_oid) != 0) {
    eseal__dbuf_release(&b);
    return eseal__error_set(ESEAL_EINVAL, "eseal__tsa_request: the policy is not an OID");
  }
  if (nonce_len)
    eseal__der_put_unsigned(&b, nonce, nonce_len);
  /* certReq is DEFAULT FALSE: DER writes it only when true. */
  if (cert_req)
    eseal__der_put_bool(&b, 1);
  eseal__der_end(&b, req, DER_SEQUENCE);
  return eseal__dbuf_finish(&b, der);
}

static const char *const statuses[] = {"granted",      "grantedWithMods",
                                       "rejection",    "waiting",
                                       "revocationWarning", "revocationNotification"};

/* PKIFailureInfo bits (RFC 3161 §2.4.2). */
static const struct {
  int bit;
  const char *name;
} failures[] = {
    {0, "badAlg"},
    {2, "badRequest"},
    {5, "badDataFormat"},
    {14, "timeNotAvailable"},
    {15, "unacceptedPolicy"},
    {16, "unacceptedExtension"},
    {17, "addInfoNotAvailable"},
    {25, "systemFailure"},
};

static int malformed(const char *what) {
  return eseal__error_set(ESEAL_EFORMAT, "not a well-formed TimeStampResp: %s", what);
}

/* The failInfo names, comma-separated, into out[cap]. */
static void fail_info(const eseal__tlv *bits, char *out, size_t cap) {
  size_t n = 0;
  out[0] = 0;
  for (size_t i = 0; i < sizeof failures / sizeof failures[0]; i++) {
    size_t byte = 1 + (size_t)failures[i].bit / 8;
    if (byte < bits->val_len && (bits->val[byte] >> (7 - failures[i].bit % 8)) & 1 && n < cap)
      n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? ", " : "", failures[i].name);
  }
}

/* The first statusString, printable ASCII only, into out[cap]. */
static void status_text(const eseal__tlv *strings, char *out, size_t cap) {
  eseal__der_iter in;
  eseal__tlv s;
  const char *why = NULL;
  out[0] = 0;
  eseal__der_iter_init(&in, strings->val, strings->val_len);
  if (eseal__der_iter_next(&in, &s, &why) != 0 || s.tag != DER_UTF8_STRING)
    return;
  size_t n = 0;
  for (size_t i = 0; i < s.val_len && n + 1 < cap; i++)
    out[n++] = s.val[i] >= 0x20 && s.val[i] < 0x7f ? (char)s.val[i] : '?';
  out[n] = 0;
}

static int refused(int64_t status, const eseal__tlv *strings, const eseal__tlv *bits) {
  char text[128] = "", failure[160] = "";
  if (strings)
    status_text(strings, text, sizeof text);
  if (bits)
    fail_info(bits, failure, sizeof failure);
  const char *name = status >= 0 && status < 6 ? statuses[status] : "unknown";
  return eseal__error_set(ESEAL_ERROR, "the TSA did not grant the timestamp: status %s (%lld)%s%s%s%s%s",
                          name, (long long)status, failure[0] ? ", failInfo " : "", failure,
                          text[0] ? ", \"" : "", text, text[0] ? "\"" : "");
}

/* PKIStatusInfo: 0 granted, else the raised error. */
static int status_info(const eseal__tlv *info) {
  eseal__der_iter in;
  eseal__tlv t, strings, bits;
  const char *why = NULL;
  int64_t status = 0;
  eseal__der_iter_init(&in, info->val, info->val_len);
  if (eseal__der_iter_next(&in, &t, &why) != 0 || t.tag != DER_INTEGER ||
      eseal__der_int64(t.val, t.val_len, &status, &why) != 0)
    return malformed("PKIStatus");
  int has_strings = eseal__der_iter_optional(&in, DER_SEQUENCE, &strings, &why);
  int has_bits = eseal__der_iter_optional(&in, DER_BIT_STRING, &bits, &why);
  if (has_strings < 0 || has_bits < 0 || (has_bits && bits.val_len == 0))
    return malformed("statusString or failInfo");
  if (!eseal__der_iter_done(&in))
    return malformed("PKIStatusInfo has unexpected elements");
  if (status == 0 || status == 1)
    return 0;
  return refused(status, has_strings ? &strings : NULL, has_bits ? &bits : NULL);
}

int eseal__tsa_response_token(const uint8_t *resp, size_t len, eseal_buf *token) {
  if ((resp == NULL && len) || token == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal__tsa_response_token: NULL argument");
  if (len > ESEAL__TST_MAX_BYTES)
    return eseal__error_set(ESEAL_ELIMIT, "the TimeStampResp is larger than the limit of 256 KiB");
  eseal__der_iter top, in;
  eseal__tlv seq, info, tst;
  const char *why = NULL;
  eseal__der_iter_init(&top, resp, len);
  if (eseal__der_iter_next(&top, &seq, &why) != 0 || seq.tag != DER_SEQUENCE)
    return malformed(why ? why : "not a SEQUENCE");
  if (!eseal__der_iter_done(&top))
    return malformed("bytes follow it");
  eseal__der_iter_init(&in, seq.val, seq.val_len);
  if (eseal__der_iter_next(&in, &info, &why) != 0 || info.tag != DER_SEQUENCE)
    return malformed("PKIStatusInfo");
  int rc = status_info(&info);
  if (rc)
    return rc;
  if (eseal__der_iter_done(&in))
    return malformed("granted, but no timeStampToken");
  if (eseal__der_iter_next(&in, &tst, &why) != 0 || tst.tag != DER_SEQUENCE ||
      !eseal__der_iter_done(&in))
    return malformed("timeStampToken");
  return eseal_buf_set(token, tst.tlv, tst.tlv_len);
}
