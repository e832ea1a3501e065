/* Certificate checks: the chain to a trust anchor, key usage, validity at a time. */
#include <stdio.h>
#include <string.h>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "eseal/errors.h"
#include "../asn1/timefmt.h"
#include "../context/context.h"
#include "../x509/cert.h"
#include "../x509/chain.h"
#include "steps.h"

const char *eseal__iso(int64_t utc, char out[21]) {
  if (eseal__time_format_iso(utc, out) != 0)
    snprintf(out, 21, "(out of range)");
  return out;
}

int eseal__steps_read_cert(const uint8_t *der, size_t len, eseal_cert **out, char why[256]) {
  int rc = eseal__cert_from_der(out, der, len);
  if (rc == ESEAL_ENOMEM)
    return rc;
  snprintf(why, 256, "%s", rc ? eseal_error_last()->message : "");
  return 0;
}

/* Records the chain's CA certificates as evidence; evidence that cannot be
 * kept fails the whole verification rather than leave a report without it. */
static void record_chain(eseal__verifier *v, STACK_OF(X509) *chain, const char *role) {
  for (int i = 1; chain && i < sk_X509_num(chain); i++) {
    X509 *x = sk_X509_value(chain, i);
    eseal_cert *c = NULL;
    if (X509_up_ref(x) != 1 || eseal__cert_from_x509(&c, x) != 0) {
      v->report->failed = 1;
      return;
    }
    eseal__report_cert(v->report, role, c);
    eseal_cert_free(c);
  }
}

static int check_chain(eseal__verifier *v, const eseal_cert *cert, const char *role,
                       const char *chain_id, eseal__chain_result *chain) {
  eseal_report *r = v->report;
  if (v->ctx->trust_count == 0) {
    eseal__report_check(r, chain_id, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND,
                        "no trust anchors are configured, so the %s certificate cannot be trusted",
                        role);
    return 0;
  }
  int rc = eseal__chain_verify(v->ctx, cert, chain);
  if (rc)
    return rc;
  if (!chain->ok) {
    eseal_sub_indication sub = eseal__chain_sub_indication(chain->error);
    eseal__report_check(r, chain_id, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE, sub,
                        "no valid chain from the %s certificate to a trust anchor: %s (depth %d)",
                        role, X509_verify_cert_error_string(chain->error), chain->error_depth);
    return 0;
  }
  if (!eseal__cert_can_sign(cert)) {
    eseal__report_fail(r, chain_id, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE,
                       "the %s certificate lacks the digitalSignature and nonRepudiation key "
                       "usages",
                       role);
    return 0;
  }
  X509 *anchor = sk_X509_value(chain->chain, sk_X509_num(chain->chain) - 1);
  char name[512];
  eseal__name_text(name, sizeof name, X509_get_subject_name(anchor));
  eseal__report_ok(r, chain_id, "the %s certificate chains to the trust anchor %s (%d certificates)",
                   role, name, sk_X509_num(chain->chain));
  return 0;
}

static void check_validity(eseal__verifier *v, const eseal_cert *cert, const char *role,
                           const char *validity_id, const eseal__chain_result *chain, int64_t at,
                           const char *at_label) {
  eseal_report *r = v->report;
  char when[21], bound[21];
  eseal__iso(at, when);
  if (at < cert->not_before) {
    eseal__report_fail(r, validity_id, ESEAL_SUB_NOT_YET_VALID,
                       "the %s certificate was not yet valid at the %s (%s): valid from %s", role,
                       at_label, when, eseal__iso(cert->not_before, bound));
    return;
  }
  if (at > cert->not_after) {
    eseal__report_fail(r, validity_id, ESEAL_SUB_EXPIRED,
                       "the %s certificate had expired at the %s (%s): valid until %s", role,
                       at_label, when, eseal__iso(cert->not_after, bound));
    return;
  }
  /* The CA certificates of a built chain must have been valid then too. */
  for (int i = 1; chain->ok && i < sk_X509_num(chain->chain); i++) {
    X509 *ca = sk_X509_value(chain->chain, i);
    time_t t = (time_t)at;
    if (X509_cmp_time(X509_get0_notBefore(ca), &t) > 0 ||
        X509_cmp_time(X509_get0_notAfter(ca), &t) < 0) {
      int expired = X509_cmp_time(X509_get0_notAfter(ca), &t) < 0;
      char name[512];
      eseal__name_text(name, sizeof name, X509_get_subject_name(ca));
      eseal__report_fail(r, validity_id, expired ? ESEAL_SUB_EXPIRED : ESEAL_SUB_NOT_YET_VALID,
                         "the CA certificate %s of the %s chain was %s at the %s (%s)", name, role,
                         expired ? "expired" : "not yet valid", at_label, when);
      return;
    }
  }
  if (v->validation_time > cert->not_after)
    eseal__report_check(r, validity_id, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "the %s certificate was valid at the %s (%s); it has expired since (%s)",
                        role, at_label, when, eseal__iso(cert->not_after, bound));
  else
    eseal__report_ok(r, validity_id, "the %s certificate was valid at the %s (%s)", role, at_label,
                     when);
}

int eseal__steps_cert(eseal__verifier *v, const eseal_cert *cert, const char *role,
                      const char *chain_id, const char *validity_id, int64_t at,
                      const char *at_label) {
  eseal__chain_result chain = {0};
  eseal__report_cert(v->report, role, cert);
  int rc = check_chain(v, cert, role, chain_id, &chain);
  if (rc == 0) {
    record_chain(v, chain.chain, strcmp(role, "maker") == 0 ? "maker-chain" : "signer-chain");
    check_validity(v, cert, role, validity_id, &chain, at, at_label);
  }
  eseal__chain_result_release(&chain);
  return rc;
}
