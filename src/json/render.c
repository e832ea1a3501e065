/* Seals and signatures as JSON: every field, the embedded seal, the warnings. */
#include "eseal/errors.h"
#include "eseal/seal.h"
#include "eseal/signature.h"
#include "../asn1/oid.h"
#include "../asn1/timefmt.h"
#include "../core/error.h"
#include "cert_json.h"
#include "filing_json.h"
#include "json.h"

static void member_bytes_hex(eseal__json *j, const char *key, const uint8_t *p, size_t len) {
  eseal__json_key(j, key);
  eseal__json_hex(j, p, len);
}

static void member_time(eseal__json *j, const char *key, int64_t utc, const char *text) {
  char iso[21];
  eseal__json_key(j, key);
  eseal__json_begin_object(j);
  eseal__json_member_int(j, "utc", utc);
  eseal__json_member_string(j, "iso", eseal__time_format_iso(utc, iso) == 0 ? iso : NULL);
  eseal__json_member_string(j, "text", text);
  eseal__json_end_object(j);
}

static void member_algorithm(eseal__json *j, const char *oid) {
  eseal__json_key(j, "algorithm");
  eseal__json_begin_object(j);
  eseal__json_member_string(j, "oid", oid);
  eseal__json_member_string(j, "name", eseal__oid_name(oid));
  eseal__json_end_object(j);
}

static void member_sigval(eseal__json *j, eseal_sigval_encoding enc, const uint8_t *raw,
                          size_t raw_len, const uint8_t *der, size_t der_len) {
  eseal__json_key(j, "signature_value");
  eseal__json_begin_object(j);
  eseal__json_member_string(j, "encoding", eseal_sigval_encoding_name(enc));
  member_bytes_hex(j, "hex", raw, raw_len);
  member_bytes_hex(j, "der_hex", der, der_len);
  eseal__json_end_object(j);
}

static void member_extensions(eseal__json *j, const eseal_extensions *ext) {
  eseal__json_key(j, "extensions");
  if (ext == NULL) {
    eseal__json_null(j);
    return;
  }
  eseal__json_begin_array(j);
  for (size_t i = 0; i < eseal_extensions_count(ext); i++) {
    size_t len;
    const uint8_t *v = eseal_extensions_value(ext, i, &len);
    eseal__json_begin_object(j);
    eseal__json_member_string(j, "oid", eseal_extensions_oid(ext, i));
    eseal__json_key(j, "critical");
    eseal__json_bool(j, eseal_extensions_critical(ext, i));
    member_bytes_hex(j, "value_hex", v, len);
    eseal__json_end_object(j);
  }
  eseal__json_end_array(j);
}

static void member_timestamp(eseal__json *j, const uint8_t *ts, size_t len) {
  eseal__json_key(j, "timestamp");
  if (ts == NULL) {
    eseal__json_null(j);
    return;
  }
  eseal__json_begin_object(j);
  eseal__json_member_int(j, "size", (int64_t)len);
  eseal__json_key(j, "base64");
  eseal__json_base64(j, ts, len);
  eseal__json_end_object(j);
}

static void member_warnings(eseal__json *j, const eseal_warnings *w) {
  eseal__json_key(j, "warnings");
  eseal__json_begin_array(j);
  for (size_t i = 0; i < eseal_warnings_count(w); i++) {
    eseal__json_begin_object(j);
    eseal__json_member_string(j, "id", eseal_warnings_id(w, i));
    eseal__json_member_string(j, "path", eseal_warnings_path(w, i));
    eseal__json_member_string(j, "message", eseal_warnings_message(w, i));
    eseal__json_end_object(j);
  }
  eseal__json_end_array(j);
}

static void member_cert_list(eseal__json *j, const eseal_seal *seal) {
  static const char *const type_names[] = {"", "certs", "digests", "ids"};
  eseal_cert_list_type type = eseal_seal_cert_list_type(seal);
  eseal__json_member_int(j, "cert_list_type", type);
  eseal__json_member_string(j, "cert_list_kind", type_names[type]);
  eseal__json_key(j, "cert_list");
  eseal__json_begin_array(j);
  for (size_t i = 0; i < eseal_seal_cert_count(seal); i++) {
    size_t len;
    const uint8_t *entry = eseal_seal_cert(seal, i, &len);
    if (type == ESEAL_CERT_LIST_CERTS) {
      eseal__json_cert(j, entry, len);
      continue;
    }
    eseal__json_begin_object(j);
    if (type == ESEAL_CERT_LIST_DIGESTS) {
      eseal__json_member_string(j, "digest_type", eseal_seal_cert_digest_type(seal, i));
      member_bytes_hex(j, "digest_hex", entry, len);
    } else {
      eseal__json_key(j, "id");
      eseal__json_string_n(j, entry, len);
    }
    eseal__json_end_object(j);
  }
  eseal__json_end_array(j);
}

/* A seal; `top` when it is the whole document, which then names its schema. */
static void render_seal(eseal__json *j, const eseal_seal *seal, int top) {
  size_t len;
  const uint8_t *p;
  eseal__json_begin_object(j);
  if (top)
    eseal__json_member_string(j, "schema", ESEAL_INSPECT_SCHEMA);
  eseal__json_member_string(j, "kind", "seal");
  eseal__json_member_string(j, "format", eseal_format_name(eseal_seal_format(seal)));
  eseal__json_key(j, "header");
  eseal__json_begin_object(j);
  eseal__json_member_string(j, "id", eseal_seal_header_id(seal));
  eseal__json_member_int(j, "version", eseal_seal_header_version(seal));
  eseal__json_member_string(j, "vid", eseal_seal_vendor_id(seal));
  eseal__json_end_object(j);
  eseal__json_member_string(j, "esid", eseal_seal_esid(seal));
  eseal__json_member_filing(j, seal);

  eseal__json_key(j, "property");
  eseal__json_begin_object(j);
  eseal__json_member_int(j, "type", eseal_seal_type(seal));
  eseal__json_member_string(j, "name", eseal_seal_name(seal));
  member_cert_list(j, seal);
  member_time(j, "create_date", eseal_seal_date_utc(seal, ESEAL_SEAL_CREATE_DATE),
              eseal_seal_date_text(seal, ESEAL_SEAL_CREATE_DATE));
  member_time(j, "valid_start", eseal_seal_date_utc(seal, ESEAL_SEAL_VALID_START),
              eseal_seal_date_text(seal, ESEAL_SEAL_VALID_START));
  member_time(j, "valid_end", eseal_seal_date_utc(seal, ESEAL_SEAL_VALID_END),
              eseal_seal_date_text(seal, ESEAL_SEAL_VALID_END));
  eseal__json_end_object(j);

  eseal__json_key(j, "picture");
  eseal__json_begin_object(j);
  p = eseal_seal_picture_data(seal, &len);
  eseal__json_member_string(j, "type", eseal_seal_picture_type(seal));
  eseal__json_member_int(j, "size", (int64_t)len);
  eseal__json_member_int(j, "width_mm", eseal_seal_picture_width(seal));
  eseal__json_member_int(j, "height_mm", eseal_seal_picture_height(seal));
  eseal__json_key(j, "data_base64");
  eseal__json_base64(j, p, len);
  eseal__json_end_object(j);

  member_extensions(j, eseal_seal_extensions(seal));
  eseal__json_key(j, "maker_cert");
  p = eseal_seal_maker_cert(seal, &len);
  eseal__json_cert(j, p, len);
  member_algorithm(j, eseal_seal_algorithm(seal));
  size_t der_len;
  const uint8_t *der = eseal_seal_signature_value_der(seal, &der_len);
  p = eseal_seal_signature_value(seal, &len);
  member_sigval(j, eseal_seal_signature_encoding(seal), p, len, der, der_len);
  p = eseal_seal_timestamp(seal, &len);
  member_timestamp(j, p, len);
  eseal_seal_signed_bytes(seal, &len);
  eseal__json_member_int(j, "signed_bytes_size", (int64_t)len);
  member_warnings(j, eseal_seal_warnings(seal));
  eseal__json_end_object(j);
}

static const char *time_kind_name(eseal_time_info_kind kind) {
  switch (kind) {
  case ESEAL_TIME_GENERALIZED: return "generalized_time";
  case ESEAL_TIME_DER_TLV: return "der_time";
  case ESEAL_TIME_TEXT_LOCAL: return "text_local";
  case ESEAL_TIME_TEXT_ISO8601: return "text_iso8601";
  default: return "raw";
  }
}

static void member_time_info(eseal__json *j, const eseal_signature *sig) {
  size_t len;
  int64_t utc;
  const uint8_t *raw = eseal_signature_time_info_raw(sig, &len);
  eseal__json_key(j, "time_info");
  eseal__json_begin_object(j);
  eseal__json_member_string(j, "kind", time_kind_name(eseal_signature_time_info_kind(sig)));
  eseal__json_key(j, "utc");
  if (eseal_signature_time(sig, &utc) == 0) {
    char iso[21];
    eseal__json_int(j, utc);
    eseal__json_member_string(j, "iso", eseal__time_format_iso(utc, iso) == 0 ? iso : NULL);
  } else {
    /* An undecodable timeInfo: no time, and not an error of the rendering. */
    eseal_error_clear();
    eseal__json_null(j);
    eseal__json_member_string(j, "iso", NULL);
  }
  eseal__json_member_string(j, "text", eseal_signature_time_text(sig));
  member_bytes_hex(j, "raw_hex", raw, len);
  eseal__json_end_object(j);
}

static void render_signature(eseal__json *j, const eseal_signature *sig) {
  size_t len, der_len;
  const uint8_t *p, *der;
  eseal__json_begin_object(j);
  eseal__json_member_string(j, "schema", ESEAL_INSPECT_SCHEMA);
  eseal__json_member_string(j, "kind", "signature");
  eseal__json_member_string(j, "format", eseal_format_name(eseal_signature_format(sig)));
  eseal__json_member_int(j, "tbs_version", eseal_signature_tbs_version(sig));
  eseal__json_key(j, "seal");
  render_seal(j, eseal_signature_seal(sig), 0);
  member_time_info(j, sig);
  p = eseal_signature_data_hash(sig, &len);
  member_bytes_hex(j, "data_hash", p, len);
  eseal__json_member_string(j, "property_info", eseal_signature_property_info(sig));
  member_extensions(j, eseal_signature_extensions(sig));
  eseal__json_key(j, "signer_cert");
  p = eseal_signature_signer_cert(sig, &len);
  eseal__json_cert(j, p, len);
  member_algorithm(j, eseal_signature_algorithm(sig));
  der = eseal_signature_value_der(sig, &der_len);
  p = eseal_signature_value(sig, &len);
  member_sigval(j, eseal_signature_value_encoding(sig), p, len, der, der_len);
  p = eseal_signature_timestamp(sig, &len);
  member_timestamp(j, p, len);
  eseal_signature_tbs_bytes(sig, &len);
  eseal__json_member_int(j, "tbs_size", (int64_t)len);
  member_warnings(j, eseal_signature_warnings(sig));
  eseal__json_end_object(j);
}

static int finish(eseal__json *j, eseal_buf *out) {
  eseal__dbuf_append_byte(&j->out, '\n');
  return eseal__dbuf_finish(&j->out, out);
}

ESEAL_EXTERN(int) eseal_seal_to_json(eseal_buf *out, const eseal_seal *seal) {
  if (out == NULL || seal == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_to_json: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  eseal__json j = {ESEAL__DBUF_INIT, 0};
  render_seal(&j, seal, 1);
  return finish(&j, out);
}

ESEAL_EXTERN(int) eseal_signature_to_json(eseal_buf *out, const eseal_signature *sig) {
  if (out == NULL || sig == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_signature_to_json: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  eseal__json j = {ESEAL__DBUF_INIT, 0};
  render_signature(&j, sig);
  return finish(&j, out);
}
