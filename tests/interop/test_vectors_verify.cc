// The SES-level verdicts of ../shared/vectors/README.txt section E, reached
// through eseal_verify(): seal signature, signature value, version, data hash.
#include <gtest/gtest.h>

#include "../support/vectors.h"
#include "../support/workflow.h"

using namespace workflow;

namespace {

// A context with no trust anchors, at the time of the signature: only the
// integrity checks are asserted here.
pki::CtxPtr BareContext() {
  eseal_ctx *ctx = nullptr;
  EXPECT_EQ(eseal_ctx_new(&ctx), 0);
  return pki::CtxPtr(ctx);
}

void VerifyVector(ReportPtr &r, const std::string &file, const std::string &data_file = "") {
  auto ctx = BareContext();
  Bytes data;
  if (!data_file.empty()) data = vectors::Read(data_file);
  VerifyBytes(r, ctx.get(), vectors::Read(file), data_file.empty() ? nullptr : &data);
}

}  // namespace

TEST(VectorVerdicts, SealSignaturesOfRealSeals) {
  ESEAL_REQUIRE_VECTORS();
  for (const char *file : {"ofdrw_UserV1.esl", "ofdrw_UserV4.esl", "ofdrw_UserV5.esl",
                           "ofdrw_UserV5_ts.esl", "koal_Seal.esl"}) {
    ReportPtr r;
    VerifyVector(r, file);
    EXPECT_EQ(eseal_report_kind(r.p), ESEAL_KIND_SEAL) << file;
    EXPECT_EQ(Status(r.p, "seal.signature"), "OK") << file << "\n" << Text(r.p);
  }
}

TEST(VectorVerdicts, KoalRawSignaturePassesWithItsWarning) {
  ESEAL_REQUIRE_VECTORS();
  ReportPtr r;
  VerifyVector(r, "koal_Seal.esl");
  EXPECT_EQ(Status(r.p, "format"), "WARNING") << Text(r.p);
  EXPECT_TRUE(eseal_warnings_has(eseal_report_warnings(r.p), "signature.raw_rs"));
}

TEST(VectorVerdicts, HebeiGedeSealSignatureFails) {
  ESEAL_REQUIRE_VECTORS();
  ReportPtr r;
  VerifyVector(r, "hebeigede_SESealData.der");
  EXPECT_EQ(Status(r.p, "format"), "WARNING") << Text(r.p);  // it parses
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "seal.signature");
}

TEST(VectorVerdicts, OfdrwV4SignatureVerifiesButItsHashIsAMock) {
  ESEAL_REQUIRE_VECTORS();
  ReportPtr r;
  VerifyVector(r, "ofdrw_SignedValueV4.dat", "ofdrw_Signature.xml");
  EXPECT_EQ(Status(r.p, "version"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "signature.value"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "seal.signature"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.binding"), "OK") << Text(r.p);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "data.hash");
}

TEST(VectorVerdicts, OfdrwV5SignatureVerifies) {
  ESEAL_REQUIRE_VECTORS();
  ReportPtr r;
  VerifyVector(r, "ofdrw_SignedValueV5.dat");
  EXPECT_EQ(Status(r.p, "version"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "signature.value"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "seal.signature"), "OK") << Text(r.p);
}

TEST(VectorVerdicts, SyntheticV1SignaturePassesItsIntegrityChecks) {
  ESEAL_REQUIRE_VECTORS();
  ReportPtr r;
  VerifyVector(r, "synthetic/synthetic_V1_SignedValue.dat", "synthetic/Signature.xml");
  for (const char *id : {"version", "signature.value", "data.hash", "seal.signature",
                         "signer.binding"})
    EXPECT_EQ(Status(r.p, id), "OK") << id << "\n" << Text(r.p);
}

TEST(VectorVerdicts, Dms360V1SignatureValueFails) {
  ESEAL_REQUIRE_VECTORS();
  ReportPtr r;
  VerifyVector(r, "extracted/dms360_v1/Doc_0/Signs/Sign_0/SignedValue.dat");
  EXPECT_EQ(Status(r.p, "seal.signature"), "OK") << Text(r.p);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "signature.value");
}

TEST(VectorVerdicts, LegacyPkcs12KeysLoad) {
  ESEAL_REQUIRE_VECTORS();
  Bytes p12 = vectors::Read("ofdrw_USER.p12");
  eseal_key *key = nullptr;
  eseal_cert *cert = nullptr;
  EXPECT_EQ(eseal_key_load(&key, &cert, p12.data(), p12.size(), "000000"), ESEAL_EPASSWORD);
  ASSERT_EQ(eseal_key_load(&key, &cert, p12.data(), p12.size(), "777777"), 0) << LastError();
  pki::KeyPtr k(key);
  pki::CertPtr c(cert);
  ASSERT_NE(cert, nullptr);
  EXPECT_STREQ(eseal_cert_serial_hex(cert), "01719D2DAB60");
  EXPECT_STREQ(eseal_key_algorithm(key), "SM2-SM3");
  EXPECT_EQ(eseal_key_matches_cert(key, cert), 1);
  // The key is the signer of the synthetic V1 signature: a fresh V1 stamp with it
  // on the ofdrw V1 seal verifies (at a time inside the 2020-2022 validity).
  SealPtr seal;
  ASSERT_EQ(ParseSeal(seal, vectors::Read("ofdrw_UserV1.esl")), 0);
  auto ctx = BareContext();
  eseal_ctx_set_fixed_time(ctx.get(), 1609459200);  // 2021-01-01
  DataPtr d;
  ASSERT_EQ(eseal_data_from_bytes(&d.p, kDocument.data(), kDocument.size()), 0);
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  so.format = ESEAL_FORMAT_V1;
  SignaturePtr sig;
  ASSERT_EQ(eseal_stamp(&sig.p, ctx.get(), seal.p, key, cert, d.p, &so), 0) << LastError();
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  for (const char *id : {"version", "signature.value", "data.hash", "seal.signature",
                         "signer.binding", "signer.validity"})
    EXPECT_EQ(Status(r.p, id), "OK") << id << "\n" << Text(r.p);
}
