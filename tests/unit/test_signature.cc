// SES_Signature parsing through the public API.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "../support/fixtures.h"
#include "../support/helpers.h"
#include "../support/sm2.h"
#include "../support/workflow.h"

namespace {

using namespace helpers;
using fixtures::Form;
using fixtures::SigSpec;

TEST(Signature, CanonicalV4EveryField) {
  SigSpec spec;
  spec.extensions = {{"1.3.6.1.5.5.7.1.4", true, {0x30, 0x00}}};
  spec.extensions_form = Form::kExplicit;
  spec.timestamp_form = Form::kExplicit;
  auto built = fixtures::BuildSignature(spec);
  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, built.bytes)) << LastError();
  const eseal_signature *g = sig.p;
  EXPECT_EQ(ESEAL_FORMAT_V4, eseal_signature_format(g));
  EXPECT_EQ(4, eseal_signature_tbs_version(g));
  const eseal_seal *seal = eseal_signature_seal(g);
  ASSERT_NE(nullptr, seal);
  EXPECT_EQ(ESEAL_FORMAT_V4, eseal_seal_format(seal));
  size_t len;
  const uint8_t *p = eseal_seal_bytes(seal, &len);
  EXPECT_EQ(built.seal, View(p, len));
  EXPECT_EQ(ESEAL_TIME_GENERALIZED, eseal_signature_time_info_kind(g));
  int64_t t = 0;
  ASSERT_EQ(0, eseal_signature_time(g, &t));
  EXPECT_EQ(1717228800, t);
  EXPECT_STREQ("20240601080000Z", eseal_signature_time_text(g));
  p = eseal_signature_time_info_raw(g, &len);
  EXPECT_EQ(der::Str("20240601080000Z"), View(p, len));
  p = eseal_signature_data_hash(g, &len);
  EXPECT_EQ(spec.data_hash, View(p, len));
  EXPECT_STREQ("/Doc_0/Signs/Sign_0/Signature.xml", eseal_signature_property_info(g));
  const eseal_extensions *ext = eseal_signature_extensions(g);
  ASSERT_EQ(1u, eseal_extensions_count(ext));
  EXPECT_STREQ("1.3.6.1.5.5.7.1.4", eseal_extensions_oid(ext, 0));
  EXPECT_EQ(1, eseal_extensions_critical(ext, 0));
  p = eseal_signature_signer_cert(g, &len);
  EXPECT_EQ(sm2::Signer().cert, View(p, len));
  EXPECT_STREQ("1.2.156.10197.1.501", eseal_signature_algorithm(g));
  EXPECT_EQ(ESEAL_SIGVAL_DER, eseal_signature_value_encoding(g));
  p = eseal_signature_timestamp(g, &len);
  EXPECT_EQ(spec.timestamp, View(p, len));
  p = eseal_signature_bytes(g, &len);
  EXPECT_EQ(built.bytes, View(p, len));
  p = eseal_signature_tbs_bytes(g, &len);
  EXPECT_EQ(built.signed_range, View(p, len));
  size_t sig_len;
  const uint8_t *value = eseal_signature_value_der(g, &sig_len);
  EXPECT_TRUE(sm2::Verify(sm2::Signer().cert, View(p, len), View(value, sig_len)));
  EXPECT_EQ(0u, eseal_warnings_count(eseal_signature_warnings(g)));
}

TEST(Signature, V1FieldsInsideTbs) {
  SigSpec spec;
  spec.format = 1;
  spec.tbs_version = 1;
  spec.seal.format = 1;
  spec.seal.header_version = 1;
  auto built = fixtures::BuildSignature(spec);
  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, built.bytes)) << LastError();
  EXPECT_EQ(ESEAL_FORMAT_V1, eseal_signature_format(sig.p));
  EXPECT_EQ(ESEAL_FORMAT_V1, eseal_seal_format(eseal_signature_seal(sig.p)));
  EXPECT_EQ(ESEAL_TIME_TEXT_ISO8601, eseal_signature_time_info_kind(sig.p));
  int64_t t;
  ASSERT_EQ(0, eseal_signature_time(sig.p, &t));
  EXPECT_EQ(1717228800, t);
  size_t len, sig_len;
  const uint8_t *p = eseal_signature_signer_cert(sig.p, &len);
  EXPECT_EQ(sm2::Signer().cert, View(p, len));
  EXPECT_EQ(nullptr, eseal_signature_timestamp(sig.p, &len));
  EXPECT_EQ(nullptr, eseal_signature_extensions(sig.p));
  p = eseal_signature_tbs_bytes(sig.p, &len);
  const uint8_t *value = eseal_signature_value_der(sig.p, &sig_len);
  EXPECT_TRUE(sm2::Verify(sm2::Signer().cert, View(p, len), View(value, sig_len)));
  EXPECT_EQ(0u, eseal_warnings_count(eseal_signature_warnings(sig.p)));
}

TEST(Signature, V1TimeInfoVariants) {
  struct Case {
    der::Bytes contents;
    eseal_time_info_kind kind;
    int64_t utc;
    const char *warning;
  };
  const Case cases[] = {
      {der::UtcTime("240601080000Z"), ESEAL_TIME_DER_TLV, 1717228800, nullptr},
      {der::GenTime("20240601080000Z"), ESEAL_TIME_DER_TLV, 1717228800, nullptr},
      {der::Str("2024-06-01 16:00:00"), ESEAL_TIME_TEXT_LOCAL, 1717228800, "v1.time_no_zone"},
      {der::Str("2024-06-01T08:00:00.377Z"), ESEAL_TIME_TEXT_ISO8601, 1717228800, nullptr},
      {der::Seq({der::Oid("1.2.840.113549.1.7.2")}), ESEAL_TIME_RAW, 0, "v1.time_undecoded"},
  };
  for (const auto &c : cases) {
    SigSpec spec;
    spec.format = 1;
    spec.tbs_version = 1;
    spec.seal.format = 1;
    spec.seal.header_version = 1;
    spec.v1_time = c.contents;
    SignaturePtr sig;
    ASSERT_EQ(0, ParseSignature(sig, fixtures::BuildSignature(spec).bytes, ESEAL_PARSE_STRICT))
        << LastError();
    EXPECT_EQ(c.kind, eseal_signature_time_info_kind(sig.p));
    size_t len;
    const uint8_t *raw = eseal_signature_time_info_raw(sig.p, &len);
    EXPECT_EQ(c.contents, View(raw, len));
    int64_t t = -1;
    if (c.kind == ESEAL_TIME_RAW) {
      EXPECT_EQ(ESEAL_ENOTFOUND, eseal_signature_time(sig.p, &t));
      EXPECT_EQ(nullptr, eseal_signature_time_text(sig.p));
    } else {
      ASSERT_EQ(0, eseal_signature_time(sig.p, &t));
      EXPECT_EQ(c.utc, t);
    }
    const eseal_warnings *w = eseal_signature_warnings(sig.p);
    if (c.warning)
      EXPECT_TRUE(eseal_warnings_has(w, c.warning)) << WarningIds(w);
    else
      EXPECT_EQ(0u, eseal_warnings_count(w)) << WarningIds(w);
  }
}

TEST(Signature, V5FromTheEmbeddedSeal) {
  SigSpec spec;
  spec.seal.header_version = 5;
  spec.tbs_version = 5;
  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, fixtures::BuildSignature(spec).bytes));
  EXPECT_EQ(ESEAL_FORMAT_V5, eseal_signature_format(sig.p));
  EXPECT_EQ(0u, eseal_warnings_count(eseal_signature_warnings(sig.p)));
}

TEST(Signature, MixedVersionsAreReported) {
  SigSpec spec;
  spec.seal.format = 1;
  spec.seal.header_version = 1;
  spec.tbs_version = 1;
  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, fixtures::BuildSignature(spec).bytes));
  EXPECT_EQ(ESEAL_FORMAT_V4, eseal_signature_format(sig.p));
  EXPECT_TRUE(eseal_warnings_has(eseal_signature_warnings(sig.p), "version.mixed"));
}

TEST(Signature, EmbeddedSealWarningsAreCarried) {
  SigSpec spec;
  spec.seal.raw_signature = true;
  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, fixtures::BuildSignature(spec).bytes));
  const eseal_warnings *w = eseal_signature_warnings(sig.p);
  ASSERT_EQ(1u, eseal_warnings_count(w));
  EXPECT_STREQ("signature.raw_rs", eseal_warnings_id(w, 0));
  EXPECT_EQ(std::string("SES_Signature.toSign.eseal > SESeal.signedValue"),
            eseal_warnings_path(w, 0));
  EXPECT_EQ(ESEAL_SIGVAL_RAW_RS, eseal_seal_signature_encoding(eseal_signature_seal(sig.p)));
}

TEST(Signature, EmbeddedSealErrorsSayWhereTheyAre) {
  SigSpec spec;
  spec.seal.create = "20231301000000Z";
  SignaturePtr sig;
  EXPECT_EQ(ESEAL_EFORMAT, ParseSignature(sig, fixtures::BuildSignature(spec).bytes));
  EXPECT_NE(std::string::npos,
            LastError().find("SES_Signature.toSign.eseal > SESeal.eSealInfo.property.createDate"))
      << LastError();
}

TEST(Signature, Refusals) {
  auto good = fixtures::BuildSignature(SigSpec{}).bytes;
  SignaturePtr sig;
  auto seal = fixtures::BuildSeal(fixtures::SealSpec{}).bytes;
  EXPECT_EQ(ESEAL_EFORMAT, ParseSignature(sig, seal));  // a seal is not a signature
  EXPECT_EQ(ESEAL_EFORMAT, ParseSignature(sig, der::Seq({der::Seq({der::Int(4)}), der::Int(1)})));
  SigSpec spec;
  spec.extensions = {{"1.2.3", false, {1}}};
  spec.extensions_form = Form::kExplicit;
  auto b = fixtures::BuildSignature(spec).bytes;
  // Retag [0] as [1]: TBS_Sign extDatas must be [0].
  auto tbs_ext = der::Tlv(0xa0, der::Seq({der::Seq({der::Oid("1.2.3"), der::Octets({1})})}));
  auto it = std::search(b.begin(), b.end(), tbs_ext.begin(), tbs_ext.end());
  ASSERT_NE(b.end(), it);
  *it = 0xa1;
  EXPECT_EQ(ESEAL_EFORMAT, ParseSignature(sig, b));
  EXPECT_NE(std::string::npos, LastError().find("expected [0] ExtensionDatas")) << LastError();
  EXPECT_EQ(ESEAL_EINVAL, eseal_signature_parse(nullptr, good.data(), good.size(), nullptr));
  EXPECT_EQ(ESEAL_EIO, eseal_signature_parse_file(&sig.p, "/nonexistent.dat", nullptr));
  EXPECT_EQ(nullptr, eseal_signature_seal(nullptr));
  int64_t t;
  EXPECT_EQ(ESEAL_EINVAL, eseal_signature_time(nullptr, &t));
  eseal_signature_free(nullptr);
}

// GB/T 38540 puts the SESeal itself in TBS_Sign; the OCTET STRING around it is
// a V1 vendor variant, tolerated there only.
TEST(Signature, AWrappedSealIsAV1VariantOnly) {
  SigSpec v4;
  v4.v1_wrapped_seal = true;
  der::Bytes bytes = fixtures::BuildSignature(v4).bytes;
  for (unsigned flags : {0u, static_cast<unsigned>(ESEAL_PARSE_STRICT)}) {
    SignaturePtr sig;
    EXPECT_EQ(ESEAL_EFORMAT, ParseSignature(sig, bytes, flags));
    EXPECT_EQ(nullptr, sig.p);
    EXPECT_NE(std::string::npos,
              LastError().find("SES_Signature.toSign.eseal: expected SESeal, found tag 0x04"))
        << LastError();
  }
  SigSpec v5 = v4;
  v5.seal.header_version = 5;
  v5.tbs_version = 5;
  SignaturePtr sig;
  EXPECT_EQ(ESEAL_EFORMAT, ParseSignature(sig, fixtures::BuildSignature(v5).bytes));
  SigSpec v1 = v4;
  v1.format = 1;
  v1.tbs_version = 1;
  v1.seal.format = 1;
  v1.seal.header_version = 1;
  ASSERT_EQ(0, ParseSignature(sig, fixtures::BuildSignature(v1).bytes)) << LastError();
  EXPECT_TRUE(eseal_warnings_has(eseal_signature_warnings(sig.p), "v1.wrapped_seal"));
}

// An element after the last TBS_Sign field is refused in every mode.
TEST(Signature, ExtraElementsAreRefusedInEveryMode) {
  SigSpec v4;  // after extDatas, the last optional field
  v4.extensions = {{"1.2.3", false, {1}}};
  v4.extensions_form = Form::kExplicit;
  v4.tbs_extra = der::Int(7);
  SigSpec v1;
  v1.format = 1;
  v1.tbs_version = 1;
  v1.seal.format = 1;
  v1.seal.header_version = 1;
  v1.tbs_extra = der::Ia5("more");
  for (const SigSpec &spec : {v4, v1}) {
    der::Bytes bytes = fixtures::BuildSignature(spec).bytes;
    for (unsigned flags : {0u, static_cast<unsigned>(ESEAL_PARSE_STRICT)}) {
      SignaturePtr sig;
      EXPECT_EQ(ESEAL_EFORMAT, ParseSignature(sig, bytes, flags)) << spec.format << " " << flags;
      EXPECT_EQ(nullptr, sig.p);
      EXPECT_NE(std::string::npos,
                LastError().find("SES_Signature.toSign: unexpected extra element"))
          << LastError();
    }
  }
}

// A signature built byte by byte with the test PKI, verifiable at pki::kNow.
SigSpec Verifiable() {
  SigSpec s;
  s.seal.maker = &pki::Maker();
  s.signer = &pki::Signer();
  s.seal.certs = {pki::Signer().cert};
  s.seal.create = pki::GenTime(pki::kNow - 30 * pki::kDay);
  s.seal.start = s.seal.create;
  s.seal.end = pki::GenTime(pki::kNow + pki::kYear);
  s.time = pki::GenTime(pki::kNow + 3600);
  s.data_hash = der::Bytes(32, 0x5a);
  return s;
}

// Verifies `input` against the data hash of Verifiable() (a seal: without data).
void VerifyAt(workflow::ReportPtr &out, const der::Bytes &input, unsigned flags = 0,
              bool with_data = true) {
  auto ctx = pki::Context(pki::kNow + pki::kDay);
  eseal_verify_options opts = ESEAL_VERIFY_OPTIONS_INIT;
  opts.flags = flags;
  workflow::DataPtr data;
  der::Bytes hash(32, 0x5a);
  ASSERT_EQ(0, eseal_data_from_hash(&data.p, hash.data(), hash.size()));
  ASSERT_EQ(0, eseal_verify_bytes(&out.p, ctx.get(), input.data(), input.size(),
                                  with_data ? data.p : nullptr, &opts))
      << LastError();
}

TEST(Signature, VerifiablePasses) {
  workflow::ReportPtr r;
  VerifyAt(r, fixtures::BuildSignature(Verifiable()).bytes);
  workflow::ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
  EXPECT_EQ("OK", workflow::Status(r.p, "format"));
}

// A vendor's INTEGER with one superfluous zero (BER) in the signature value of
// the signature or of its seal: a quirk; verification runs over the bytes as
// received with the value read as its numbers.
TEST(Signature, BerIntegerInTheSignatureValueIsAVerifiedQuirk) {
  SigSpec in_signature = Verifiable(), in_seal = Verifiable();
  in_signature.ber_integer_signature = 1;
  in_seal.seal.ber_integer_signature = 1;
  for (const SigSpec &spec : {in_signature, in_seal}) {
    auto built = fixtures::BuildSignature(spec);
    SignaturePtr sig;
    ASSERT_EQ(0, ParseSignature(sig, built.bytes)) << LastError();
    const eseal_warnings *w = eseal_signature_warnings(sig.p);
    ASSERT_EQ(1u, eseal_warnings_count(w)) << WarningIds(w);
    EXPECT_STREQ("signature.integer_ber", eseal_warnings_id(w, 0));
    EXPECT_STREQ(spec.ber_integer_signature ? "SES_Signature.signature"
                                            : "SES_Signature.toSign.eseal > SESeal.signedValue",
                 eseal_warnings_path(w, 0));
    size_t len = 0;
    const uint8_t *kept = eseal_signature_bytes(sig.p, &len);
    EXPECT_EQ(built.bytes, View(kept, len));  // the bytes as received, not a re-encoding
    workflow::ReportPtr r;
    VerifyAt(r, built.bytes);
    workflow::ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
    EXPECT_EQ("WARNING", workflow::Status(r.p, "format")) << workflow::Text(r.p);
    EXPECT_EQ("OK", workflow::Status(r.p, "signature.value"));
    EXPECT_EQ("OK", workflow::Status(r.p, "seal.signature"));
    EXPECT_TRUE(eseal_warnings_has(eseal_report_warnings(r.p), "signature.integer_ber"));
    workflow::ReportPtr strict;
    VerifyAt(strict, built.bytes, ESEAL_VERIFY_STRICT);
    workflow::ExpectVerdict(strict.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "format");
    SignaturePtr refused;
    EXPECT_EQ(ESEAL_EFORMAT, ParseSignature(refused, built.bytes, ESEAL_PARSE_STRICT));
    EXPECT_NE(std::string::npos, LastError().find("signature.integer_ber")) << LastError();
  }
}

// The BER reading changes no number: a BER value of a wrong signature still fails.
TEST(Signature, BerIntegerOfAWrongValueFails) {
  SigSpec spec = Verifiable();
  spec.ber_integer_signature = 1;
  spec.seal.ber_integer_signature = 1;
  auto built = fixtures::BuildSignature(spec);
  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, built.bytes)) << LastError();
  // Changes the byte after r's first one in a copy of `bytes`: 30 LL 02 LL 00 r0 r1.
  auto changed = [](der::Bytes bytes, const uint8_t *value, size_t len) {
    der::Bytes v = View(value, len);
    auto at = std::search(bytes.begin(), bytes.end(), v.begin(), v.end());
    EXPECT_NE(bytes.end(), at);
    EXPECT_EQ(0x00, at[4]);  // the superfluous zero
    at[6] ^= 0x01;
    return bytes;
  };
  size_t len = 0;
  const uint8_t *value = eseal_signature_value(sig.p, &len);
  workflow::ReportPtr r;
  VerifyAt(r, changed(built.bytes, value, len));
  workflow::ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "signature.value");
  EXPECT_EQ("WARNING", workflow::Status(r.p, "format"));
  value = eseal_seal_signature_value(eseal_signature_seal(sig.p), &len);
  workflow::ReportPtr seal;
  VerifyAt(seal, changed(built.seal, value, len), 0, false);
  workflow::ExpectVerdict(seal.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE,
                          "seal.signature");
}

// A second signature appended to the first is refused; verification says FORMAT_FAILURE.
TEST(Signature, ASecondSignatureAppendedFailsVerification) {
  der::Bytes first = fixtures::BuildSignature(Verifiable()).bytes;
  SigSpec other = Verifiable();
  other.data_hash = der::Bytes(32, 0x77);
  der::Bytes second = fixtures::BuildSignature(other).bytes;
  for (const der::Bytes &gap : {der::Bytes{}, der::Bytes(8, 0), der::Bytes{0x13, 0x37}}) {
    workflow::ReportPtr r;
    VerifyAt(r, der::Cat({first, gap, second}));
    workflow::ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "format");
    EXPECT_NE(std::string::npos, workflow::Text(r.p).find("a second seal/signature follows"))
        << workflow::Text(r.p);
  }
  // Zero padding alone is a quirk: a WARNING, and FORMAT_FAILURE in strict mode.
  der::Bytes padded = der::Cat({first, der::Bytes(8, 0)});
  workflow::ReportPtr r;
  VerifyAt(r, padded);
  workflow::ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
  EXPECT_EQ("WARNING", workflow::Status(r.p, "format"));
  workflow::ReportPtr strict;
  VerifyAt(strict, padded, ESEAL_VERIFY_STRICT);
  workflow::ExpectVerdict(strict.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "format");
}

}  // namespace
