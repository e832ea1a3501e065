/*
 * Local dates and working hours in a fixed UTC offset: plain arithmetic on
 * the proleptic Gregorian calendar, never the process's TZ or localtime().
 */
#include "policy.h"

#include <string.h>

#include "eseal/errors.h"
#include "../asn1/timefmt.h"
#include "../core/error.h"

int eseal__civil_days(int year, int month, int day, int64_t *days) {
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > eseal__days_in_month(year, month))
    return eseal__error_set(ESEAL_EINVAL, "policy: no such date %d-%d-%d", year, month, day);
  *days = eseal__days_from_civil(year, month, day);
  return 0;
}

int eseal__civil_parse(const char *s, int64_t *days) {
  int v[3] = {0, 0, 0};
  static const int width[3] = {4, 2, 2};
  size_t at = 0;
  for (int f = 0; f < 3; f++) {
    for (int i = 0; i < width[f]; i++, at++) {
      if (s[at] < '0' || s[at] > '9')
        return eseal__error_set(ESEAL_EFORMAT, "policy: a date is not YYYY-MM-DD");
      v[f] = v[f] * 10 + (s[at] - '0');
    }
    if (f < 2 && s[at++] != '-')
      return eseal__error_set(ESEAL_EFORMAT, "policy: a date is not YYYY-MM-DD");
  }
  if (s[at] != '\0')
    return eseal__error_set(ESEAL_EFORMAT, "policy: a date is not YYYY-MM-DD");
  int rc = eseal__civil_days(v[0], v[1], v[2], days);
  return rc ? eseal__error_set(ESEAL_EFORMAT, "policy: no such date %s", s) : 0;
}

static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

/* The calendar entry of local day `day`, or NULL. */
static const eseal__cal_date *calendar_find(const eseal_policy *p, int64_t day) {
  size_t lo = 0, hi = p->date_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (p->dates[mid].day == day)
      return &p->dates[mid];
    if (p->dates[mid].day < day)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

void eseal__local_week_hour(const eseal_policy *p, int64_t t, int64_t *day, int *how) {
  int64_t local = t + (int64_t)p->utc_offset_min * 60;
  *day = floor_div(local, 86400);
  int weekday = (int)((*day % 7 + 7 + 3) % 7);
  *how = weekday * 24 + (int)((local - *day * 86400) / 3600);
}

int eseal__hours_inside(const eseal_policy *p, const eseal__rule *r, int64_t t) {
  int64_t local = t + (int64_t)p->utc_offset_min * 60;
  int64_t day = floor_div(local, 86400);
  int64_t second = local - day * 86400;
  int weekday = (int)((day % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday; 0 = Monday */
  const eseal__cal_date *c = calendar_find(p, day);
  if (c && !c->workday)
    return 0; /* a holiday */
  if (c && c->workday)
    weekday = 0; /* a swapped working day keeps Monday's hours */
  for (size_t i = 0; i < r->day_count[weekday]; i++)
    if (second >= (int64_t)r->days[weekday][i].from * 60 &&
        second < (int64_t)r->days[weekday][i].to * 60)
      return 1;
  return 0;
}
