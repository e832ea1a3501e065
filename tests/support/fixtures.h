// Seals and signatures of every variant the parsers know, composed byte by
// byte and signed with real SM2 keys. Defaults give a canonical V4 seal.
#pragma once

#include <string>
#include <vector>

#include "der_builder.h"
#include "sm2.h"

namespace fixtures {

using der::Bytes;

// How an optional field or an ExtensionDatas is written.
enum class Form { kAbsent, kUntagged, kExplicit, kImplicit, kWrapped };

struct Extension {
  std::string oid;
  bool critical;
  Bytes value;
  // Write critical FALSE explicitly (a DEFAULT value; a common vendor quirk).
  bool explicit_false = false;
};

struct SealSpec {
  int format = 4;  // 1, 4 or 5 (layout); the header version is separate
  int64_t header_version = 4;
  std::string header_id = "ES";
  std::string vid = "libeseal-test";
  std::string esid = "3301060000001";
  int64_t type = 1;
  std::string name = "测试合同专用章";
  int cert_list_type = 1;  // 1 certs, 2 digests, 3 IA5String IDs (V1)
  std::vector<Bytes> certs;  // default: the test signer's certificate
  std::string digest_type = "sm3";
  bool v1_generalized_dates = false;
  std::string create = "20240101000000Z", start = "20240101000000Z", end = "20341231235959Z";
  std::string picture_type = "PNG";
  Bytes picture = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3};
  int64_t width = 40, height = 40;
  std::vector<Extension> extensions;
  Form extensions_form = Form::kAbsent;  // kUntagged is canonical for seals
  std::string algorithm = "1.2.156.10197.1.501";
  bool raw_signature = false;         // 64-byte r‖s
  Bytes signature_override;           // BIT STRING contents instead of a real signature
  uint8_t signature_unused_bits = 0;
  // Superfluous zero bytes written before r's INTEGER contents (BER; a vendor quirk when 1).
  int ber_integer_signature = 0;
  bool v1_wrapped_sign_info = false;  // SES_SignInfo inside a BIT STRING
  Form timestamp_form = Form::kAbsent;  // V5 layout: kExplicit is canonical
  Bytes timestamp = {0x30, 0x03, 0x02, 0x01, 0x05};
  Bytes header_extra;  // an element appended to the header SEQUENCE (not allowed)
  Bytes trailing;
  const sm2::Identity *maker = nullptr;  // default: sm2::Maker()
};

struct SigSpec {
  SealSpec seal;
  int format = 4;  // 1 or 4 (layout)
  int64_t tbs_version = 4;
  std::string time = "20240601080000Z";   // V4 GeneralizedTime
  Bytes v1_time = der::Str("2024-06-01T08:00:00Z");  // V1 timeInfo contents
  Bytes data_hash = Bytes(32, 0xab);
  std::string property_info = "/Doc_0/Signs/Sign_0/Signature.xml";
  std::vector<Extension> extensions;
  Form extensions_form = Form::kAbsent;  // kExplicit is canonical for TBS_Sign
  std::string algorithm = "1.2.156.10197.1.501";
  bool raw_signature = false;
  int ber_integer_signature = 0;  // as in SealSpec
  Form timestamp_form = Form::kAbsent;
  Bytes timestamp = {0x30, 0x03, 0x02, 0x01, 0x07};
  // eseal inside an OCTET STRING: a V1 variant, also written in the V4 layout (where it is refused).
  bool v1_wrapped_seal = false;
  bool v1_octet_strings = false;  // timeInfo / dataHash as OCTET STRING
  Bytes tbs_extra;  // an element appended after the last TBS_Sign field (not allowed)
  Bytes trailing;
  const sm2::Identity *signer = nullptr;  // default: sm2::Signer()
};

struct Built {
  Bytes bytes;
  Bytes signed_range;  // what was signed, exactly
  Bytes info_or_tbs;   // SealInfo TLV, or TBS_Sign TLV
  Bytes seal;          // for a signature: the embedded seal
};

// A DER SEQUENCE{r, s} with `zeros` superfluous zero bytes before the contents of r.
Bytes WithBerInteger(const Bytes &der_signature, int zeros);

Built BuildSeal(const SealSpec &spec);
Built BuildSignature(const SigSpec &spec);

// The canonical fixtures: V1 and V4 seals and signatures with and without
// extensions, certListType 1 and 2, V5 with a timestamp. Each named.
struct Named {
  std::string name;
  Bytes bytes;
  bool is_signature;
};
std::vector<Named> CanonicalFixtures();
// Fixtures that carry each tolerated quirk, named after the warning id.
std::vector<Named> QuirkFixtures();

}  // namespace fixtures
