/* Whether the context trusts a certificate to act in a role at a time (role_cert.h). */
#include "role_cert.h"

#include <openssl/x509.h>

#include "eseal/errors.h"
#include "eseal/trust.h"
#include "../x509/cert_summary.h"
#include "../core/error.h"
#include "../x509/cert.h"
#include "../x509/chain.h"
#include "caches.h"
#include "context.h"

/* The certificate and its chain's CA certificates must all be valid at `at`. */
static int check_validity(const eseal_cert *cert, STACK_OF(X509) *chain, int64_t at,
                          const char *what) {
  if (at < cert->not_before || at > cert->not_after)
    return eseal__error_set(ESEAL_ECERT, "%s's certificate (%s) is not valid at that time", what,
                            cert->subject);
  for (int i = 1; i < sk_X509_num(chain); i++) {
    int64_t nb = 0, na = 0;
    X509 *ca = sk_X509_value(chain, i);
    if (eseal__asn1_time_utc(X509_get0_notBefore(ca), &nb) != 0 ||
        eseal__asn1_time_utc(X509_get0_notAfter(ca), &na) != 0 || at < nb || at > na)
      return eseal__error_set(ESEAL_ECERT, "a CA certificate of %s's chain is not valid at that "
                                           "time", what);
  }
  return 0;
}

int eseal__ctx_check_role_cert_with(const eseal_ctx *ctx, const eseal_cert *cert,
                                    STACK_OF(X509) *extra, unsigned int role, int64_t at,
                                    const char *what) {
  eseal__chain_result chain = {0};
  int rc = eseal__ctx_chain_verify_with(ctx, role, eseal__ctx_role_store(ctx, role), extra, cert,
                                        &chain);
  if (rc)
    return rc;
  if (!chain.ok) {
    rc = eseal__error_set(ESEAL_ECERT, "%s (%s) does not chain to an anchor trusted for the %s "
                                       "role: %s",
                          what, cert->subject, eseal_trust_role_name(role),
                          X509_verify_cert_error_string(chain.error));
  } else if (!eseal__cert_can_sign(cert)) {
    rc = eseal__error_set(ESEAL_ECERT, "%s's certificate (%s) lacks the digitalSignature and "
                                       "nonRepudiation key usages",
                          what, cert->subject);
  } else if ((rc = check_validity(cert, chain.chain, at, what)) == 0) {
    X509 *top = sk_X509_value(chain.chain, sk_X509_num(chain.chain) - 1);
    const eseal__anchor *a = eseal__ctx_find_anchor(ctx, top);
    if (a && ((a->trusted_from && at < a->trusted_from) ||
              (a->trusted_until && at > a->trusted_until)))
      rc = eseal__error_set(ESEAL_ECERT, "%s's anchor is not trusted at that time", what);
  }
  eseal__chain_result_release(&chain);
  return rc;
}

int eseal__ctx_check_role_cert(const eseal_ctx *ctx, const eseal_cert *cert, unsigned int role,
                               int64_t at, const char *what) {
  return eseal__ctx_check_role_cert_with(ctx, cert, NULL, role, at, what);
}
