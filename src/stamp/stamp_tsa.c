/* The timestamp of a new signature's value (stamp_checks.h). */
#include <string.h>

#include <openssl/rand.h>

#include "eseal/errors.h"
#include "../context/context.h"
#include "../core/error.h"
#include "../fetch/fetch.h"
#include "../timestamp/tst.h"
#include "stamp_checks.h"

#define NONCE_LEN 16

static int ask(const eseal_ctx *ctx, eseal_fetcher *fetcher, const eseal_stamp_options *o,
               const eseal_buf *query, eseal_buf *answer) {
  eseal_fetch_request req = {ESEAL_FETCH_REQUEST_VERSION, o->tsa_url,
                             "application/timestamp-query", query->ptr, query->size,
                             ctx->revocation.timeout_ms, ESEAL__TST_MAX_BYTES,
                             o->tsa_allow_private_targets, NULL, NULL};
  return eseal__fetch(fetcher, &req, answer);
}

/* A token that verifies, or one whose only fault is a TSA the context does not trust yet. */
static int check_token(const eseal_ctx *ctx, const eseal_buf *token, const uint8_t *sigval,
                       size_t sigval_len, const uint8_t *nonce) {
  eseal__tst_result t;
  int rc = eseal__tst_verify(ctx, token->ptr, token->size, sigval, sigval_len, nonce, NONCE_LEN,
                             &t);
  if (rc)
    return rc;
  /* An untrusted TSA is the verifier's business, once everything else held; without
   * the TSA's certificate (the request set certReq) nothing of the token was checked. */
  if (t.status != ESEAL_CHECK_OK &&
      (t.sub != ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND || t.tsa_cert == NULL))
    rc = eseal__error_set(ESEAL_ECRYPTO, "the TSA's token does not verify: %s", t.message);
  eseal__tst_result_release(&t);
  return rc;
}

int eseal__stamp_timestamp(const eseal_ctx *ctx, const eseal_stamp_options *o, int sm2,
                           const uint8_t *sigval, size_t sigval_len, eseal_buf *token) {
  uint8_t nonce[NONCE_LEN];
  if (RAND_bytes(nonce, sizeof nonce) != 1)
    return eseal__error_set(ESEAL_ECRYPTO, "no random bytes for a timestamp nonce");
  eseal_buf query = ESEAL_BUF_INIT, answer = ESEAL_BUF_INIT;
  int rc = eseal__tsa_request(sigval, sigval_len, sm2 ? "SM3" : "SHA256", o->tsa_policy, nonce,
                              sizeof nonce, 1, &query);
  /* A context without a fetcher gets one for this call only. */
  eseal_fetcher *fetcher = ctx->fetcher, *own = NULL;
  if (rc == 0 && fetcher == NULL && (rc = eseal_fetcher_curl_new(&own)) == 0)
    fetcher = own;
  if (rc == 0)
    rc = ask(ctx, fetcher, o, &query, &answer);
  eseal_fetcher_free(own);
  eseal_buf_dispose(&query);
  if (rc == 0)
    rc = eseal__tsa_response_token(answer.ptr, answer.size, token);
  eseal_buf_dispose(&answer);
  if (rc == 0 && (rc = check_token(ctx, token, sigval, sigval_len, nonce)) != 0)
    eseal_buf_dispose(token);
  if (rc && rc != ESEAL_ENOMEM)
    eseal__error_prefix(rc, "the timestamp authority");
  return rc;
}
