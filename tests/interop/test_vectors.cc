// The shared vectors from other vendors: each parses with the fields, version
// and warnings that ../shared/vectors/README.txt states, and the signed bytes
// the parser exposes verify (or fail) as the README says. Skipped, saying
// why, when the vectors are absent.
#include <gtest/gtest.h>

#include <string>

#include <openssl/evp.h>

#include "../support/helpers.h"
#include "../support/sm2.h"
#include "../support/vectors.h"

namespace {

using namespace helpers;
using der::Bytes;

Bytes Sm3(const Bytes &b) {
  Bytes md(32);
  unsigned n;
  EVP_Digest(b.data(), b.size(), md.data(), &n, EVP_sm3(), nullptr);
  return md;
}

bool SealSignatureVerifies(const eseal_seal *s) {
  size_t cl, ml, sl;
  const uint8_t *cert = eseal_seal_maker_cert(s, &cl);
  const uint8_t *msg = eseal_seal_signed_bytes(s, &ml);
  const uint8_t *sig = eseal_seal_signature_value_der(s, &sl);
  return sm2::Verify(View(cert, cl), View(msg, ml), View(sig, sl));
}

bool SignatureVerifies(const eseal_signature *g) {
  size_t cl, ml, sl;
  const uint8_t *cert = eseal_signature_signer_cert(g, &cl);
  const uint8_t *msg = eseal_signature_tbs_bytes(g, &ml);
  const uint8_t *sig = eseal_signature_value_der(g, &sl);
  return sm2::Verify(View(cert, cl), View(msg, ml), View(sig, sl));
}

Bytes Cert(const eseal_seal *s, size_t i) {
  size_t len;
  const uint8_t *p = eseal_seal_cert(s, i, &len);
  return View(p, len);
}

Bytes Picture(const eseal_seal *s) {
  size_t len;
  const uint8_t *p = eseal_seal_picture_data(s, &len);
  return View(p, len);
}

void ExpectEncodesBack(const Bytes &file, bool is_signature) {
  Buf out;
  if (is_signature) {
    SignaturePtr g;
    ASSERT_EQ(0, ParseSignature(g, file, ESEAL_PARSE_STRICT)) << LastError();
    ASSERT_EQ(0, eseal_signature_encode(&out.b, g.p));
  } else {
    SealPtr s;
    ASSERT_EQ(0, ParseSeal(s, file, ESEAL_PARSE_STRICT)) << LastError();
    ASSERT_EQ(0, eseal_seal_encode(&out.b, s.p));
  }
  EXPECT_EQ(file, out.bytes());
}

TEST(Vectors, OfdrwUserV1) {
  ESEAL_REQUIRE_VECTORS();
  Bytes file = vectors::Read("ofdrw_UserV1.esl");
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, file)) << LastError();
  const eseal_seal *s = seal.p;
  EXPECT_EQ(ESEAL_FORMAT_V1, eseal_seal_format(s));
  EXPECT_STREQ("ES", eseal_seal_header_id(s));
  EXPECT_EQ(1, eseal_seal_header_version(s));
  EXPECT_STREQ("OFDR&WTest", eseal_seal_vendor_id(s));
  EXPECT_STREQ("40C8CDD24DEF43388B86E62CCE1D6832", eseal_seal_esid(s));
  EXPECT_EQ(1, eseal_seal_type(s));
  EXPECT_STREQ("OFDRW测试用印章", eseal_seal_name(s));
  EXPECT_EQ(ESEAL_CERT_LIST_CERTS, eseal_seal_cert_list_type(s));
  ASSERT_EQ(1u, eseal_seal_cert_count(s));
  EXPECT_EQ(vectors::Read("derived/ofdrw_USER_cert.der"), Cert(s, 0));
  EXPECT_STREQ("200422021807Z", eseal_seal_date_text(s, ESEAL_SEAL_CREATE_DATE));
  EXPECT_EQ(1587521887, eseal_seal_date_utc(s, ESEAL_SEAL_VALID_START));
  EXPECT_STREQ("220422021807Z", eseal_seal_date_text(s, ESEAL_SEAL_VALID_END));
  EXPECT_STREQ("PNG", eseal_seal_picture_type(s));
  EXPECT_EQ(15693u, Picture(s).size());
  EXPECT_EQ(40, eseal_seal_picture_width(s));
  EXPECT_EQ(nullptr, eseal_seal_extensions(s));
  size_t len;
  const uint8_t *p = eseal_seal_maker_cert(s, &len);
  EXPECT_EQ(vectors::Read("derived/ofdrw_SealBuilder_cert.der"), View(p, len));
  EXPECT_STREQ("1.2.156.10197.1.501", eseal_seal_algorithm(s));
  eseal_seal_signature_value(s, &len);
  EXPECT_EQ(72u, len);
  EXPECT_EQ(0u, eseal_warnings_count(eseal_seal_warnings(s)));
  // V1 signs SEQUENCE{SealInfo, cert, alg}; SealInfo alone does not verify.
  EXPECT_TRUE(SealSignatureVerifies(s));
  const uint8_t *info = eseal_seal_info_bytes(s, &len);
  size_t sl;
  const uint8_t *sig = eseal_seal_signature_value_der(s, &sl);
  EXPECT_FALSE(sm2::Verify(vectors::Read("derived/ofdrw_SealBuilder_cert.der"), View(info, len),
                           View(sig, sl)));
  ExpectEncodesBack(file, false);
}

TEST(Vectors, OfdrwUserV4) {
  ESEAL_REQUIRE_VECTORS();
  Bytes file = vectors::Read("ofdrw_UserV4.esl");
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, file)) << LastError();
  const eseal_seal *s = seal.p;
  EXPECT_EQ(ESEAL_FORMAT_V4, eseal_seal_format(s));
  EXPECT_EQ(4, eseal_seal_header_version(s));
  EXPECT_STREQ("OFDR&WTest", eseal_seal_vendor_id(s));
  EXPECT_STREQ("51f044b76510434e9bc67a1185c2fba5", eseal_seal_esid(s));
  EXPECT_EQ(3, eseal_seal_type(s));
  EXPECT_STREQ("OFD R&W 测试用印章", eseal_seal_name(s));
  ASSERT_EQ(1u, eseal_seal_cert_count(s));
  EXPECT_EQ(vectors::Read("derived/ofdrw_USER_cert.der"), Cert(s, 0));
  EXPECT_STREQ("20200422020900Z", eseal_seal_date_text(s, ESEAL_SEAL_CREATE_DATE));
  EXPECT_EQ(1650593340, eseal_seal_date_utc(s, ESEAL_SEAL_VALID_END));
  EXPECT_EQ(40, eseal_seal_picture_height(s));
  size_t len;
  eseal_seal_signature_value(s, &len);
  EXPECT_EQ(71u, len);
  EXPECT_TRUE(SealSignatureVerifies(s));
  ExpectEncodesBack(file, false);
}

TEST(Vectors, OfdrwUserV5) {
  ESEAL_REQUIRE_VECTORS();
  for (const char *name : {"ofdrw_UserV5.esl", "ofdrw_UserV5_ts.esl"}) {
    Bytes file = vectors::Read(name);
    SealPtr seal;
    ASSERT_EQ(0, ParseSeal(seal, file)) << LastError();
    EXPECT_EQ(ESEAL_FORMAT_V5, eseal_seal_format(seal.p)) << name;
    EXPECT_EQ(5, eseal_seal_header_version(seal.p));
    EXPECT_STREQ("OFDR&WTestV5", eseal_seal_vendor_id(seal.p));
    size_t len;
    const uint8_t *ts = eseal_seal_timestamp(seal.p, &len);
    if (std::string(name).find("_ts") != std::string::npos) {
      // [0] { BIT STRING 00 01 02 03 }: the 6-byte field carries a 3-byte dummy token.
      ASSERT_NE(nullptr, ts);
      EXPECT_EQ(Bytes({1, 2, 3}), View(ts, len));
    } else {
      EXPECT_EQ(nullptr, ts);
    }
    EXPECT_TRUE(SealSignatureVerifies(seal.p)) << name;
    ExpectEncodesBack(file, false);
  }
}

TEST(Vectors, KoalRawSignatureSeal) {
  ESEAL_REQUIRE_VECTORS();
  Bytes file = vectors::Read("koal_Seal.esl");
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, file)) << LastError();
  const eseal_seal *s = seal.p;
  EXPECT_EQ(ESEAL_FORMAT_V4, eseal_seal_format(s));
  EXPECT_STREQ("koal", eseal_seal_vendor_id(s));
  EXPECT_STREQ("4BE82F99E883422BA674E442CE584579", eseal_seal_esid(s));
  EXPECT_EQ(4, eseal_seal_type(s));
  EXPECT_STREQ("96a69f53-65a9-4a09-89d7-54a626a4ba4f", eseal_seal_name(s));
  EXPECT_STREQ("20231121160000Z", eseal_seal_date_text(s, ESEAL_SEAL_VALID_START));
  EXPECT_STREQ("20261121155959Z", eseal_seal_date_text(s, ESEAL_SEAL_VALID_END));
  EXPECT_EQ(19864u, Picture(s).size());
  const eseal_extensions *ext = eseal_seal_extensions(s);
  ASSERT_EQ(5u, eseal_extensions_count(ext));
  for (size_t i = 0; i < 5; i++) {
    EXPECT_EQ(0, std::string(eseal_extensions_oid(ext, i)).rfind("2.16.156.514556.40", 0));
    EXPECT_EQ(0, eseal_extensions_critical(ext, i));
  }
  EXPECT_EQ(ESEAL_SIGVAL_RAW_RS, eseal_seal_signature_encoding(s));
  const eseal_warnings *w = eseal_seal_warnings(s);
  EXPECT_TRUE(eseal_warnings_has(w, "signature.raw_rs")) << WarningIds(w);
  EXPECT_TRUE(eseal_warnings_has(w, "der.explicit_default")) << WarningIds(w);
  EXPECT_TRUE(SealSignatureVerifies(s));
  SealPtr strict;
  EXPECT_EQ(ESEAL_EFORMAT, ParseSeal(strict, file, ESEAL_PARSE_STRICT));
}

TEST(Vectors, HebeiGedeParsesButItsSignatureFails) {
  ESEAL_REQUIRE_VECTORS();
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, vectors::Read("hebeigede_SESealData.der"))) << LastError();
  const eseal_seal *s = seal.p;
  EXPECT_EQ(ESEAL_FORMAT_V4, eseal_seal_format(s));
  EXPECT_STREQ("Vid HebeiGede", eseal_seal_vendor_id(s));
  EXPECT_STREQ("esID130600", eseal_seal_esid(s));
  EXPECT_EQ(4, eseal_seal_type(s));
  EXPECT_STREQ("测试单位名称 合同专用章", eseal_seal_name(s));
  ASSERT_EQ(2u, eseal_seal_cert_count(s));
  EXPECT_EQ(Cert(s, 0), Cert(s, 1));
  EXPECT_STREQ("20201013094558Z", eseal_seal_date_text(s, ESEAL_SEAL_CREATE_DATE));
  EXPECT_STREQ("GIF", eseal_seal_picture_type(s));
  EXPECT_EQ(5911u, Picture(s).size());
  EXPECT_EQ(42, eseal_seal_picture_width(s));
  const eseal_extensions *ext = eseal_seal_extensions(s);
  ASSERT_EQ(3u, eseal_extensions_count(ext));
  EXPECT_STREQ("1.2.156.112600.7.1", eseal_extensions_oid(ext, 0));
  EXPECT_EQ(0, eseal_extensions_critical(ext, 0));
  EXPECT_EQ(1, eseal_extensions_critical(ext, 1));
  EXPECT_EQ(0, eseal_extensions_critical(ext, 2));
  const eseal_warnings *w = eseal_seal_warnings(s);
  EXPECT_TRUE(eseal_warnings_has(w, "certlist.duplicate")) << WarningIds(w);
  EXPECT_TRUE(eseal_warnings_has(w, "der.explicit_default")) << WarningIds(w);
  EXPECT_FALSE(SealSignatureVerifies(s));
}

TEST(Vectors, OfdrwSignedValueV4) {
  ESEAL_REQUIRE_VECTORS();
  Bytes file = vectors::Read("ofdrw_SignedValueV4.dat");
  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, file)) << LastError();
  const eseal_signature *g = sig.p;
  EXPECT_EQ(ESEAL_FORMAT_V4, eseal_signature_format(g));
  EXPECT_EQ(4, eseal_signature_tbs_version(g));
  size_t len;
  const uint8_t *p = eseal_seal_bytes(eseal_signature_seal(g), &len);
  EXPECT_EQ(vectors::Read("ofdrw_UserV4.esl"), View(p, len));
  EXPECT_STREQ("20201012111403Z", eseal_signature_time_text(g));
  int64_t t;
  ASSERT_EQ(0, eseal_signature_time(g, &t));
  EXPECT_EQ(1602501243, t);
  p = eseal_signature_data_hash(g, &len);
  EXPECT_EQ(Bytes(32, 0), View(p, len));
  EXPECT_NE(Sm3(vectors::Read("ofdrw_Signature.xml")), View(p, len));
  EXPECT_STREQ("/Doc_0/Signs/Sign_0/Signature.xml", eseal_signature_property_info(g));
  EXPECT_EQ(nullptr, eseal_signature_extensions(g));
  p = eseal_signature_signer_cert(g, &len);
  EXPECT_EQ(vectors::Read("derived/ofdrw_USER_cert.der"), View(p, len));
  eseal_signature_value(g, &len);
  EXPECT_EQ(72u, len);
  EXPECT_TRUE(SignatureVerifies(g));
  EXPECT_TRUE(SealSignatureVerifies(eseal_signature_seal(g)));
  ExpectEncodesBack(file, true);
}

TEST(Vectors, OfdrwSignedValueV5) {
  ESEAL_REQUIRE_VECTORS();
  Bytes file = vectors::Read("ofdrw_SignedValueV5.dat");
  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, file)) << LastError();
  EXPECT_EQ(ESEAL_FORMAT_V5, eseal_signature_format(sig.p));
  EXPECT_EQ(5, eseal_signature_tbs_version(sig.p));
  EXPECT_EQ(5, eseal_seal_header_version(eseal_signature_seal(sig.p)));
  EXPECT_STREQ("20260424085326Z", eseal_signature_time_text(sig.p));
  EXPECT_TRUE(SignatureVerifies(sig.p));
  ExpectEncodesBack(file, true);
}

TEST(Vectors, SyntheticV1Signature) {
  ESEAL_REQUIRE_VECTORS();
  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, vectors::Read("synthetic/synthetic_V1_SignedValue.dat")))
      << LastError();
  const eseal_signature *g = sig.p;
  EXPECT_EQ(ESEAL_FORMAT_V1, eseal_signature_format(g));
  EXPECT_EQ(1, eseal_signature_tbs_version(g));
  size_t len;
  const uint8_t *p = eseal_seal_bytes(eseal_signature_seal(g), &len);
  EXPECT_EQ(vectors::Read("ofdrw_UserV1.esl"), View(p, len));
  EXPECT_EQ(ESEAL_TIME_TEXT_LOCAL, eseal_signature_time_info_kind(g));
  EXPECT_STREQ("2024-01-01 00:00:00", eseal_signature_time_text(g));
  p = eseal_signature_data_hash(g, &len);
  EXPECT_EQ(Sm3(vectors::Read("synthetic/Signature.xml")), View(p, len));
  EXPECT_STREQ("/Doc_0/Signs/Sign_0/Signature.xml", eseal_signature_property_info(g));
  p = eseal_signature_signer_cert(g, &len);
  EXPECT_EQ(vectors::Read("derived/ofdrw_USER_cert.der"), View(p, len));
  EXPECT_TRUE(SignatureVerifies(g));
  EXPECT_EQ("v1.time_no_zone", WarningIds(eseal_signature_warnings(g)));
}

TEST(Vectors, Dms360V1) {
  ESEAL_REQUIRE_VECTORS();
  const std::string dir = "extracted/dms360_v1/Doc_0/Signs/Sign_0/";
  Bytes seal_file = vectors::Read(dir + "Seal.esl");
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, seal_file)) << LastError();
  const eseal_seal *s = seal.p;
  EXPECT_EQ(ESEAL_FORMAT_V1, eseal_seal_format(s));
  EXPECT_STREQ("dms360.cn", eseal_seal_vendor_id(s));
  EXPECT_STREQ("esID", eseal_seal_esid(s));
  EXPECT_STREQ("某某省人力资源和社会测试章", eseal_seal_name(s));
  EXPECT_EQ(ESEAL_CERT_LIST_IDS, eseal_seal_cert_list_type(s));
  ASSERT_EQ(1u, eseal_seal_cert_count(s));
  EXPECT_EQ(der::Str("1"), Cert(s, 0));
  EXPECT_EQ(33, eseal_seal_picture_width(s));
  const eseal_extensions *ext = eseal_seal_extensions(s);
  ASSERT_EQ(1u, eseal_extensions_count(ext));
  EXPECT_STREQ("1.3.6.1.4.1.54706.1", eseal_extensions_oid(ext, 0));
  EXPECT_EQ(1, eseal_extensions_critical(ext, 0));
  EXPECT_EQ("v1.cert_id", WarningIds(eseal_seal_warnings(s)));
  EXPECT_TRUE(SealSignatureVerifies(s));

  SignaturePtr sig;
  ASSERT_EQ(0, ParseSignature(sig, vectors::Read(dir + "SignedValue.dat"))) << LastError();
  const eseal_signature *g = sig.p;
  EXPECT_EQ(ESEAL_FORMAT_V1, eseal_signature_format(g));
  size_t len;
  const uint8_t *p = eseal_seal_bytes(eseal_signature_seal(g), &len);
  EXPECT_EQ(seal_file, View(p, len));
  EXPECT_EQ(ESEAL_TIME_TEXT_ISO8601, eseal_signature_time_info_kind(g));
  int64_t t;
  ASSERT_EQ(0, eseal_signature_time(g, &t));
  EXPECT_EQ(1579937516, t);
  // The vendor signed a precomputed hash, not TBS_Sign: a strict verifier must fail it.
  EXPECT_FALSE(SignatureVerifies(g));
}

}  // namespace
