/*
 * The holiday calendar: a sorted list of local dates that are holidays or
 * swapped working days (调休), built through the API or read from JSON
 * (doc/risk-control.md, "Calendar").
 */
#include "policy.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

static int by_day(const void *a, const void *b) {
  const eseal__cal_date *x = a, *y = b;
  return (x->day > y->day) - (x->day < y->day);
}

int eseal__calendar_set(eseal_policy *p, eseal__cal_date *dates, size_t count) {
  if (count)
    qsort(dates, count, sizeof *dates, by_day);
  for (size_t i = 1; i < count; i++)
    if (dates[i].day == dates[i - 1].day) {
      eseal__free(dates);
      return eseal__error_set(ESEAL_EFORMAT, "calendar: a date is listed twice");
    }
  eseal__free(p->dates);
  p->dates = dates;
  p->date_count = count;
  return 0;
}

ESEAL_EXTERN(int) eseal_policy_add_date(eseal_policy *p, int year, int month, int day,
                                        int workday) {
  int64_t d;
  if (p == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_policy_add_date: NULL policy");
  int rc = eseal__civil_days(year, month, day, &d);
  if (rc)
    return rc;
  if (p->date_count >= ESEAL_POLICY_MAX_DATES)
    return eseal__error_set(ESEAL_ELIMIT, "calendar: more than %d dates", ESEAL_POLICY_MAX_DATES);
  eseal__cal_date *dates = eseal__malloc((p->date_count + 1) * sizeof *dates);
  if (dates == NULL)
    return eseal__error_oom();
  if (p->date_count)
    memcpy(dates, p->dates, p->date_count * sizeof *dates);
  dates[p->date_count] = (eseal__cal_date){d, workday != 0};
  return eseal__calendar_set(p, dates, p->date_count + 1);
}

/* Appends the dates of one JSON array (strings "YYYY-MM-DD") as `workday`. */
static int add_list(const json_t *arr, int workday, eseal__cal_date *out, size_t *n) {
  if (arr == NULL)
    return 0;
  if (!json_is_array(arr))
    return eseal__error_set(ESEAL_EFORMAT, "calendar: holidays and workdays are arrays");
  size_t i;
  const json_t *v;
  json_array_foreach(arr, i, v) {
    if (*n >= ESEAL_POLICY_MAX_DATES)
      return eseal__error_set(ESEAL_ELIMIT, "calendar: more than %d dates",
                              ESEAL_POLICY_MAX_DATES);
    if (!json_is_string(v))
      return eseal__error_set(ESEAL_EFORMAT, "calendar: a date is not a string");
    int rc = eseal__civil_parse(json_string_value(v), &out[*n].day);
    if (rc)
      return rc;
    out[(*n)++].workday = workday;
  }
  return 0;
}

int eseal__calendar_from_json(const json_t *obj, eseal__cal_date **dates, size_t *count) {
  if (!json_is_object(obj))
    return eseal__error_set(ESEAL_EFORMAT, "calendar: not a JSON object");
  const char *key;
  const json_t *v;
  json_object_foreach((json_t *)obj, key, v) {
    if (strcmp(key, "version") && strcmp(key, "name") && strcmp(key, "holidays") &&
        strcmp(key, "workdays"))
      return eseal__error_set(ESEAL_EFORMAT, "calendar: unknown member %.64s", key);
  }
  const json_t *ver = json_object_get(obj, "version");
  if (!json_is_integer(ver) || json_integer_value(ver) != 1)
    return eseal__error_set(ESEAL_EFORMAT, "calendar: version must be 1");
  const json_t *name = json_object_get(obj, "name");
  if (name && !json_is_string(name))
    return eseal__error_set(ESEAL_EFORMAT, "calendar: name is not a string");
  eseal__cal_date *d = eseal__malloc(ESEAL_POLICY_MAX_DATES * sizeof *d);
  if (d == NULL)
    return eseal__error_oom();
  size_t n = 0;
  int rc = add_list(json_object_get(obj, "holidays"), 0, d, &n);
  if (rc == 0)
    rc = add_list(json_object_get(obj, "workdays"), 1, d, &n);
  if (rc) {
    eseal__free(d);
    return rc;
  }
  *dates = d;
  *count = n;
  return 0;
}

ESEAL_EXTERN(int) eseal_policy_load_calendar(eseal_policy *p, const uint8_t *json, size_t len) {
  if (p == NULL || json == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_policy_load_calendar: NULL argument");
  if (len > ESEAL_POLICY_MAX_BYTES)
    return eseal__error_set(ESEAL_ELIMIT, "calendar: %zu bytes exceed the limit of %d", len,
                            ESEAL_POLICY_MAX_BYTES);
  json_error_t error;
  json_t *root = json_loadb((const char *)json, len, JSON_REJECT_DUPLICATES, &error);
  if (root == NULL)
    return eseal__error_set(ESEAL_EFORMAT, "calendar: not JSON (line %d: %s)", error.line,
                            error.text);
  eseal__cal_date *d = NULL;
  size_t n = 0;
  int rc = eseal__calendar_from_json(root, &d, &n);
  json_decref(root);
  return rc ? rc : eseal__calendar_set(p, d, n);
}
