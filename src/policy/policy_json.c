/*
 * eseal_policy_load(): the policy file (JSON, doc/risk-control.md, "Policy
 * file") read with jansson: duplicate keys and unknown members refused,
 * every size bounded by the ESEAL_POLICY_MAX_* limits.
 */
#include "policy.h"

#include <jansson.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../core/file.h"

static const char *const weekdays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

/* 0 when every member of `obj` is one of the NULL-terminated `known`. */
static int only(const json_t *obj, const char *what, const char *const *known) {
  const char *key;
  const json_t *v;
  json_object_foreach((json_t *)obj, key, v) {
    size_t i = 0;
    while (known[i] && strcmp(known[i], key) != 0)
      i++;
    if (known[i] == NULL)
      return eseal__error_set(ESEAL_EFORMAT, "policy: %s has an unknown member %.64s", what, key);
  }
  return 0;
}

/* "HH:MM" into minutes (0..1440, 24:00 only as `end`). */
static int clock_minutes(const char *s, int *out) {
  if (strlen(s) != 5 || s[2] != ':')
    return -1;
  for (int i = 0; i < 5; i++)
    if (i != 2 && (s[i] < '0' || s[i] > '9'))
      return -1;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0))
    return -1;
  *out = h * 60 + m;
  return 0;
}

static int read_hours(eseal_policy *p, const char *name, const json_t *hours) {
  if (!json_is_object(hours))
    return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: hours is not an object", name);
  int rc = only(hours, "hours", (const char *const[]){"mon", "tue", "wed", "thu", "fri", "sat",
                                                      "sun", NULL});
  for (int d = 0; rc == 0 && d < 7; d++) {
    const json_t *list = json_object_get(hours, weekdays[d]);
    if (list == NULL)
      continue;
    if (!json_is_array(list))
      return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: %s is not an array", name,
                              weekdays[d]);
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v) {
      const char *s = json_string_value(v);
      char a[6], b[6];
      int from, to;
      if (s == NULL || strlen(s) != 11 || s[5] != '-')
        return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: hours are \"HH:MM-HH:MM\"",
                                name);
      memcpy(a, s, 5), a[5] = 0;
      memcpy(b, s + 6, 5), b[5] = 0;
      if (clock_minutes(a, &from) || clock_minutes(b, &to) || from >= to)
        return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: bad hours %s", name, s);
      if ((rc = eseal_policy_hours_add(p, name, d, from, to)) != 0)
        return rc;
    }
  }
  return rc;
}

static int number(const json_t *v, double *out) {
  if (!json_is_number(v))
    return -1;
  *out = json_number_value(v);
  return 0;
}

static int read_area(eseal_policy *p, const char *name, const json_t *a) {
  const json_t *c = json_object_get(a, "circle"), *poly = json_object_get(a, "polygon");
  if (!json_is_object(a) || json_object_size(a) != 1 || (c == NULL) == (poly == NULL))
    return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: an area is {\"circle\": …} or "
                                           "{\"polygon\": …}",
                            name);
  if (c) {
    double v[3];
    if (!json_is_array(c) || json_array_size(c) != 3 || number(json_array_get(c, 0), &v[0]) ||
        number(json_array_get(c, 1), &v[1]) || number(json_array_get(c, 2), &v[2]))
      return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: a circle is [lat, lon, radius_m]",
                              name);
    return eseal_policy_geofence_circle(p, name, v[0], v[1], v[2]);
  }
  size_t n = json_is_array(poly) ? json_array_size(poly) : 0;
  if (n > ESEAL_POLICY_MAX_VERTICES)
    return eseal__error_set(ESEAL_ELIMIT, "policy: rule %s: more than %d vertices", name,
                            ESEAL_POLICY_MAX_VERTICES);
  double v[2 * ESEAL_POLICY_MAX_VERTICES];
  for (size_t i = 0; i < n; i++) {
    const json_t *pt = json_array_get(poly, i);
    if (!json_is_array(pt) || json_array_size(pt) != 2 ||
        number(json_array_get(pt, 0), &v[2 * i]) || number(json_array_get(pt, 1), &v[2 * i + 1]))
      return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: a vertex is [lat, lon]", name);
  }
  return eseal_policy_geofence_polygon(p, name, v, n);
}

static int read_areas(eseal_policy *p, const char *name, const json_t *areas) {
  if (!json_is_array(areas) || json_array_size(areas) == 0)
    return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: areas is a non-empty array", name);
  size_t i;
  const json_t *a;
  json_array_foreach(areas, i, a) {
    int rc = read_area(p, name, a);
    if (rc)
      return rc;
  }
  return 0;
}

/* The index of `s` in the NULL-terminated `names`, plus `base`; -1 when absent. */
static int pick(const json_t *v, const char *const *names, int base) {
  const char *s = json_string_value(v);
  for (int i = 0; s && names[i]; i++)
    if (strcmp(s, names[i]) == 0)
      return base + i;
  return -1;
}

static int read_rate(eseal_policy *p, const char *name, eseal_risk_level level, const json_t *r) {
  int scope = pick(json_object_get(r, "per"), (const char *const[]){"seal", "operator", "device",
                                                                    NULL},
                   ESEAL_RISK_SEAL);
  int refused = pick(json_object_get(r, "count"), (const char *const[]){"accepted", "refused",
                                                                        NULL},
                     0);
  const json_t *limit = json_object_get(r, "limit"), *window = json_object_get(r, "window");
  if (scope < 0 || refused < 0 || !json_is_integer(limit) || !json_is_integer(window) ||
      json_integer_value(limit) < 0 || json_integer_value(limit) > ESEAL_POLICY_MAX_LIMIT)
    return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: a rate needs per, count, limit and "
                                           "window",
                            name);
  return eseal_policy_add_rate_rule(p, name, level, (eseal_risk_scope)scope, refused,
                                    (unsigned int)json_integer_value(limit),
                                    (int64_t)json_integer_value(window));
}

static int read_seals(eseal_policy *p, const char *name, const json_t *seals) {
  if (seals == NULL)
    return 0;
  if (!json_is_array(seals))
    return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: seals is an array", name);
  size_t i;
  const json_t *v;
  json_array_foreach(seals, i, v) {
    if (!json_is_string(v))
      return eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: an esID is a string", name);
    int rc = eseal_policy_rule_add_seal(p, name, json_string_value(v));
    if (rc)
      return rc;
  }
  return 0;
}

static int read_rule(eseal_policy *p, const json_t *r) {
  static const char *const kinds[] = {"hours", "geofence", "rate", "novelty", "baseline", NULL};
  static const char *const members[][8] = {
      {"name", "level", "kind", "seals", "hours", NULL},
      {"name", "level", "kind", "seals", "areas", NULL},
      {"name", "level", "kind", "seals", "per", "count", "limit", "window"},
      {"name", "level", "kind", "seals", "of", NULL},
      {"name", "level", "kind", "seals", NULL},
  };
  if (!json_is_object(r))
    return eseal__error_set(ESEAL_EFORMAT, "policy: a rule is not an object");
  const char *name = json_string_value(json_object_get(r, "name"));
  int kind = pick(json_object_get(r, "kind"), kinds, ESEAL__RULE_HOURS);
  int level = pick(json_object_get(r, "level"), (const char *const[]){"record", "alert",
                                                                     "freeze", NULL},
                   ESEAL_RISK_RECORD);
  if (name == NULL || kind < 0 || level < 0)
    return eseal__error_set(ESEAL_EFORMAT, "policy: a rule needs a name, a kind and a level");
  const char *known[9] = {NULL};
  memcpy(known, members[kind - 1], sizeof members[0]);
  int rc = only(r, "a rule", known);
  if (rc)
    return rc;
  switch (kind) {
  case ESEAL__RULE_HOURS:
    if ((rc = eseal_policy_add_hours_rule(p, name, (eseal_risk_level)level)) == 0)
      rc = read_hours(p, name, json_object_get(r, "hours"));
    break;
  case ESEAL__RULE_GEOFENCE:
    if ((rc = eseal_policy_add_geofence_rule(p, name, (eseal_risk_level)level)) == 0)
      rc = read_areas(p, name, json_object_get(r, "areas"));
    break;
  case ESEAL__RULE_RATE: rc = read_rate(p, name, (eseal_risk_level)level, r); break;
  case ESEAL__RULE_BASELINE:
    rc = eseal_policy_add_baseline_rule(p, name, (eseal_risk_level)level);
    break;
  default: {
    int of = pick(json_object_get(r, "of"), (const char *const[]){"operator", "device", "place",
                                                                  NULL},
                  ESEAL_RISK_OPERATOR);
    rc = of < 0 ? eseal__error_set(ESEAL_EFORMAT, "policy: rule %s: novelty of operator, device "
                                                  "or place",
                                   name)
                : eseal_policy_add_novelty_rule(p, name, (eseal_risk_level)level,
                                                (eseal_risk_scope)of);
  }
  }
  return rc ? rc : read_seals(p, name, json_object_get(r, "seals"));
}

/* "+08:00" / "-05:30" into minutes. */
static int read_offset(eseal_policy *p, const json_t *v) {
  const char *s = json_string_value(v);
  int m;
  if (v == NULL)
    return 0;
  if (s == NULL || strlen(s) != 6 || (s[0] != '+' && s[0] != '-') || clock_minutes(s + 1, &m))
    return eseal__error_set(ESEAL_EFORMAT, "policy: utc_offset is \"+HH:MM\" or \"-HH:MM\"");
  int rc = eseal_policy_set_utc_offset(p, s[0] == '-' ? -m : m);
  return rc ? eseal__error_set(ESEAL_EFORMAT, "policy: utc_offset out of range") : 0;
}

static int read_policy(eseal_policy *p, const json_t *root) {
  if (!json_is_object(root))
    return eseal__error_set(ESEAL_EFORMAT, "policy: not a JSON object");
  int rc = only(root, "the policy",
                (const char *const[]){"version", "utc_offset", "late_report_window", "calendar",
                                      "rules", NULL});
  const json_t *ver = json_object_get(root, "version"), *rules = json_object_get(root, "rules");
  if (rc == 0 && (!json_is_integer(ver) || json_integer_value(ver) != 1))
    rc = eseal__error_set(ESEAL_EFORMAT, "policy: version must be 1");
  if (rc == 0 && !json_is_array(rules))
    rc = eseal__error_set(ESEAL_EFORMAT, "policy: rules is an array");
  if (rc == 0 && json_array_size(rules) > ESEAL_POLICY_MAX_RULES)
    rc = eseal__error_set(ESEAL_ELIMIT, "policy: more than %d rules", ESEAL_POLICY_MAX_RULES);
  if (rc == 0)
    rc = read_offset(p, json_object_get(root, "utc_offset"));
  const json_t *late = json_object_get(root, "late_report_window");
  if (rc == 0 && late &&
      (!json_is_integer(late) || eseal_policy_set_late_window(p, json_integer_value(late)) != 0))
    rc = eseal__error_set(ESEAL_EFORMAT, "policy: late_report_window is 1..%d seconds",
                          ESEAL_POLICY_MAX_WINDOW);
  const json_t *cal = json_object_get(root, "calendar");
  if (rc == 0 && cal) {
    eseal__cal_date *d = NULL;
    size_t n = 0;
    if ((rc = eseal__calendar_from_json(cal, &d, &n)) == 0)
      rc = eseal__calendar_set(p, d, n);
  }
  for (size_t i = 0; rc == 0 && i < json_array_size(rules); i++)
    rc = read_rule(p, json_array_get(rules, i));
  return rc;
}

ESEAL_EXTERN(int) eseal_policy_load(eseal_policy **out, const uint8_t *json, size_t len) {
  if (out == NULL || json == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_policy_load: NULL argument");
  *out = NULL;
  if (len > ESEAL_POLICY_MAX_BYTES)
    return eseal__error_set(ESEAL_ELIMIT, "policy: %zu bytes exceed the limit of %d", len,
                            ESEAL_POLICY_MAX_BYTES);
  json_error_t error;
  json_t *root = json_loadb((const char *)json, len, JSON_REJECT_DUPLICATES, &error);
  if (root == NULL)
    return eseal__error_set(ESEAL_EFORMAT, "policy: not JSON (line %d: %s)", error.line,
                            error.text);
  eseal_policy *p = NULL;
  int rc = eseal_policy_new(&p);
  if (rc == 0)
    rc = read_policy(p, root);
  json_decref(root);
  /* A rule the builder refused for its values is a bad file. */
  if (rc == ESEAL_EINVAL || rc == ESEAL_ENOTFOUND)
    rc = eseal__error_prefix(ESEAL_EFORMAT, "policy file");
  if (rc) {
    eseal_policy_free(p);
    return rc;
  }
  *out = p;
  return 0;
}

ESEAL_EXTERN(int) eseal_policy_load_file(eseal_policy **out, const char *path) {
  eseal_buf b = ESEAL_BUF_INIT;
  int rc = eseal__read_file(&b, path);
  if (rc == 0)
    rc = eseal_policy_load(out, b.ptr, b.size);
  eseal_buf_dispose(&b);
  return rc;
}
