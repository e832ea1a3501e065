/*
 * Times under the time policy: a claimed time (timeInfo, createDate) is the
 * signer's or maker's word; the best signature time is what something else
 * proves. Validity is judged at the claimed time, and an expiry before the
 * best signature time needs proof of existence (doc/verification.md, "Times").
 */
#include <stdio.h>

#include "steps.h"

int eseal__judgement_set(eseal__judgement *j, eseal_check_status status, eseal_indication ind,
                         eseal_sub_indication sub, int rank) {
  j->status = status;
  j->ind = ind;
  j->sub = sub;
  return rank;
}

int eseal__judge_window(const eseal__verifier *v, const char *what, int64_t not_before,
                        int64_t not_after, int64_t at, const char *at_label, eseal__judgement *j) {
  char when[21], from[21], until[21], best[21];
  eseal__iso(at, when);
  eseal__iso(not_before, from);
  eseal__iso(not_after, until);
  if (at < not_before) {
    snprintf(j->msg, sizeof j->msg, "%s was not yet valid at the %s (%s): valid from %s", what,
             at_label, when, from);
    return eseal__judgement_set(j, ESEAL_CHECK_NOT_OK, ESEAL_TOTAL_FAILED, ESEAL_SUB_NOT_YET_VALID, 3);
  }
  if (at > not_after) {
    snprintf(j->msg, sizeof j->msg, "%s had expired at the %s (%s): valid until %s", what,
             at_label, when, until);
    return eseal__judgement_set(j, ESEAL_CHECK_NOT_OK, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, 3);
  }
  eseal__iso(v->poe, best);
  if (v->poe > not_after) {
    if (v->opts.time_policy == ESEAL_TIME_POLICY_CLAIMED) {
      snprintf(j->msg, sizeof j->msg,
               "%s was valid at the claimed %s (%s) and has expired since (%s); accepted under "
               "the claimed-time policy, though nothing proves the time",
               what, at_label, when, until);
      return eseal__judgement_set(j, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, 1);
    }
    snprintf(j->msg, sizeof j->msg,
             "%s was valid at the claimed %s (%s) but expired at %s, and nothing proves the "
             "signature existed before then (best signature time %s, %s)",
             what, at_label, when, until, best, v->poe_label);
    return eseal__judgement_set(j, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE, 2);
  }
  if (v->validation_time > not_after)
    snprintf(j->msg, sizeof j->msg,
             "%s was valid at the %s (%s); it expired at %s, after %s (%s)", what, at_label, when,
             until, v->poe_label, best);
  else
    snprintf(j->msg, sizeof j->msg, "%s was valid at the %s (%s)", what, at_label, when);
  return eseal__judgement_set(j, ESEAL_CHECK_OK, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, 0);
}

void eseal__report_judgement(eseal__verifier *v, const char *id, const eseal__judgement *j) {
  eseal__report_check(v->report, id, j->status, j->ind, j->sub, "%s", j->msg);
}

void eseal__step_signing_time(eseal__verifier *v, int64_t claimed) {
  eseal__step_claimed_time(v, "signature.time", claimed);
}

void eseal__step_claimed_time(eseal__verifier *v, const char *id, int64_t claimed) {
  char when[21], now[21];
  eseal__iso(claimed, when);
  eseal__iso(v->validation_time, now);
  if (claimed > v->validation_time + v->clock_skew)
    eseal__report_check(v->report, id, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                        "the claimed signing time (%s) lies after the validation time (%s) by "
                        "more than the allowed clock skew of %lld s",
                        when, now, (long long)v->clock_skew);
  else
    eseal__report_ok(v->report, id,
                     "the claimed signing time (%s) is not after the validation time (%s)", when,
                     now);
}
