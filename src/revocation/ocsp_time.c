/*
 * The times of OCSP responses and responder certificates, read strictly: a
 * time that is not in its DER form is refused rather than interpreted, so
 * that no lenient reading can move it into a window.
 */
#include "ocsp_internal.h"

#include "../asn1/timefmt.h"

int eseal__ocsp_time(const ASN1_TIME *t, int64_t *utc) {
  if (t == NULL)
    return -1;
  const char *s = (const char *)ASN1_STRING_get0_data(t);
  size_t len = (size_t)ASN1_STRING_length(t);
  eseal__time tm;
  const char *why = NULL;
  int rc;
  if (ASN1_STRING_type(t) == V_ASN1_GENERALIZEDTIME)
    rc = eseal__time_parse_generalized(s, len, &tm, &why);
  else if (ASN1_STRING_type(t) == V_ASN1_UTCTIME)
    rc = eseal__time_parse_utc(s, len, &tm, &why);
  else
    return -1;
  if (rc != 0 || tm.not_der || tm.no_zone || tm.fraction)
    return -1;
  *utc = tm.utc;
  return 0;
}
