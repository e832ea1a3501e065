/*
 * seal.state: what the seal registry of the context's store says of the seal
 * (doc/verification.md, "seal.state"; doc/registry.md). A loss report or a
 * cancellation works like a revocation with the report's time: a stamp
 * claimed at or after it is TOTAL_FAILED / REVOKED; one claimed before it
 * stands when it is proven to have existed before it (under the POE policy),
 * as expiry is judged in steps_time.c.
 */
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/store.h"
#include "../registry/registry.h"
#include "steps.h"

#define ID "seal.state"

static void judge_final(eseal__verifier *v, const eseal__seal_record *r, int64_t at,
                        const char *at_label) {
  char lost[21], when[21], poe[21], what[600];
  const char *verb = r->state == ESEAL_SEAL_LOST ? "reported lost" : "cancelled";
  snprintf(what, sizeof what, "the seal was %s at %s%s%.200s%s%.300s", verb,
           eseal__iso(r->final_at, lost), *r->changed_by ? " by " : "", r->changed_by,
           *r->reason ? ": " : "", r->reason);
  eseal__report_fact(v->report, r->state == ESEAL_SEAL_LOST ? "seal_lost_at" : "seal_cancelled_at",
                     lost);
  if (at >= r->final_at) {
    eseal__report_fail(v->report, ID, ESEAL_SUB_REVOKED, "%s; the %s (%s) is not before it", what,
                       at_label, eseal__iso(at, when));
    return;
  }
  if (v->poe < r->final_at) {
    eseal__report_ok(v->report, ID, "%s, after the %s (%s), and %s (%s) proves the input existed "
                                    "before",
                     what, at_label, eseal__iso(at, when), v->poe_label, eseal__iso(v->poe, poe));
    return;
  }
  if (v->opts.time_policy == ESEAL_TIME_POLICY_CLAIMED) {
    eseal__report_check(v->report, ID, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "%s, after the %s (%s); accepted on the claimed time alone "
                        "(claimed-time policy)",
                        what, at_label, eseal__iso(at, when));
    return;
  }
  eseal__report_check(v->report, ID, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                      ESEAL_SUB_OUT_OF_BOUNDS_NO_POE,
                      "%s; the %s (%s) is before it, but nothing proves the input existed before "
                      "it (best signature time %s, %s)",
                      what, at_label, eseal__iso(at, when), eseal__iso(v->poe, poe), v->poe_label);
}

static void judge(eseal__verifier *v, const eseal__seal_record *r, eseal__found found,
                  const char *tenant, int64_t at, const char *at_label) {
  char since[21];
  if (found == ESEAL__FOUND_NONE) {
    eseal__report_check(v->report, ID, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "the seal is not registered in tenant %s, so its state is unknown",
                        tenant);
    return;
  }
  if (found == ESEAL__FOUND_OTHER) {
    eseal__report_check(v->report, ID, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                        "tenant %s registers another seal (%s) under esID %s: this seal is not "
                        "the registered one",
                        tenant, eseal_seal_state_name(r->state), r->es_id);
    return;
  }
  switch (r->state) {
  case ESEAL_SEAL_ACTIVE:
    eseal__report_ok(v->report, ID, "active in tenant %s since %s", tenant,
                     eseal__iso(r->changed_at, since));
    return;
  case ESEAL_SEAL_FROZEN:
    eseal__report_check(v->report, ID, ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "frozen in tenant %s since %s%s%s%s%s: it may not stamp now; this is "
                        "its state at the validation time, not at the signing time",
                        tenant, eseal__iso(r->changed_at, since), *r->changed_by ? " by " : "",
                        r->changed_by, *r->reason ? ": " : "", r->reason);
    return;
  default:
    judge_final(v, r, at, at_label);
  }
}

int eseal__step_seal_state(eseal__verifier *v, const eseal_seal *seal, int64_t at,
                           const char *at_label) {
  if (eseal_ctx_store(v->ctx) == NULL)
    return 0;
  const char *tenant = v->opts.tenant ? v->opts.tenant : ESEAL_STORE_DEFAULT_TENANT;
  uint8_t hash[32];
  eseal__seal_record r;
  eseal__found found = ESEAL__FOUND_NONE;
  int rc = eseal__seal_hash(seal, hash);
  if (rc == 0)
    rc = eseal__registry_find_now(v->ctx, tenant, hash, eseal_seal_esid(seal), &r, &found);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc) {
    const eseal_error *e = eseal_error_last();
    eseal__report_check(v->report, ID, ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_TRY_LATER, "the registry of tenant %s could not be read: %s",
                        tenant, e ? e->message : eseal_strerror(rc));
    return 0;
  }
  judge(v, &r, found, tenant, at, at_label);
  return 0;
}
