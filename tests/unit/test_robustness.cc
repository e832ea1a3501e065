// Every prefix and every single-bit flip of every fixture and vector gives a
// clean error or a valid object. Run under ASan+UBSan in CI, this is the
// no-crash, no-leak, no-out-of-bounds check.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../support/fixtures.h"
#include "../support/helpers.h"
#include "../support/vectors.h"
#include "../support/walk.h"

namespace {

using der::Bytes;

// Parses as both kinds and checks the result contract of each call.
void ParseCleanly(const Bytes &b, const std::string &what) {
  eseal_seal *seal = nullptr;
  int rc = eseal_seal_parse(&seal, b.data(), b.size(), nullptr);
  if (rc == 0) {
    ASSERT_NE(nullptr, seal) << what;
    walk::Seal(seal);
    eseal_seal_free(seal);
  } else {
    ASSERT_EQ(nullptr, seal) << what;
    ASSERT_NE(nullptr, eseal_error_last()) << what;
    ASSERT_EQ(rc, eseal_error_last()->code) << what;
  }
  eseal_signature *sig = nullptr;
  rc = eseal_signature_parse(&sig, b.data(), b.size(), nullptr);
  if (rc == 0) {
    ASSERT_NE(nullptr, sig) << what;
    walk::Signature(sig);
    eseal_signature_free(sig);
  } else {
    ASSERT_EQ(nullptr, sig) << what;
    ASSERT_EQ(rc, eseal_error_last()->code) << what;
  }
}

void Mutate(const std::string &name, const Bytes &original) {
  // Each input is exactly one kind: a seal or a signature.
  ASSERT_EQ(1, walk::ParseAndWalk(original.data(), original.size(), true)) << name;
  for (size_t n = 0; n < original.size(); n++)
    ParseCleanly(Bytes(original.begin(), original.begin() + n), name + " prefix " + std::to_string(n));
  Bytes flipped = original;
  for (size_t i = 0; i < original.size(); i++) {
    for (int bit = 0; bit < 8; bit++) {
      flipped[i] ^= static_cast<uint8_t>(1u << bit);
      ParseCleanly(flipped, name + " flip " + std::to_string(i) + "." + std::to_string(bit));
      flipped[i] = original[i];
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

std::vector<fixtures::Named> AllFixtures() {
  auto all = fixtures::CanonicalFixtures();
  auto quirks = fixtures::QuirkFixtures();
  all.insert(all.end(), quirks.begin(), quirks.end());
  return all;
}

class Robustness : public ::testing::TestWithParam<fixtures::Named> {};

TEST_P(Robustness, PrefixesAndBitFlips) { Mutate(GetParam().name, GetParam().bytes); }

INSTANTIATE_TEST_SUITE_P(Fixtures, Robustness, ::testing::ValuesIn(AllFixtures()),
                         [](const auto &info) {
                           return helpers::TestName((info.param.is_signature ? "sig_" : "seal_") +
                                                    info.param.name);
                         });

TEST(Robustness, PrefixesNeverParseBeforeTheObjectEnds) {
  for (const auto &f : fixtures::CanonicalFixtures()) {
    for (size_t n = 0; n < f.bytes.size(); n++) {
      eseal_kind kind;
      eseal_format_version format;
      EXPECT_NE(0, eseal_sniff(&kind, &format, f.bytes.data(), n)) << f.name << " at " << n;
    }
  }
}

class VectorRobustness : public ::testing::TestWithParam<const char *> {};

TEST_P(VectorRobustness, PrefixesAndBitFlips) {
  ESEAL_REQUIRE_VECTORS();
  Mutate(GetParam(), vectors::Read(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    Shared, VectorRobustness,
    ::testing::Values("ofdrw_UserV1.esl", "ofdrw_UserV4.esl", "ofdrw_UserV5.esl",
                      "ofdrw_UserV5_ts.esl", "koal_Seal.esl", "hebeigede_SESealData.der",
                      "ofdrw_SignedValueV4.dat", "ofdrw_SignedValueV5.dat",
                      "synthetic/synthetic_V1_SignedValue.dat",
                      "extracted/dms360_v1/Doc_0/Signs/Sign_0/Seal.esl",
                      "extracted/dms360_v1/Doc_0/Signs/Sign_0/SignedValue.dat"),
    [](const auto &info) { return helpers::TestName(info.param); });

}  // namespace
