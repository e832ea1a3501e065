/*
 * signer.revocation and seal.maker_revocation: the status of a certificate
 * and its chain's CAs, judged at the best signature time (doc/revocation.md,
 * "Judging a revocation"). The sources and policy are the context's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../context/context.h"
#include "../revocation/lookup.h"
#include "../x509/cert.h"
#include "../x509/cert_summary.h"
#include "../x509/chain.h"
#include "steps.h"

/* Reasons after which a backdated claim proves nothing: the key may be in other hands. */
static int compromise_like(int reason) {
  return reason == ESEAL_REASON_ABSENT || reason == 0 /* unspecified */ ||
         reason == 1 /* keyCompromise */ || reason == 2 /* cACompromise */ ||
         reason == 10 /* aACompromise */;
}

static const char *reason_text(int reason) {
  const char *name = eseal_revocation_reason_name(reason);
  return name ? name : "no reason given";
}

/* The judgement's message, cut at its capacity (messages carry names and sources' details). */
static void say(eseal__judgement *j, const char *fmt, ...) ESEAL__PRINTF(2, 3);
static void say(eseal__judgement *j, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(j->msg, sizeof j->msg, fmt, ap);
  va_end(ap);
}

/* Hard-fail: asked for in this verification, or the policy of a context configured for revocation. */
static int hard_fail(const eseal__verifier *v, eseal_cert_class cls) {
  return (v->opts.flags & ESEAL_VERIFY_REQUIRE_REVOCATION) ||
         (v->ctx->revocation_configured &&
          v->ctx->revocation.failure[cls] == ESEAL_REVOCATION_HARD_FAIL);
}

static int judge_revoked(const eseal__verifier *v, const eseal__rev_result *r, int is_ca,
                         const char *who, int64_t claimed, const char *claimed_label,
                         const eseal__rev_when *when, eseal__judgement *j) {
  const eseal__rev_answer *a = &r->answer;
  /* The earliest time the key is known to have been bad. */
  int64_t revoked = a->revocation_time;
  if (a->invalidity_date && a->invalidity_date < revoked)
    revoked = a->invalidity_date;
  char at[21], claim[21], best[21];
  eseal__iso(revoked, at);
  eseal__iso(claimed, claim);
  eseal__iso(when->best, best);
  if (revoked > when->best) {
    say(j,
             "%s revoked at %s (%s), after the best signature time %s (%s): the signature "
             "was made before [%s]",
             who, at, reason_text(a->reason), best, when->best_label, a->detail);
    return eseal__judgement_set(j, ESEAL_CHECK_OK, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, 0);
  }
  if (revoked <= claimed) {
    say(j, "%s revoked at %s (%s), before the %s %s [%s]", who, at,
             reason_text(a->reason), claimed_label, claim, a->detail);
    return is_ca ? eseal__judgement_set(j, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE, ESEAL_SUB_REVOKED_CA_NO_POE, 2)
                 : eseal__judgement_set(j, ESEAL_CHECK_NOT_OK, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, 3);
  }
  if (compromise_like(a->reason)) {
    say(j,
             "%s revoked at %s (%s), after the %s %s, but that time is the signer's own word "
             "and nothing proves the signature existed before the revocation: whoever held the "
             "key could backdate it [%s]",
             who, at, reason_text(a->reason), claimed_label, claim, a->detail);
    return eseal__judgement_set(j, ESEAL_CHECK_NOT_OK, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, 3);
  }
  say(j,
           "%s revoked at %s (%s), after the %s %s; nothing proves the signature existed "
           "before the revocation [%s]",
           who, at, reason_text(a->reason), claimed_label, claim, a->detail);
  if (v->opts.time_policy == ESEAL_TIME_POLICY_CLAIMED)
    return eseal__judgement_set(j, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, 1);
  return eseal__judgement_set(j, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
             is_ca ? ESEAL_SUB_REVOKED_CA_NO_POE : ESEAL_SUB_REVOKED_NO_POE, 2);
}

/* One certificate's judgement; its rank (0 OK .. 3 TOTAL_FAILED). */
static int judge(const eseal__verifier *v, const eseal__rev_result *r, int is_ca,
                 eseal_cert_class cls, const char *who, int64_t claimed,
                 const char *claimed_label, const eseal__rev_when *when, eseal__judgement *j) {
  if (r->status == ESEAL_CERT_STATUS_REVOKED)
    return judge_revoked(v, r, is_ca, who, claimed, claimed_label, when, j);
  if (r->status == ESEAL_CERT_STATUS_GOOD) {
    int no_nonce = r->answer.nonce == ESEAL__NONCE_ABSENT;
    say(j, "%s not revoked (%s%s%s)%s", who,
             r->from_cache ? "cached " : "", r->answer.source, r->answer.detail[0] ? ": " : "",
             no_nonce ? "; the OCSP responder sent no nonce back" : "");
    size_t used = strlen(j->msg);
    if (used < sizeof j->msg && r->answer.detail[0])
      snprintf(j->msg + used, sizeof j->msg - used, " [%s]", r->answer.detail);
    return no_nonce ? eseal__judgement_set(j, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, 1)
                    : eseal__judgement_set(j, ESEAL_CHECK_OK, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, 0);
  }
  if (hard_fail(v, cls)) {
    say(j, "no revocation status for %s (hard-fail policy): %s", who,
             r->tried);
    return eseal__judgement_set(j, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, 2);
  }
  say(j, "no revocation status for %s (%s): %s", who,
      v->ctx->revocation_configured ? "soft-fail policy" : "revocation is not configured",
      r->tried);
  return eseal__judgement_set(j, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, 1);
}

static void describe(X509 *x, int depth, const char *role, char *out, size_t cap) {
  char name[300];
  eseal__name_text(name, sizeof name, X509_get_subject_name(x));
  snprintf(out, cap, depth == 0 ? "the %s certificate %s" : "the %s chain's CA %s", role, name);
}

int eseal__judge_chain_revocation(eseal__verifier *v, STACK_OF(X509) *chain,
                                  eseal_cert_class leaf_class, const char *role,
                                  int64_t claimed, const char *claimed_label,
                                  const eseal__rev_when *when, eseal__judgement *worst) {
  eseal__rev_when now = {v->validation_time, v->poe, v->poe_label};
  if (when == NULL)
    when = &now;
  int worst_rank = -1;
  /* The anchor is trusted as it is: every certificate below it is looked up. */
  for (int i = 0; i + 1 < sk_X509_num(chain); i++) {
    eseal__rev_query q = {sk_X509_value(chain, i), sk_X509_value(chain, i + 1),
                          i == 0 ? leaf_class : ESEAL_CERT_CLASS_CA, when->at, 0};
    eseal__rev_result r;
    int rc = eseal__rev_lookup(v->ctx, &q, &r);
    if (rc)
      return rc;
    char who[400];
    describe(q.cert, i, role, who, sizeof who);
    if (r.evidence.size)
      eseal__report_validation(v->report, strcmp(r.evidence_kind, "ocsp") ? "crl" : "ocsp",
                               r.evidence.ptr, r.evidence.size, who);
    /* A delegated OCSP responder's own status is evidence too. */
    eseal__rev_result responder;
    if ((rc = eseal__rev_responder_lookup(v->ctx, &q, &r, &responder)) != 0) {
      eseal__rev_result_release(&r);
      return rc;
    }
    if (responder.evidence.size) {
      char whose[440];
      snprintf(whose, sizeof whose, "the OCSP responder of %s", who);
      eseal__report_validation(v->report, strcmp(responder.evidence_kind, "ocsp") ? "crl" : "ocsp",
                               responder.evidence.ptr, responder.evidence.size, whose);
    }
    eseal__rev_result_release(&responder);
    eseal__judgement j;
    int rank = judge(v, &r, i > 0, q.cls, who, claimed, claimed_label, when, &j);
    eseal__rev_result_release(&r);
    if (rank > worst_rank) {
      worst_rank = rank;
      *worst = j;
    } else if (rank == worst_rank) {
      size_t used = strlen(worst->msg);
      if (used + 3 < sizeof worst->msg)
        snprintf(worst->msg + used, sizeof worst->msg - used, "; %.*s",
                 (int)(sizeof worst->msg - used - 3), j.msg);
    }
  }
  return 0;
}

int eseal__step_revocation(eseal__verifier *v, const eseal_cert *cert, unsigned int trust_role,
                           eseal_cert_class cls, const char *id, int64_t claimed,
                           const char *claimed_label) {
  const char *role = cls == ESEAL_CERT_CLASS_MAKER ? "maker" : "signer";
  if (eseal__rev_is_off(v->ctx)) {
    eseal__report_check(v->report, id, ESEAL_CHECK_SKIPPED, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "revocation checking is off");
    return 0;
  }
  if (cert == NULL) {
    eseal__report_check(v->report, id, ESEAL_CHECK_SKIPPED, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "the %s certificate cannot be read", role);
    return 0;
  }
  eseal__chain_result chain;
  int rc = eseal__steps_chain(v, trust_role, eseal__ctx_role_store(v->ctx, trust_role), cert,
                              &chain);
  if (rc)
    return rc;
  if (!chain.ok) {
    eseal__report_check(v->report, id, ESEAL_CHECK_SKIPPED, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "the %s certificate does not chain to an anchor, so there is no issuer "
                        "to ask (see the chain check)",
                        role);
  } else if (sk_X509_num(chain.chain) < 2) {
    eseal__report_check(v->report, id, ESEAL_CHECK_SKIPPED, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "the %s certificate is itself an anchor", role);
  } else {
    eseal__judgement j;
    rc = eseal__judge_chain_revocation(v, chain.chain, cls, role, claimed, claimed_label, NULL,
                                       &j);
    if (rc == 0)
      eseal__report_judgement(v, id, &j);
  }
  eseal__chain_result_release(&chain);
  return rc;
}
