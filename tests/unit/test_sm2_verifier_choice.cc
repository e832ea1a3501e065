// The context's SM2 verifier choice: the built-in verifier and OpenSSL's give
// byte-identical reports for good stamps and for stamps whose signer or maker
// signature was forged.
#include <gtest/gtest.h>

#include <string>

#include "../support/workflow.h"

using namespace workflow;

namespace {

struct Outcome {
  eseal_indication indication;
  std::string json;
};

Outcome Verified(eseal_ctx *ctx, const Bytes &signature, eseal_sm2_verifier verifier) {
  EXPECT_EQ(eseal_ctx_set_sm2_verifier(ctx, verifier), 0);
  EXPECT_EQ(eseal_ctx_sm2_verifier(ctx), verifier);
  ReportPtr r;
  VerifyBytes(r, ctx, signature, &kDocument);
  eseal_buf json = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal_report_to_json(r.p, &json), 0);
  Outcome out{eseal_report_indication(r.p),
              std::string(reinterpret_cast<const char *>(json.ptr), json.size)};
  eseal_buf_dispose(&json);
  return out;
}

TEST(Sm2VerifierChoice, BothVerifiersGiveTheSameReportForGoodAndForgedStamps) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  size_t len = 0;
  const uint8_t *bytes = eseal_signature_bytes(sig.p, &len);
  Bytes good(bytes, bytes + len);

  Outcome builtin = Verified(ctx.get(), good, ESEAL_SM2_VERIFIER_BUILTIN);
  EXPECT_EQ(builtin.indication, ESEAL_TOTAL_PASSED);
  EXPECT_EQ(builtin.json, Verified(ctx.get(), good, ESEAL_SM2_VERIFIER_OPENSSL).json);

  // The last bytes are the signer's signature value; earlier ones fall in the
  // seal, its maker signature included. Every flip: same report, never passed.
  int compared = 0;
  for (size_t back = 1; back <= 80 && back < good.size(); back += 3) {
    Bytes forged = good;
    forged[forged.size() - back] ^= 0x01;
    Outcome a = Verified(ctx.get(), forged, ESEAL_SM2_VERIFIER_BUILTIN);
    EXPECT_EQ(a.json, Verified(ctx.get(), forged, ESEAL_SM2_VERIFIER_OPENSSL).json) << "byte -" << back;
    EXPECT_NE(a.indication, ESEAL_TOTAL_PASSED) << "byte -" << back;
    compared++;
  }
  EXPECT_GT(compared, 20);
}

TEST(Sm2VerifierChoice, UnknownVerifierIsRefused) {
  auto ctx = pki::Context();
  EXPECT_EQ(eseal_ctx_set_sm2_verifier(ctx.get(), static_cast<eseal_sm2_verifier>(7)), ESEAL_EINVAL);
  EXPECT_EQ(eseal_ctx_sm2_verifier(ctx.get()), ESEAL_SM2_VERIFIER_BUILTIN);
}

}  // namespace
