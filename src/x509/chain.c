#include "chain.h"

#include <openssl/err.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "cert.h"

int eseal__chain_verify(X509_STORE *anchors, STACK_OF(X509) *untrusted, const eseal_cert *leaf,
                        eseal__chain_result *out) {
  out->ok = 0;
  out->error = X509_V_OK;
  out->error_depth = 0;
  out->chain = NULL;
  X509_STORE_CTX *sc = X509_STORE_CTX_new();
  if (sc == NULL || X509_STORE_CTX_init(sc, anchors, leaf->x509, untrusted) != 1) {
    X509_STORE_CTX_free(sc);
    ERR_clear_error();
    return eseal__error_oom();
  }
  /* An anchor may be an intermediate CA: the platform decides what it trusts. */
  X509_STORE_CTX_set_flags(sc, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
  out->ok = X509_verify_cert(sc) == 1;
  if (!out->ok) {
    out->error = X509_STORE_CTX_get_error(sc);
    out->error_depth = X509_STORE_CTX_get_error_depth(sc);
  }
  STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(sc);
  if (chain)
    out->chain = X509_chain_up_ref(chain);
  X509_STORE_CTX_free(sc);
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
