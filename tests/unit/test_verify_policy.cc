// The verification policies: times as claims (proof of existence, clock
// skew, the maker's dates), the crypto policy and critical extensions. Each
// rule with the input that tries to get a TOTAL_PASSED around it.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "../support/fixtures.h"
#include "../support/workflow.h"

using namespace workflow;
using pki::kDay;
using pki::kNow;
using pki::kYear;

namespace {

void VerifySpec(ReportPtr &r, const fixtures::SigSpec &spec, int64_t at = kNow + kDay,
                const eseal_verify_options *opts = nullptr) {
  auto ctx = pki::Context(at);
  VerifyBytes(r, ctx.get(), fixtures::BuildSignature(spec).bytes, &kDocument, opts);
}

eseal_verify_options Legacy() {
  eseal_verify_options o = ESEAL_VERIFY_OPTIONS_INIT;
  o.crypto_policy = ESEAL_CRYPTO_POLICY_LEGACY;
  return o;
}

}  // namespace

TEST(Times, AClaimedSigningTimeInTheFutureIsRefused) {
  auto spec = CraftedSpec();
  spec.time = pki::GenTime(kNow + 10 * kDay);
  ReportPtr r;
  VerifySpec(r, spec, kNow + kDay);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "signature.time");
  // The claimed-time policy does not make a future time acceptable.
  eseal_verify_options claimed = ESEAL_VERIFY_OPTIONS_INIT;
  claimed.time_policy = ESEAL_TIME_POLICY_CLAIMED;
  ReportPtr c;
  VerifySpec(c, spec, kNow + kDay, &claimed);
  EXPECT_EQ(Status(c.p, "signature.time"), "NOT_OK");
  EXPECT_NE(eseal_report_indication(c.p), ESEAL_TOTAL_PASSED);
}

TEST(Times, ClockSkewIsBoundedAndConfigurable) {
  const int64_t validation = kNow + 8 * 3600;
  auto spec = CraftedSpec();
  spec.time = pki::GenTime(validation + 200);
  ReportPtr within;
  VerifySpec(within, spec, validation);
  EXPECT_EQ(Status(within.p, "signature.time"), "OK") << Text(within.p);
  spec.time = pki::GenTime(validation + 400);
  ReportPtr beyond;
  VerifySpec(beyond, spec, validation);
  EXPECT_EQ(Status(beyond.p, "signature.time"), "NOT_OK");
  eseal_verify_options wide = ESEAL_VERIFY_OPTIONS_INIT;
  wide.clock_skew = 600;
  ReportPtr widened;
  VerifySpec(widened, spec, validation, &wide);
  EXPECT_EQ(Status(widened.p, "signature.time"), "OK");
  eseal_verify_options none = ESEAL_VERIFY_OPTIONS_INIT;
  none.clock_skew = ESEAL_CLOCK_SKEW_NONE;
  spec.time = pki::GenTime(validation + 1);
  ReportPtr exact;
  VerifySpec(exact, spec, validation, &none);
  EXPECT_EQ(Status(exact.p, "signature.time"), "NOT_OK");
  eseal_verify_options negative = ESEAL_VERIFY_OPTIONS_INIT;
  negative.clock_skew = -2;
  auto ctx = pki::Context(validation);
  auto bytes = fixtures::BuildSignature(spec).bytes;
  eseal_report *out = nullptr;
  EXPECT_EQ(eseal_verify_bytes(&out, ctx.get(), bytes.data(), bytes.size(), nullptr, &negative),
            ESEAL_EINVAL);
}

TEST(Times, TheSealsExpiryAfterTheClaimedTimeNeedsProof) {
  auto spec = CraftedSpec();
  spec.seal.end = pki::GenTime(kNow + 2 * kDay);
  ReportPtr r;
  VerifySpec(r, spec, kNow + 10 * kDay);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE, "seal.validity");
  eseal_verify_options poe = ESEAL_VERIFY_OPTIONS_INIT;
  poe.poe_time = kNow + kDay;
  poe.poe_source = "a usage-log inclusion proof";
  ReportPtr proven;
  VerifySpec(proven, spec, kNow + 10 * kDay, &poe);
  ExpectVerdict(proven.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.validity");
  int64_t best = 0;
  ASSERT_EQ(eseal_report_time_get(proven.p, ESEAL_TIME_BEST_SIGNATURE, &best), 0);
  EXPECT_EQ(best, kNow + kDay);
  EXPECT_NE(Text(proven.p).find("a usage-log inclusion proof"), std::string::npos);
  // A proof later than the validation time proves nothing more than now: the
  // best signature time stays the validation time.
  poe.poe_time = kNow + 20 * kDay;
  ReportPtr late;
  VerifySpec(late, spec, kNow + 10 * kDay, &poe);
  ExpectVerdict(late.p, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE, "seal.validity");
  ASSERT_EQ(eseal_report_time_get(late.p, ESEAL_TIME_BEST_SIGNATURE, &best), 0);
  EXPECT_EQ(best, kNow + 10 * kDay);
  EXPECT_EQ(Text(late.p).find("a usage-log inclusion proof"), std::string::npos);
}

TEST(Times, ACaCertificateThatExpiredSinceNeedsProofToo) {
  pki::CertOptions ca;
  ca.ca = true;
  ca.key_usage = 0x04 | 0x02;
  ca.not_before = kNow - kYear;
  ca.not_after = kNow + 2 * kDay;
  static const auto sub_ca = pki::Issue("Short Sub CA", ca, &pki::Root());
  static const auto signer = pki::Issue("Signer under Sub CA", pki::CertOptions(), &sub_ca);
  auto ctx = pki::Context(kNow + 10 * kDay);
  ASSERT_EQ(eseal_ctx_add_trust_cert_roles(ctx.get(), pki::Cert(sub_ca).get(),
                                           ESEAL_ROLE_SIGNER_CA),
            0);
  ReportPtr r;
  VerifyBytes(r, ctx.get(), fixtures::BuildSignature(CraftedSpec(pki::Maker(), signer)).bytes,
              &kDocument);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE, "signer.validity");
  EXPECT_NE(Text(r.p).find("CA certificate"), std::string::npos) << Text(r.p);
}

TEST(Times, ACreationDateBeforeTheMakerCertificateIsAQuirk) {
  // A real tax-bureau seal: created a few days before its maker certificate.
  pki::CertOptions o;
  o.not_before = kNow - 10 * kDay;
  o.not_after = kNow + kYear;
  static const auto maker = pki::Issue("Late Maker", o, &pki::Root());
  auto spec = CraftedSpec(maker);
  spec.seal.create = pki::GenTime(kNow - 15 * kDay);
  spec.seal.start = pki::GenTime(kNow - 15 * kDay);
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.maker_validity");
  EXPECT_EQ(Status(r.p, "seal.maker_validity"), "WARNING") << Text(r.p);
  EXPECT_NE(Text(r.p).find("precedes the maker certificate"), std::string::npos);
  // Not when the maker certificate was not valid at the signing time either.
  spec.time = pki::GenTime(kNow - 12 * kDay);
  ReportPtr early;
  VerifySpec(early, spec);
  ExpectVerdict(early.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_NOT_YET_VALID, "seal.maker_validity");
}

TEST(Times, ASealValidOnlyAfterItsMakerExpiredFails) {
  pki::CertOptions o;
  o.not_before = kNow - 2 * kYear;
  o.not_after = kNow - kYear;
  static const auto maker = pki::Issue("Old Maker", o, &pki::Root());
  auto spec = CraftedSpec(maker);
  spec.seal.create = pki::GenTime(kNow - kYear - 30 * kDay);  // the maker was valid then
  spec.seal.start = pki::GenTime(kNow - 30 * kDay);
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, "seal.maker_validity");
  for (auto policy : {ESEAL_TIME_POLICY_POE, ESEAL_TIME_POLICY_CLAIMED}) {
    eseal_verify_options o2 = ESEAL_VERIFY_OPTIONS_INIT;
    o2.time_policy = policy;
    o2.poe_time = kNow - kYear - 20 * kDay;
    ReportPtr again;
    VerifySpec(again, spec, kNow + kDay, &o2);
    ExpectVerdict(again.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, "seal.maker_validity");
  }
}

TEST(Times, BuildingASealNeverBackdatesItsCreation) {
  auto ctx = pki::Context(kNow);
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get(), [](eseal_seal_builder *b) {
              ASSERT_EQ(eseal_seal_builder_set_validity(b, kNow - 400 * kDay, kNow + kYear), 0);
            }),
            0)
      << LastError();
  EXPECT_EQ(eseal_seal_date_utc(seal.p, ESEAL_SEAL_CREATE_DATE), kNow);
  EXPECT_EQ(eseal_seal_date_utc(seal.p, ESEAL_SEAL_VALID_START), kNow - 400 * kDay);
  // The clock's time must lie within the maker certificate's validity.
  auto late = pki::Context(kNow + 10 * kYear);
  SealPtr refused;
  EXPECT_EQ(MakeSeal(refused, late.get(), [](eseal_seal_builder *b) {
              eseal_seal_builder_set_validity(b, kNow, kNow + 20 * kYear);
            }),
            ESEAL_ECERT);
  EXPECT_EQ(refused.p, nullptr);
  // A validity that ended before the clock's time cannot hold the creation date.
  SealPtr ended;
  EXPECT_EQ(MakeSeal(ended, ctx.get(), [](eseal_seal_builder *b) {
              eseal_seal_builder_set_validity(b, kNow - 2 * kYear, kNow - kYear);
            }),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal_seal_builder_set_validity(nullptr, 0, 1), ESEAL_EINVAL);
}

TEST(CryptoPolicy, AnSm2SignatureOverASha256DataHashIsRefused) {
  auto spec = CraftedSpec();
  unsigned int n = 0;
  EVP_Digest(kDocument.data(), kDocument.size(), spec.data_hash.data(), &n, EVP_sha256(), nullptr);
  ReportPtr r;
  VerifySpec(r, spec);
  EXPECT_EQ(Status(r.p, "data.hash"), "OK");
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "crypto.policy");
  auto legacy = Legacy();
  ReportPtr l;
  VerifySpec(l, spec, kNow + kDay, &legacy);
  ExpectVerdict(l.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "crypto.policy");
  EXPECT_EQ(Status(l.p, "crypto.policy"), "WARNING");
  EXPECT_NE(Text(l.p).find("legacy"), std::string::npos);
}

TEST(CryptoPolicy, ASha1DataHashIsRefused) {
  auto spec = CraftedSpec();
  spec.data_hash = Bytes(20);
  unsigned int n = 0;
  EVP_Digest(kDocument.data(), kDocument.size(), spec.data_hash.data(), &n, EVP_sha1(), nullptr);
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "crypto.policy");
}

TEST(CryptoPolicy, ASha1CertificateDigestInTheSealIsRefused) {
  auto spec = CraftedSpec();
  spec.seal.cert_list_type = 2;
  spec.seal.digest_type = "sha1";
  ReportPtr r;
  VerifySpec(r, spec);
  EXPECT_EQ(Status(r.p, "signer.binding"), "OK") << Text(r.p);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "crypto.policy");
  spec.seal.digest_type = "sha256";
  ReportPtr ok;
  VerifySpec(ok, spec);
  ExpectVerdict(ok.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "crypto.policy");
}

TEST(CryptoPolicy, WeakRsaKeysAndSha1CertificateSignaturesAreRefused) {
  pki::CertOptions root;
  root.ca = true;
  root.key_usage = 0x04 | 0x02;
  root.key_type = "RSA";
  root.algorithm = "RSA-SHA256";
  root.not_before = kNow - 5 * kYear;
  root.not_after = kNow + 5 * kYear;
  static const auto rsa_root = pki::Issue("RSA Root", root, nullptr);
  pki::CertOptions weak;
  weak.key_type = "RSA";
  weak.rsa_bits = 1024;
  weak.algorithm = "RSA-SHA1";
  static const auto weak_signer = pki::Issue("Weak RSA Signer", weak, &rsa_root);
  auto ctx = pki::Context(kNow);
  ASSERT_EQ(eseal_ctx_add_trust_cert_roles(ctx.get(), pki::Cert(rsa_root).get(),
                                           ESEAL_ROLE_SIGNER_CA),
            0);
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get(), {}, pki::Maker(), weak_signer), 0) << LastError();
  SignaturePtr sig;
  ASSERT_EQ(Stamp(sig, ctx.get(), seal.p, weak_signer), 0) << LastError();
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "crypto.policy");
  EXPECT_NE(Text(r.p).find("RSA key of 1024 bits"), std::string::npos) << Text(r.p);
  EXPECT_NE(Text(r.p).find("signed with SHA1"), std::string::npos) << Text(r.p);
  auto legacy = Legacy();
  ReportPtr l;
  Verify(l, ctx.get(), sig.p, &kDocument, &legacy);
  ExpectVerdict(l.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "crypto.policy");
  // A 2048-bit key signed with SHA-256 meets the default policy.
  pki::CertOptions good;
  good.key_type = "RSA";
  good.algorithm = "RSA-SHA256";
  static const auto rsa_signer = pki::Issue("RSA Signer", good, &rsa_root);
  SealPtr seal2;
  ASSERT_EQ(MakeSeal(seal2, ctx.get(), {}, pki::Maker(), rsa_signer), 0) << LastError();
  SignaturePtr sig2;
  ASSERT_EQ(Stamp(sig2, ctx.get(), seal2.p, rsa_signer), 0) << LastError();
  ReportPtr g;
  Verify(g, ctx.get(), sig2.p, &kDocument);
  ExpectVerdict(g.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "crypto.policy");
}

TEST(CryptoPolicy, ASmallCurveAndEcdsaSha1InTheChainAreRefused) {
  pki::CertOptions root;
  root.ca = true;
  root.key_usage = 0x04 | 0x02;
  root.key_type = "EC";
  root.algorithm = "ECDSA-SHA256";
  root.not_before = kNow - 5 * kYear;
  root.not_after = kNow + 5 * kYear;
  static const auto ec_root = pki::Issue("EC Root", root, nullptr);
  pki::CertOptions small = root;
  small.curve = "secp112r1";
  static const auto small_ca = pki::Issue("112-bit CA", small, &ec_root);
  pki::CertOptions leaf;
  leaf.key_type = "EC";
  leaf.algorithm = "ECDSA-SHA1";
  static const auto ec_signer = pki::Issue("EC Signer", leaf, &small_ca);
  auto ctx = pki::Context(kNow);
  ASSERT_EQ(eseal_ctx_add_trust_cert_roles(ctx.get(), pki::Cert(small_ca).get(),
                                           ESEAL_ROLE_SIGNER_CA),
            0);
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get(), {}, pki::Maker(), ec_signer), 0) << LastError();
  SignaturePtr sig;
  ASSERT_EQ(Stamp(sig, ctx.get(), seal.p, ec_signer), 0) << LastError();
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "crypto.policy");
  EXPECT_NE(Text(r.p).find("secp112r1"), std::string::npos) << Text(r.p);
  EXPECT_NE(Text(r.p).find("signed with SHA1"), std::string::npos) << Text(r.p);
}

TEST(Extensions, AnUnknownCriticalExtensionStopsThePass) {
  auto spec = CraftedSpec();
  spec.seal.extensions = {{"1.2.3.4.5.6", true, der::Str("must be enforced")}};
  spec.seal.extensions_form = fixtures::Form::kUntagged;
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "extensions");
  EXPECT_NE(Text(r.p).find("1.2.3.4.5.6 in the seal"), std::string::npos) << Text(r.p);
  // The caller may accept it, with a warning that names it.
  auto ctx = pki::Context(kNow + kDay);
  ASSERT_EQ(eseal_ctx_accept_critical_extension(ctx.get(), "1.2.3.4.5.6"), 0);
  ReportPtr accepted;
  VerifyBytes(accepted, ctx.get(), fixtures::BuildSignature(spec).bytes, &kDocument);
  ExpectVerdict(accepted.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "extensions");
  EXPECT_EQ(Status(accepted.p, "extensions"), "WARNING");
  EXPECT_EQ(eseal_ctx_accept_critical_extension(ctx.get(), "1.2.x"), ESEAL_EINVAL);
  EXPECT_EQ(eseal_ctx_accept_critical_extension(ctx.get(), ""), ESEAL_EINVAL);
  // Not critical: nothing to enforce.
  spec.seal.extensions[0].critical = false;
  ReportPtr plain;
  VerifySpec(plain, spec);
  ExpectVerdict(plain.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "extensions");
  EXPECT_EQ(Status(plain.p, "extensions"), "OK");
}

TEST(Extensions, EveryExtensionIsJudgedNotOnlyTheFirst) {
  auto spec = CraftedSpec();
  spec.seal.extensions = {{"1.2.156.1.1", false, der::Str("a note")},
                          {"1.3.6.1.4.1.54706.1", true, der::Str("vendor")},
                          {"1.2.3.4.5.8", true, der::Str("unknown")}};
  spec.seal.extensions_form = fixtures::Form::kUntagged;
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "extensions");
  EXPECT_NE(Text(r.p).find("1.2.3.4.5.8"), std::string::npos) << Text(r.p);
}

TEST(Extensions, ACriticalExtensionInTbsSignCountsToo) {
  auto spec = CraftedSpec();
  spec.extensions = {{"1.2.3.4.5.7", true, der::Str("x")}};
  spec.extensions_form = fixtures::Form::kExplicit;
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "extensions");
  EXPECT_NE(Text(r.p).find("in TBS_Sign"), std::string::npos);
}

TEST(Extensions, KnownVendorCriticalExtensionsPassWithAWarning) {
  for (const char *oid : {"1.3.6.1.4.1.54706.1", "1.3.6.1.5.5.7.1.4", "1.2.156.112600.7.2"}) {
    auto spec = CraftedSpec();
    spec.seal.extensions = {{oid, true, der::Str("vendor")}};
    spec.seal.extensions_form = fixtures::Form::kUntagged;
    ReportPtr r;
    VerifySpec(r, spec);
    ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "extensions");
    EXPECT_EQ(Status(r.p, "extensions"), "WARNING") << oid;
    EXPECT_NE(Text(r.p).find("meaning not checked"), std::string::npos);
  }
}
