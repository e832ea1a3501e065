/*
 * The behavioural baseline (doc/risk-control.md, "Baseline"): per seal, the
 * hour-of-week and place histograms of its accepted uses of the last
 * ESEAL_BASELINE_DAYS local days, kept as daily counts in "risk.base" (newest
 * day first, so a judgement reads at most 90 days of rows whatever the
 * history). A use is an outlier when the smoothed share of its hour of the
 * week, or of its place, falls below ESEAL_BASELINE_THRESHOLD.
 */
#include "risk.h"

#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/be64.h"
#include "../core/error.h"

/* Additive smoothing: a bin never seen has this many pseudo-uses. */
#define ALPHA 0.5
#define HOURS_OF_WEEK 168
#define HEAD (32 + 1 + 8)

/* seal ‖ kind ‖ ~day: days sort newest first. */
static void head(uint8_t key[HEAD], const uint8_t seal[32], char kind, int64_t day) {
  memcpy(key, seal, 32);
  key[32] = (uint8_t)kind;
  eseal__put_be64(key + 33, (uint64_t)(INT64_MAX - day));
}

typedef struct tally {
  int64_t oldest;
  char kind;
  const uint8_t *place; /* 'p': the place counted apart */
  uint64_t total, bins[HOURS_OF_WEEK], at_place;
  int damaged;
} tally;

static int visit(void *arg, const uint8_t *key, size_t len, const uint8_t *v, size_t vlen) {
  tally *t = arg;
  size_t want = HEAD + (t->kind == 'h' ? 1 : 32);
  if (len != want || vlen != 8 || (t->kind == 'h' && key[HEAD] >= HOURS_OF_WEEK)) {
    t->damaged = 1;
    return 1;
  }
  int64_t day = INT64_MAX - (int64_t)eseal__get_be64(key + 33);
  if (day < t->oldest)
    return 1; /* every later row is older still */
  uint64_t n = eseal__get_be64(v);
  t->total += n;
  if (t->kind == 'h')
    t->bins[key[HEAD]] += n;
  else if (t->place && memcmp(key + HEAD, t->place, 32) == 0)
    t->at_place += n;
  return 0;
}

static int count(eseal__txn *txn, eseal__risk_use *u, tally *t) {
  uint8_t prefix[HEAD];
  head(prefix, u->seal_hash, t->kind, 0);
  int rc = eseal__txn_kv_scan(txn, u->tenant, ESEAL__RISK_AREA_BASE, prefix, 33, visit, t);
  if (rc < 0)
    return rc;
  return t->damaged ? eseal__error_set(ESEAL_ETAMPERED, "risk: a baseline entry is damaged") : 0;
}

int eseal__baseline_judge(eseal__txn *txn, const eseal_policy *p, eseal__risk_use *u,
                          char *detail, int *hit) {
  static const char *const days[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  int64_t today;
  int how;
  eseal__local_week_hour(p, u->time, &today, &how);
  tally h = {.oldest = today - (ESEAL_BASELINE_DAYS - 1), .kind = 'h'};
  int rc = count(txn, u, &h);
  if (rc || h.total < ESEAL_BASELINE_MIN_USES)
    return rc;
  double ph = (h.bins[how] + ALPHA) / (h.total + HOURS_OF_WEEK * ALPHA);
  if (ph < ESEAL_BASELINE_THRESHOLD) {
    *hit = 1;
    snprintf(detail, ESEAL__RISK_DETAIL_MAX,
             "unusual hour (%s %02dh local): estimated probability %.4f from %llu uses in %d "
             "days",
             days[how / 24], how % 24, ph, (unsigned long long)h.total, ESEAL_BASELINE_DAYS);
    return 0;
  }
  uint8_t place[32];
  tally t = {.oldest = h.oldest, .kind = 'p'};
  rc = eseal__risk_subject(txn, u, ESEAL_RISK_PLACE, 0, place);
  if (rc == ESEAL_ENOTFOUND && !(u->place && *u->place) && !u->has_location)
    return 0; /* a use without a place is judged by its hour only */
  t.place = rc == 0 ? place : NULL; /* never pseudonymised: never seen */
  if ((rc == 0 || rc == ESEAL_ENOTFOUND) && (rc = count(txn, u, &t)) == 0 &&
      t.total >= ESEAL_BASELINE_MIN_USES) {
    double pp = (t.at_place + ALPHA) / (t.total + ALPHA);
    if (pp < ESEAL_BASELINE_THRESHOLD) {
      *hit = 1;
      snprintf(detail, ESEAL__RISK_DETAIL_MAX,
               "unusual place: estimated probability %.4f from %llu uses in %d days", pp,
               (unsigned long long)t.total, ESEAL_BASELINE_DAYS);
    }
  }
  return rc;
}

/* Adds one to the count under `key`. */
static int bump(eseal__txn *txn, const char *tenant, const uint8_t *key, size_t len) {
  eseal_buf b = ESEAL_BUF_INIT;
  uint64_t n = 0;
  int rc = eseal__txn_kv_get(txn, tenant, ESEAL__RISK_AREA_BASE, key, len, &b);
  if (rc == 0 && b.size != 8)
    rc = eseal__error_set(ESEAL_ETAMPERED, "risk: a baseline count is damaged");
  else if (rc == 0)
    n = eseal__get_be64(b.ptr);
  eseal_buf_dispose(&b);
  if (rc && rc != ESEAL_ENOTFOUND)
    return rc;
  uint8_t v[8];
  eseal__put_be64(v, n + 1);
  return eseal__txn_kv_put(txn, tenant, ESEAL__RISK_AREA_BASE, key, len, v, sizeof v);
}

int eseal__baseline_note(eseal__txn *txn, const eseal_policy *p, eseal__risk_use *u) {
  int64_t day;
  int how;
  eseal__local_week_hour(p, u->time, &day, &how);
  uint8_t key[HEAD + 32];
  head(key, u->seal_hash, 'h', day);
  key[HEAD] = (uint8_t)how;
  int rc = bump(txn, u->tenant, key, HEAD + 1);
  if (rc)
    return rc;
  head(key, u->seal_hash, 'p', day);
  rc = eseal__risk_subject(txn, u, ESEAL_RISK_PLACE, 1, key + HEAD);
  if (rc == ESEAL_ENOTFOUND)
    return 0;
  return rc ? rc : bump(txn, u->tenant, key, sizeof key);
}
