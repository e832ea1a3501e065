/*
 * CRL times (thisUpdate, nextUpdate, revocationDate, invalidityDate) as UTC
 * seconds, read only from their DER form: a time with an offset, without
 * seconds or with a fraction is refused rather than guessed at, so it can
 * never count as "in range".
 */
#include "crl_internal.h"

#include "../asn1/timefmt.h"

int eseal__crl_time(const ASN1_TIME *t, int64_t *utc) {
  if (t == NULL)
    return -1;
  const char *s = (const char *)ASN1_STRING_get0_data(t);
  int len = ASN1_STRING_length(t);
  if (s == NULL || len <= 0)
    return -1;
  eseal__time parsed;
  const char *why = NULL;
  int rc;
  switch (ASN1_STRING_type(t)) {
  case V_ASN1_UTCTIME:
    rc = eseal__time_parse_utc(s, (size_t)len, &parsed, &why);
    break;
  case V_ASN1_GENERALIZEDTIME:
    rc = eseal__time_parse_generalized(s, (size_t)len, &parsed, &why);
    break;
  default:
    return -1;
  }
  if (rc != 0 || parsed.not_der || parsed.fraction)
    return -1;
  *utc = parsed.utc;
  return 0;
}
