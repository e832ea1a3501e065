/*
 * libeseal — risk control: a policy of rules judged at every stamping with a
 * store, and alerts (doc/risk-control.md).
 *
 * A policy holds rules; each rule has a name, a level and a kind:
 *
 *   hours     working hours per weekday in a fixed UTC offset, with a
 *             holiday calendar (holidays, and swapped working days 调休);
 *             a use outside them hits the rule;
 *   geofence  circles and polygons in WGS-84; a use hits the rule when its
 *             distance to the nearest area minus its reported accuracy
 *             exceeds 0 (a use without a location hits it too);
 *   rate      more than `limit` uses within `window` seconds per seal,
 *             operator or device, counted from the store inside the stamping
 *             transaction; accepted uses and refused attempts counted apart;
 *   novelty   a device, operator or place never seen before for this seal;
 *   baseline  an hour of the week or a place unusual for this seal in its
 *             last 90 days of accepted uses.
 *
 * Levels: RECORD writes an alert record in the usage log; ALERT also calls
 * the context's alert callback after the transaction commits; FREEZE also
 * freezes the seal in the same transaction and refuses the stamp that hit
 * the rule (ESEAL_EFROZEN), until a supervisor's signed unfreeze order.
 *
 * A policy is built through the functions below or loaded from JSON (format
 * in doc/risk-control.md). It is immutable once set on a context, which
 * borrows it: keep it alive while the context may stamp. Time never comes
 * from the process's TZ: the policy has its own fixed UTC offset.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_POLICY_H
#define ESEAL_POLICY_H

#include "common.h"
#include "context.h"

ESEAL_BEGIN_DECL

/** What a rule does when a use hits it. Values are stored in alert records. */
typedef enum eseal_risk_level {
  ESEAL_RISK_RECORD = 1,
  ESEAL_RISK_ALERT = 2,
  ESEAL_RISK_FREEZE = 3
} eseal_risk_level;

/** Whom a rate or novelty rule is about. */
typedef enum eseal_risk_scope {
  ESEAL_RISK_SEAL = 1,
  ESEAL_RISK_OPERATOR = 2,
  ESEAL_RISK_DEVICE = 3,
  /** Novelty only: the place name, or else the 0.01° grid cell of the location. */
  ESEAL_RISK_PLACE = 4
} eseal_risk_scope;

/** Limits on a policy (also on what eseal_policy_load() accepts). */
#define ESEAL_POLICY_MAX_BYTES (1024 * 1024)
#define ESEAL_POLICY_MAX_RULES 256
#define ESEAL_POLICY_MAX_NAME 128
#define ESEAL_POLICY_MAX_SEALS 256
#define ESEAL_POLICY_MAX_INTERVALS 8
#define ESEAL_POLICY_MAX_AREAS 64
#define ESEAL_POLICY_MAX_VERTICES 1024
#define ESEAL_POLICY_MAX_DATES 4096
/** The longest rate window: 90 days. */
#define ESEAL_POLICY_MAX_WINDOW (90 * 86400)
#define ESEAL_POLICY_MAX_LIMIT 1000000

typedef struct eseal_policy eseal_policy;

/** An empty policy (no rules, UTC+8, no calendar). */
ESEAL_EXTERN(int) eseal_policy_new(eseal_policy **out);
ESEAL_EXTERN(void) eseal_policy_free(eseal_policy *policy);

/**
 * Parses a policy file (JSON, doc/risk-control.md). ESEAL_EFORMAT with a
 * message naming the first problem, ESEAL_ELIMIT past a limit above.
 */
ESEAL_EXTERN(int) eseal_policy_load(eseal_policy **out, const uint8_t *json, size_t len);
ESEAL_EXTERN(int) eseal_policy_load_file(eseal_policy **out, const char *path);

/**
 * Reads a holiday calendar (JSON, doc/risk-control.md, "Calendar") into the
 * policy, replacing its calendar. On failure the policy is unchanged.
 */
ESEAL_EXTERN(int) eseal_policy_load_calendar(eseal_policy *policy, const uint8_t *json,
                                             size_t len);

/** The fixed offset of local time from UTC, in minutes (-14·60 .. 14·60; China: 480). */
ESEAL_EXTERN(int) eseal_policy_set_utc_offset(eseal_policy *policy, int minutes);

/** Marks a local date as a holiday (no working hours) or, `workday` 1, as a swapped working day. */
ESEAL_EXTERN(int) eseal_policy_add_date(eseal_policy *policy, int year, int month, int day,
                                        int workday);

/** The number of rules. */
ESEAL_EXTERN(size_t) eseal_policy_rule_count(const eseal_policy *policy);

/**
 * Adds an hours rule named `name` (unique in the policy). Its working hours
 * are then given with eseal_policy_hours_add(); a weekday without any is not
 * a working day. A swapped working day uses Monday's hours; a holiday has none.
 */
ESEAL_EXTERN(int) eseal_policy_add_hours_rule(eseal_policy *policy, const char *name,
                                              eseal_risk_level level);

/**
 * Adds working hours [from, to) in local minutes of the day (0..1440) on
 * `weekday` (0 Monday .. 6 Sunday) to the hours rule `name`; from < to.
 */
ESEAL_EXTERN(int) eseal_policy_hours_add(eseal_policy *policy, const char *name, int weekday,
                                         int from, int to);

/** Adds a geofence rule; its areas are added with the two functions below. */
ESEAL_EXTERN(int) eseal_policy_add_geofence_rule(eseal_policy *policy, const char *name,
                                                 eseal_risk_level level);
/** A circle (WGS-84 degrees, radius in metres, > 0). */
ESEAL_EXTERN(int) eseal_policy_geofence_circle(eseal_policy *policy, const char *name,
                                               double latitude, double longitude,
                                               double radius_m);
/** A polygon of `count` (3..ESEAL_POLICY_MAX_VERTICES) vertices, lat/lon pairs (WGS-84 degrees). */
ESEAL_EXTERN(int) eseal_policy_geofence_polygon(eseal_policy *policy, const char *name,
                                                const double *lat_lon, size_t count);

/**
 * Adds a rate rule: a use hits it when, with this use, more than `limit`
 * uses of the scope's subject (ESEAL_RISK_SEAL, _OPERATOR or _DEVICE) fall
 * within the last `window` seconds (1..ESEAL_POLICY_MAX_WINDOW). `refused` 0
 * counts accepted uses; 1 counts refused attempts: then a use hits the rule
 * when `limit` or more refusals precede it within the window. An operator or
 * device rate counts across all the tenant's seals.
 */
ESEAL_EXTERN(int) eseal_policy_add_rate_rule(eseal_policy *policy, const char *name,
                                             eseal_risk_level level, eseal_risk_scope scope,
                                             int refused, unsigned int limit, int64_t window);

/**
 * Adds a novelty rule: a use hits it when its device, operator or place
 * (`scope`) was never seen in an accepted use of this seal, once the seal has
 * at least one accepted use. A use without that value does not hit it.
 */
ESEAL_EXTERN(int) eseal_policy_add_novelty_rule(eseal_policy *policy, const char *name,
                                                eseal_risk_level level, eseal_risk_scope scope);

/**
 * Adds a behavioural-baseline rule (doc/risk-control.md, "Baseline"): per
 * seal, the hour-of-week and place histograms of its accepted uses of the
 * last ESEAL_BASELINE_DAYS days; once the seal has ESEAL_BASELINE_MIN_USES
 * of them, a use hits the rule when the estimated probability of its hour
 * of the week, or of its place, is below ESEAL_BASELINE_THRESHOLD.
 */
ESEAL_EXTERN(int) eseal_policy_add_baseline_rule(eseal_policy *policy, const char *name,
                                                 eseal_risk_level level);
#define ESEAL_BASELINE_DAYS 90
#define ESEAL_BASELINE_MIN_USES 30
#define ESEAL_BASELINE_THRESHOLD 0.002

/** Restricts the rule `name` to the seal `es_id` (call again for more); default: every seal. */
ESEAL_EXTERN(int) eseal_policy_rule_add_seal(eseal_policy *policy, const char *name,
                                             const char *es_id);

/**
 * How long after the device's time a physical-use report may arrive
 * (seconds, 1..ESEAL_POLICY_MAX_WINDOW; default 3600). A later report is
 * flagged with an alert of the built-in rule "late-report".
 */
ESEAL_EXTERN(int) eseal_policy_set_late_window(eseal_policy *policy, int64_t seconds);

/** "record", "alert", "freeze"; NULL for an unknown value. */
ESEAL_EXTERN(const char *) eseal_risk_level_name(eseal_risk_level level);

/**
 * 1 when `t` (UTC seconds) falls inside the working hours of the hours rule
 * `name`, 0 when outside, a negative code when there is no such rule.
 */
ESEAL_EXTERN(int) eseal_policy_in_hours(const eseal_policy *policy, const char *name, int64_t t);

/**
 * 1 when a location (WGS-84, accuracy in metres) is outside the geofence rule
 * `name`, 0 inside, a negative code when there is no such rule or the
 * location is out of range.
 */
ESEAL_EXTERN(int) eseal_policy_outside_fence(const eseal_policy *policy, const char *name,
                                             double latitude, double longitude,
                                             double accuracy_m);

/* ---- Coordinates of Chinese maps ---- */

/**
 * GCJ-02 (the "Mars" datum of AutoNavi, Tencent and other Chinese maps) to
 * WGS-84. APPROXIMATE: an inversion of the published forward formula by
 * iteration, good to about a metre inside China; outside China the
 * coordinates are returned unchanged. ESEAL_EINVAL when out of range.
 */
ESEAL_EXTERN(int) eseal_gcj02_to_wgs84(double lat, double lon, double *wgs_lat, double *wgs_lon);
/** BD-09 (Baidu maps) to WGS-84, through GCJ-02. APPROXIMATE, as above. */
ESEAL_EXTERN(int) eseal_bd09_to_wgs84(double lat, double lon, double *wgs_lat, double *wgs_lon);

/* ---- On a context ---- */

/**
 * Judges every stamping with the context's store against `policy` (borrowed;
 * NULL: no policy). Rules are judged with the context's clock.
 */
ESEAL_EXTERN(int) eseal_ctx_set_policy(eseal_ctx *ctx, const eseal_policy *policy);
ESEAL_EXTERN(const eseal_policy *) eseal_ctx_policy(const eseal_ctx *ctx);

/** One alert, as handed to the callback; every pointer is valid during the call only. */
typedef struct eseal_alert {
  const char *rule;       /**< The rule's name. */
  eseal_risk_level level; /**< Its level. */
  const char *tenant;     /**< The tenant of the seal. */
  const char *es_id;      /**< The seal's esID. */
  /** The usage-log sequence of the use (intent, refusal or physical use) that hit the rule. */
  uint64_t use_sequence;
  /** The sequence of the alert record. */
  uint64_t alert_sequence;
  /** The sequence of the freeze record when the rule froze the seal, else 0. */
  uint64_t freeze_sequence;
  /** The time judged (the context's clock, or a device's time). */
  int64_t time;
  /** Why, in words. */
  const char *detail;
} eseal_alert;

/**
 * Called for each alert of level ALERT or FREEZE, after the transaction that
 * recorded it committed, on the thread that stamped; free to call back into
 * the library (e.g. to read the log or stamp again).
 */
typedef void (*eseal_alert_fn)(void *payload, const eseal_alert *alert);

/** Sets the context's alert callback (NULL: none). */
ESEAL_EXTERN(int) eseal_ctx_set_alert_callback(eseal_ctx *ctx, eseal_alert_fn fn, void *payload);

ESEAL_END_DECL

#endif
