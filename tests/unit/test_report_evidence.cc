// The report keeps every certificate of a chain as evidence, however deep:
// a chain of more intermediates than any fixed array would hold.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../support/workflow.h"

extern "C" {
#include "verify/report.h"
}

using namespace workflow;

namespace {

constexpr int kDepth = 40;  // intermediates between the root and the signer

// Appends `der` as PEM to the open file `f`.
void AppendPem(FILE *f, const Bytes &der) {
  const unsigned char *p = der.data();
  X509 *x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(PEM_write_X509(f, x), 1);
  X509_free(x);
}

}  // namespace

TEST(ReportEvidence, EveryCertificateOfADeepChainIsKept) {
  pki::CertOptions ca;
  ca.ca = true;
  ca.key_usage = 0x04 | 0x02;  // keyCertSign | cRLSign
  std::vector<sm2::Identity> cas;
  cas.reserve(kDepth);
  for (int i = 0; i < kDepth; i++)
    cas.push_back(pki::Issue("Deep CA " + std::to_string(i + 1), ca,
                             i == 0 ? &pki::Root() : &cas.back()));
  const auto signer = pki::Issue("Deep Signer", pki::CertOptions(), &cas.back());

  const std::string path = std::filesystem::temp_directory_path() /
                           ("eseal-deep-chain-" + std::to_string(getpid()) + ".pem");
  FILE *f = fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  for (const auto &c : cas)
    AppendPem(f, c.cert);
  fclose(f);

  auto ctx = pki::Context();
  int rc = eseal_ctx_add_intermediate_path(ctx.get(), path.c_str());
  std::filesystem::remove(path);
  ASSERT_EQ(rc, 0) << LastError();

  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get(), {}, pki::Maker(), signer), 0) << LastError();
  SignaturePtr sig;
  ASSERT_EQ(Stamp(sig, ctx.get(), seal.p, signer), 0) << LastError();
  ReportPtr report;
  Verify(report, ctx.get(), sig.p, &kDocument);
  ASSERT_EQ(eseal_report_indication(report.p), ESEAL_TOTAL_PASSED) << Text(report.p);

  // The signer's chain above the signer: every intermediate, then the root.
  std::vector<std::string> chain;
  for (size_t i = 0; i < eseal_report_cert_count(report.p); i++)
    if (std::string(eseal_report_cert_role(report.p, i)) == "signer-chain")
      chain.push_back(eseal_cert_subject(eseal_report_cert(report.p, i)));
  ASSERT_EQ(chain.size(), static_cast<size_t>(kDepth + 1)) << Text(report.p);
  for (int i = 0; i < kDepth; i++)
    EXPECT_EQ(chain[i].rfind("CN=Deep CA " + std::to_string(kDepth - i) + ",", 0), 0u)
        << "position " << i << ": " << chain[i];

  // The JSON form carries them too.
  helpers::Buf json;
  ASSERT_EQ(eseal_report_to_json(report.p, &json.b), 0) << LastError();
  const std::string text(reinterpret_cast<const char *>(json.b.ptr), json.b.size);
  for (int i = 1; i <= kDepth; i++)
    EXPECT_NE(text.find("\"subject\":\"CN=Deep CA " + std::to_string(i) + ","), std::string::npos)
        << "Deep CA " << i << " missing from the JSON report";
}

// A certificate is evidence once per role, whichever object carries it: a
// cached chain's shared object or one wrapped for this report, so that a
// report is the same with the context's caches on and off.
TEST(ReportEvidence, TheSameCertificateUnderOneRoleIsListedOnce) {
  const Bytes &der = pki::Root().cert;
  eseal_cert *a = nullptr, *b = nullptr;
  ASSERT_EQ(eseal_cert_load(&a, der.data(), der.size()), 0);
  ASSERT_EQ(eseal_cert_load(&b, der.data(), der.size()), 0);
  ASSERT_NE(a, b);
  eseal_report *r = nullptr;
  ASSERT_EQ(eseal__report_new(&r, ESEAL_KIND_SIGNATURE), 0);
  eseal__report_cert(r, "signer-chain", a);
  eseal__report_cert(r, "signer-chain", b);
  eseal__report_cert(r, "signer-chain", a);
  EXPECT_EQ(eseal_report_cert_count(r), 1u);
  eseal__report_cert(r, "maker-chain", b);
  EXPECT_EQ(eseal_report_cert_count(r), 2u);
  eseal_report_free(r);
  eseal_cert_free(a);
  eseal_cert_free(b);
}
