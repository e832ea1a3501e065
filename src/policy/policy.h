/*
 * The risk policy as plain data (floor 2, policy/; uses core/ only): rules,
 * the calendar, local time in a fixed offset, and the geometry of geofences.
 * The store-side judgement (rates, novelty) is in risk/.
 */
#ifndef ESEAL_POLICY_POLICY_H
#define ESEAL_POLICY_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/policy.h"

/* π, since C11 <math.h> need not define M_PI. */
#define ESEAL__PI 3.14159265358979323846

typedef enum eseal__rule_kind {
  ESEAL__RULE_HOURS = 1,
  ESEAL__RULE_GEOFENCE = 2,
  ESEAL__RULE_RATE = 3,
  ESEAL__RULE_NOVELTY = 4,
  ESEAL__RULE_BASELINE = 5
} eseal__rule_kind;

typedef struct eseal__interval {
  int from, to; /* local minutes of the day, from < to <= 1440 */
} eseal__interval;

typedef struct eseal__area {
  int polygon;
  double lat, lon, radius_m;  /* circle */
  double *vertices;           /* polygon: lat, lon pairs */
  size_t count;
} eseal__area;

typedef struct eseal__rule {
  char name[ESEAL_POLICY_MAX_NAME + 1];
  eseal__rule_kind kind;
  eseal_risk_level level;
  char **seals; /* esIDs the rule is restricted to; none: every seal */
  size_t seal_count;
  /* hours */
  eseal__interval days[7][ESEAL_POLICY_MAX_INTERVALS];
  size_t day_count[7];
  /* geofence */
  eseal__area *areas;
  size_t area_count;
  /* rate and novelty */
  eseal_risk_scope scope;
  int refused;
  unsigned int limit;
  int64_t window;
} eseal__rule;

/* A calendar date: days since 1970-01-01 in local time, and what it is. */
typedef struct eseal__cal_date {
  int64_t day;
  int workday; /* 1: swapped working day; 0: holiday */
} eseal__cal_date;

/* The default late-report window of physical uses, in seconds. */
#define ESEAL__LATE_WINDOW_DEFAULT 3600

struct eseal_policy {
  int utc_offset_min;
  int64_t late_window;
  eseal__rule *rules;
  size_t rule_count;
  eseal__cal_date *dates; /* sorted by day, unique */
  size_t date_count;
};

/* The rule named `name`, or NULL. */
const eseal__rule *eseal__policy_rule(const eseal_policy *p, const char *name);

/* 1 when the rule applies to the seal `es_id`. */
int eseal__rule_applies(const eseal__rule *r, const char *es_id);

/* Days since 1970-01-01 of a Gregorian date of 1970..9999; ESEAL_EINVAL (raised) when invalid. */
int eseal__civil_days(int year, int month, int day, int64_t *days);

/* Parses "YYYY-MM-DD" into days since 1970-01-01. 0 or ESEAL_EFORMAT (raised). */
int eseal__civil_parse(const char *text, int64_t *days);

/* Sorts and merges dates into the calendar, replacing it (takes `dates`). */
int eseal__calendar_set(eseal_policy *p, eseal__cal_date *dates, size_t count);

/* Reads a calendar object (jansson json_t *) into a sorted array. */
struct json_t;
int eseal__calendar_from_json(const struct json_t *obj, eseal__cal_date **dates, size_t *count);

/* Local day (days since 1970-01-01 in the policy's offset) and hour of the week (0 = Monday 00h). */
void eseal__local_week_hour(const eseal_policy *p, int64_t t, int64_t *day, int *hour_of_week);

/* 1 when UTC time `t` is inside the working hours of hours rule `r`. */
int eseal__hours_inside(const eseal_policy *p, const eseal__rule *r, int64_t t);

/* Distance in metres from a WGS-84 point to the nearest area of a geofence rule (0 inside one). */
double eseal__fence_distance(const eseal__rule *r, double lat, double lon);

/* Great-circle distance in metres (haversine, mean Earth radius). */
double eseal__geo_distance(double lat1, double lon1, double lat2, double lon2);

/* 1 when latitude and longitude are finite WGS-84 degrees in range. */
int eseal__geo_valid(double lat, double lon);

/* Frees the rules and calendar (for eseal_policy_free). */
void eseal__rule_dispose(eseal__rule *r);

#endif
