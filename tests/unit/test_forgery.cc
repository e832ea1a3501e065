// The verifier's first promise as a property: from genuine stamps of every
// shape, any change to a byte of the signature (which holds the seal and both
// certificates), of the seal alone, or of the data is never TOTAL_PASSED.
// ESEAL_FORGERY_ROUNDS sets the number of changes per fixture (200 by
// default; the forgery-long benchmark runs many more).
#include <algorithm>
#include <cstdlib>
#include <random>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "../support/fixtures.h"
#include "../support/workflow.h"

using namespace workflow;
using pki::kDay;
using pki::kNow;
using pki::kYear;

namespace {

int Rounds() {
  const char *env = std::getenv("ESEAL_FORGERY_ROUNDS");
  int n = env ? std::atoi(env) : 0;
  return n > 0 ? n : 200;
}

fixtures::SigSpec Genuine(int format) {
  fixtures::SigSpec s = CraftedSpec();
  s.format = format;
  s.tbs_version = format;
  s.seal.format = format;
  s.seal.header_version = format;
  s.v1_time = der::Str("2026-01-01T08:00:00Z");
  return s;
}

std::vector<std::pair<std::string, fixtures::SigSpec>> Shapes() {
  std::vector<std::pair<std::string, fixtures::SigSpec>> out;
  out.emplace_back("V4", Genuine(4));
  out.emplace_back("V1", Genuine(1));
  auto digests = Genuine(4);
  digests.seal.cert_list_type = 2;
  out.emplace_back("V4 certDigestList", digests);
  auto extended = Genuine(4);
  extended.seal.extensions = {{"1.2.156.1.2", false, der::Str("note")}};
  extended.seal.extensions_form = fixtures::Form::kUntagged;
  extended.extensions = {{"1.2.156.1.3", false, der::Str("tbs")}};
  extended.extensions_form = fixtures::Form::kExplicit;
  out.emplace_back("V4 with extensions", extended);
  auto raw = Genuine(4);
  raw.raw_signature = true;
  raw.seal.raw_signature = true;
  out.emplace_back("V4 raw r||s", raw);
  return out;
}

// Changes 1 to 3 random bytes (a non-zero XOR each) of a copy of `in`.
Bytes Changed(const Bytes &in, std::mt19937 &rng) {
  Bytes out = in;
  std::uniform_int_distribution<size_t> where(0, in.size() - 1);
  std::uniform_int_distribution<int> mask(1, 255), count(1, 3);
  for (int i = count(rng); i > 0; i--)
    out[where(rng)] ^= static_cast<uint8_t>(mask(rng));
  return out;
}

eseal_indication Verdict(eseal_ctx *ctx, const Bytes &input, const Bytes *data) {
  ReportPtr r;
  VerifyBytes(r, ctx, input, data);
  return r.p ? eseal_report_indication(r.p) : ESEAL_INDETERMINATE;
}

}  // namespace

TEST(Forgery, NoChangedSignatureSealOrDataPasses) {
  auto ctx = pki::Context(kNow + kDay);
  std::mt19937 rng(20261201);
  const int rounds = Rounds();
  for (const auto &[name, spec] : Shapes()) {
    auto built = fixtures::BuildSignature(spec);
    // Genuine, each passes; otherwise the property proves nothing.
    ASSERT_EQ(Verdict(ctx.get(), built.bytes, &kDocument), ESEAL_TOTAL_PASSED) << name;
    ASSERT_EQ(Verdict(ctx.get(), built.seal, nullptr), ESEAL_TOTAL_PASSED) << name;
    for (int i = 0; i < rounds; i++) {
      Bytes sig = Changed(built.bytes, rng);
      if (sig != built.bytes) {
        ASSERT_NE(Verdict(ctx.get(), sig, &kDocument), ESEAL_TOTAL_PASSED)
            << name << ": a changed signature passed, round " << i;
      }
      Bytes seal = Changed(built.seal, rng);
      if (seal != built.seal) {
        ASSERT_NE(Verdict(ctx.get(), seal, nullptr), ESEAL_TOTAL_PASSED)
            << name << ": a changed seal passed, round " << i;
      }
      Bytes data = Changed(kDocument, rng);
      if (data != kDocument) {
        ASSERT_NE(Verdict(ctx.get(), built.bytes, &data), ESEAL_TOTAL_PASSED)
            << name << ": changed data passed, round " << i;
      }
    }
  }
}

TEST(Forgery, NoStampMadeWithAnotherCertificatePasses) {
  // Certificates are the other input: a stamp signed by another certificate of
  // the same trusted PKI than the one the seal lists never passes, while the
  // seal may name any maker that PKI trusts.
  auto ctx = pki::Context(kNow + kDay);
  static const auto other = pki::Issue("Other Signer", pki::CertOptions(), &pki::Root());
  auto made_by_other = Genuine(4);
  made_by_other.seal.maker = &other;
  EXPECT_EQ(Verdict(ctx.get(), fixtures::BuildSignature(made_by_other).bytes, &kDocument),
            ESEAL_TOTAL_PASSED);  // another certificate of the trusted PKI may make seals
  auto signed_by_other = Genuine(4);
  signed_by_other.signer = &other;  // the seal still lists the test signer only
  EXPECT_NE(Verdict(ctx.get(), fixtures::BuildSignature(signed_by_other).bytes, &kDocument),
            ESEAL_TOTAL_PASSED);
}
