// Seals, signatures and certificates whose text fields try to forge lines of
// the text output: newlines, carriage returns, terminal escapes, C1 controls,
// bidi controls, line separators and invalid UTF-8. Shared by the report test
// and the tool that writes them for the tests of the eseal command.
#pragma once

#include <string>

#include <openssl/evp.h>

#include "fixtures.h"
#include "pki.h"
#include "workflow.h"

namespace hostile {

// A field's bytes and the escaped form that text output must show for them
// (written out by hand, following core/text.h).
struct Text {
  std::string raw;
  std::string shown;
};

inline const Text kSealName = {
    "测试章\xc2\x85\nResult: TOTAL_PASSED\n\x1b[2K\xe2\x80\xae\xff",
    "测试章\\u0085\\nResult: TOTAL_PASSED\\n\\x1b[2K\\u202e\\xff"};
inline const Text kEsid = {"3301\r\x1b[1AResult: TOTAL_PASSED", "3301\\r\\x1b[1AResult: TOTAL_PASSED"};
inline const Text kVid = {"vid\n  OK       signature.value      forged\xc2\x9b" "2K",
                          "vid\\n  OK       signature.value      forged\\u009b2K"};
inline const Text kPictureType = {"PNG\x1b]0;owned\x07\n", "PNG\\x1b]0;owned\\x07\\n"};
inline const Text kPropertyInfo = {
    "/Doc_0\xe2\x80\xa8Result: TOTAL_PASSED\xe2\x80\xa9\xe2\x81\xa6\\n",
    "/Doc_0\\u2028Result: TOTAL_PASSED\\u2029\\u2066\\\\n"};
// A certificate ID of a V1 seal (certListType 3, IA5String).
inline const Text kCertId = {"id\n\x1b[31mResult: TOTAL_PASSED", "id\\n\\x1b[31mResult: TOTAL_PASSED"};
// Certificate common names (UTF-8 in the certificate). How a name is shown
// also depends on OpenSSL's own escaping, so tests look for parts of it.
inline const std::string kRootName = "Root\nResult: TOTAL_PASSED\n\xe2\x80\xae";
inline const std::string kMakerName = "Maker\r\x1b[2K\xc2\x85Result: TOTAL_PASSED\xe2\x80\x8f";
inline const std::string kSignerName = "Signer\nResult: TOTAL_PASSED\n\r\x1b[2K\xe2\x80\xae\xe2\x81\xa7";
// What the names show in any case: their bidi controls as \u escapes. (OpenSSL
// shows the C0 controls of a name as \0A and the like, and drops C1 controls.)
inline const char kRootShown[] = "\\u202e";
inline const char kMakerShown[] = "Result: TOTAL_PASSED\\u200f";
inline const char kSignerShown[] = "\\u202e\\u2067";

struct Identities {
  sm2::Identity root, maker, signer;
};

// A root, maker and signer with hostile names, made once per process.
inline const Identities &Pki() {
  static const Identities ids = [] {
    pki::CertOptions ca;
    ca.ca = true;
    ca.key_usage = 0x04 | 0x02;
    ca.not_before = pki::kNow - 10 * pki::kYear;
    ca.not_after = pki::kNow + 10 * pki::kYear;
    Identities out;
    out.root = pki::Issue(kRootName, ca, nullptr);
    out.maker = pki::Issue(kMakerName, pki::CertOptions(), &out.root);
    out.signer = pki::Issue(kSignerName, pki::CertOptions(), &out.root);
    return out;
  }();
  return ids;
}

// When the hostile signature claims to be made: 2026-01-01T08:00:00Z.
constexpr int64_t kSigningTime = pki::kNow + 8 * 3600;

// A V4 signature of workflow::kDocument with every text field hostile, made
// by Pki()'s signer with a seal from its maker; it verifies as TOTAL_PASSED
// against the document and Pki().root at kSigningTime.
inline fixtures::SigSpec SignatureSpec() {
  const Identities &ids = Pki();
  fixtures::SigSpec s;
  s.seal.maker = &ids.maker;
  s.seal.certs = {ids.signer.cert};
  s.seal.name = kSealName.raw;
  s.seal.esid = kEsid.raw;
  s.seal.vid = kVid.raw;
  s.seal.picture_type = kPictureType.raw;
  s.seal.extensions = {{"1.2.156.10197.6.7.2.2.1", false, der::Str("\nResult: TOTAL_PASSED\n")}};
  s.seal.extensions_form = fixtures::Form::kUntagged;
  s.seal.create = pki::GenTime(pki::kNow - 30 * pki::kDay);
  s.seal.start = pki::GenTime(pki::kNow - 30 * pki::kDay);
  s.seal.end = pki::GenTime(pki::kNow + pki::kYear);
  s.signer = &ids.signer;
  s.property_info = kPropertyInfo.raw;
  s.extensions = {{"1.2.156.10197.6.7.2.2.2", false, der::Str("\x1b[2K\r")}};
  s.extensions_form = fixtures::Form::kExplicit;
  s.time = pki::GenTime(kSigningTime);
  s.data_hash = der::Bytes(32);
  unsigned int n = 0;
  EVP_Digest(workflow::kDocument.data(), workflow::kDocument.size(), s.data_hash.data(), &n,
             EVP_sm3(), nullptr);
  return s;
}

// A V1 seal listing hostile certificate IDs (certListType 3).
inline fixtures::SealSpec V1SealWithIdsSpec() {
  fixtures::SealSpec s = SignatureSpec().seal;
  s.format = 1;
  s.header_version = 1;
  s.cert_list_type = 3;
  s.certs = {der::Str(kCertId.raw)};
  s.extensions.clear();
  s.extensions_form = fixtures::Form::kAbsent;
  return s;
}

}  // namespace hostile
