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

/* Offline OCSP responses a context holds at most. */
#define MAX_OCSP_RESPONSES 1024

ESEAL_EXTERN(int) eseal_ctx_add_crl(eseal_ctx *ctx, const uint8_t *data, size_t len) {
  if (ctx == NULL || (data == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_add_crl: NULL argument");
  int rc = eseal__crl_read(data, len, &ctx->crls);
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
  if (ctx->ocsp_response_count == MAX_OCSP_RESPONSES)
    return eseal__error_set(ESEAL_ELIMIT, "a context holds at most %d OCSP responses",
                            MAX_OCSP_RESPONSES);
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
