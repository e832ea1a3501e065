/*
 * One certificate's revocation status under the context's policy: a cached
 * answer still current at the time asked, else the sources in the class's
 * order (OCSP first by default), offline ones before the network. The first
 * GOOD or REVOKED answer decides and is cached with its evidence; a GOOD one
 * still gives way to a revocation any given CRL or OCSP response proves.
 */
#include "lookup.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>

#include "eseal/errors.h"
#include "eseal/trust.h"
#include "eseal/verify.h"
#include "../context/cache.h"
#include "../context/context.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../x509/cert.h"
#include "cache_entry.h"
#include "crl.h"
#include "ocsp.h"
#include "online.h"

static const char kNothingOffline[] = "no CRL or OCSP response is configured (offline mode)";

int eseal__rev_is_off(const eseal_ctx *ctx) {
  return ctx->revocation.mode == ESEAL_REVOCATION_OFF;
}

void eseal__rev_result_release(eseal__rev_result *r) {
  eseal_buf_dispose(&r->evidence);
}

/* Appends to the list of what was tried. */
static void note(eseal__rev_result *out, const char *what, const eseal__rev_answer *a) {
  size_t used = strlen(out->tried);
  if (used + 4 >= sizeof out->tried)
    return;
  snprintf(out->tried + used, sizeof out->tried - used, "%s%s: %s", used ? "; " : "", what,
           a ? a->detail : "none");
}

/*
 * A cached answer counts when it is a revocation for good, or a good status
 * or a hold (which a later CRL may lift) current at `at`.
 */
static int cached_current(const eseal_ctx *ctx, const eseal__rev_answer *a, int64_t at) {
  if (a->status == ESEAL__REV_REVOKED && a->reason != ESEAL__REASON_HOLD)
    return 1;
  int64_t skew = ESEAL_DEFAULT_CLOCK_SKEW;
  if (a->this_update > at + skew)
    return 0;
  if (a->next_update)
    return a->next_update >= at - skew;
  return a->this_update >= at - ctx->revocation.ocsp_max_age;
}

static int from_cache(const eseal_ctx *ctx, const uint8_t *key, int64_t at,
                      eseal__rev_result *out) {
  eseal_buf value = ESEAL_BUF_INIT;
  if (eseal__cache_get(ctx, key, ESEAL__REV_KEY_LEN, &value) != 0)
    return 0; /* absent or unreadable: a miss, never a failure */
  const uint8_t *der;
  size_t der_len;
  int hit = eseal__rev_entry_decode(value.ptr, value.size, &out->answer, out->evidence_kind, &der,
                                    &der_len) == 0 &&
            cached_current(ctx, &out->answer, at);
  if (hit && der_len) {
    if ((out->evidence.ptr = eseal__malloc(der_len)) == NULL)
      hit = 0;
    else {
      memcpy(out->evidence.ptr, der, der_len);
      out->evidence.size = der_len;
    }
  }
  eseal_buf_dispose(&value);
  if (hit) {
    out->from_cache = 1;
    out->status = out->answer.status == ESEAL__REV_REVOKED ? ESEAL_CERT_STATUS_REVOKED
                                                           : ESEAL_CERT_STATUS_GOOD;
  }
  return hit;
}

/* Keeps `a` as the decision when it is one; 1 when decided. */
static int decide(eseal__rev_result *out, const eseal__rev_answer *a, const char *kind,
                  const uint8_t *der, size_t der_len) {
  if (a->status == ESEAL__REV_TRY_LATER)
    out->try_later = 1;
  if (a->status != ESEAL__REV_GOOD && a->status != ESEAL__REV_REVOKED)
    return 0;
  out->answer = *a;
  out->status = a->status == ESEAL__REV_REVOKED ? ESEAL_CERT_STATUS_REVOKED
                                                : ESEAL_CERT_STATUS_GOOD;
  snprintf(out->evidence_kind, sizeof out->evidence_kind, "%s", kind);
  if (der_len && (out->evidence.ptr = eseal__malloc(der_len)) != NULL) {
    memcpy(out->evidence.ptr, der, der_len);
    out->evidence.size = der_len;
  }
  return 1;
}

/* Anchors trusted as revocation responders: accepted OCSP signers and CRL signers. */
static STACK_OF(X509) *responders(const eseal_ctx *ctx) {
  STACK_OF(X509) *s = sk_X509_new_null();
  for (size_t i = 0; s && i < ctx->anchor_count; i++)
    if (ctx->anchors[i].roles & ESEAL_ROLE_REVOCATION_RESPONDER)
      sk_X509_push(s, ctx->anchors[i].cert->x509);
  return s;
}

static int offline_ocsp(const eseal_ctx *ctx, const eseal__rev_query *q, STACK_OF(X509) *trusted,
                        eseal__rev_result *out) {
  for (size_t i = 0; i < ctx->ocsp_response_count; i++) {
    const eseal_buf *r = &ctx->ocsp_responses[i];
    eseal__rev_answer a;
    X509 *responder = NULL;
    int rc = eseal__ocsp_status(r->ptr, r->size, q->cert, q->issuer, trusted, ctx->sm2_id,
                                ctx->sm2_id_len, q->at, ESEAL_DEFAULT_CLOCK_SKEW,
                                ctx->revocation.ocsp_max_age, NULL, 0, &a, &responder);
    /* Only a response about this certificate hands a responder over. */
    int about_it = responder != NULL;
    if (rc == 0)
      rc = eseal__rev_check_responder(ctx, q, responder, &a);
    if (rc)
      return rc;
    /* Responses about other certificates say nothing worth listing. */
    if (a.status != ESEAL__REV_UNUSABLE || about_it || ctx->ocsp_response_count == 1)
      note(out, "OCSP response given", &a);
    if (decide(out, &a, "ocsp", r->ptr, r->size))
      return 1;
  }
  return 0;
}

static int crl_signers(const eseal_ctx *ctx, STACK_OF(X509) *trusted, STACK_OF(X509) **out) {
  *out = sk_X509_dup(ctx->intermediates);
  for (int i = 0; *out && i < sk_X509_num(trusted); i++)
    if (!sk_X509_push(*out, sk_X509_value(trusted, i))) {
      sk_X509_free(*out);
      *out = NULL;
    }
  return *out ? 0 : eseal__error_oom();
}

/* Judges `crls`; the deciding CRL's DER becomes the evidence. */
static int judge_crls(const eseal_ctx *ctx, const eseal__rev_query *q, STACK_OF(X509_CRL) *crls,
                      STACK_OF(X509) *signers, const char *what, eseal__rev_result *out) {
  if (crls == NULL || sk_X509_CRL_num(crls) == 0)
    return 0;
  eseal__rev_answer a;
  int rc = eseal__crl_status(crls, q->cert, q->issuer, signers, ctx->sm2_id, ctx->sm2_id_len,
                             q->at, ESEAL_DEFAULT_CLOCK_SKEW, &a);
  if (rc)
    return rc;
  /* Without nextUpdate (which RFC 5280 requires), a good status holds only for the OCSP max age. */
  if (a.status == ESEAL__REV_GOOD && a.next_update == 0 &&
      a.this_update < q->at - ctx->revocation.ocsp_max_age) {
    a.status = ESEAL__REV_UNUSABLE;
    size_t used = strlen(a.detail);
    snprintf(a.detail + used, sizeof a.detail - used, ", but it has no nextUpdate and is older "
             "than %lld s: stale", (long long)ctx->revocation.ocsp_max_age);
  }
  note(out, what, &a);
  if (a.status != ESEAL__REV_GOOD && a.status != ESEAL__REV_REVOKED)
    return 0;
  /* The evidence: every CRL of that issuer (a delta needs its base). */
  unsigned char *der = NULL;
  int len = 0;
  for (int i = 0; i < sk_X509_CRL_num(crls); i++) {
    X509_CRL *c = sk_X509_CRL_value(crls, i);
    if (X509_NAME_cmp(X509_CRL_get_issuer(c), X509_get_subject_name(q->issuer)) != 0)
      continue;
    unsigned char *one = NULL;
    int n = i2d_X509_CRL(c, &one);
    unsigned char *grown = n > 0 ? OPENSSL_realloc(der, (size_t)(len + n)) : NULL;
    if (grown) {
      memcpy(grown + len, one, (size_t)n);
      der = grown;
      len += n;
    }
    OPENSSL_free(one);
  }
  decide(out, &a, "crl", der, (size_t)len);
  OPENSSL_free(der);
  return 1;
}

static int by_method(const eseal_ctx *ctx, const eseal__rev_query *q, int ocsp,
                     STACK_OF(X509) *trusted, STACK_OF(X509) *signers, eseal__rev_result *out) {
  int online = ctx->revocation.mode == ESEAL_REVOCATION_ONLINE && ctx->fetcher;
  int rc;
  if (ocsp) {
    if ((rc = offline_ocsp(ctx, q, trusted, out)) != 0 || !online)
      return rc;
    return eseal__rev_online_ocsp(ctx, q, trusted, out);
  }
  if ((rc = judge_crls(ctx, q, ctx->crls, signers, "CRLs given", out)) != 0 || !online)
    return rc;
  STACK_OF(X509_CRL) *fetched = NULL;
  rc = eseal__rev_online_crls(ctx, q, &fetched, out);
  if (rc == 0)
    rc = judge_crls(ctx, q, fetched, signers, "CRLs fetched", out);
  sk_X509_CRL_pop_free(fetched, X509_CRL_free);
  return rc;
}

/*
 * A good answer (cached, or from the first source) never hides a revocation
 * that a CRL or OCSP response given to the context proves: a revocation is
 * never undone, whichever source is newer. Replaces *out with it when found.
 */
static int given_revocation(const eseal_ctx *ctx, const eseal__rev_query *q,
                            STACK_OF(X509) *trusted, STACK_OF(X509) *signers,
                            eseal__rev_result *out) {
  eseal__rev_result found;
  memset(&found, 0, sizeof found);
  found.status = ESEAL_CERT_STATUS_UNKNOWN;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < ctx->ocsp_response_count; i++) {
    const eseal_buf *r = &ctx->ocsp_responses[i];
    eseal__rev_answer a;
    X509 *responder = NULL;
    rc = eseal__ocsp_status(r->ptr, r->size, q->cert, q->issuer, trusted, ctx->sm2_id,
                            ctx->sm2_id_len, q->at, ESEAL_DEFAULT_CLOCK_SKEW,
                            ctx->revocation.ocsp_max_age, NULL, 0, &a, &responder);
    if (rc == 0 && a.status == ESEAL__REV_REVOKED)
      rc = eseal__rev_check_responder(ctx, q, responder, &a);
    else
      X509_free(responder);
    if (rc == 0 && a.status == ESEAL__REV_REVOKED && decide(&found, &a, "ocsp", r->ptr, r->size))
      break;
  }
  if (rc == 0 && found.status != ESEAL_CERT_STATUS_REVOKED) {
    eseal__rev_result_release(&found);
    found.status = ESEAL_CERT_STATUS_UNKNOWN;
    rc = judge_crls(ctx, q, ctx->crls, signers, "CRLs given", &found);
  }
  if (rc < 0 || found.status != ESEAL_CERT_STATUS_REVOKED) {
    eseal__rev_result_release(&found);
    return rc < 0 ? rc : 0;
  }
  eseal__rev_result_release(out);
  *out = found;
  return 0;
}

static void cache_decision(const eseal_ctx *ctx, const uint8_t *key, const eseal__rev_result *out) {
  eseal_buf value = ESEAL_BUF_INIT;
  if (eseal__rev_entry_encode(&out->answer, out->evidence_kind, out->evidence.ptr,
                              out->evidence.size, &value) == 0)
    (void)eseal__cache_put(ctx, key, ESEAL__REV_KEY_LEN, value.ptr, value.size,
                           eseal__rev_entry_replaces);
  eseal_buf_dispose(&value);
  eseal_error_clear(); /* a cache that cannot keep an answer is not the caller's failure */
}

/*
 * Nothing could answer: a context never configured for revocation (offline,
 * no CRL or OCSP response given) and without a store, whose cache other
 * contexts may have filled. Its own memory cache is then empty too.
 */
static int nothing_to_ask(const eseal_ctx *ctx) {
  return !ctx->revocation_configured && ctx->revocation.mode == ESEAL_REVOCATION_OFFLINE &&
         ctx->data_store == NULL && ctx->ocsp_response_count == 0 &&
         (ctx->crls == NULL || sk_X509_CRL_num(ctx->crls) == 0);
}

int eseal__rev_lookup(const eseal_ctx *ctx, const eseal__rev_query *q, eseal__rev_result *out) {
  memset(out, 0, sizeof *out);
  out->status = ESEAL_CERT_STATUS_UNKNOWN;
  /* The answer the full lookup would give, without hashing a cache key or asking the cache. */
  if (nothing_to_ask(ctx)) {
    snprintf(out->tried, sizeof out->tried, "%s", kNothingOffline);
    return 0;
  }
  STACK_OF(X509) *trusted = responders(ctx), *signers = NULL;
  if (trusted == NULL || crl_signers(ctx, trusted, &signers) != 0) {
    sk_X509_free(trusted);
    return eseal__error_oom();
  }
  uint8_t key[ESEAL__REV_KEY_LEN];
  int rc = eseal__rev_cache_key(q->cert, q->issuer, trusted, key);
  int hit = rc == 0 && from_cache(ctx, key, q->at, out);
  if (rc == 0)
    eseal__ctx_count(ctx, hit ? ESEAL__COUNT_CACHE_HIT : ESEAL__COUNT_CACHE_MISS);
  int ocsp_first = ctx->revocation.order[q->cls] == ESEAL_REVOCATION_OCSP_FIRST;
  /* by_method() returns 1 when it decided, which is no error. */
  if (rc == 0 && !hit && (rc = by_method(ctx, q, ocsp_first, trusted, signers, out)) > 0)
    rc = 0;
  if (rc == 0 && !hit && out->status == ESEAL_CERT_STATUS_UNKNOWN &&
      (rc = by_method(ctx, q, !ocsp_first, trusted, signers, out)) > 0)
    rc = 0;
  if (rc == 0 && out->status == ESEAL_CERT_STATUS_GOOD)
    rc = given_revocation(ctx, q, trusted, signers, out);
  sk_X509_free(trusted);
  sk_X509_free(signers);
  if (rc < 0) {
    eseal__rev_result_release(out);
    return rc;
  }
  /* A cached answer is kept as it is, unless a given revocation overruled it. */
  if (out->status != ESEAL_CERT_STATUS_UNKNOWN && !out->from_cache)
    cache_decision(ctx, key, out);
  else if (out->status == ESEAL_CERT_STATUS_UNKNOWN && out->tried[0] == 0)
    snprintf(out->tried, sizeof out->tried,
             ctx->revocation.mode == ESEAL_REVOCATION_ONLINE
                 ? "no CRL or OCSP source applies to the certificate"
                 : kNothingOffline);
  return 0;
}

/*
 * 0 when the OCSP response `der` carries no certificate. A delegated
 * responder can only be one the response carries (the issuer and the
 * trusted responders are not delegated), so such an answer needs no second
 * signature check to tell. 1 otherwise, and for anything unreadable, which
 * the full check then judges.
 */
static int may_name_delegated_responder(const uint8_t *der, size_t len) {
  const unsigned char *p = der;
  OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
  OCSP_BASICRESP *bs = resp ? OCSP_response_get1_basic(resp) : NULL;
  int carries = bs == NULL || sk_X509_num(OCSP_resp_get0_certs(bs)) > 0;
  OCSP_BASICRESP_free(bs);
  OCSP_RESPONSE_free(resp);
  ERR_clear_error();
  return carries;
}

int eseal__rev_responder_lookup(const eseal_ctx *ctx, const eseal__rev_query *q,
                                const eseal__rev_result *decided, eseal__rev_result *out) {
  memset(out, 0, sizeof *out);
  out->status = ESEAL_CERT_STATUS_UNKNOWN;
  if (strcmp(decided->evidence_kind, "ocsp") != 0 || decided->evidence.size == 0 || q->depth > 0 ||
      !may_name_delegated_responder(decided->evidence.ptr, decided->evidence.size))
    return 0;
  STACK_OF(X509) *trusted = responders(ctx);
  if (trusted == NULL)
    return eseal__error_oom();
  eseal__rev_answer a;
  X509 *responder = NULL;
  int rc = eseal__ocsp_status(decided->evidence.ptr, decided->evidence.size, q->cert, q->issuer,
                              trusted, ctx->sm2_id, ctx->sm2_id_len, q->at,
                              ESEAL_DEFAULT_CLOCK_SKEW, ctx->revocation.ocsp_max_age, NULL, 0, &a,
                              &responder);
  sk_X509_free(trusted);
  if (rc != 0 || responder == NULL) {
    X509_free(responder);
    return rc;
  }
  eseal__rev_query rq = {responder, q->issuer, q->cls, q->at, q->depth + 1};
  rc = eseal__rev_lookup(ctx, &rq, out);
  X509_free(responder);
  return rc;
}
