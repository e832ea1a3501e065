#include "chain.h"

#include <string.h>

#include <openssl/err.h>

#include "eseal/errors.h"
#include "../context/context.h"
#include "../core/error.h"
#include "cert.h"

int eseal__chain_verify(const eseal_ctx *ctx, const eseal_cert *leaf, int check_time, int64_t at,
                        eseal__chain_result *out) {
  out->ok = 0;
  out->error = X509_V_OK;
  out->error_depth = 0;
  out->chain = NULL;
  X509 *x = eseal__cert_x509_with_id(leaf, (const uint8_t *)ESEAL_SM2_DEFAULT_ID,
                                     strlen(ESEAL_SM2_DEFAULT_ID));
  X509_STORE_CTX *sc = X509_STORE_CTX_new();
  if (x == NULL || sc == NULL ||
      X509_STORE_CTX_init(sc, ctx->store, x, ctx->intermediates) != 1) {
    X509_STORE_CTX_free(sc);
    X509_free(x);
    ERR_clear_error();
    return eseal__error_oom();
  }
  /* An anchor may be an intermediate CA: the platform decides what it trusts. */
  unsigned long flags = X509_V_FLAG_PARTIAL_CHAIN;
  if (check_time)
    X509_STORE_CTX_set_time(sc, 0, (time_t)at);
  else
    flags |= X509_V_FLAG_NO_CHECK_TIME;
  X509_STORE_CTX_set_flags(sc, flags);
  out->ok = X509_verify_cert(sc) == 1;
  if (!out->ok) {
    out->error = X509_STORE_CTX_get_error(sc);
    out->error_depth = X509_STORE_CTX_get_error_depth(sc);
  }
  STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(sc);
  if (chain)
    out->chain = X509_chain_up_ref(chain);
  X509_STORE_CTX_free(sc);
  X509_free(x);
  ERR_clear_error();
  return 0;
}

void eseal__chain_result_release(eseal__chain_result *r) {
  sk_X509_pop_free(r->chain, X509_free);
  r->chain = NULL;
}

eseal_sub_indication eseal__chain_sub_indication(int error) {
  switch (error) {
  case X509_V_ERR_CERT_HAS_EXPIRED:
  case X509_V_ERR_CRL_HAS_EXPIRED:
    return ESEAL_SUB_EXPIRED;
  case X509_V_ERR_CERT_NOT_YET_VALID:
  case X509_V_ERR_CRL_NOT_YET_VALID:
    return ESEAL_SUB_NOT_YET_VALID;
  case X509_V_ERR_CERT_REVOKED:
    return ESEAL_SUB_REVOKED;
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
  case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
  case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
  case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
  case X509_V_ERR_CERT_UNTRUSTED:
    return ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND;
  default:
    return ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE;
  }
}
