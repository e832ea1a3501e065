#include "cert_json.h"

#include "../x509/cert_summary.h"

static void member_text(eseal__json *j, const char *key, const char *text) {
  eseal__json_key(j, key);
  if (text[0])
    eseal__json_string(j, text);
  else
    eseal__json_null(j);
}

void eseal__json_cert(eseal__json *j, const uint8_t *der, size_t len) {
  eseal__cert_summary s;
  eseal__cert_summary_read(&s, der, len);
  eseal__json_begin_object(j);
  eseal__json_member_int(j, "size", (int64_t)len);
  member_text(j, "sm3", s.sm3_hex);
  /* Every key always: the names are null when the certificate does not parse. */
  eseal__json_member_string(j, "parse_error", s.error);
  member_text(j, "subject", s.error ? "" : s.subject);
  member_text(j, "issuer", s.error ? "" : s.issuer);
  member_text(j, "serial", s.error ? "" : s.serial_hex);
  member_text(j, "not_before", s.error ? "" : s.not_before);
  member_text(j, "not_after", s.error ? "" : s.not_after);
  eseal__json_key(j, "der_base64");
  eseal__json_base64(j, der, len);
  eseal__json_end_object(j);
}
