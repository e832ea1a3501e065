// Who may act as what: trust anchors with roles, CA and maker certificates
// refused as signers, extended key usage, what kind of object was verified,
// and how trust paths are loaded. Each rule with the forgery that tries to
// get a TOTAL_PASSED around it.
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

pki::CtxPtr EmptyContext(int64_t now = kNow + kDay) {
  eseal_ctx *ctx = nullptr;
  EXPECT_EQ(eseal_ctx_new(&ctx), 0);
  eseal_ctx_set_fixed_time(ctx, now);
  return pki::CtxPtr(ctx);
}

void Trust(eseal_ctx *ctx, const sm2::Identity &anchor, unsigned int roles) {
  ASSERT_EQ(eseal_ctx_add_trust_cert_roles(ctx, pki::Cert(anchor).get(), roles), 0)
      << eseal_error_last()->message;
}

// A signature crafted with `maker` and `signer`, signed a few hours after kNow.
void VerifySpec(ReportPtr &r, eseal_ctx *ctx, const fixtures::SigSpec &spec,
                const eseal_verify_options *opts = nullptr) {
  VerifyBytes(r, ctx, fixtures::BuildSignature(spec).bytes, &kDocument, opts);
}

// Two CAs, one for makers and one for signers, as a platform should have.
struct RoleCas {
  sm2::Identity maker_ca, signer_ca, maker, signer, other_signer;
  RoleCas() {
    pki::CertOptions ca;
    ca.ca = true;
    ca.key_usage = 0x04 | 0x02;
    ca.not_before = kNow - 5 * kYear;
    ca.not_after = kNow + 5 * kYear;
    maker_ca = pki::Issue("Maker CA", ca, nullptr);
    signer_ca = pki::Issue("Signer CA", ca, nullptr);
    maker = pki::Issue("Seal Maker", pki::CertOptions(), &maker_ca);
    signer = pki::Issue("Signer", pki::CertOptions(), &signer_ca);
    other_signer = pki::Issue("Other Signer", pki::CertOptions(), &signer_ca);
  }
};

const RoleCas &Cas() {
  static const RoleCas cas;
  return cas;
}

pki::CtxPtr RoleContext() {
  auto ctx = EmptyContext();
  Trust(ctx.get(), Cas().maker_ca, ESEAL_ROLE_SEAL_MAKER);
  Trust(ctx.get(), Cas().signer_ca, ESEAL_ROLE_SIGNER_CA);
  return ctx;
}

}  // namespace

TEST(Roles, EachCaTrustedForItsRolePasses) {
  auto ctx = RoleContext();
  ReportPtr r;
  VerifySpec(r, ctx.get(), CraftedSpec(Cas().maker, Cas().signer));
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.maker_chain");
  EXPECT_NE(Text(r.p).find("roles seal-maker; from the API"), std::string::npos) << Text(r.p);
  EXPECT_NE(Text(r.p).find("roles signer-ca; from the API"), std::string::npos);
}

TEST(Roles, ASignerCannotMakeASealForItself) {
  // Another signer's certificate, from the signer CA, signs a seal naming the signer.
  auto ctx = RoleContext();
  ReportPtr r;
  VerifySpec(r, ctx.get(), CraftedSpec(Cas().other_signer, Cas().signer));
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE, "seal.maker_chain");
  EXPECT_NE(Text(r.p).find("not trusted for the seal-maker role"), std::string::npos);
}

TEST(Roles, AMakerCertificateCannotSign) {
  auto ctx = RoleContext();
  auto spec = CraftedSpec(Cas().maker, Cas().maker);
  ReportPtr r;
  VerifySpec(r, ctx.get(), spec);
  EXPECT_NE(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.chain"), "NOT_OK");
  EXPECT_NE(Text(r.p).find("not trusted for the signer-ca role"), std::string::npos);
  // The same seal, with the maker CA also trusted for signers: still refused.
  Trust(ctx.get(), Cas().maker_ca, ESEAL_ROLE_SIGNER_CA);
  ReportPtr again;
  VerifySpec(again, ctx.get(), spec);
  ExpectVerdict(again.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "signer.role");
  EXPECT_NE(Text(again.p).find("is the seal's maker certificate"), std::string::npos);
}

TEST(Roles, AnAnchorWithoutTheRoleIsNamed) {
  auto ctx = EmptyContext();
  Trust(ctx.get(), pki::Root(), ESEAL_ROLE_SIGNER_CA | ESEAL_ROLE_TIMESTAMP_AUTHORITY);
  ReportPtr r;
  VerifySpec(r, ctx.get(), CraftedSpec(pki::Maker(), pki::Signer()));
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE, "seal.maker_chain");
  EXPECT_NE(Text(r.p).find("roles signer-ca,timestamp-authority"), std::string::npos) << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.chain"), "OK");
  // Only the maker role: the signer's chain fails instead.
  auto maker_only = EmptyContext();
  Trust(maker_only.get(), pki::Root(), ESEAL_ROLE_SEAL_MAKER);
  ReportPtr m;
  VerifySpec(m, maker_only.get(), CraftedSpec(pki::Maker(), pki::Signer()));
  ExpectVerdict(m.p, ESEAL_INDETERMINATE, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE, "signer.chain");
}

TEST(Roles, SensitiveRolesAreNotDefault) {
  auto ctx = EmptyContext();
  ASSERT_EQ(eseal_ctx_add_trust_cert(ctx.get(), pki::Cert(pki::Root()).get()), 0);
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_SEAL_MAKER | ESEAL_ROLE_SIGNER_CA),
            1u);
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_REGISTRY_SUPERVISOR), 0u);
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_LOG_SIGNER), 0u);
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_TRUST_LIST_OPERATOR), 0u);
  // Adding the same certificate again adds roles, not anchors.
  Trust(ctx.get(), pki::Root(), ESEAL_ROLE_LOG_SIGNER);
  EXPECT_EQ(eseal_ctx_trust_count(ctx.get()), 1u);
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_LOG_SIGNER), 1u);
  EXPECT_EQ(eseal_ctx_add_trust_cert_roles(ctx.get(), pki::Cert(pki::Root()).get(), 0),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal_ctx_add_trust_cert_roles(ctx.get(), pki::Cert(pki::Root()).get(), 0x100),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal_ctx_add_trust_path_roles(ctx.get(), "/nonexistent", 0), ESEAL_EINVAL);
  EXPECT_EQ(eseal_ctx_add_trust_path_roles(ctx.get(), "/nonexistent", 0x80), ESEAL_EINVAL);
  EXPECT_EQ(eseal_ctx_add_trust_path_roles(ctx.get(), "/nonexistent", ESEAL_ROLE_SEAL_MAKER),
            ESEAL_EIO);
  EXPECT_EQ(eseal_ctx_trust_count(ctx.get()), 1u);
  EXPECT_EQ(eseal_time_policy_name(static_cast<eseal_time_policy>(9)), nullptr);
  EXPECT_EQ(eseal_crypto_policy_name(static_cast<eseal_crypto_policy>(9)), nullptr);
}

TEST(Roles, RoleNamesParse) {
  unsigned int roles = 0;
  ASSERT_EQ(eseal_trust_roles_parse("seal-maker,signer-ca", &roles), 0);
  EXPECT_EQ(roles, unsigned(ESEAL_ROLE_SEAL_MAKER | ESEAL_ROLE_SIGNER_CA));
  ASSERT_EQ(eseal_trust_roles_parse("all", &roles), 0);
  EXPECT_EQ(roles, ESEAL_ROLES_ALL);
  EXPECT_EQ(eseal_trust_roles_parse("seal-maker,admin", &roles), ESEAL_EINVAL);
  EXPECT_EQ(eseal_trust_roles_parse("", &roles), ESEAL_EINVAL);
  EXPECT_EQ(eseal_trust_roles_parse("seal-makers", &roles), ESEAL_EINVAL);
  for (unsigned int bit = 1; bit <= ESEAL_ROLES_ALL; bit <<= 1) {
    ASSERT_NE(eseal_trust_role_name(bit), nullptr);
    ASSERT_EQ(eseal_trust_roles_parse(eseal_trust_role_name(bit), &roles), 0);
    EXPECT_EQ(roles, bit);
  }
  EXPECT_EQ(eseal_trust_role_name(3), nullptr);
}

TEST(Roles, ACaCertificateMayNotSignOrMake) {
  pki::CertOptions o;
  o.ca = true;
  o.key_usage = 0x80 | 0x40 | 0x04;
  static const auto ca_signer = pki::Issue("Sub CA", o, &pki::Root());
  auto ctx = pki::Context(kNow + kDay);
  ReportPtr as_signer;
  VerifySpec(as_signer, ctx.get(), CraftedSpec(pki::Maker(), ca_signer));
  ExpectVerdict(as_signer.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "signer.role");
  ReportPtr as_maker;
  VerifySpec(as_maker, ctx.get(), CraftedSpec(ca_signer, pki::Signer()));
  ExpectVerdict(as_maker.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                "seal.maker_role");
}

TEST(Roles, ExtendedKeyUsage) {
  auto ctx = pki::Context(kNow + kDay);
  struct Case {
    const char *eku;
    bool passes;
  } cases[] = {{"clientAuth", true},
               {"emailProtection", true},
               {"1.3.6.1.5.5.7.3.36", true},       // documentSigning
               {"1.3.6.1.4.1.311.10.3.12", true},  // Microsoft document signing
               {"1.2.840.113583.1.1.5", true},     // Adobe
               {"anyExtendedKeyUsage", true},
               {"serverAuth", false},
               {"codeSigning", false},
               {"serverAuth,codeSigning", false},
               {"timeStamping", false}};
  for (const auto &c : cases) {
    pki::CertOptions o;
    o.extended_key_usage = c.eku;
    auto signer = pki::Issue(std::string("EKU ") + c.eku, o, &pki::Root());
    ReportPtr r;
    VerifySpec(r, ctx.get(), CraftedSpec(pki::Maker(), signer));
    if (c.passes)
      ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signer.role");
    else
      ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "signer.role");
  }
}

TEST(Roles, AServerAuthOrTimeStampingOnlyMakerIsAQuirkRefusedInStrictMode) {
  pki::CertOptions o;
  o.extended_key_usage = "timeStamping";
  static const auto tsa_maker = pki::Issue("TSA Maker", o, &pki::Root());
  auto ctx = pki::Context(kNow + kDay);
  ReportPtr tsa;
  VerifySpec(tsa, ctx.get(), CraftedSpec(tsa_maker, pki::Signer()));
  ExpectVerdict(tsa.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.maker_role");
  EXPECT_EQ(Status(tsa.p, "seal.maker_role"), "WARNING");
  o.extended_key_usage = "serverAuth";
  static const auto maker = pki::Issue("TLS Maker", o, &pki::Root());
  ReportPtr r;
  VerifySpec(r, ctx.get(), CraftedSpec(maker, pki::Signer()));
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.maker_role");
  EXPECT_EQ(Status(r.p, "seal.maker_role"), "WARNING");
  eseal_verify_options strict = ESEAL_VERIFY_OPTIONS_INIT;
  strict.flags = ESEAL_VERIFY_STRICT;
  ReportPtr s;
  VerifySpec(s, ctx.get(), CraftedSpec(maker, pki::Signer()), &strict);
  ExpectVerdict(s.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "seal.maker_role");
  // Two usages, or codeSigning only, are no known quirk: refused outright.
  o.extended_key_usage = "serverAuth,timeStamping";
  auto two = pki::Issue("Two Usages Maker", o, &pki::Root());
  ReportPtr t;
  VerifySpec(t, ctx.get(), CraftedSpec(two, pki::Signer()));
  ExpectVerdict(t.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "seal.maker_role");
  o.extended_key_usage = "codeSigning";
  auto code_maker = pki::Issue("Code Maker", o, &pki::Root());
  ReportPtr c;
  VerifySpec(c, ctx.get(), CraftedSpec(code_maker, pki::Signer()));
  ExpectVerdict(c.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "seal.maker_role");
}

TEST(Kind, ASealGivenDataIsNotAVerifiedSignature) {
  auto ctx = pki::Context(kNow + kDay);
  auto seal = fixtures::BuildSeal(CraftedSpec(pki::Maker(), pki::Signer()).seal).bytes;
  ReportPtr with_data;
  VerifyBytes(with_data, ctx.get(), seal, &kDocument);
  ExpectVerdict(with_data.p, ESEAL_INDETERMINATE, ESEAL_SUB_SIGNED_DATA_NOT_FOUND, "data.hash");
  EXPECT_EQ(eseal_report_kind(with_data.p), ESEAL_KIND_SEAL);
  EXPECT_NE(Text(with_data.p).find("Verification of a seal"), std::string::npos);
  // A precomputed hash is data too.
  DataPtr hash;
  Bytes digest(32, 0x11);
  ASSERT_EQ(eseal_data_from_hash(&hash.p, digest.data(), digest.size()), 0);
  ReportPtr with_hash;
  ASSERT_EQ(eseal_verify_bytes(&with_hash.p, ctx.get(), seal.data(), seal.size(), hash.p, nullptr),
            0);
  ExpectVerdict(with_hash.p, ESEAL_INDETERMINATE, ESEAL_SUB_SIGNED_DATA_NOT_FOUND, "data.hash");
  // Without data, the seal is verified as a seal.
  ReportPtr alone;
  VerifyBytes(alone, ctx.get(), seal, nullptr);
  ExpectVerdict(alone.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.signature");
}

TEST(Kind, ExpectedKindIsEnforced) {
  auto ctx = pki::Context(kNow + kDay);
  auto spec = CraftedSpec(pki::Maker(), pki::Signer());
  auto seal = fixtures::BuildSeal(spec.seal).bytes;
  auto sig = fixtures::BuildSignature(spec).bytes;
  eseal_verify_options want_sig = ESEAL_VERIFY_OPTIONS_INIT;
  want_sig.expect = ESEAL_KIND_SIGNATURE;
  eseal_verify_options want_seal = ESEAL_VERIFY_OPTIONS_INIT;
  want_seal.expect = ESEAL_KIND_SEAL;
  ReportPtr a, b, c, d;
  VerifyBytes(a, ctx.get(), seal, nullptr, &want_sig);
  ExpectVerdict(a.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "format");
  EXPECT_EQ(eseal_report_check_count(a.p), 1u) << Text(a.p);
  VerifyBytes(b, ctx.get(), sig, &kDocument, &want_seal);
  ExpectVerdict(b.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "format");
  VerifyBytes(c, ctx.get(), sig, &kDocument, &want_sig);
  ExpectVerdict(c.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "format");
  VerifyBytes(d, ctx.get(), seal, nullptr, &want_seal);
  ExpectVerdict(d.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "format");
  eseal_verify_options bad = ESEAL_VERIFY_OPTIONS_INIT;
  bad.expect = static_cast<eseal_kind>(7);
  eseal_report *none = nullptr;
  EXPECT_EQ(eseal_verify_bytes(&none, ctx.get(), seal.data(), seal.size(), nullptr, &bad),
            ESEAL_EINVAL);
  EXPECT_EQ(none, nullptr);
  for (int field = 0; field < 3; field++) {
    eseal_verify_options wrong = ESEAL_VERIFY_OPTIONS_INIT;
    if (field == 0) wrong.time_policy = static_cast<eseal_time_policy>(9);
    if (field == 1) wrong.crypto_policy = static_cast<eseal_crypto_policy>(9);
    if (field == 2) wrong.poe_time = -1;
    EXPECT_EQ(eseal_verify_bytes(&none, ctx.get(), seal.data(), seal.size(), nullptr, &wrong),
              ESEAL_EINVAL)
        << field;
    EXPECT_EQ(none, nullptr);
  }
}

TEST(Kind, VersionOneOptionsStillWork) {
  // A caller built against the first options layout: four members only.
  struct {
    unsigned int version;
    unsigned int flags;
    int64_t validation_time;
    eseal_maker_time_policy maker_time;
  } v1 = {1, 0, kNow + kDay, ESEAL_MAKER_AT_CREATION};
  auto ctx = pki::Context(kNow + kDay);
  auto sig = fixtures::BuildSignature(CraftedSpec(pki::Maker(), pki::Signer())).bytes;
  ReportPtr r;
  VerifyBytes(r, ctx.get(), sig, &kDocument, reinterpret_cast<const eseal_verify_options *>(&v1));
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "format");
  EXPECT_NE(Text(r.p).find("poe"), std::string::npos);
  eseal_verify_options filled;
  ASSERT_EQ(eseal_verify_options_init(&filled, ESEAL_VERIFY_OPTIONS_VERSION), 0);
  EXPECT_EQ(filled.time_policy, ESEAL_TIME_POLICY_POE);
  EXPECT_EQ(eseal_verify_options_init(&filled, ESEAL_VERIFY_OPTIONS_VERSION + 1), ESEAL_EVERSION);
}

namespace {

std::string Pem(const sm2::Identity &id) {
  const unsigned char *p = id.cert.data();
  X509 *x = d2i_X509(nullptr, &p, static_cast<long>(id.cert.size()));
  BIO *bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, x);
  char *data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  X509_free(x);
  return out;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/eseal-trust-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string Write(const std::string &name, const std::string &text) {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

}  // namespace

TEST(TrustLoading, ANonCertificateFileInADirectoryIsSkippedAndNoted) {
  TempDir dir;
  dir.Write("root.pem", Pem(pki::Root()));
  dir.Write("README.pem", "These are the roots of the seal platform.\n");
  dir.Write("crl.der", std::string("\x30\x03\x02\x01\x01", 5));
  auto ctx = EmptyContext();
  ASSERT_EQ(eseal_ctx_add_trust_path(ctx.get(), dir.path.c_str()), 0)
      << eseal_error_last()->message;
  EXPECT_EQ(eseal_ctx_trust_count(ctx.get()), 1u);
  // A trust path grants the default roles, never the sensitive ones.
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLES_DEFAULT), 1u);
  for (unsigned int sensitive : {ESEAL_ROLE_REGISTRY_SUPERVISOR, ESEAL_ROLE_LOG_SIGNER,
                                 ESEAL_ROLE_TRUST_LIST_OPERATOR})
    EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), sensitive), 0u) << sensitive;
  ASSERT_EQ(eseal_ctx_trust_note_count(ctx.get()), 2u);
  std::string notes = std::string(eseal_ctx_trust_note(ctx.get(), 0)) + "|" +
                      eseal_ctx_trust_note(ctx.get(), 1);
  EXPECT_NE(notes.find("README.pem: skipped"), std::string::npos) << notes;
  EXPECT_NE(notes.find("crl.der: skipped"), std::string::npos) << notes;
  EXPECT_EQ(eseal_ctx_trust_note(ctx.get(), 2), nullptr);
  // A file given by name that holds no certificate is still an error.
  EXPECT_EQ(eseal_ctx_add_trust_path(ctx.get(), (dir.path / "README.pem").c_str()),
            ESEAL_EFORMAT);
}

TEST(TrustLoading, ABundleWithADamagedBlockIsRefusedNamingIt) {
  TempDir dir;
  std::string good = Pem(pki::Root()), second = Pem(pki::Maker());
  // Damage the base64 body of the second block.
  std::string damaged = second;
  damaged[damaged.find('\n') + 10] = '*';
  auto bundle = dir.Write("bundle.pem", good + damaged + Pem(pki::Signer()));
  auto ctx = EmptyContext();
  EXPECT_EQ(eseal_ctx_add_trust_path(ctx.get(), bundle.c_str()), ESEAL_EFORMAT);
  EXPECT_NE(std::string(eseal_error_last()->message).find("block 2"), std::string::npos)
      << eseal_error_last()->message;
  // A certificate block whose DER is not a certificate.
  auto junk = dir.Write("junk.pem", good +
                                        "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n"
                                        "-----END CERTIFICATE-----\n");
  EXPECT_EQ(eseal_ctx_add_trust_path(ctx.get(), junk.c_str()), ESEAL_EFORMAT);
  EXPECT_NE(std::string(eseal_error_last()->message).find("block 2"), std::string::npos);
  // Keys and other blocks are passed over; every certificate is kept.
  auto mixed = dir.Write("mixed.pem", good + "-----BEGIN X509 CRL-----\nMAMCAQE=\n"
                                             "-----END X509 CRL-----\n" + second);
  auto fresh = EmptyContext();
  ASSERT_EQ(eseal_ctx_add_trust_path(fresh.get(), mixed.c_str()), 0);
  EXPECT_EQ(eseal_ctx_trust_count(fresh.get()), 2u);
}

TEST(TrustWindow, ADistrustedAnchorIsNotRevivedByABackdatedClaim) {
  // The test root, trusted only until two days after kNow (a CA distrusted then).
  std::string list = "eseal-trust-list 1\nname: windows\nsequence: 1\nissued: " +
                     std::string("2025-12-01T00:00:00Z") +
                     "\nnext-update: 2027-01-01T00:00:00Z\nanchors: 1\n\nanchor: root\n"
                     "roles: seal-maker,signer-ca\ntrusted-until: 2026-01-03T00:00:00Z\n" +
                     Pem(pki::Root());
  auto sig = fixtures::BuildSignature(CraftedSpec()).bytes;  // claims kNow + 8 h
  auto verify = [&](int64_t now, const eseal_verify_options *o) {
    auto ctx = EmptyContext(now);
    EXPECT_EQ(eseal_ctx_load_trust_list(ctx.get(), reinterpret_cast<const uint8_t *>(list.data()),
                                        list.size(), nullptr),
              0)
        << eseal_error_last()->message;
    ReportPtr r;
    VerifyBytes(r, ctx.get(), sig, &kDocument, o);
    return r;
  };
  // Inside the window: passes (with the unsigned-list warning).
  auto inside = verify(kNow + kDay, nullptr);
  ExpectVerdict(inside.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.maker_chain");
  EXPECT_EQ(Status(inside.p, "seal.maker_chain"), "WARNING");
  // After it: the claim lies inside, but nothing proves the stamp existed in time.
  auto after = verify(kNow + 10 * kDay, nullptr);
  ExpectVerdict(after.p, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE, "seal.maker_chain");
  eseal_verify_options poe = ESEAL_VERIFY_OPTIONS_INIT;
  poe.poe_time = kNow + kDay;
  auto proven = verify(kNow + 10 * kDay, &poe);
  ExpectVerdict(proven.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.maker_chain");
  eseal_verify_options claimed = ESEAL_VERIFY_OPTIONS_INIT;
  claimed.time_policy = ESEAL_TIME_POLICY_CLAIMED;
  auto lenient = verify(kNow + 10 * kDay, &claimed);
  EXPECT_EQ(Status(lenient.p, "seal.maker_chain"), "WARNING") << Text(lenient.p);
  // A signing time claimed outside the window fails under every policy (the
  // maker is judged at the seal's creation, still inside).
  auto late_spec = CraftedSpec();
  late_spec.time = pki::GenTime(kNow + 5 * kDay);
  sig = fixtures::BuildSignature(late_spec).bytes;
  auto outside = verify(kNow + 6 * kDay, &claimed);
  ExpectVerdict(outside.p, ESEAL_INDETERMINATE, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE,
                "signer.chain");
  EXPECT_EQ(Status(outside.p, "seal.maker_chain"), "WARNING");
}
