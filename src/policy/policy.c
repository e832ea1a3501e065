/* The policy object and the functions that build it rule by rule. */
#include "policy.h"

#include <math.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

ESEAL_EXTERN(int) eseal_policy_new(eseal_policy **out) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_policy_new: NULL argument");
  *out = eseal__calloc(1, sizeof **out);
  if (*out == NULL)
    return eseal__error_oom();
  (*out)->utc_offset_min = 8 * 60;
  (*out)->late_window = ESEAL__LATE_WINDOW_DEFAULT;
  return 0;
}

void eseal__rule_dispose(eseal__rule *r) {
  for (size_t i = 0; i < r->seal_count; i++)
    eseal__free(r->seals[i]);
  eseal__free(r->seals);
  for (size_t i = 0; i < r->area_count; i++)
    eseal__free(r->areas[i].vertices);
  eseal__free(r->areas);
}

ESEAL_EXTERN(void) eseal_policy_free(eseal_policy *p) {
  if (p == NULL)
    return;
  for (size_t i = 0; i < p->rule_count; i++)
    eseal__rule_dispose(&p->rules[i]);
  eseal__free(p->rules);
  eseal__free(p->dates);
  eseal__free(p);
}

ESEAL_EXTERN(const char *) eseal_risk_level_name(eseal_risk_level level) {
  switch (level) {
  case ESEAL_RISK_RECORD: return "record";
  case ESEAL_RISK_ALERT: return "alert";
  case ESEAL_RISK_FREEZE: return "freeze";
  }
  return NULL;
}

ESEAL_EXTERN(int) eseal_policy_set_utc_offset(eseal_policy *p, int minutes) {
  if (p == NULL || minutes < -14 * 60 || minutes > 14 * 60)
    return eseal__error_set(ESEAL_EINVAL, "policy: UTC offset out of range");
  p->utc_offset_min = minutes;
  return 0;
}

ESEAL_EXTERN(int) eseal_policy_set_late_window(eseal_policy *p, int64_t seconds) {
  if (p == NULL || seconds < 1 || seconds > ESEAL_POLICY_MAX_WINDOW)
    return eseal__error_set(ESEAL_EINVAL, "policy: late-report window out of range");
  p->late_window = seconds;
  return 0;
}

ESEAL_EXTERN(size_t) eseal_policy_rule_count(const eseal_policy *p) {
  return p ? p->rule_count : 0;
}

const eseal__rule *eseal__policy_rule(const eseal_policy *p, const char *name) {
  for (size_t i = 0; p && name && i < p->rule_count; i++)
    if (strcmp(p->rules[i].name, name) == 0)
      return &p->rules[i];
  return NULL;
}

static eseal__rule *rule_of(eseal_policy *p, const char *name, eseal__rule_kind kind) {
  eseal__rule *r = (eseal__rule *)eseal__policy_rule(p, name);
  if (r == NULL || r->kind != kind) {
    eseal__error_set(ESEAL_ENOTFOUND, "policy: no %s rule named %.128s",
                     kind == ESEAL__RULE_HOURS ? "hours" : "geofence", name ? name : "(null)");
    return NULL;
  }
  return r;
}

int eseal__rule_applies(const eseal__rule *r, const char *es_id) {
  if (r->seal_count == 0)
    return 1;
  for (size_t i = 0; es_id && i < r->seal_count; i++)
    if (strcmp(r->seals[i], es_id) == 0)
      return 1;
  return 0;
}

/* Appends an empty rule; NULL (raised) on a bad name, level, duplicate or limit. */
static eseal__rule *add_rule(eseal_policy *p, const char *name, eseal_risk_level level,
                             eseal__rule_kind kind) {
  if (p == NULL || name == NULL || !*name || strlen(name) > ESEAL_POLICY_MAX_NAME) {
    eseal__error_set(ESEAL_EINVAL, "policy: a rule needs a name of 1..%d bytes",
                     ESEAL_POLICY_MAX_NAME);
    return NULL;
  }
  if (eseal_risk_level_name(level) == NULL) {
    eseal__error_set(ESEAL_EINVAL, "policy: rule %s has an unknown level", name);
    return NULL;
  }
  if (eseal__policy_rule(p, name)) {
    eseal__error_set(ESEAL_EINVAL, "policy: two rules are named %s", name);
    return NULL;
  }
  if (p->rule_count >= ESEAL_POLICY_MAX_RULES) {
    eseal__error_set(ESEAL_ELIMIT, "policy: more than %d rules", ESEAL_POLICY_MAX_RULES);
    return NULL;
  }
  eseal__rule *rules = eseal__realloc(p->rules, p->rule_count * sizeof *rules,
                                      (p->rule_count + 1) * sizeof *rules);
  if (rules == NULL) {
    eseal__error_oom();
    return NULL;
  }
  p->rules = rules;
  eseal__rule *r = &rules[p->rule_count++];
  memset(r, 0, sizeof *r);
  memcpy(r->name, name, strlen(name) + 1);
  r->level = level;
  r->kind = kind;
  return r;
}

ESEAL_EXTERN(int) eseal_policy_add_hours_rule(eseal_policy *p, const char *name,
                                              eseal_risk_level level) {
  return add_rule(p, name, level, ESEAL__RULE_HOURS) ? 0 : eseal_error_last()->code;
}

ESEAL_EXTERN(int) eseal_policy_hours_add(eseal_policy *p, const char *name, int weekday, int from,
                                         int to) {
  eseal__rule *r = rule_of(p, name, ESEAL__RULE_HOURS);
  if (r == NULL)
    return ESEAL_ENOTFOUND;
  if (weekday < 0 || weekday > 6 || from < 0 || to > 1440 || from >= to)
    return eseal__error_set(ESEAL_EINVAL, "policy: rule %s: bad working hours", name);
  if (r->day_count[weekday] >= ESEAL_POLICY_MAX_INTERVALS)
    return eseal__error_set(ESEAL_ELIMIT, "policy: rule %s: more than %d intervals a day", name,
                            ESEAL_POLICY_MAX_INTERVALS);
  r->days[weekday][r->day_count[weekday]++] = (eseal__interval){from, to};
  return 0;
}

ESEAL_EXTERN(int) eseal_policy_add_geofence_rule(eseal_policy *p, const char *name,
                                                 eseal_risk_level level) {
  return add_rule(p, name, level, ESEAL__RULE_GEOFENCE) ? 0 : eseal_error_last()->code;
}

static int add_area(eseal__rule *r, const eseal__area *a) {
  if (r->area_count >= ESEAL_POLICY_MAX_AREAS)
    return eseal__error_set(ESEAL_ELIMIT, "policy: rule %s: more than %d areas", r->name,
                            ESEAL_POLICY_MAX_AREAS);
  eseal__area *areas = eseal__realloc(r->areas, r->area_count * sizeof *areas,
                                      (r->area_count + 1) * sizeof *areas);
  if (areas == NULL)
    return eseal__error_oom();
  r->areas = areas;
  areas[r->area_count++] = *a;
  return 0;
}

ESEAL_EXTERN(int) eseal_policy_geofence_circle(eseal_policy *p, const char *name, double lat,
                                               double lon, double radius_m) {
  eseal__rule *r = rule_of(p, name, ESEAL__RULE_GEOFENCE);
  if (r == NULL)
    return ESEAL_ENOTFOUND;
  if (!eseal__geo_valid(lat, lon) || !isfinite(radius_m) || radius_m <= 0 || radius_m > 2.0e7)
    return eseal__error_set(ESEAL_EINVAL, "policy: rule %s: bad circle", name);
  eseal__area a = {0, lat, lon, radius_m, NULL, 0};
  return add_area(r, &a);
}

ESEAL_EXTERN(int) eseal_policy_geofence_polygon(eseal_policy *p, const char *name,
                                                const double *lat_lon, size_t count) {
  eseal__rule *r = rule_of(p, name, ESEAL__RULE_GEOFENCE);
  if (r == NULL)
    return ESEAL_ENOTFOUND;
  if (lat_lon == NULL || count < 3)
    return eseal__error_set(ESEAL_EINVAL, "policy: rule %s: a polygon needs 3 vertices", name);
  if (count > ESEAL_POLICY_MAX_VERTICES)
    return eseal__error_set(ESEAL_ELIMIT, "policy: rule %s: more than %d vertices", name,
                            ESEAL_POLICY_MAX_VERTICES);
  for (size_t i = 0; i < count; i++)
    if (!eseal__geo_valid(lat_lon[2 * i], lat_lon[2 * i + 1]))
      return eseal__error_set(ESEAL_EINVAL, "policy: rule %s: vertex %zu out of range", name, i);
  eseal__area a = {1, 0, 0, 0, eseal__malloc(count * 2 * sizeof(double)), count};
  if (a.vertices == NULL)
    return eseal__error_oom();
  memcpy(a.vertices, lat_lon, count * 2 * sizeof(double));
  int rc = add_area(r, &a);
  if (rc)
    eseal__free(a.vertices);
  return rc;
}

ESEAL_EXTERN(int) eseal_policy_add_rate_rule(eseal_policy *p, const char *name,
                                             eseal_risk_level level, eseal_risk_scope scope,
                                             int refused, unsigned int limit, int64_t window) {
  if (scope != ESEAL_RISK_SEAL && scope != ESEAL_RISK_OPERATOR && scope != ESEAL_RISK_DEVICE)
    return eseal__error_set(ESEAL_EINVAL, "policy: a rate is per seal, operator or device");
  if (window < 1 || window > ESEAL_POLICY_MAX_WINDOW || limit > ESEAL_POLICY_MAX_LIMIT)
    return eseal__error_set(ESEAL_EINVAL, "policy: rate window or limit out of range");
  eseal__rule *r = add_rule(p, name, level, ESEAL__RULE_RATE);
  if (r == NULL)
    return eseal_error_last()->code;
  r->scope = scope;
  r->refused = refused != 0;
  r->limit = limit;
  r->window = window;
  return 0;
}

ESEAL_EXTERN(int) eseal_policy_add_novelty_rule(eseal_policy *p, const char *name,
                                                eseal_risk_level level, eseal_risk_scope scope) {
  if (scope != ESEAL_RISK_OPERATOR && scope != ESEAL_RISK_DEVICE && scope != ESEAL_RISK_PLACE)
    return eseal__error_set(ESEAL_EINVAL, "policy: novelty is of an operator, device or place");
  eseal__rule *r = add_rule(p, name, level, ESEAL__RULE_NOVELTY);
  if (r == NULL)
    return eseal_error_last()->code;
  r->scope = scope;
  return 0;
}

ESEAL_EXTERN(int) eseal_policy_add_baseline_rule(eseal_policy *p, const char *name,
                                                 eseal_risk_level level) {
  return add_rule(p, name, level, ESEAL__RULE_BASELINE) ? 0 : eseal_error_last()->code;
}

ESEAL_EXTERN(int) eseal_policy_rule_add_seal(eseal_policy *p, const char *name,
                                             const char *es_id) {
  eseal__rule *r = (eseal__rule *)eseal__policy_rule(p, name);
  if (r == NULL)
    return eseal__error_set(ESEAL_ENOTFOUND, "policy: no rule named %.128s",
                            name ? name : "(null)");
  if (es_id == NULL || !*es_id || strlen(es_id) > ESEAL_POLICY_MAX_NAME)
    return eseal__error_set(ESEAL_EINVAL, "policy: rule %s: bad esID", name);
  if (r->seal_count >= ESEAL_POLICY_MAX_SEALS)
    return eseal__error_set(ESEAL_ELIMIT, "policy: rule %s: more than %d seals", name,
                            ESEAL_POLICY_MAX_SEALS);
  char **seals = eseal__realloc(r->seals, r->seal_count * sizeof *seals,
                                (r->seal_count + 1) * sizeof *seals);
  if (seals == NULL)
    return eseal__error_oom();
  r->seals = seals;
  if ((seals[r->seal_count] = eseal__strdup(es_id)) == NULL)
    return eseal__error_oom();
  r->seal_count++;
  return 0;
}

ESEAL_EXTERN(int) eseal_policy_in_hours(const eseal_policy *p, const char *name, int64_t t) {
  const eseal__rule *r = eseal__policy_rule(p, name);
  if (r == NULL || r->kind != ESEAL__RULE_HOURS)
    return eseal__error_set(ESEAL_ENOTFOUND, "policy: no hours rule named %.128s",
                            name ? name : "(null)");
  return eseal__hours_inside(p, r, t);
}

ESEAL_EXTERN(int) eseal_policy_outside_fence(const eseal_policy *p, const char *name, double lat,
                                             double lon, double accuracy_m) {
  const eseal__rule *r = eseal__policy_rule(p, name);
  if (r == NULL || r->kind != ESEAL__RULE_GEOFENCE)
    return eseal__error_set(ESEAL_ENOTFOUND, "policy: no geofence rule named %.128s",
                            name ? name : "(null)");
  if (!eseal__geo_valid(lat, lon) || !isfinite(accuracy_m) || accuracy_m < 0)
    return eseal__error_set(ESEAL_EINVAL, "policy: location out of range");
  return eseal__fence_distance(r, lat, lon) - accuracy_m > 0.0;
}
