/*
 * eseal_cert_status_lookup(): one certificate's status, as `eseal cert
 * status` shows it. Only a certificate that chains to one of the context's
 * anchors is looked up, so online mode never fetches for strangers.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "eseal/errors.h"
#include "../context/caches.h"
#include "../context/context.h"
#include "../core/error.h"
#include "../x509/cert.h"
#include "../x509/chain.h"
#include "lookup.h"

static void unknown(eseal_cert_status *out, const char *why) {
  out->status = ESEAL_CERT_STATUS_UNKNOWN;
  snprintf(out->message, sizeof out->message, "%.*s", (int)sizeof out->message - 1, why);
}

static void fill(eseal_cert_status *out, const eseal__rev_result *r) {
  out->status = r->status;
  out->revocation_time = r->answer.revocation_time;
  out->reason = r->answer.reason;
  out->this_update = r->answer.this_update;
  out->next_update = r->answer.next_update;
  snprintf(out->source, sizeof out->source, "%s", r->from_cache ? "cache" : r->answer.source);
  snprintf(out->message, sizeof out->message, "%.*s", (int)sizeof out->message - 1,
           r->status == ESEAL_CERT_STATUS_UNKNOWN ? r->tried : r->answer.detail);
}

ESEAL_EXTERN(int) eseal_cert_status_lookup(const eseal_ctx *ctx, const eseal_cert *cert,
                                           const eseal_cert *issuer, int64_t at,
                                           eseal_cert_status *out) {
  if (ctx == NULL || cert == NULL || out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_cert_status_lookup: NULL argument");
  memset(out, 0, sizeof *out);
  out->reason = ESEAL_REASON_ABSENT;
  if (eseal__rev_is_off(ctx)) {
    unknown(out, "revocation checking is off");
    return 0;
  }
  /* The issuer given joins the context's intermediates; 0: the store of all anchors. */
  STACK_OF(X509) *extra = issuer ? sk_X509_new_null() : NULL;
  if (issuer && (extra == NULL || !sk_X509_push(extra, issuer->x509))) {
    sk_X509_free(extra);
    return eseal__error_oom();
  }
  eseal__chain_result chain;
  int rc = eseal__ctx_chain_verify_with(ctx, 0, ctx->store, extra, cert, &chain);
  sk_X509_free(extra);
  if (rc)
    return rc;
  if (!chain.ok || sk_X509_num(chain.chain) < 2) {
    char why[300];
    snprintf(why, sizeof why,
             "the certificate does not chain to an anchor of the context (%s), so its status is "
             "not looked up",
             chain.ok ? "it is an anchor itself" : X509_verify_cert_error_string(chain.error));
    unknown(out, why);
  } else {
    eseal__rev_query q = {sk_X509_value(chain.chain, 0), sk_X509_value(chain.chain, 1),
                          ESEAL_CERT_CLASS_SIGNER, at ? at : eseal_ctx_now(ctx)};
    eseal__rev_result r;
    rc = eseal__rev_lookup(ctx, &q, &r);
    if (rc == 0)
      fill(out, &r);
    eseal__rev_result_release(&r);
  }
  eseal__chain_result_release(&chain);
  return rc;
}
