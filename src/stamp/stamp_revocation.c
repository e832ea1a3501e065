/* The fail-closed revocation check of stamping (stamp_checks.h). */
#include <stdio.h>

#include "eseal/errors.h"
#include "eseal/trust.h"
#include "../context/caches.h"
#include "../context/context.h"
#include "../core/error.h"
#include "../revocation/lookup.h"
#include "../x509/cert.h"
#include "../x509/cert_summary.h"
#include "../x509/chain.h"
#include "stamp_checks.h"

static int check_chain(const eseal_ctx *ctx, STACK_OF(X509) *chain, int64_t t) {
  for (int i = 0; i + 1 < sk_X509_num(chain); i++) {
    eseal__rev_query q = {sk_X509_value(chain, i), sk_X509_value(chain, i + 1),
                          i == 0 ? ESEAL_CERT_CLASS_SIGNER : ESEAL_CERT_CLASS_CA, t};
    eseal__rev_result r;
    int rc = eseal__rev_lookup(ctx, &q, &r);
    if (rc)
      return rc;
    char name[300];
    eseal__name_text(name, sizeof name, X509_get_subject_name(q.cert));
    const char *who = i == 0 ? "the signer certificate" : "a CA of the signer's chain";
    if (r.status == ESEAL_CERT_STATUS_REVOKED) {
      const char *reason = eseal_revocation_reason_name(r.answer.reason);
      rc = eseal__error_set(ESEAL_EREVOKED, "stamping refused: %s %s is revoked (%s) [%s]", who,
                            name, reason ? reason : "no reason given", r.answer.detail);
    } else if (r.status != ESEAL_CERT_STATUS_GOOD) {
      rc = eseal__error_set(ESEAL_ESTATUS,
                            "stamping refused: no revocation status for %s %s, and stamping is "
                            "fail-closed: %s",
                            who, name, r.tried);
    }
    eseal__rev_result_release(&r);
    if (rc)
      return rc;
  }
  return 0;
}

int eseal__stamp_check_revocation(const eseal_ctx *ctx, const eseal_cert *signer, int64_t t) {
  if (!ctx->revocation_configured || eseal__rev_is_off(ctx))
    return 0;
  eseal__chain_result chain;
  /* Through the context's chain cache: the same signer stamps again and again. */
  int rc = eseal__ctx_chain_verify(ctx, ESEAL_ROLE_SIGNER_CA,
                                   eseal__ctx_role_store(ctx, ESEAL_ROLE_SIGNER_CA), signer, &chain);
  if (rc)
    return rc;
  if (!chain.ok)
    rc = eseal__error_set(ESEAL_ESTATUS,
                          "stamping refused: the signer certificate does not chain to a "
                          "signer-ca anchor (%s), so its revocation status cannot be established",
                          X509_verify_cert_error_string(chain.error));
  else
    rc = check_chain(ctx, chain.chain, t);
  eseal__chain_result_release(&chain);
  return rc;
}
