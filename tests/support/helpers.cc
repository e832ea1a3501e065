#include "helpers.h"

#include <cctype>
#include <cstring>

namespace helpers {

std::string WarningIds(const eseal_warnings *w) {
  std::string out;
  for (size_t i = 0; i < eseal_warnings_count(w); i++) {
    if (!out.empty()) out += " ";
    out += eseal_warnings_id(w, i);
  }
  return out;
}

bool IsNote(const std::string &id) {
  static const char *const notes[] = {"picture.type_ofd", "picture.type_unknown", "header.id",
                                      "header.version_unusual", "time.fraction",
                                      "v1.time_no_zone", "v1.time_undecoded", "certlist.duplicate"};
  for (const char *n : notes)
    if (id == n) return true;
  return false;
}

bool HasOnlyNotes(const eseal_warnings *w) {
  for (size_t i = 0; i < eseal_warnings_count(w); i++)
    if (!IsNote(eseal_warnings_id(w, i))) return false;
  return true;
}

bool IsContentWarning(const std::string &id) {
  static const char *const content[] = {"picture.type_case", "v1.cert_id", "header.version_mismatch",
                                        "version.tbs_mismatch", "version.mixed"};
  for (const char *c : content)
    if (id == c) return true;
  return IsNote(id);
}

std::string TestName(const std::string &name) {
  std::string out = name;
  for (auto &c : out)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return out;
}

int ParseSeal(SealPtr &out, const Bytes &b, unsigned flags) {
  eseal_parse_options opts = ESEAL_PARSE_OPTIONS_INIT;
  opts.flags = flags;
  return eseal_seal_parse(&out.p, b.data(), b.size(), &opts);
}

int ParseSignature(SignaturePtr &out, const Bytes &b, unsigned flags) {
  eseal_parse_options opts = ESEAL_PARSE_OPTIONS_INIT;
  opts.flags = flags;
  return eseal_signature_parse(&out.p, b.data(), b.size(), &opts);
}

}  // namespace helpers
