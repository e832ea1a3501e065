#include "chain.h"

#include <openssl/err.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "cert.h"

int eseal__chain_verify(X509_STORE *anchors, STACK_OF(X509) *untrusted, const eseal_cert *leaf,
                        eseal__chain_result *out) {
  out->ok = 0;
  out->error = X509_V_OK;
  out->error_depth = 0;
  out->chain = NULL;
  out->certs = NULL;
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

static void free_certs(eseal_cert **certs, int n) {
  for (int i = 0; certs && i < n; i++)
    eseal_cert_free(certs[i]);
  eseal__free(certs);
}

int eseal__chain_wrap(eseal__chain_result *r) {
  int n = r->chain ? sk_X509_num(r->chain) : 0;
  if (r->certs || n <= 0)
    return 0;
  eseal_cert **certs = eseal__calloc((size_t)n, sizeof *certs);
  if (certs == NULL)
    return eseal__error_oom();
  for (int i = 0; i < n; i++) {
    X509 *x = sk_X509_value(r->chain, i);
    int rc = X509_up_ref(x) == 1 ? eseal__cert_from_x509(&certs[i], x) : eseal__error_oom();
    if (rc) {
      free_certs(certs, n);
      return rc;
    }
  }
  r->certs = certs;
  return 0;
}

int eseal__chain_result_copy(const eseal__chain_result *from, eseal__chain_result *to) {
  *to = *from;
  to->chain = NULL;
  to->certs = NULL;
  if (from->chain && (to->chain = X509_chain_up_ref(from->chain)) == NULL)
    return eseal__error_oom();
  int n = from->chain ? sk_X509_num(from->chain) : 0;
  if (from->certs && n > 0) {
    if ((to->certs = eseal__calloc((size_t)n, sizeof *to->certs)) == NULL) {
      eseal__chain_result_release(to);
      return eseal__error_oom();
    }
    for (int i = 0; i < n; i++)
      to->certs[i] = eseal_cert_ref(from->certs[i]);
  }
  return 0;
}

STACK_OF(X509) *eseal__chain_result_take(eseal__chain_result *r) {
  STACK_OF(X509) *chain = r->chain;
  free_certs(r->certs, chain ? sk_X509_num(chain) : 0);
  r->certs = NULL;
  r->chain = NULL;
  return chain;
}

void eseal__chain_result_release(eseal__chain_result *r) {
  free_certs(r->certs, r->chain ? sk_X509_num(r->chain) : 0);
  r->certs = NULL;
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
