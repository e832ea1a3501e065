/*
 * Judging a use of a seal against a policy inside a store transaction
 * (floor 4, risk/; uses policy/, storage/, usage_log/ (its pseudonyms, one
 * way) and core/). The caller (registry/) writes the records and the freeze.
 *
 * Kept in the store, per tenant (doc/risk-control.md, "Stored state"):
 *   area "risk.rate"  scope ‖ class ‖ subject(32) ‖ ~time(8) ‖ seq(8) -> 0x01
 *                     one entry per counted use, newest first within a subject
 *   area "risk.seen"  seal hash(32) ‖ scope ‖ subject(32) -> 0x01, and
 *                     seal hash(32) -> 0x01 once the seal has an accepted use
 *   area "risk.base"  seal hash(32) ‖ 'h' ‖ ~day(8) ‖ hour of week(1) -> count(8),
 *                     seal hash(32) ‖ 'p' ‖ ~day(8) ‖ place(32) -> count(8)
 *                     accepted uses per local day, newest day first (baseline.c)
 * Subjects are the usage log's pseudonyms (operator, device, place) or the
 * seal's hash, so that no clear personal value is stored here.
 */
#ifndef ESEAL_RISK_RISK_H
#define ESEAL_RISK_RISK_H

#include <stdint.h>

#include "../policy/policy.h"
#include "../storage/store.h"

#define ESEAL__RISK_AREA_RATE "risk.rate"
#define ESEAL__RISK_AREA_SEEN "risk.seen"
#define ESEAL__RISK_AREA_BASE "risk.base"
#define ESEAL__RISK_DETAIL_MAX 240

/* A use as judged: clear values, before the usage log turns them into pseudonyms. */
typedef struct eseal__risk_use {
  const char *tenant;
  const char *es_id;
  const uint8_t *seal_hash; /* 32 bytes */
  int64_t time;             /* the time judged (claimed: the node's or device's clock) */
  /* The time rate windows count at: the store's server clock for stamps when
   * the store has one (eseal__risk_use_server_clock()), else `time`. */
  int64_t rate_time;
  const char *operator_id, *device, *place;
  int has_location;
  double latitude, longitude, accuracy_m;
  /* 1: a state refusal already stands; only refusal-rate rules are judged. */
  int refused_already;
  /* 0: an unsigned or badly signed report; FREEZE rules only alert. */
  int trusted;
  /* The subjects looked up so far (eseal__risk_subject()), per scope: 0 not
   * yet, 1 found (in subject[scope]), -1 not found. Zeroed with the use. */
  int subject_state[5];
  uint8_t subject[5][32];
} eseal__risk_use;

typedef struct eseal__risk_hit {
  const eseal__rule *rule;
  eseal_risk_level level; /* the rule's, or ALERT for a FREEZE rule on an untrusted use */
  char detail[ESEAL__RISK_DETAIL_MAX];
  uint64_t alert_seq, freeze_seq; /* filled by the caller as it records */
} eseal__risk_hit;

typedef struct eseal__risk_result {
  eseal__risk_hit *hits;
  size_t count;
  int freeze; /* some hit is at FREEZE level */
} eseal__risk_result;

/*
 * Judges `u` against every rule of `p` that applies to its seal, reading the
 * store through `txn` (rates and novelty); `p` may be NULL (no rule). `out`
 * is reset first and has room for one more hit than the rules give; its
 * hits are released with eseal__risk_result_dispose().
 */
int eseal__risk_judge(eseal__txn *txn, const eseal_policy *p, eseal__risk_use *u,
                      eseal__risk_result *out);

/*
 * Counts the use recorded as usage-log record `seq` for the rules of `p`
 * (rates of its class; novelty when `accepted`). Call after the use's record
 * was appended in the same transaction.
 */
int eseal__risk_note(eseal__txn *txn, const eseal_policy *p, eseal__risk_use *u,
                     int accepted, uint64_t seq);

void eseal__risk_result_dispose(eseal__risk_result *r);

/* The baseline rule `r` against `u`: *hit and its detail. */
int eseal__baseline_judge(eseal__txn *txn, const eseal_policy *p, eseal__risk_use *u,
                          char *detail, int *hit);

/* Counts an accepted use into the seal's baseline histograms. */
int eseal__baseline_note(eseal__txn *txn, const eseal_policy *p, eseal__risk_use *u);

/*
 * Sets u->rate_time to the store's shared clock (eseal__txn_server_time(),
 * whole seconds) when the store has one, else to u->time, so that nodes
 * whose clocks disagree still count one window. 0 or the store's error.
 */
int eseal__risk_use_server_clock(eseal__txn *txn, eseal__risk_use *u);

/* The subject key of a scope for `u` (seal hash or pseudonym); ESEAL_ENOTFOUND when it has none. */
int eseal__risk_subject(eseal__txn *txn, eseal__risk_use *u, eseal_risk_scope scope,
                        int make, uint8_t key[32]);

/*
 * The number of counted uses (`refused` 0: accepted, 1: refused) of
 * `subject` in (now - window, now]; the scan stops once the count exceeds
 * `stop`, so *count is at most stop + 1.
 */
int eseal__risk_count(eseal__txn *txn, const char *tenant, eseal_risk_scope scope, int refused,
                      const uint8_t subject[32], int64_t now, int64_t window, uint64_t stop,
                      uint64_t *count);

#endif
