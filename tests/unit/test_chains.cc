// Certificate chains whose CAs sign with RSA, ECDSA P-256 and SM2, alone and
// mixed, made by the openssl command: make a seal, stamp, verify. Only
// certificates signed with SM2 may carry the SM2 ID; OpenSSL refuses to check
// any other signature on a certificate that has one.
#include <ctime>
#include <ostream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "../support/openssl_pki.h"
#include "../support/workflow.h"

using namespace workflow;
using openssl_pki::Party;
using openssl_pki::Role;

namespace {

struct Hierarchy {
  const char *name;
  const char *root;
  const char *intermediate;  // nullptr: the leaves are issued by the root
  const char *maker;
  const char *signer;
};

const Hierarchy kHierarchies[] = {
    {"Rsa", "RSA", nullptr, "RSA", "RSA"},
    {"Ecdsa", "EC", nullptr, "EC", "EC"},
    {"Sm2", "SM2", nullptr, "SM2", "SM2"},
    {"Sm2LeavesUnderRsa", "RSA", nullptr, "SM2", "SM2"},
    {"Sm2LeavesUnderEcdsa", "EC", nullptr, "SM2", "SM2"},
    // SM2-signed intermediate, RSA-signed leaves: both rules in one chain.
    {"RsaIntermediateUnderSm2", "SM2", "RSA", "EC", "SM2"},
};


void PrintTo(const Hierarchy &h, std::ostream *os) { *os << h.name; }

class Chains : public ::testing::TestWithParam<Hierarchy> {
 protected:
  void SetUp() override {
    const Hierarchy &h = GetParam();
    const std::string &d = dir_.path();
    root_ =
        openssl_pki::Issue(d, "root", std::string(h.name) + " Root", h.root, Role::kCa, nullptr);
    const Party *leaf_issuer = &root_;
    if (h.intermediate) {
      intermediate_ = openssl_pki::Issue(d, "intermediate", std::string(h.name) + " Intermediate",
                                         h.intermediate, Role::kCa, &root_);
      leaf_issuer = &intermediate_;
    }
    maker_ = openssl_pki::Issue(d, "maker", std::string(h.name) + " Maker", h.maker, Role::kLeaf,
                                leaf_issuer);
    signer_ = openssl_pki::Issue(d, "signer", std::string(h.name) + " Signer", h.signer,
                                 Role::kLeaf, leaf_issuer);
    // The certificates start now; the context's clock runs a minute ahead.
    now_ = static_cast<int64_t>(std::time(nullptr)) + 60;
  }

  // A context at now_ trusting `root_file`, offered the intermediate if any.
  pki::CtxPtr Context(const std::string &root_file) {
    eseal_ctx *raw = nullptr;
    EXPECT_EQ(eseal_ctx_new(&raw), 0);
    pki::CtxPtr ctx(raw);
    EXPECT_EQ(eseal_ctx_set_fixed_time(raw, now_), 0);
    EXPECT_EQ(eseal_ctx_add_trust_path(raw, root_file.c_str()), 0) << LastError();
    if (!intermediate_.cert_file.empty()) {
      EXPECT_EQ(eseal_ctx_add_intermediate_path(raw, intermediate_.cert_file.c_str()), 0)
          << LastError();
    }
    return ctx;
  }

  // A V4 seal made by maker_ for signer_, and kDocument stamped with it.
  void MakeStamped(eseal_ctx *ctx, SignaturePtr &sig) {
    SealPtr seal;
    MakeSealAndStamp(ctx, {maker_.cert_file, maker_.key_file},
                     {signer_.cert_file, signer_.key_file}, now_, seal, sig);
  }

  openssl_pki::TempDir dir_;
  Party root_, intermediate_, maker_, signer_;
  int64_t now_ = 0;
};

TEST_P(Chains, StampedSignaturePasses) {
  auto ctx = Context(root_.cert_file);
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), sig));
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
  EXPECT_EQ(Status(r.p, "seal.maker_chain"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.chain"), "OK") << Text(r.p);
  std::string length = GetParam().intermediate ? "(3 certificates)" : "(2 certificates)";
  EXPECT_NE(Text(r.p).find(length), std::string::npos) << Text(r.p);
}

TEST_P(Chains, ChangedDataFailsTheHash) {
  auto ctx = Context(root_.cert_file);
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), sig));
  Bytes changed = kDocument;
  changed.back() ^= 1;
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &changed);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "data.hash");
  // The chains themselves still verify: the failure is the data's alone.
  EXPECT_EQ(Status(r.p, "signer.chain"), "OK") << Text(r.p);
}

// Another root with the same subject name and key type: names match, keys do not.
TEST_P(Chains, ImpostorRootIsNotTrusted) {
  SignaturePtr sig;
  {
    auto ctx = Context(root_.cert_file);
    ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), sig));
  }
  openssl_pki::TempDir other;
  const Hierarchy &h = GetParam();
  Party impostor = openssl_pki::Issue(other.path(), "root", std::string(h.name) + " Root", h.root,
                                      Role::kCa, nullptr);
  auto ctx = Context(impostor.cert_file);
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "signer.chain");
  EXPECT_EQ(Status(r.p, "seal.maker_chain"), "NOT_OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.chain"), "NOT_OK") << Text(r.p);
}

INSTANTIATE_TEST_SUITE_P(Hierarchies, Chains, ::testing::ValuesIn(kHierarchies),
                         [](const ::testing::TestParamInfo<Hierarchy> &info) {
                           return std::string(info.param.name);
                         });

}  // namespace
