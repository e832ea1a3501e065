/*
 * The offline sources of a context: CRLs and OCSP responses the caller gives
 * (files, or bytes such as the validation data of an earlier report). They
 * are checked when used, against the certificate and time in question.
 */
#include <string.h>

#include "eseal/errors.h"
#include "eseal/revocation.h"
#include "../context/context.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/file.h"
#include "crl.h"
#include "ocsp.h"

ESEAL_EXTERN(int) eseal_ctx_add_crl(eseal_ctx *ctx, const uint8_t *data, size_t len) {
  if (ctx == NULL || (data == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_crl: NULL argument");
  STACK_OF(X509_CRL) *read = NULL;
  int rc = eseal__crl_read(data, len, &read);
  int held = ctx->crls ? sk_X509_CRL_num(ctx->crls) : 0;
  if (rc == 0 && held + sk_X509_CRL_num(read) > ESEAL__CTX_MAX_CRLS)
    rc = eseal__error_set(ESEAL_ELIMIT, "a context holds at most %d CRLs", ESEAL__CTX_MAX_CRLS);
  if (rc == 0 && ctx->crls == NULL && (ctx->crls = sk_X509_CRL_new_null()) == NULL)
    rc = eseal__error_oom();
  /* Room first: all of them are added, or none. */
  if (rc == 0 && !sk_X509_CRL_reserve(ctx->crls, held + sk_X509_CRL_num(read)))
    rc = eseal__error_oom();
  while (rc == 0 && sk_X509_CRL_num(read) > 0)
    sk_X509_CRL_push(ctx->crls, sk_X509_CRL_shift(read));
  sk_X509_CRL_pop_free(read, X509_CRL_free);
  if (rc == 0 && ctx->revocation.mode != ESEAL_REVOCATION_OFF)
    ctx->revocation_configured = 1;
  return rc;
}

ESEAL_EXTERN(int) eseal_ctx_add_crl_file(eseal_ctx *ctx, const char *path) {
  if (ctx == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_crl_file: NULL argument");
  eseal_buf b = ESEAL_BUF_INIT;
  int rc = eseal__read_file(&b, path);
  if (rc == 0 && (rc = eseal_ctx_add_crl(ctx, b.ptr, b.size)) != 0 && rc != ESEAL_ENOMEM)
    eseal__error_prefix(rc, path);
  eseal_buf_dispose(&b);
  return rc;
}

ESEAL_EXTERN(int) eseal_ctx_add_ocsp_response(eseal_ctx *ctx, const uint8_t *data, size_t len) {
  if (ctx == NULL || data == NULL || len == 0)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_ocsp_response: no response");
  if (len > ESEAL__OCSP_MAX_BYTES)
    return eseal__error_set(ESEAL_ELIMIT, "an OCSP response of %zu bytes exceeds the limit of %u",
                            len, ESEAL__OCSP_MAX_BYTES);
  /* Only the outer shape here: a SEQUENCE; the content is judged when used. */
  if (data[0] != 0x30)
    return eseal__error_set(ESEAL_EFORMAT, "not a DER OCSPResponse (no SEQUENCE)");
  if (ctx->ocsp_response_count == ESEAL__OCSP_MAX_RESPONSES)
    return eseal__error_set(ESEAL_ELIMIT, "a context holds at most %d OCSP responses",
                            ESEAL__OCSP_MAX_RESPONSES);
  eseal_buf *grown =
      eseal__realloc(ctx->ocsp_responses, ctx->ocsp_response_count * sizeof *grown,
                     (ctx->ocsp_response_count + 1) * sizeof *grown);
  if (grown == NULL)
    return eseal__error_oom();
  ctx->ocsp_responses = grown;
  eseal_buf *slot = &grown[ctx->ocsp_response_count];
  if ((slot->ptr = eseal__malloc(len)) == NULL)
    return eseal__error_oom();
  memcpy(slot->ptr, data, len);
  slot->size = len;
  ctx->ocsp_response_count++;
  if (ctx->revocation.mode != ESEAL_REVOCATION_OFF)
    ctx->revocation_configured = 1;
  return 0;
}

ESEAL_EXTERN(int) eseal_ctx_add_ocsp_response_file(eseal_ctx *ctx, const char *path) {
  if (ctx == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_ocsp_response_file: NULL argument");
  eseal_buf b = ESEAL_BUF_INIT;
  int rc = eseal__read_file(&b, path);
  if (rc == 0 && (rc = eseal_ctx_add_ocsp_response(ctx, b.ptr, b.size)) != 0 &&
      rc != ESEAL_ENOMEM)
    eseal__error_prefix(rc, path);
  eseal_buf_dispose(&b);
  return rc;
}

ESEAL_EXTERN(const char *) eseal_revocation_reason_name(int reason) {
  static const char *const names[] = {
      "unspecified",          "keyCompromise", "cACompromise",
      "affiliationChanged",   "superseded",    "cessationOfOperation",
      "certificateHold",      NULL,            "removeFromCRL",
      "privilegeWithdrawn",   "aACompromise",
  };
  if (reason < 0 || (size_t)reason >= sizeof names / sizeof names[0])
    return NULL;
  return names[reason];
}
