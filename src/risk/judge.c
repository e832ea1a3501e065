/* eseal__risk_judge(): every rule of a policy against one use, with the store for rates and novelty. */
#include "risk.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

static const char *const scope_names[] = {"", "seal", "operator", "device", "place"};

static int judge_hours(const eseal_policy *p, const eseal__rule *r, eseal__risk_use *u,
                       char *detail) {
  if (eseal__hours_inside(p, r, u->time))
    return 0;
  static const char *const days[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  int64_t local = u->time + (int64_t)p->utc_offset_min * 60;
  int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  int64_t s = local - day * 86400;
  int off = abs(p->utc_offset_min);
  snprintf(detail, ESEAL__RISK_DETAIL_MAX,
           "used at %s %02d:%02d local time (UTC%c%02d:%02d), outside working hours",
           days[(day % 7 + 10) % 7], (int)(s / 3600), (int)(s / 60 % 60),
           p->utc_offset_min < 0 ? '-' : '+', off / 60, off % 60);
  return 1;
}

static int judge_fence(const eseal__rule *r, eseal__risk_use *u, char *detail) {
  if (!u->has_location || !eseal__geo_valid(u->latitude, u->longitude) ||
      !isfinite(u->accuracy_m) || u->accuracy_m < 0) {
    snprintf(detail, ESEAL__RISK_DETAIL_MAX, "no valid location reported");
    return 1;
  }
  double d = eseal__fence_distance(r, u->latitude, u->longitude);
  if (d - u->accuracy_m <= 0.0)
    return 0;
  snprintf(detail, ESEAL__RISK_DETAIL_MAX,
           "used %.0f m outside the geofence (reported accuracy %.0f m)", d, u->accuracy_m);
  return 1;
}

static int judge_rate(eseal__txn *txn, const eseal__rule *r, eseal__risk_use *u,
                      char *detail, int *hit) {
  uint8_t subject[32];
  uint64_t n = 0;
  int rc = eseal__risk_subject(txn, u, r->scope, 0, subject);
  if (rc == 0)
    rc = eseal__risk_count(txn, u->tenant, r->scope, r->refused, subject, u->rate_time, r->window,
                           r->limit, &n);
  if (rc == ESEAL_ENOTFOUND)
    rc = 0, n = 0; /* no such subject yet: nothing counted */
  if (rc)
    return rc;
  /* Accepted uses: this one is counted too. Refusals: the ones before it. */
  *hit = r->refused ? n >= r->limit : n + 1 > r->limit;
  if (*hit)
    snprintf(detail, ESEAL__RISK_DETAIL_MAX, "%s%llu %s uses of this %s within %lld s (limit %u)",
             r->refused ? "" : "with this one, ",
             (unsigned long long)(r->refused ? n : n + 1), r->refused ? "refused" : "accepted",
             scope_names[r->scope], (long long)r->window, r->limit);
  return 0;
}

static int seen(eseal__txn *txn, const char *tenant, const uint8_t *key, size_t len, int *yes) {
  eseal_buf b = ESEAL_BUF_INIT;
  int rc = eseal__txn_kv_get(txn, tenant, ESEAL__RISK_AREA_SEEN, key, len, &b);
  eseal_buf_dispose(&b);
  *yes = rc == 0;
  return rc == ESEAL_ENOTFOUND ? 0 : rc;
}

static int judge_novelty(eseal__txn *txn, const eseal__rule *r, eseal__risk_use *u,
                         char *detail, int *hit) {
  uint8_t key[32 + 1 + 32];
  int history = 0, known = 0;
  memcpy(key, u->seal_hash, 32);
  int rc = seen(txn, u->tenant, key, 32, &history);
  if (rc || !history)
    return rc; /* a seal with no accepted use yet has nothing to compare with */
  key[32] = (uint8_t)r->scope;
  rc = eseal__risk_subject(txn, u, r->scope, 0, key + 33);
  if (rc == ESEAL_ENOTFOUND) {
    /* Never pseudonymised in the tenant, so never seen; a use without the value is not judged. */
    int has = r->scope == ESEAL_RISK_OPERATOR ? u->operator_id && *u->operator_id
              : r->scope == ESEAL_RISK_DEVICE ? u->device && *u->device
                                              : (u->place && *u->place) || u->has_location;
    rc = 0;
    known = !has;
  } else if (rc == 0)
    rc = seen(txn, u->tenant, key, sizeof key, &known);
  if (rc == 0 && !known) {
    *hit = 1;
    snprintf(detail, ESEAL__RISK_DETAIL_MAX, "a %s never seen with this seal",
             scope_names[r->scope]);
  }
  return rc;
}

void eseal__risk_result_dispose(eseal__risk_result *r) {
  eseal__free(r->hits);
  memset(r, 0, sizeof *r);
}

int eseal__risk_judge(eseal__txn *txn, const eseal_policy *p, eseal__risk_use *u,
                      eseal__risk_result *out) {
  eseal__risk_result_dispose(out);
  /* One hit per rule, and a spare for the caller's own (a late report). */
  out->hits = eseal__calloc((p ? p->rule_count : 0) + 1, sizeof *out->hits);
  if (out->hits == NULL)
    return eseal__error_oom();
  int rc = 0;
  for (size_t i = 0; rc == 0 && p && i < p->rule_count; i++) {
    const eseal__rule *r = &p->rules[i];
    eseal__risk_hit *h = &out->hits[out->count];
    int hit = 0;
    if (!eseal__rule_applies(r, u->es_id))
      continue;
    if (u->refused_already && !(r->kind == ESEAL__RULE_RATE && r->refused))
      continue;
    switch (r->kind) {
    case ESEAL__RULE_HOURS: hit = judge_hours(p, r, u, h->detail); break;
    case ESEAL__RULE_GEOFENCE: hit = judge_fence(r, u, h->detail); break;
    case ESEAL__RULE_RATE: rc = judge_rate(txn, r, u, h->detail, &hit); break;
    case ESEAL__RULE_NOVELTY: rc = judge_novelty(txn, r, u, h->detail, &hit); break;
    case ESEAL__RULE_BASELINE: rc = eseal__baseline_judge(txn, p, u, h->detail, &hit); break;
    }
    if (rc == 0 && hit) {
      h->rule = r;
      h->level = r->level == ESEAL_RISK_FREEZE && !u->trusted ? ESEAL_RISK_ALERT : r->level;
      out->freeze |= h->level == ESEAL_RISK_FREEZE;
      out->count++;
    }
  }
  if (rc)
    eseal__risk_result_dispose(out);
  return rc;
}
