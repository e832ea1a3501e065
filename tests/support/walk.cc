#include "walk.h"

#include <cstring>

namespace walk {

// Touches both ends of a view: enough for the sanitizers to check its extent,
// cheap enough for millions of mutated inputs.
static unsigned Mix(unsigned h, const void *p, size_t n) {
  const uint8_t *b = static_cast<const uint8_t *>(p);
  if (b && n) h = (h * 31 + b[0]) * 31 + b[n - 1] + static_cast<unsigned>(n);
  return h;
}

static unsigned Text(unsigned h, const char *s) { return s ? Mix(h, s, std::strlen(s)) : h + 1; }

static unsigned Extensions(unsigned h, const eseal_extensions *ext) {
  for (size_t i = 0; i < eseal_extensions_count(ext); i++) {
    size_t len;
    const uint8_t *v = eseal_extensions_value(ext, i, &len);
    h = Mix(Text(h, eseal_extensions_oid(ext, i)), v, len) + eseal_extensions_critical(ext, i);
  }
  return h;
}

static unsigned Warnings(unsigned h, const eseal_warnings *w) {
  for (size_t i = 0; i < eseal_warnings_count(w); i++)
    h = Text(Text(Text(h, eseal_warnings_id(w, i)), eseal_warnings_path(w, i)),
             eseal_warnings_message(w, i));
  return h;
}

unsigned Seal(const eseal_seal *seal) {
  size_t len;
  const uint8_t *p;
  unsigned h = eseal_seal_format(seal);
  h = Text(h, eseal_seal_header_id(seal)) + static_cast<unsigned>(eseal_seal_header_version(seal));
  h = Text(Text(Text(h, eseal_seal_vendor_id(seal)), eseal_seal_esid(seal)), eseal_seal_name(seal));
  h += static_cast<unsigned>(eseal_seal_type(seal)) + eseal_seal_cert_list_type(seal);
  for (size_t i = 0; i < eseal_seal_cert_count(seal); i++) {
    p = eseal_seal_cert(seal, i, &len);
    h = Text(Mix(h, p, len), eseal_seal_cert_digest_type(seal, i));
  }
  for (int d = ESEAL_SEAL_CREATE_DATE; d <= ESEAL_SEAL_VALID_END; d++)
    h = Text(h + static_cast<unsigned>(eseal_seal_date_utc(seal, static_cast<eseal_seal_date>(d))),
             eseal_seal_date_text(seal, static_cast<eseal_seal_date>(d)));
  p = eseal_seal_picture_data(seal, &len);
  h = Mix(Text(h, eseal_seal_picture_type(seal)), p, len);
  h += static_cast<unsigned>(eseal_seal_picture_width(seal) + eseal_seal_picture_height(seal));
  h = Extensions(h, eseal_seal_extensions(seal));
  p = eseal_seal_maker_cert(seal, &len);
  h = Text(Mix(h, p, len), eseal_seal_algorithm(seal));
  p = eseal_seal_signature_value(seal, &len);
  h = Mix(h, p, len);
  p = eseal_seal_signature_value_der(seal, &len);
  h = Mix(h, p, len) + eseal_seal_signature_encoding(seal);
  p = eseal_seal_timestamp(seal, &len);
  h = Mix(h, p, len);
  p = eseal_seal_bytes(seal, &len);
  h = Mix(h, p, len);
  p = eseal_seal_info_bytes(seal, &len);
  h = Mix(h, p, len);
  p = eseal_seal_signed_bytes(seal, &len);
  return Warnings(Mix(h, p, len), eseal_seal_warnings(seal));
}

unsigned Signature(const eseal_signature *sig) {
  size_t len;
  const uint8_t *p;
  int64_t t = 0;
  unsigned h = eseal_signature_format(sig) + static_cast<unsigned>(eseal_signature_tbs_version(sig));
  h += Seal(eseal_signature_seal(sig));
  h += eseal_signature_time_info_kind(sig);
  if (eseal_signature_time(sig, &t) == 0) h += static_cast<unsigned>(t);
  h = Text(h, eseal_signature_time_text(sig));
  p = eseal_signature_time_info_raw(sig, &len);
  h = Mix(h, p, len);
  p = eseal_signature_data_hash(sig, &len);
  h = Text(Mix(h, p, len), eseal_signature_property_info(sig));
  h = Extensions(h, eseal_signature_extensions(sig));
  p = eseal_signature_signer_cert(sig, &len);
  h = Text(Mix(h, p, len), eseal_signature_algorithm(sig));
  p = eseal_signature_value(sig, &len);
  h = Mix(h, p, len);
  p = eseal_signature_value_der(sig, &len);
  h = Mix(h, p, len) + eseal_signature_value_encoding(sig);
  p = eseal_signature_timestamp(sig, &len);
  h = Mix(h, p, len);
  p = eseal_signature_bytes(sig, &len);
  h = Mix(h, p, len);
  p = eseal_signature_tbs_bytes(sig, &len);
  return Warnings(Mix(h, p, len), eseal_signature_warnings(sig));
}

int ParseAndWalk(const uint8_t *data, size_t len, bool with_json) {
  int parsed = 0;
  volatile unsigned sink = 0;
  eseal_kind kind;
  eseal_format_version format;
  eseal_sniff(&kind, &format, data, len);
  eseal_seal *seal = nullptr;
  if (eseal_seal_parse(&seal, data, len, nullptr) == 0) {
    parsed++;
    sink = sink + Seal(seal);
    eseal_buf buf = ESEAL_BUF_INIT;
    if (with_json && eseal_seal_to_json(&buf, seal) == 0) sink = sink + static_cast<unsigned>(buf.size);
    eseal_buf_dispose(&buf);
    if (eseal_seal_encode(&buf, seal) == 0) sink = sink + static_cast<unsigned>(buf.size);
    eseal_buf_dispose(&buf);
    eseal_seal_free(seal);
  }
  eseal_signature *sig = nullptr;
  if (eseal_signature_parse(&sig, data, len, nullptr) == 0) {
    parsed++;
    sink = sink + Signature(sig);
    eseal_buf buf = ESEAL_BUF_INIT;
    if (with_json && eseal_signature_to_json(&buf, sig) == 0) sink = sink + static_cast<unsigned>(buf.size);
    eseal_buf_dispose(&buf);
    if (eseal_signature_encode(&buf, sig) == 0) sink = sink + static_cast<unsigned>(buf.size);
    eseal_buf_dispose(&buf);
    eseal_signature_free(sig);
  }
  (void)sink;
  return parsed;
}

}  // namespace walk
