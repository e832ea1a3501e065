// Verification reports: a passing case in each format, and one crafted
// failure per check id with the indication, sub-indication and failing check.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "../support/fixtures.h"
#include "../support/workflow.h"

using namespace workflow;
using pki::kDay;
using pki::kNow;
using pki::kYear;

namespace {

const char *const kSignatureChecks[] = {
    "format",           "version",           "extensions",     "signature.time",
    "signature.value",  "data.hash",         "timestamp",      "seal.signature",
    "seal.maker_chain", "seal.maker_role",   "seal.maker_validity", "seal.maker_revocation",
    "seal.validity",    "signer.binding",    "signer.chain",   "signer.role",
    "signer.validity",  "signer.revocation", "crypto.policy",  "seal.filing"};

// A context never configured for revocation says, as a WARNING, that nothing was looked up.
std::string ExpectedStatus(const std::string &id) {
  if (id == "timestamp") return "SKIPPED";
  if (id == "seal.filing") return "INFO";  // reports the esID's form, never decides
  if (id == "signer.revocation" || id == "seal.maker_revocation") return "WARNING";
  return "OK";
}

void ExpectPassed(const eseal_report *r) {
  ExpectVerdict(r, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
  ASSERT_EQ(eseal_report_check_count(r), sizeof kSignatureChecks / sizeof kSignatureChecks[0]);
  for (size_t i = 0; i < eseal_report_check_count(r); i++) {
    EXPECT_STREQ(eseal_report_check_id(r, i), kSignatureChecks[i]);
    std::string status = eseal_check_status_name(eseal_report_check_status(r, i));
    std::string id = kSignatureChecks[i];
    EXPECT_EQ(status, ExpectedStatus(id)) << id << "\n" << Text(r);
  }
}

void VerifyCrafted(ReportPtr &out, const fixtures::SigSpec &spec, int64_t at = kNow + kDay) {
  auto ctx = pki::Context(at);
  VerifyBytes(out, ctx.get(), fixtures::BuildSignature(spec).bytes, &kDocument);
}

}  // namespace

TEST(Verify, StampedV4SignaturePasses) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  ExpectPassed(r.p);
  int64_t t = 0;
  ASSERT_EQ(eseal_report_time_get(r.p, ESEAL_TIME_CLAIMED_SIGNING, &t), 0);
  EXPECT_EQ(t, kNow);
  EXPECT_EQ(eseal_report_time_get(r.p, ESEAL_TIME_TIMESTAMP, &t), ESEAL_ENOTFOUND);
  EXPECT_EQ(eseal_report_cert_count(r.p), 4u);
}

TEST(Verify, StampedV1SignaturePasses) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get(),
                     [](eseal_seal_builder *b) { eseal_seal_builder_set_format(b, ESEAL_FORMAT_V1); }),
            0)
      << LastError();
  EXPECT_EQ(eseal_seal_format(seal.p), ESEAL_FORMAT_V1);
  SignaturePtr sig;
  ASSERT_EQ(Stamp(sig, ctx.get(), seal.p), 0) << LastError();  // the seal's format by default
  EXPECT_EQ(eseal_signature_format(sig.p), ESEAL_FORMAT_V1);
  EXPECT_EQ(eseal_signature_time_info_kind(sig.p), ESEAL_TIME_DER_TLV);
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  ExpectPassed(r.p);
}

TEST(Verify, CertificateDigestListPasses) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get(),
                     [](eseal_seal_builder *b) {
                       eseal_seal_builder_set_cert_list_type(b, ESEAL_CERT_LIST_DIGESTS);
                     }),
            0)
      << LastError();
  EXPECT_EQ(eseal_seal_cert_list_type(seal.p), ESEAL_CERT_LIST_DIGESTS);
  SignaturePtr sig;
  ASSERT_EQ(Stamp(sig, ctx.get(), seal.p), 0) << LastError();
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  ExpectPassed(r.p);
}

TEST(Verify, SealAlonePasses) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0) << LastError();
  ReportPtr r;
  ASSERT_EQ(eseal_verify_seal(&r.p, ctx.get(), seal.p, nullptr), 0);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.signature");
  EXPECT_EQ(eseal_report_kind(r.p), ESEAL_KIND_SEAL);
  EXPECT_EQ(Status(r.p, "signer.binding"), "absent");
}

TEST(Verify, PrecomputedHashPassesAndNoDataIsIndeterminate) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  size_t len = 0;
  const uint8_t *hash = eseal_signature_data_hash(sig.p, &len);
  DataPtr d;
  ASSERT_EQ(eseal_data_from_hash(&d.p, hash, len), 0);
  ReportPtr r;
  ASSERT_EQ(eseal_verify(&r.p, ctx.get(), sig.p, d.p, nullptr), 0);
  ExpectPassed(r.p);
  ReportPtr none;
  Verify(none, ctx.get(), sig.p, nullptr);
  ExpectVerdict(none.p, ESEAL_INDETERMINATE, ESEAL_SUB_SIGNED_DATA_NOT_FOUND, "data.hash");
  EXPECT_EQ(Status(none.p, "data.hash"), "SKIPPED");
}

TEST(Verify, TamperedDataFailsTheDataHash) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  Bytes changed = kDocument;
  changed[5] ^= 1;
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &changed);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "data.hash");
  EXPECT_EQ(Status(r.p, "signature.value"), "OK");
}

TEST(Verify, OneByteChangedInTheTbsFailsTheSignatureValue) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  size_t len = 0;
  const uint8_t *p = eseal_signature_bytes(sig.p, &len);
  // propertyInfo ("…/Signature.xml") sits inside TBS_Sign.
  Bytes bytes = WithTextChanged(p, len, "Signature.xml", 'X');
  ReportPtr r;
  VerifyBytes(r, ctx.get(), bytes, &kDocument);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "signature.value");
  EXPECT_EQ(Status(r.p, "seal.signature"), "OK");
}

TEST(Verify, OneByteChangedInTheSealFailsTheSealSignature) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0);
  size_t len = 0;
  const uint8_t *p = eseal_seal_bytes(seal.p, &len);
  Bytes bytes = WithTextChanged(p, len, "3301060000001", '4');  // the esID, inside SealInfo
  ReportPtr alone;
  VerifyBytes(alone, ctx.get(), bytes, nullptr);
  ExpectVerdict(alone.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "seal.signature");

  // The same change inside a signature breaks both signatures.
  SignaturePtr sig;
  ASSERT_EQ(Stamp(sig, ctx.get(), seal.p), 0);
  p = eseal_signature_bytes(sig.p, &len);
  Bytes sbytes = WithTextChanged(p, len, "3301060000001", '4');
  ReportPtr r;
  VerifyBytes(r, ctx.get(), sbytes, &kDocument);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "signature.value");
  EXPECT_EQ(Status(r.p, "seal.signature"), "NOT_OK");
}

TEST(Verify, WrongSm2IdFailsTheSignatureValue) {
  auto ctx = pki::Context();
  auto other = pki::Context();
  const char id[] = "8765432187654321";
  ASSERT_EQ(eseal_ctx_set_sm2_id(other.get(), reinterpret_cast<const uint8_t *>(id), 16), 0);
  // Stamping checks the seal with the other ID too, so the seal is made under it.
  SealPtr other_seal;
  ASSERT_EQ(MakeSeal(other_seal, other.get()), 0);
  SignaturePtr sig;
  ASSERT_EQ(Stamp(sig, other.get(), other_seal.p), 0) << LastError();
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "signature.value");
  EXPECT_EQ(Status(r.p, "seal.signature"), "NOT_OK");
  ReportPtr same;
  Verify(same, other.get(), sig.p, &kDocument);
  ExpectPassed(same.p);
}

TEST(Verify, TbsVersionDifferentFromTheSealFailsTheVersionCheck) {
  auto spec = CraftedSpec();
  spec.tbs_version = 5;
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "version");
  EXPECT_EQ(Status(r.p, "signature.value"), "OK");
}

TEST(Verify, CraftedSignatureOfTheTestPkiPasses) {
  ReportPtr r;
  VerifyCrafted(r, CraftedSpec());
  ExpectPassed(r.p);
}

TEST(Verify, SignerNotInTheSealFailsTheBinding) {
  auto spec = CraftedSpec();
  static const auto other = pki::Issue("Other Signer", pki::CertOptions(), &pki::Root());
  spec.seal.certs = {other.cert};
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "signer.binding");
}

TEST(Verify, DigestListWithAWrongDigestFailsTheBinding) {
  auto spec = CraftedSpec();
  static const auto other = pki::Issue("Other Signer", pki::CertOptions(), &pki::Root());
  spec.seal.cert_list_type = 2;
  spec.seal.certs = {other.cert};
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "signer.binding");
  // With the right digest it binds.
  spec.seal.certs = {pki::Signer().cert};
  ReportPtr ok;
  VerifyCrafted(ok, spec);
  EXPECT_EQ(Status(ok.p, "signer.binding"), "OK") << Text(ok.p);
}

TEST(Verify, ExpiredSealAtSigningTimeFails) {
  auto spec = CraftedSpec();
  spec.seal.end = pki::GenTime(kNow - kDay);
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, "seal.validity");
}

TEST(Verify, NotYetValidSealAtSigningTimeFails) {
  auto spec = CraftedSpec();
  spec.seal.start = pki::GenTime(kNow + kDay);
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_NOT_YET_VALID, "seal.validity");
}

TEST(Verify, UntrustedMakerIsIndeterminate) {
  static const auto other_root = [] {
    pki::CertOptions o;
    o.ca = true;
    o.key_usage = 0x04 | 0x02;
    return pki::Issue("Other Root", o, nullptr);
  }();
  static const auto maker = pki::Issue("Foreign Maker", pki::CertOptions(), &other_root);
  auto spec = CraftedSpec();
  spec.seal.maker = &maker;
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "seal.maker_chain");
  EXPECT_EQ(Status(r.p, "seal.signature"), "OK");
}

TEST(Verify, NoTrustAnchorsIsIndeterminate) {
  eseal_ctx *raw = nullptr;
  ASSERT_EQ(eseal_ctx_new(&raw), 0);
  pki::CtxPtr ctx(raw);
  eseal_ctx_set_fixed_time(raw, kNow + kDay);
  ReportPtr r;
  VerifyBytes(r, raw, fixtures::BuildSignature(CraftedSpec()).bytes, &kDocument);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "seal.maker_chain");
}

TEST(Verify, MakerCertificateExpiredAtCreationFails) {
  pki::CertOptions o;
  o.not_before = kNow - 3 * kYear;
  o.not_after = kNow - 2 * kYear;
  static const auto maker = pki::Issue("Expired Maker", o, &pki::Root());
  auto spec = CraftedSpec();
  spec.seal.maker = &maker;
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, "seal.maker_validity");
  EXPECT_EQ(Status(r.p, "seal.maker_chain"), "OK");
}

TEST(Verify, MakerPolicyAtSigningTime) {
  // Valid when the seal was made, expired by the signing time.
  pki::CertOptions o;
  o.not_before = kNow - kYear;
  o.not_after = kNow - 10 * kDay;
  static const auto maker = pki::Issue("Short Maker", o, &pki::Root());
  auto spec = CraftedSpec();
  spec.seal.maker = &maker;
  ReportPtr at_creation;
  VerifyCrafted(at_creation, spec);
  // Valid at creation, expired since, and nothing proves the stamp existed before.
  ExpectVerdict(at_creation.p, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE,
                "seal.maker_validity");
  // A proof of existence from before the expiry settles it.
  eseal_verify_options poe = ESEAL_VERIFY_OPTIONS_INIT;
  poe.poe_time = kNow - 20 * kDay;
  poe.poe_source = "an archive receipt";
  ReportPtr proven;
  VerifyBytes(proven, pki::Context(kNow + kDay).get(), fixtures::BuildSignature(spec).bytes,
              nullptr, &poe);
  EXPECT_EQ(Status(proven.p, "seal.maker_validity"), "OK") << Text(proven.p);
  EXPECT_NE(Text(proven.p).find("an archive receipt"), std::string::npos);
  auto ctx = pki::Context(kNow + kDay);
  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  vo.maker_time = ESEAL_MAKER_AT_SIGNING;
  ReportPtr at_signing;
  VerifyBytes(at_signing, ctx.get(), fixtures::BuildSignature(spec).bytes, nullptr, &vo);
  ExpectVerdict(at_signing.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, "seal.maker_validity");
}

TEST(Verify, SignerCertificateExpiredAtSigningTimeFails) {
  pki::CertOptions o;
  o.not_after = kNow - kDay;
  static const auto signer = pki::Issue("Expired Signer", o, &pki::Root());
  auto spec = CraftedSpec();
  spec.signer = &signer;
  spec.seal.certs = {signer.cert};
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, "signer.validity");
}

TEST(Verify, SignerExpiredSinceSigningNeedsProofOfExistence) {
  pki::CertOptions o;
  o.not_after = kNow + 2 * kDay;
  static const auto signer = pki::Issue("Short Signer", o, &pki::Root());
  auto spec = CraftedSpec();
  spec.signer = &signer;
  spec.seal.certs = {signer.cert};
  auto bytes = fixtures::BuildSignature(spec).bytes;
  auto ctx = pki::Context(kNow + 30 * kDay);
  // Default policy: valid at the claimed time is not enough.
  ReportPtr r;
  VerifyBytes(r, ctx.get(), bytes, &kDocument);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE, "signer.validity");
  EXPECT_NE(Text(r.p).find("was valid at the claimed signing time"), std::string::npos);
  // claimed-time policy: passes with a warning, and the report names the policy.
  eseal_verify_options claimed = ESEAL_VERIFY_OPTIONS_INIT;
  claimed.time_policy = ESEAL_TIME_POLICY_CLAIMED;
  ReportPtr lenient;
  VerifyBytes(lenient, ctx.get(), bytes, &kDocument, &claimed);
  EXPECT_EQ(Status(lenient.p, "signer.validity"), "WARNING") << Text(lenient.p);
  ExpectVerdict(lenient.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signer.validity");
  EXPECT_NE(Text(lenient.p).find("claimed-time"), std::string::npos);
  // A proof of existence after the expiry proves nothing.
  eseal_verify_options late = ESEAL_VERIFY_OPTIONS_INIT;
  late.poe_time = kNow + 3 * kDay;
  ReportPtr still;
  VerifyBytes(still, ctx.get(), bytes, &kDocument, &late);
  ExpectVerdict(still.p, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE, "signer.validity");
  // One before it does.
  eseal_verify_options early = ESEAL_VERIFY_OPTIONS_INIT;
  early.poe_time = kNow + kDay;
  ReportPtr proven;
  VerifyBytes(proven, ctx.get(), bytes, &kDocument, &early);
  ExpectVerdict(proven.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signer.validity");
}

TEST(Verify, SignerWithoutSigningKeyUsageFails) {
  pki::CertOptions o;
  o.key_usage = 0x20;  // keyEncipherment only
  static const auto signer = pki::Issue("Encryption Only", o, &pki::Root());
  auto spec = CraftedSpec();
  spec.signer = &signer;
  spec.seal.certs = {signer.cert};
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE, "signer.chain");
}

TEST(Verify, StrictModeTurnsQuirksIntoFormatFailures) {
  auto spec = CraftedSpec();
  spec.seal.extensions = {{"1.2.3.4", false, der::Str("x"), true}};
  spec.seal.extensions_form = fixtures::Form::kUntagged;
  auto ctx = pki::Context(kNow + kDay);
  Bytes bytes = fixtures::BuildSignature(spec).bytes;
  ReportPtr lenient;
  VerifyBytes(lenient, ctx.get(), bytes, nullptr);
  EXPECT_EQ(Status(lenient.p, "format"), "WARNING") << Text(lenient.p);
  ASSERT_NE(eseal_report_warnings(lenient.p), nullptr);
  EXPECT_TRUE(eseal_warnings_has(eseal_report_warnings(lenient.p), "der.explicit_default"));
  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  vo.flags = ESEAL_VERIFY_STRICT;
  ReportPtr strict;
  VerifyBytes(strict, ctx.get(), bytes, nullptr, &vo);
  ExpectVerdict(strict.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "format");
}

TEST(Verify, GarbageIsAFormatFailure) {
  auto ctx = pki::Context();
  for (const Bytes &input : {Bytes{}, Bytes{0x30, 0x03, 0x02, 0x01}, der::Str("not DER")}) {
    ReportPtr r;
    VerifyBytes(r, ctx.get(), input, &kDocument);
    ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "format");
    EXPECT_EQ(eseal_report_check_count(r.p), 1u);
  }
}

TEST(Verify, RequiredRevocationWithoutASourceIsIndeterminate) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  vo.flags = ESEAL_VERIFY_REQUIRE_REVOCATION;
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument, &vo);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "signer.revocation");
}

// The fixture's timeStamp holds bytes that are no token: a damaged signature, never a pass.
TEST(Verify, ATimestampThatIsNoTokenFails) {
  auto spec = CraftedSpec();
  spec.timestamp_form = fixtures::Form::kExplicit;
  ReportPtr r;
  VerifyCrafted(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "timestamp");
}

TEST(Verify, OptionsAreChecked) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0);
  eseal_report *r = nullptr;
  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  vo.version = 99;
  EXPECT_EQ(eseal_verify_seal(&r, ctx.get(), seal.p, &vo), ESEAL_EVERSION);
  vo = ESEAL_VERIFY_OPTIONS_INIT;
  vo.maker_time = static_cast<eseal_maker_time_policy>(7);
  EXPECT_EQ(eseal_verify_seal(&r, ctx.get(), seal.p, &vo), ESEAL_EINVAL);
  EXPECT_EQ(eseal_verify_seal(&r, nullptr, seal.p, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(r, nullptr);
}

TEST(Verify, ReportRendersAsJsonAndText) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  Buf json;
  ASSERT_EQ(eseal_report_to_json(r.p, &json.b), 0);
  std::string j(reinterpret_cast<const char *>(json.b.ptr), json.b.size);
  EXPECT_NE(j.find("\"indication\":\"TOTAL_PASSED\""), std::string::npos) << j;
  for (const char *id : kSignatureChecks)
    EXPECT_NE(j.find(std::string("\"id\":\"") + id + "\""), std::string::npos) << id;
  std::string text = Text(r.p);
  EXPECT_NE(text.find("Result: TOTAL_PASSED"), std::string::npos) << text;
}

namespace {

std::string WritePem(const std::string &dir, const std::string &name, const Bytes &der) {
  std::string path = dir + "/" + name;
  const unsigned char *p = der.data();
  X509 *x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  FILE *f = fopen(path.c_str(), "w");
  EXPECT_TRUE(f && x && PEM_write_X509(f, x));
  if (f) fclose(f);
  X509_free(x);
  return path;
}

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/eseal-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST(Context, TrustPathsAndIntermediates) {
  // root -> intermediate CA -> signer; the seal's maker is issued by the root.
  pki::CertOptions ca;
  ca.ca = true;
  ca.key_usage = 0x04 | 0x02;
  static const auto intermediate = pki::Issue("Test Intermediate", ca, &pki::Root());
  static const auto signer = pki::Issue("Deep Signer", pki::CertOptions(), &intermediate);
  TempDir roots, cas, empty;
  WritePem(roots.path, "root.pem", pki::Root().cert);
  std::string ca_file = WritePem(cas.path, "intermediate.crt", intermediate.cert);
  std::ofstream(empty.path + "/notes.txt") << "no certificates here\n";

  eseal_ctx *raw = nullptr;
  ASSERT_EQ(eseal_ctx_new(&raw), 0);
  pki::CtxPtr ctx(raw);
  eseal_ctx_set_fixed_time(raw, kNow);
  EXPECT_EQ(eseal_ctx_add_trust_path(raw, (empty.path + "/missing.pem").c_str()), ESEAL_EIO);
  EXPECT_EQ(eseal_ctx_add_trust_path(raw, empty.path.c_str()), ESEAL_ENOTFOUND);
  EXPECT_EQ(eseal_ctx_add_trust_path(raw, (empty.path + "/notes.txt").c_str()), ESEAL_EFORMAT);
  ASSERT_EQ(eseal_ctx_add_trust_path(raw, roots.path.c_str()), 0) << LastError();
  EXPECT_EQ(eseal_ctx_trust_count(raw), 1u);

  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, raw, {}, pki::Maker(), signer), 0) << LastError();
  SignaturePtr sig;
  ASSERT_EQ(Stamp(sig, raw, seal.p, signer), 0) << LastError();
  ReportPtr without;
  Verify(without, raw, sig.p, &kDocument);
  ExpectVerdict(without.p, ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND,
                "signer.chain");
  EXPECT_EQ(Status(without.p, "seal.maker_chain"), "OK");

  ASSERT_EQ(eseal_ctx_add_intermediate_path(raw, ca_file.c_str()), 0) << LastError();
  ReportPtr with;
  Verify(with, raw, sig.p, &kDocument);
  ExpectPassed(with.p);
  EXPECT_NE(Text(with.p).find("(3 certificates)"), std::string::npos) << Text(with.p);
}

TEST(Context, ClockCallbackDecidesTheSigningTime) {
  auto ctx = pki::Context();
  int64_t now = kNow + 3600;
  ASSERT_EQ(eseal_ctx_set_clock(ctx.get(), [](void *p) { return *static_cast<int64_t *>(p); },
                                &now),
            0);
  EXPECT_EQ(eseal_ctx_now(ctx.get()), kNow + 3600);
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  int64_t t = 0;
  ASSERT_EQ(eseal_signature_time(sig.p, &t), 0);
  EXPECT_EQ(t, kNow + 3600);
  ASSERT_EQ(eseal_ctx_set_clock(ctx.get(), nullptr, nullptr), 0);  // back to the system clock
  EXPECT_GT(eseal_ctx_now(ctx.get()), 1700000000);
}

TEST(Context, DataFromFilesAndHashes) {
  TempDir dir;
  std::string path = dir.path + "/doc.xml";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(kDocument.data()), (std::streamsize)kDocument.size());
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  DataPtr file;
  ASSERT_EQ(eseal_data_from_file(&file.p, path.c_str()), 0) << LastError();
  ReportPtr r;
  ASSERT_EQ(eseal_verify(&r.p, ctx.get(), sig.p, file.p, nullptr), 0);
  ExpectPassed(r.p);
  eseal_data *d = nullptr;
  EXPECT_EQ(eseal_data_from_file(&d, (dir.path + "/missing").c_str()), ESEAL_EIO);
  const uint8_t hash[31] = {0};
  EXPECT_EQ(eseal_data_from_hash(&d, hash, sizeof hash), ESEAL_EINVAL);
  EXPECT_EQ(d, nullptr);
}
