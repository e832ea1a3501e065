/*
 * eseal__tst_verify: a timestamp token, checked step by step; the first
 * step that fails gives the verdict.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/trust.h"
#include "../asn1/timefmt.h"
#include "../context/caches.h"
#include "../context/context.h"
#include "../core/alloc.h"
#include "../crypto/digest.h"
#include "../crypto/pkey.h"
#include "../x509/cert.h"
#include "../x509/chain.h"
#include "tst.h"
#include "tst_parts.h"

/* The SignedData reader's limit is the token's. */
_Static_assert(ESEAL__CMS_MAX_CERTS == ESEAL__TST_MAX_CERTS, "certificate limits differ");

/* A step's outcome: passed, or a verdict written (errors are negative). */
#define PASS 0
#define VERDICT 1

typedef struct job {
  const eseal_ctx *ctx;
  eseal__tst_result *out;
  eseal__cms_signed_data sd;
  eseal__tst_info info;
  eseal_cert *certs[ESEAL__CMS_MAX_CERTS]; /* the token's */
  size_t cert_count;
  eseal_cert *tsa;                         /* owned */
  const EVP_MD *md;                        /* the SignerInfo's digest */
  const char *alg;
} job;

static int verdict(job *j, eseal_indication indication, eseal_sub_indication sub,
                   const char *fmt, ...) ESEAL__PRINTF(4, 5);

static int verdict(job *j, eseal_indication indication, eseal_sub_indication sub,
                   const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(j->out->message, sizeof j->out->message, fmt, ap);
  va_end(ap);
  j->out->status = ESEAL_CHECK_NOT_OK;
  j->out->indication = indication;
  j->out->sub = sub;
  return VERDICT;
}

static int malformed(job *j, const char *why) {
  return verdict(j, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE,
                 "not a well-formed timestamp token: %s", why);
}

/* The SignedData and what RFC 3161 §2.4.2 wants of it. */
static int read_signed_data(job *j, const uint8_t *token, size_t len) {
  static const char *const types[] = {ESEAL__OID_CT_TSTINFO, NULL};
  char why[256];
  if (len > ESEAL__TST_MAX_BYTES)
    return malformed(j, "larger than the limit of 256 KiB");
  if (eseal__cms_signed_data_parse(&j->sd, token, len, types, "TSTInfo", why) != 0)
    return malformed(j, why);
  const eseal__cms_signed_data *sd = &j->sd;
  if (sd->quirks & ESEAL__CMS_TRAILING_BYTES)
    return malformed(j, "bytes follow the ContentInfo");
  if (sd->content.ptr == NULL)
    return malformed(j, "the TSTInfo is not encapsulated");
  if (sd->signed_attrs.ptr == NULL || !sd->has_message_digest || !sd->has_attr_content_type)
    return malformed(j, "the signed attributes lack contentType or messageDigest");
  if (strcmp(sd->attr_content_type, ESEAL__OID_CT_TSTINFO) != 0)
    return malformed(j, "the contentType attribute is not id-ct-TSTInfo");
  return PASS;
}

static void hex(const eseal__bytes *b, char *out, size_t cap) {
  size_t n = 0;
  out[0] = 0;
  for (size_t i = 0; i < b->len && n + 3 <= cap; i++)
    n += (size_t)snprintf(out + n, cap - n, "%02X", b->ptr[i]);
}

static int read_tst_info(job *j) {
  char why[256];
  eseal__tst_result *r = j->out;
  if (eseal__tst_info_parse(j->sd.content.ptr, j->sd.content.len, &j->info, why) != 0)
    return malformed(j, why);
  r->gen_time = j->info.gen_time;
  r->accuracy = j->info.accuracy;
  size_t policy_len = strlen(j->info.policy);
  if (policy_len >= sizeof r->policy)
    return malformed(j, "the TSTInfo policy OID is unreasonably long");
  memcpy(r->policy, j->info.policy, policy_len + 1);
  hex(&j->info.serial, r->serial_hex, sizeof r->serial_hex);
  const char *name = eseal__tst_digest_name(j->info.imprint_oid);
  snprintf(r->digest, sizeof r->digest, "%s", name ? name : "");
  if (name == NULL)
    return verdict(j, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                   "the messageImprint hash algorithm %s is not supported",
                   j->info.imprint_oid);
  if (strcmp(name, "SHA1") == 0)
    return verdict(j, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                   "the messageImprint is a SHA-1 hash, too weak to bind the timestamp");
  return PASS;
}

static int read_algorithm(job *j) {
  const char *md_name = eseal__tst_digest_name(j->sd.digest_oid);
  j->alg = eseal__tst_signature_name(j->sd.signature_oid, md_name);
  j->md = eseal__digest_by_name(md_name);
  if (j->alg == NULL || j->md == NULL)
    return verdict(j, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                   "the token's signature algorithm %s with digest %s is not supported",
                   j->sd.signature_oid, j->sd.digest_oid);
  snprintf(j->out->signature, sizeof j->out->signature, "%s", j->alg);
  return PASS;
}

/* The TSA certificate: the one the SignerInfo names, among the token's
 * certificates, then the context's intermediates. */
static int find_tsa(job *j) {
  for (size_t i = 0; i < j->sd.cert_count; i++) {
    int rc = eseal__ctx_cert_from_der(j->ctx, &j->certs[i], j->sd.certs[i].ptr,
                                     j->sd.certs[i].len);
    if (rc == ESEAL_ENOMEM)
      return rc;
    if (rc)
      return malformed(j, "a certificate it carries cannot be read");
    j->cert_count++;
  }
  for (size_t i = 0; i < j->cert_count && j->tsa == NULL; i++)
    if (eseal__cms_names_signer(&j->sd, j->certs[i]->x509))
      j->tsa = eseal_cert_ref(j->certs[i]);
  STACK_OF(X509) *known = j->ctx->intermediates;
  for (int i = 0; j->tsa == NULL && i < sk_X509_num(known); i++) {
    X509 *x = sk_X509_value(known, i);
    if (eseal__cms_names_signer(&j->sd, x) &&
        (X509_up_ref(x) != 1 || eseal__cert_from_x509(&j->tsa, x) != 0))
      return eseal__error_oom();
  }
  if (j->tsa == NULL)
    return verdict(j, ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND,
                   "the TSA certificate the SignerInfo names is neither in the token nor "
                   "among the context's intermediates");
  if (X509_up_ref(j->tsa->x509) != 1)
    return eseal__error_oom();
  j->out->tsa_cert = j->tsa->x509;
  return PASS;
}

/* 1 when `md` over `data` gives `expected`; negative on error. */
static int digest_is(const EVP_MD *md, const uint8_t *data, size_t len,
                     const eseal__bytes *expected) {
  uint8_t d[ESEAL__DIGEST_MAX];
  size_t d_len = 0;
  int rc = eseal__digest(md, data, len, d, &d_len);
  if (rc)
    return rc;
  return expected->len == d_len && memcmp(expected->ptr, d, d_len) == 0;
}

static int check_signature(job *j) {
  int rc = digest_is(j->md, j->sd.content.ptr, j->sd.content.len, &j->sd.message_digest);
  if (rc < 0)
    return rc;
  if (rc == 0)
    return verdict(j, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE,
                   "the messageDigest attribute is not the digest of the TSTInfo: the token "
                   "was altered");
  uint8_t *msg = eseal__cms_signed_attrs_message(&j->sd);
  if (msg == NULL)
    return ESEAL_ENOMEM;
  const eseal_ctx *ctx = j->ctx;
  rc = eseal__pkey_verify_by(X509_get0_pubkey(j->tsa->x509), j->alg, ctx->sm2_id,
                             ctx->sm2_id_len, msg, j->sd.signed_attrs.len, j->sd.signature.ptr,
                             j->sd.signature.len, ctx->sm2_verifier);
  eseal__free(msg);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc == 1)
    return PASS;
  if (rc == 0)
    return verdict(j, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE,
                   "the %s signature over the signed attributes does not verify with the TSA "
                   "certificate %s: the token was altered, or signed by another key",
                   j->alg, j->tsa->subject);
  return verdict(j, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                 "the %s signature cannot be checked with the TSA certificate's key", j->alg);
}

/*
 * signingCertificate or signingCertificateV2 (RFC 3161 §2.4.1, RFC 5816) must
 * be there, and each one there must name the TSA certificate: without it,
 * another certificate of the same key could be put in the TSA's place.
 */
static int check_ess(job *j) {
  const eseal__bytes *ids[2] = {&j->sd.ess_cert_id, &j->sd.ess_cert_id_v2};
  if (ids[0]->ptr == NULL && ids[1]->ptr == NULL)
    return verdict(j, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                   "the token carries no signingCertificate or signingCertificateV2 attribute "
                   "binding it to the TSA certificate %s (RFC 3161 §2.4.1)",
                   j->tsa->subject);
  for (int v2 = 0; v2 < 2; v2++) {
    char why[256];
    if (ids[v2]->ptr == NULL)
      continue;
    int rc = eseal__ess_names_cert(ids[v2], v2, j->tsa->x509, why);
    if (rc < 0)
      return rc;
    if (rc == 0)
      return verdict(j, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                     "%s, not the TSA certificate %s", why, j->tsa->subject);
  }
  return PASS;
}

/* INTEGER contents and caller bytes, compared as unsigned numbers. */
static int same_number(const eseal__bytes *integer, const uint8_t *nonce, size_t len) {
  const uint8_t *p = integer->ptr;
  size_t n = integer->len;
  if (p[0] & 0x80)
    return 0;
  while (n && p[0] == 0)
    p++, n--;
  while (len && nonce[0] == 0)
    nonce++, len--;
  return n == len && memcmp(p, nonce, n) == 0;
}

static int check_binding(job *j, const uint8_t *covered, size_t covered_len,
                         const uint8_t *nonce, size_t nonce_len) {
  const EVP_MD *md = eseal__digest_by_name(j->out->digest);
  int rc = digest_is(md, covered, covered_len, &j->info.imprint);
  if (rc < 0)
    return rc;
  if (rc == 0)
    return verdict(j, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE,
                   "the messageImprint is not the %s digest of the given bytes: the token "
                   "timestamps something else",
                   j->out->digest);
  if (nonce && nonce_len &&
      (j->info.nonce.ptr == NULL || !same_number(&j->info.nonce, nonce, nonce_len)))
    return verdict(j, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "%s",
                   j->info.nonce.ptr ? "the token's nonce is not the one asked for"
                                     : "the token carries no nonce, but one was asked for");
  return PASS;
}

static int check_usage(job *j) {
  const char *why = eseal__tst_usage_problem(j->tsa->x509);
  if (why)
    return verdict(j, ESEAL_TOTAL_FAILED, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE,
                   "the TSA certificate %s %s (RFC 3161 §2.3: one critical extendedKeyUsage, "
                   "id-kp-timeStamping only)",
                   j->tsa->subject, why);
  return PASS;
}

/* Each certificate of the chain valid at genTime. */
static int check_validity(job *j, STACK_OF(X509) *chain) {
  time_t at = (time_t)j->info.gen_time;
  for (int i = 0; i < sk_X509_num(chain); i++) {
    X509 *x = sk_X509_value(chain, i);
    /* X509_cmp_time: -1 at or before `at`, 1 after, 0 for a time it cannot read. */
    int expired = X509_cmp_time(X509_get0_notAfter(x), &at) <= 0;
    if (expired || X509_cmp_time(X509_get0_notBefore(x), &at) >= 0)
      return verdict(j, ESEAL_INDETERMINATE,
                     expired ? ESEAL_SUB_EXPIRED : ESEAL_SUB_NOT_YET_VALID,
                     "%s is %s at genTime", i ? "a CA certificate of the TSA chain"
                                              : "the TSA certificate",
                     expired ? "expired" : "not yet valid");
  }
  return PASS;
}

/* The anchor's trust window (a trust list's) holds genTime, as it must hold a signer's time. */
static int check_anchor_window(job *j, STACK_OF(X509) *chain) {
  X509 *top = sk_X509_value(chain, sk_X509_num(chain) - 1);
  const eseal__anchor *a = eseal__ctx_find_anchor(j->ctx, top);
  int64_t t = j->info.gen_time;
  if (a == NULL || ((a->trusted_from == 0 || t >= a->trusted_from) &&
                    (a->trusted_until == 0 || t <= a->trusted_until)))
    return PASS;
  char from[21] = "any time", until[21] = "any time";
  if (a->trusted_from)
    eseal__time_format_iso(a->trusted_from, from);
  if (a->trusted_until)
    eseal__time_format_iso(a->trusted_until, until);
  return verdict(j, ESEAL_INDETERMINATE, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE,
                 "the TSA's anchor is trusted from %s until %s, and genTime lies outside", from,
                 until);
}

static int check_chain(job *j) {
  /* The token's certificates, offered after the context's intermediates. */
  STACK_OF(X509) *carried = sk_X509_new_null();
  if (carried == NULL)
    return eseal__error_oom();
  for (size_t i = 0; i < j->cert_count; i++)
    if (!sk_X509_push(carried, j->certs[i]->x509)) {
      sk_X509_free(carried);
      return eseal__error_oom();
    }
  eseal__chain_result chain;
  int rc = eseal__ctx_chain_verify_with(
      j->ctx, ESEAL_ROLE_TIMESTAMP_AUTHORITY,
      eseal__ctx_role_store(j->ctx, ESEAL_ROLE_TIMESTAMP_AUTHORITY), carried, j->tsa, &chain);
  sk_X509_free(carried);
  if (rc)
    return rc;
  if (!chain.ok) {
    eseal__chain_result_release(&chain);
    return verdict(j, ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND,
                   "the TSA certificate %s does not chain to an anchor trusted for the "
                   "timestamp-authority role: %s",
                   j->tsa->subject, X509_verify_cert_error_string(chain.error));
  }
  j->out->chain = eseal__chain_result_take(&chain);
  if ((rc = check_validity(j, j->out->chain)) != PASS)
    return rc;
  return check_anchor_window(j, j->out->chain);
}

static int run(job *j, const uint8_t *token, size_t len, const uint8_t *covered,
               size_t covered_len, const uint8_t *nonce, size_t nonce_len) {
  int rc;
  if ((rc = read_signed_data(j, token, len)) || (rc = read_tst_info(j)) ||
      (rc = read_algorithm(j)) || (rc = find_tsa(j)) || (rc = check_signature(j)) ||
      (rc = check_ess(j)) || (rc = check_binding(j, covered, covered_len, nonce, nonce_len)) ||
      (rc = check_usage(j)) || (rc = check_chain(j)))
    return rc;
  char when[21] = "?";
  eseal__time_format_iso(j->info.gen_time, when);
  eseal__tst_result *r = j->out;
  r->status = ESEAL_CHECK_OK;
  r->indication = ESEAL_TOTAL_PASSED;
  r->sub = ESEAL_SUB_NONE;
  snprintf(r->message, sizeof r->message,
           "a timestamp of %s (serial %s, policy %s) over the given bytes (%s), signed %s by "
           "%.200s",
           when, r->serial_hex, r->policy, r->digest, r->signature, j->tsa->subject);
  return 0;
}

int eseal__tst_verify(const eseal_ctx *ctx, const uint8_t *token, size_t len,
                      const uint8_t *covered, size_t covered_len, const uint8_t *nonce,
                      size_t nonce_len, eseal__tst_result *out) {
  if (ctx == NULL || out == NULL || (token == NULL && len) || (covered == NULL && covered_len) ||
      (nonce == NULL && nonce_len))
    return eseal__error_set(ESEAL_EINVAL, "eseal__tst_verify: NULL argument");
  memset(out, 0, sizeof *out);
  out->status = ESEAL_CHECK_NOT_OK;
  out->indication = ESEAL_INDETERMINATE;
  job j = {.ctx = ctx, .out = out};
  int rc = run(&j, token, len, covered, covered_len, nonce, nonce_len);
  for (size_t i = 0; i < j.cert_count; i++)
    eseal_cert_free(j.certs[i]);
  eseal_cert_free(j.tsa);
  if (rc < 0) {
    eseal__tst_result_release(out);
    return rc;
  }
  return 0;
}

void eseal__tst_result_release(eseal__tst_result *r) {
  if (r == NULL)
    return;
  X509_free(r->tsa_cert);
  sk_X509_pop_free(r->chain, X509_free);
  r->tsa_cert = NULL;
  r->chain = NULL;
}
