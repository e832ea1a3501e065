/*
 * The own status of a delegated OCSP responder (RFC 6960 §4.2.2.2.1): an
 * answer signed by a responder the issuer delegated to counts only while
 * that responder is not revoked, unless it carries id-pkix-ocsp-nocheck
 * (ocsp_status.c hands over only those without). See lookup.h.
 */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../x509/cert_summary.h"
#include "lookup.h"

static void refuse(eseal__rev_answer *a, const char *name, const char *why, const char *more) {
  snprintf(a->detail, sizeof a->detail, "signed by the delegated responder %.100s, %.80s: %.150s",
           name, why, more);
  a->status = ESEAL__REV_UNUSABLE;
}

int eseal__rev_check_responder(const eseal_ctx *ctx, const eseal__rev_query *q, X509 *responder,
                               eseal__rev_answer *a) {
  if (responder == NULL)
    return 0;
  char name[120];
  eseal__name_text(name, sizeof name, X509_get_subject_name(responder));
  if (q->depth >= 1) {
    refuse(a, name, "not followed further",
           "a responder's own status is looked up one level deep only");
    X509_free(responder);
    return 0;
  }
  eseal__rev_query rq = {responder, q->issuer, q->cls, q->at, q->depth + 1};
  eseal__rev_result r;
  int rc = eseal__rev_lookup(ctx, &rq, &r);
  X509_free(responder);
  if (rc)
    return rc;
  if (r.status != ESEAL_CERT_STATUS_GOOD) {
    int revoked = r.status == ESEAL_CERT_STATUS_REVOKED;
    const char *reason = eseal_revocation_reason_name(r.answer.reason);
    char why[80];
    snprintf(why, sizeof why, revoked ? "which is revoked (%s)" : "whose own status is unknown",
             reason ? reason : "no reason given");
    refuse(a, name, why, revoked ? r.answer.detail : r.tried);
  }
  eseal__rev_result_release(&r);
  return 0;
}
