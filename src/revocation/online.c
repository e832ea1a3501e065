/* Fetching OCSP responses and CRLs for one certificate (see online.h). */
#include "online.h"

#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "eseal/errors.h"
#include "eseal/verify.h"
#include "../context/cache.h"
#include "../context/context.h"
#include "../fetch/fetch.h"
#include "crl.h"
#include "ocsp.h"
#include "urls.h"

static void note_failure(eseal__rev_result *out, const char *what, const char *url) {
  const eseal_error *e = eseal_error_last();
  size_t used = strlen(out->tried);
  if (used + 4 < sizeof out->tried)
    snprintf(out->tried + used, sizeof out->tried - used, "%s%s %s: %s", used ? "; " : "", what,
             url, e ? e->message : "failed");
  out->try_later = 1;
}

/* One fetch under the context's limits, counted. */
static int fetch(const eseal_ctx *ctx, const char *url, const char *content_type,
                 const eseal_buf *body, size_t cap, eseal_buf *response) {
  eseal_fetch_request req = {ESEAL_FETCH_REQUEST_VERSION, url, content_type,
                             body ? body->ptr : NULL, body ? body->size : 0,
                             ctx->revocation.timeout_ms, cap,
                             ctx->revocation.allow_private_targets, NULL, NULL};
  if (ctx->revocation.max_response_bytes < cap)
    req.max_bytes = ctx->revocation.max_response_bytes;
  eseal__ctx_count(ctx, ESEAL__COUNT_FETCH);
  int rc = eseal__fetch(ctx->fetcher, &req, response);
  if (rc)
    eseal__ctx_count(ctx, ESEAL__COUNT_FETCH_FAILURE);
  return rc;
}

static int ask_responder(const eseal_ctx *ctx, const eseal__rev_query *q, STACK_OF(X509) *trusted,
                         const char *url, eseal__rev_result *out) {
  uint8_t nonce[ESEAL__OCSP_NONCE_LEN];
  size_t nonce_len = 0;
  if (ctx->revocation.ocsp_nonce) {
    if (RAND_bytes(nonce, sizeof nonce) != 1)
      return eseal__error_set(ESEAL_ECRYPTO, "no random bytes for an OCSP nonce");
    nonce_len = sizeof nonce;
  }
  eseal_buf request = ESEAL_BUF_INIT, response = ESEAL_BUF_INIT;
  int rc = eseal__ocsp_request(q->cert, q->issuer, nonce, nonce_len, &request);
  if (rc)
    return rc;
  rc = fetch(ctx, url, "application/ocsp-request", &request, ESEAL__OCSP_MAX_BYTES, &response);
  eseal_buf_dispose(&request);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc) {
    note_failure(out, "OCSP responder", url);
    return 0;
  }
  eseal__rev_answer a;
  X509 *responder = NULL;
  rc = eseal__ocsp_status(response.ptr, response.size, q->cert, q->issuer, trusted, ctx->sm2_id,
                          ctx->sm2_id_len, q->at, ESEAL_DEFAULT_CLOCK_SKEW,
                          ctx->revocation.ocsp_max_age, nonce_len ? nonce : NULL, nonce_len, &a,
                          &responder);
  if (rc == 0)
    rc = eseal__rev_check_responder(ctx, q, responder, &a);
  int decided = 0;
  if (rc == 0) {
    size_t used = strlen(out->tried);
    if (used + 4 < sizeof out->tried)
      snprintf(out->tried + used, sizeof out->tried - used, "%sOCSP responder %s: %s",
               used ? "; " : "", url, a.detail);
    if (a.status == ESEAL__REV_TRY_LATER)
      out->try_later = 1;
    if (a.status == ESEAL__REV_GOOD || a.status == ESEAL__REV_REVOKED) {
      out->answer = a;
      out->status = a.status == ESEAL__REV_REVOKED ? ESEAL_CERT_STATUS_REVOKED
                                                   : ESEAL_CERT_STATUS_GOOD;
      snprintf(out->evidence_kind, sizeof out->evidence_kind, "ocsp");
      out->evidence = response;
      response = (eseal_buf)ESEAL_BUF_INIT;
      decided = 1;
    }
  }
  eseal_buf_dispose(&response);
  return rc ? rc : decided;
}

int eseal__rev_online_ocsp(const eseal_ctx *ctx, const eseal__rev_query *q,
                           STACK_OF(X509) *trusted, eseal__rev_result *out) {
  char urls[ESEAL__ONLINE_MAX_URLS][ESEAL__URL_MAX];
  size_t n;
  if (ctx->ocsp_url) {
    snprintf(urls[0], sizeof urls[0], "%s", ctx->ocsp_url);
    n = 1;
  } else {
    n = eseal__cert_urls(q->cert, ESEAL__URL_OCSP, urls, ESEAL__ONLINE_MAX_URLS);
  }
  for (size_t i = 0; i < n; i++) {
    int rc = ask_responder(ctx, q, trusted, urls[i], out);
    if (rc)
      return rc;
  }
  return 0;
}

int eseal__rev_online_crls(const eseal_ctx *ctx, const eseal__rev_query *q,
                           STACK_OF(X509_CRL) **crls, eseal__rev_result *out) {
  char urls[ESEAL__ONLINE_MAX_URLS][ESEAL__URL_MAX];
  size_t n = eseal__cert_urls(q->cert, ESEAL__URL_CRL_DP, urls, ESEAL__ONLINE_MAX_URLS);
  for (size_t i = 0; i < n; i++) {
    eseal_buf body = ESEAL_BUF_INIT;
    int rc = fetch(ctx, urls[i], NULL, NULL, ESEAL__CRL_MAX_BYTES, &body);
    if (rc == 0)
      rc = eseal__crl_read(body.ptr, body.size, crls);
    eseal_buf_dispose(&body);
    if (rc == ESEAL_ENOMEM)
      return rc;
    if (rc)
      note_failure(out, "CRL", urls[i]);
  }
  return 0;
}
