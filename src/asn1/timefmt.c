#include "timefmt.h"

#include <stdio.h>
#include <string.h>

int64_t eseal__days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

int eseal__days_in_month(int64_t y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads `n` decimal digits at s[*pos]. */
static int digits(const char *s, size_t len, size_t *pos, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (*pos >= len || s[*pos] < '0' || s[*pos] > '9')
      return -1;
    v = v * 10 + (s[(*pos)++] - '0');
  }
  *out = v;
  return 0;
}

static int expect_char(const char *s, size_t len, size_t *pos, char c) {
  if (*pos >= len || s[*pos] != c)
    return -1;
  (*pos)++;
  return 0;
}

typedef struct fields {
  int64_t year;
  int month, day, hour, minute, second;
} fields;

static int to_utc(const fields *f, int64_t zone_offset, eseal__time *out, const char **why) {
  if (f->month < 1 || f->month > 12 || f->day < 1 ||
      f->day > eseal__days_in_month(f->year, f->month) || f->hour > 23 || f->minute > 59 ||
      f->second > 59) {
    *why = "date or time out of range";
    return -1;
  }
  out->utc = eseal__days_from_civil(f->year, f->month, f->day) * 86400 + f->hour * 3600 +
             f->minute * 60 + f->second - zone_offset;
  return 0;
}

/* Optional fraction at s[*pos] introduced by '.' or ','; DER wants '.' and no trailing zero. */
static int fraction(const char *s, size_t len, size_t *pos, eseal__time *out) {
  if (*pos >= len || (s[*pos] != '.' && s[*pos] != ','))
    return 0;
  if (s[*pos] == ',')
    out->not_der = 1;
  (*pos)++;
  size_t start = *pos;
  while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9')
    (*pos)++;
  if (*pos == start)
    return -1;
  if (s[*pos - 1] == '0')
    out->not_der = 1;
  out->fraction = 1;
  return 0;
}

/* Zone at s[*pos]: 'Z', "+hhmm"/"-hhmm" (or "+hh:mm" when `colon`), or nothing. */
static int zone(const char *s, size_t len, size_t *pos, int colon, int64_t *offset,
                eseal__time *out) {
  *offset = 0;
  if (*pos == len) {
    out->no_zone = 1;
    out->not_der = 1;
    *offset = ESEAL__ZONELESS_OFFSET_SECONDS;
    return 0;
  }
  if (s[*pos] == 'Z') {
    (*pos)++;
    return 0;
  }
  if (s[*pos] != '+' && s[*pos] != '-')
    return -1;
  int sign = s[(*pos)++] == '-' ? -1 : 1;
  int hh, mm;
  if (digits(s, len, pos, 2, &hh) || (colon && expect_char(s, len, pos, ':')) ||
      digits(s, len, pos, 2, &mm) || hh > 23 || mm > 59)
    return -1;
  *offset = sign * (int64_t)(hh * 3600 + mm * 60);
  out->not_der = 1;
  return 0;
}

static int finish(const char *s, size_t len, size_t pos, const fields *f, int colon,
                  eseal__time *out, const char **why) {
  int64_t offset;
  if (zone(s, len, &pos, colon, &offset, out) != 0 || pos != len) {
    *why = "malformed time zone";
    return -1;
  }
  return to_utc(f, offset, out, why);
}

int eseal__time_parse_utc(const char *s, size_t len, eseal__time *out, const char **why) {
  fields f = {0};
  size_t pos = 0;
  int yy;
  *out = (eseal__time){0};
  if (digits(s, len, &pos, 2, &yy) || digits(s, len, &pos, 2, &f.month) ||
      digits(s, len, &pos, 2, &f.day) || digits(s, len, &pos, 2, &f.hour) ||
      digits(s, len, &pos, 2, &f.minute)) {
    *why = "malformed UTCTime";
    return -1;
  }
  f.year = yy < 50 ? 2000 + yy : 1900 + yy;
  if (pos < len && s[pos] >= '0' && s[pos] <= '9') {
    if (digits(s, len, &pos, 2, &f.second)) {
      *why = "malformed UTCTime";
      return -1;
    }
  } else {
    out->not_der = 1;
  }
  if (finish(s, len, pos, &f, 0, out, why) != 0)
    return -1;
  if (out->no_zone) {
    *why = "UTCTime without a zone";
    return -1;
  }
  return 0;
}

int eseal__time_parse_generalized(const char *s, size_t len, eseal__time *out, const char **why) {
  fields f = {0};
  size_t pos = 0;
  int yyyy;
  *out = (eseal__time){0};
  if (digits(s, len, &pos, 4, &yyyy) || digits(s, len, &pos, 2, &f.month) ||
      digits(s, len, &pos, 2, &f.day) || digits(s, len, &pos, 2, &f.hour)) {
    *why = "malformed GeneralizedTime";
    return -1;
  }
  f.year = yyyy;
  if (pos < len && s[pos] >= '0' && s[pos] <= '9') {
    if (digits(s, len, &pos, 2, &f.minute)) {
      *why = "malformed GeneralizedTime";
      return -1;
    }
    if (pos < len && s[pos] >= '0' && s[pos] <= '9') {
      if (digits(s, len, &pos, 2, &f.second)) {
        *why = "malformed GeneralizedTime";
        return -1;
      }
    } else {
      out->not_der = 1;
    }
  } else {
    out->not_der = 1;
  }
  if (fraction(s, len, &pos, out) != 0) {
    *why = "malformed GeneralizedTime fraction";
    return -1;
  }
  return finish(s, len, pos, &f, 0, out, why);
}

int eseal__time_parse_text(const char *s, size_t len, eseal__time *out, const char **why) {
  fields f = {0};
  size_t pos = 0;
  int yyyy;
  *out = (eseal__time){0};
  if (digits(s, len, &pos, 4, &yyyy) || expect_char(s, len, &pos, '-') ||
      digits(s, len, &pos, 2, &f.month) || expect_char(s, len, &pos, '-') ||
      digits(s, len, &pos, 2, &f.day) || pos >= len || (s[pos] != ' ' && s[pos] != 'T')) {
    *why = "not a date-time text";
    return -1;
  }
  pos++;
  if (digits(s, len, &pos, 2, &f.hour) || expect_char(s, len, &pos, ':') ||
      digits(s, len, &pos, 2, &f.minute) || expect_char(s, len, &pos, ':') ||
      digits(s, len, &pos, 2, &f.second) || fraction(s, len, &pos, out) != 0) {
    *why = "not a date-time text";
    return -1;
  }
  f.year = yyyy;
  /* Text forms are never DER; not_der carries no information here. */
  int rc = finish(s, len, pos, &f, 1, out, why);
  out->not_der = 0;
  return rc;
}

static int split(int64_t utc, fields *f) {
  int64_t days = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
  int64_t secs = utc - days * 86400;
  civil_from_days(days, &f->year, &f->month, &f->day);
  f->hour = (int)(secs / 3600);
  f->minute = (int)(secs / 60 % 60);
  f->second = (int)(secs % 60);
  return f->year < 0 || f->year > 9999 ? -1 : 0;
}

typedef enum style { STYLE_GENERALIZED, STYLE_UTC, STYLE_ISO } style;

/* Formats `utc` (years 0..9999) into out[cap]. */
static int format_time(int64_t utc, style st, char *out, size_t cap) {
  fields f;
  char tmp[64];
  int n;
  if (utc < -62167219200LL || utc > 253402300799LL || split(utc, &f) != 0)
    return -1;
  int y = (int)f.year;
  switch (st) {
  case STYLE_GENERALIZED:
    n = snprintf(tmp, sizeof tmp, "%04d%02d%02d%02d%02d%02dZ", y, f.month, f.day, f.hour,
                 f.minute, f.second);
    break;
  case STYLE_UTC:
    n = snprintf(tmp, sizeof tmp, "%02d%02d%02d%02d%02d%02dZ", y % 100, f.month, f.day, f.hour,
                 f.minute, f.second);
    break;
  default:
    n = snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, f.month, f.day, f.hour,
                 f.minute, f.second);
    break;
  }
  if (n < 0 || (size_t)n >= cap)
    return -1;
  memcpy(out, tmp, (size_t)n + 1);
  return 0;
}

int eseal__time_format_generalized(int64_t utc, char out[16]) {
  return format_time(utc, STYLE_GENERALIZED, out, 16);
}

int eseal__time_format_utc(int64_t utc, char out[14]) {
  if (utc < -631152000LL || utc > 2524607999LL)
    return -1;
  return format_time(utc, STYLE_UTC, out, 14);
}

int eseal__time_format_iso(int64_t utc, char out[21]) {
  return format_time(utc, STYLE_ISO, out, 21);
}
