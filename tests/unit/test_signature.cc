// SES_Signature parsing through the public API.
#include <gtest/gtest.h>

#include <string>

#include "../support/fixtures.h"
#include "../support/helpers.h"
#include "../support/sm2.h"

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

}  // namespace
