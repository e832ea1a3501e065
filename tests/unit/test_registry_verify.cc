// The seal.state verification check: what the registry says of the seal at
// the claimed signing time, with loss reports judged like revocations.
#include <gtest/gtest.h>

#include "registry_support.h"

using namespace helpers;
using namespace reg;
using namespace workflow;
using pki::kDay;
using pki::kNow;

namespace {

const char *const kTenant = "t1";

// Verifies into `r`, releasing the report it held.
void Again(ReportPtr &r, eseal_ctx *ctx, const eseal_signature *sig, const Bytes *data,
           const eseal_verify_options *opts) {
  eseal_report_free(r.p);
  r.p = nullptr;
  Verify(r, ctx, sig, data, opts);
}

struct SealState : ::testing::Test {
  StorePtr store;
  pki::CtxPtr ctx;
  SealPtr seal;
  SignaturePtr sig;
  std::string es_id;
  void SetUp() override {
    ASSERT_EQ(eseal_store_open_memory(&store.p), 0) << LastError();
    ctx = reg::Context(store.p);
    ASSERT_EQ(MakeSeal(seal, ctx.get()), 0) << LastError();
    es_id = eseal_seal_esid(seal.p);
    ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "clerk", nullptr), 0);
    eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
    o.tenant = kTenant;
    ASSERT_EQ(StampWith(sig, ctx.get(), seal.p, &o), 0) << LastError();
  }
  eseal_verify_options Options(int64_t at = kNow) {
    eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
    vo.tenant = kTenant;
    vo.validation_time = at;
    return vo;
  }
  // Reports the loss (or cancellation) at `when`.
  void EndAt(int64_t when, bool lost = true) {
    auto later = reg::Context(store.p, when);
    if (lost)
      ASSERT_EQ(eseal_registry_report_lost(later.get(), kTenant, es_id.c_str(), "owner", "stolen",
                                           nullptr, nullptr),
                0);
    else
      ASSERT_EQ(eseal_registry_cancel(later.get(), kTenant, es_id.c_str(), "owner", "closed"), 0);
  }
  // A signature claimed at `when`, made where no registry refuses it.
  void StampElsewhereAt(SignaturePtr &out, int64_t when) {
    auto free_ctx = pki::Context(when);
    ASSERT_EQ(Stamp(out, free_ctx.get(), seal.p), 0) << LastError();
  }
};

TEST_F(SealState, ActiveSealIsOk) {
  eseal_verify_options vo = Options();
  ReportPtr r;
  Again(r, ctx.get(), sig.p, &kDocument, &vo);
  EXPECT_EQ(Status(r.p, "seal.state"), "OK") << Text(r.p);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
}

TEST_F(SealState, WithoutAStoreThereIsNoCheck) {
  auto bare = pki::Context();
  eseal_verify_options vo = Options();
  ReportPtr r;
  Again(r, bare.get(), sig.p, &kDocument, &vo);
  EXPECT_EQ(Status(r.p, "seal.state"), "absent");
}

TEST_F(SealState, FrozenSealIsAWarning) {
  ASSERT_EQ(eseal_registry_freeze(ctx.get(), kTenant, es_id.c_str(), "risk", "burst"), 0);
  eseal_verify_options vo = Options();
  ReportPtr r;
  Again(r, ctx.get(), sig.p, &kDocument, &vo);
  EXPECT_EQ(Status(r.p, "seal.state"), "WARNING") << Text(r.p);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED);
}

TEST_F(SealState, StampClaimedAfterTheLossIsRevokedWithTheLossTime) {
  EndAt(kNow + kDay);
  SignaturePtr late;
  StampElsewhereAt(late, kNow + kDay + 3600);
  eseal_verify_options vo = Options(kNow + 2 * kDay);
  ReportPtr r;
  Again(r, ctx.get(), late.p, &kDocument, &vo);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "seal.state");
  long i = eseal_report_find_check(r.p, "seal.state");
  ASSERT_GE(i, 0);
  std::string msg = eseal_report_check_message(r.p, static_cast<size_t>(i));
  EXPECT_NE(msg.find("reported lost at 2026-01-02T00:00:00Z"), std::string::npos) << msg;
  EXPECT_NE(Text(r.p).find("2026-01-02T00:00:00Z"), std::string::npos);
  // At the very second of the report too.
  SignaturePtr same;
  StampElsewhereAt(same, kNow + kDay);
  Again(r, ctx.get(), same.p, &kDocument, &vo);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "seal.state");
}

TEST_F(SealState, StampClaimedAfterACancellationIsRevoked) {
  EndAt(kNow + kDay, false);
  SignaturePtr late;
  StampElsewhereAt(late, kNow + kDay + 60);
  eseal_verify_options vo = Options(kNow + 2 * kDay);
  ReportPtr r;
  Again(r, ctx.get(), late.p, &kDocument, &vo);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "seal.state");
  std::string msg = eseal_report_check_message(
      r.p, static_cast<size_t>(eseal_report_find_check(r.p, "seal.state")));
  EXPECT_NE(msg.find("cancelled"), std::string::npos) << msg;
}

TEST_F(SealState, StampClaimedBeforeTheLossNeedsProofUnderThePoePolicy) {
  EndAt(kNow + kDay);
  eseal_verify_options vo = Options(kNow + 2 * kDay);
  ReportPtr r;
  Again(r, ctx.get(), sig.p, &kDocument, &vo);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE, "seal.state");
  // Proven to have existed before the report: OK, with the loss noted.
  vo.poe_time = kNow + 60;
  vo.poe_source = "the usage log";
  Again(r, ctx.get(), sig.p, &kDocument, &vo);
  EXPECT_EQ(Status(r.p, "seal.state"), "OK") << Text(r.p);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
  std::string msg = eseal_report_check_message(
      r.p, static_cast<size_t>(eseal_report_find_check(r.p, "seal.state")));
  EXPECT_NE(msg.find("reported lost"), std::string::npos) << msg;
  // Under the claimed-time policy the claim suffices, with a warning.
  vo.poe_time = 0;
  vo.time_policy = ESEAL_TIME_POLICY_CLAIMED;
  Again(r, ctx.get(), sig.p, &kDocument, &vo);
  EXPECT_EQ(Status(r.p, "seal.state"), "WARNING") << Text(r.p);
}

TEST_F(SealState, UnregisteredSealIsAWarningAndAnotherSealUnderTheEsidIsNot) {
  eseal_verify_options vo = Options();
  vo.tenant = "t2";
  ReportPtr r;
  Again(r, ctx.get(), sig.p, &kDocument, &vo);
  EXPECT_EQ(Status(r.p, "seal.state"), "WARNING") << Text(r.p);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED);
  // A second seal under the registered esID, stamped where nothing refused it.
  SealPtr copy;
  ASSERT_EQ(MakeSeal(copy, ctx.get()), 0);
  auto free_ctx = pki::Context();
  SignaturePtr other;
  ASSERT_EQ(Stamp(other, free_ctx.get(), copy.p), 0);
  vo.tenant = kTenant;
  Again(r, ctx.get(), other.p, &kDocument, &vo);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "seal.state");
}

TEST_F(SealState, ASealAloneIsJudgedAtTheValidationTime) {
  EndAt(kNow + kDay);
  eseal_verify_options vo = Options(kNow + 2 * kDay);
  ReportPtr r;
  ASSERT_EQ(eseal_verify_seal(&r.p, ctx.get(), seal.p, &vo), 0) << LastError();
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "seal.state");
  vo.validation_time = kNow + 3600;
  ReportPtr before;
  ASSERT_EQ(eseal_verify_seal(&before.p, ctx.get(), seal.p, &vo), 0) << LastError();
  EXPECT_EQ(Status(before.p, "seal.state"), "OK") << Text(before.p);
}

TEST_F(SealState, OlderOptionVersionsAndBadTenantsAreHandled) {
  eseal_verify_options v2;
  ASSERT_EQ(eseal_verify_options_init(&v2, 2), 0);
  EXPECT_EQ(v2.version, 2u);
  ReportPtr r;
  Again(r, ctx.get(), sig.p, &kDocument, &v2);  // the default tenant: not registered there
  EXPECT_EQ(Status(r.p, "seal.state"), "WARNING") << Text(r.p);
  eseal_verify_options bad = Options();
  bad.tenant = "no spaces allowed";
  ReportPtr none;
  EXPECT_EQ(eseal_verify(&none.p, ctx.get(), sig.p, nullptr, &bad), ESEAL_EINVAL);
  EXPECT_EQ(none.p, nullptr);
}

}  // namespace
