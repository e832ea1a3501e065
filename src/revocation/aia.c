/* Completing chains from AIA caIssuers (aia.h). */
#include "aia.h"

#include <string.h>

#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>

#include "eseal/errors.h"
#include "../context/cache.h"
#include "../context/context.h"
#include "../fetch/fetch.h"
#include "../x509/cert.h"
#include "urls.h"

/* Adds one certificate of DER `der` to `into`, readied for sharing. 1 added, 0 not, or ENOMEM. */
static int add_der(const uint8_t *der, size_t len, STACK_OF(X509) *into) {
  eseal_cert *c = NULL;
  int rc = eseal__cert_from_der(&c, der, len);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc)
    return 0;
  int added = X509_up_ref(c->x509) == 1 && sk_X509_push(into, c->x509) > 0;
  if (!added && c)
    X509_free(c->x509);
  eseal_cert_free(c);
  return added ? 1 : eseal__error_oom();
}

/* The certificates of an answer: one DER certificate, or a certs-only PKCS#7. */
static int add_answer(const eseal_buf *body, STACK_OF(X509) *into, int room) {
  const unsigned char *p = body->ptr;
  X509 *one = d2i_X509(NULL, &p, (long)body->size);
  int whole = one && p == body->ptr + body->size;
  X509_free(one);
  if (whole)
    return add_der(body->ptr, body->size, into);
  p = body->ptr;
  PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)body->size);
  STACK_OF(X509) *certs = p7 && PKCS7_type_is_signed(p7) && p7->d.sign ? p7->d.sign->cert : NULL;
  int added = 0;
  for (int i = 0; i < sk_X509_num(certs) && added < room; i++) {
    unsigned char *der = NULL;
    int len = i2d_X509(sk_X509_value(certs, i), &der);
    int rc = len > 0 ? add_der(der, (size_t)len, into) : 0;
    OPENSSL_free(der);
    if (rc < 0) {
      PKCS7_free(p7);
      return rc;
    }
    added += rc;
  }
  PKCS7_free(p7);
  return added;
}

/* The certificate among the last `count` of `into` that issued `cert`, or NULL. */
static X509 *issuer_among(X509 *cert, STACK_OF(X509) *into, int count) {
  for (int i = sk_X509_num(into) - count; i < sk_X509_num(into); i++)
    if (X509_check_issued(sk_X509_value(into, i), cert) == X509_V_OK)
      return sk_X509_value(into, i);
  return NULL;
}

int eseal__aia_fetch_issuers(const eseal_ctx *ctx, X509 *cert, STACK_OF(X509) *into) {
  if (ctx->revocation.mode != ESEAL_REVOCATION_ONLINE || ctx->fetcher == NULL)
    return 0;
  int total = 0;
  for (int depth = 0; cert && depth < ESEAL__AIA_MAX_DEPTH; depth++) {
    if (X509_check_issued(cert, cert) == X509_V_OK)
      break; /* self-issued: nothing above */
    char urls[2][ESEAL__URL_MAX];
    size_t n = eseal__cert_urls(cert, ESEAL__URL_CA_ISSUERS, urls, 2);
    int found = 0;
    for (size_t i = 0; i < n && total + found < ESEAL__AIA_MAX_CERTS; i++) {
      eseal_fetch_request req = {ESEAL_FETCH_REQUEST_VERSION, urls[i], NULL, NULL, 0,
                                 ctx->revocation.timeout_ms, ESEAL__AIA_MAX_BYTES,
                                 ctx->revocation.allow_private_targets, NULL, NULL};
      eseal_buf body = ESEAL_BUF_INIT;
      eseal__ctx_count(ctx, ESEAL__COUNT_FETCH);
      int rc = eseal__fetch(ctx->fetcher, &req, &body);
      if (rc == 0)
        rc = add_answer(&body, into, ESEAL__AIA_MAX_CERTS - total - found);
      else if (rc != ESEAL_ENOMEM)
        eseal__ctx_count(ctx, ESEAL__COUNT_FETCH_FAILURE);
      eseal_buf_dispose(&body);
      if (rc == ESEAL_ENOMEM)
        return rc;
      found += rc > 0 ? rc : 0;
    }
    total += found;
    cert = found ? issuer_among(cert, into, found) : NULL;
  }
  eseal_error_clear(); /* a failed fetch is reported by the chain check, not raised */
  return total;
}
