/* UTCTime, GeneralizedTime and the text time forms of V1 timeInfo. */
#ifndef ESEAL_ASN1_TIMEFMT_H
#define ESEAL_ASN1_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* China Standard Time, applied to times written without a zone. */
#define ESEAL__ZONELESS_OFFSET_SECONDS (8 * 3600)

typedef struct eseal__time {
  int64_t utc;
  /* Valid, but not the DER form (offset, missing seconds, fraction). */
  int not_der;
  /* No zone designator: read as China Standard Time. */
  int no_zone;
  /* Fractional seconds were present and dropped. */
  int fraction;
} eseal__time;

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12). */
int64_t eseal__days_from_civil(int64_t y, int m, int d);
/* The days of month m (1..12) in year y. */
int eseal__days_in_month(int64_t y, int m);

/* "YYMMDDhhmmssZ" and BER variants. -1 with *why when not a time. */
int eseal__time_parse_utc(const char *s, size_t len, eseal__time *out, const char **why);
/* "YYYYMMDDhhmmss[.f]Z" and BER variants. */
int eseal__time_parse_generalized(const char *s, size_t len, eseal__time *out, const char **why);
/* "yyyy-MM-dd HH:mm:ss" (no zone) or ISO 8601 "yyyy-MM-ddTHH:mm:ss[.f](Z|±hh:mm)". */
int eseal__time_parse_text(const char *s, size_t len, eseal__time *out, const char **why);

/* Writes "YYYYMMDDhhmmssZ" (16 bytes with the NUL). -1 for years outside 0..9999. */
int eseal__time_format_generalized(int64_t utc, char out[16]);
/* Writes "YYMMDDhhmmssZ" (14 bytes with the NUL). -1 outside 1950..2049. */
int eseal__time_format_utc(int64_t utc, char out[14]);

/* Writes "YYYY-MM-DDThh:mm:ssZ" (21 bytes with the NUL). -1 for years outside 0..9999. */
int eseal__time_format_iso(int64_t utc, char out[21]);

#endif
