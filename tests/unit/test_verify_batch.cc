// eseal_verify_batch(): the reports of many inputs verified by a few threads
// over one context are those of serial eseal_verify_bytes() calls, in input
// order, for good, forged and unparsable input; the thread count stays within
// its bound; an input that cannot be verified fails the whole batch with its
// index and leaves no report behind.
#include <climits>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../support/workflow.h"

using namespace workflow;

namespace {

std::string Json(const eseal_report *r) {
  Buf b;
  if (r == nullptr || eseal_report_to_json(r, &b.b) != 0) return "(no json)";
  return std::string(reinterpret_cast<const char *>(b.b.ptr), b.b.size);
}

// The clock of the batch's context: pki::kNow, and which threads asked.
struct ThreadLog {
  std::mutex lock;
  std::set<std::thread::id> ids;
};

int64_t LoggingClock(void *payload) {
  auto *log = static_cast<ThreadLog *>(payload);
  std::lock_guard<std::mutex> guard(log->lock);
  log->ids.insert(std::this_thread::get_id());
  return pki::kNow;
}

class VerifyBatch : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_ = pki::Context();
    ASSERT_EQ(eseal_ctx_set_clock(ctx_.get(), LoggingClock, &log_), 0);
    SealPtr seal;
    SignaturePtr sig;
    MakeStamped(ctx_.get(), seal, sig);
    ASSERT_NE(sig.p, nullptr);
    size_t len = 0;
    const uint8_t *p = eseal_signature_bytes(sig.p, &len);
    Bytes good(p, p + len);
    Bytes forged = good;
    forged.back() ^= 1;  // the signer's signature value
    Bytes garbage = {0x30, 0x03, 0x02, 0x01, 0x01};
    size_t seal_len = 0;
    const uint8_t *s = eseal_seal_bytes(seal.p, &seal_len);
    Bytes seal_bytes(s, s + seal_len);
    Bytes changed = kDocument;
    changed.back() ^= 1;
    ASSERT_EQ(eseal_data_from_bytes(&document_.p, kDocument.data(), kDocument.size()), 0);
    ASSERT_EQ(eseal_data_from_bytes(&changed_.p, changed.data(), changed.size()), 0);
    // Good, forged, not parsable, a seal, and good over changed data, many times over.
    for (int round = 0; round < 12; round++) {
      Add(good, document_.p);
      Add(forged, document_.p);
      Add(garbage, document_.p);
      Add(seal_bytes, nullptr);
      Add(good, changed_.p);
      Add({}, nullptr);
    }
  }

  void Add(const Bytes &input, const eseal_data *data) {
    inputs_.push_back(input);
    data_.push_back(data);
  }

  // What serial calls give, as JSON.
  std::vector<std::string> Serial() {
    std::vector<std::string> out;
    for (size_t i = 0; i < inputs_.size(); i++) {
      ReportPtr r;
      EXPECT_EQ(eseal_verify_bytes(&r.p, ctx_.get(), inputs_[i].data(), inputs_[i].size(),
                                   data_[i], nullptr),
                0)
          << LastError();
      out.push_back(Json(r.p));
    }
    return out;
  }

  // The batch's reports as JSON; the return code in *rc.
  std::vector<std::string> Batch(unsigned int jobs, int *rc, size_t *null_reports = nullptr) {
    std::vector<const uint8_t *> ptrs;
    std::vector<size_t> lens;
    for (const Bytes &b : inputs_) {
      ptrs.push_back(b.empty() ? nullptr : b.data());
      lens.push_back(b.size());
    }
    if (poison_ < ptrs.size()) ptrs[poison_] = nullptr;  // with its length: EINVAL
    std::vector<eseal_report *> reports(inputs_.size(), nullptr);
    *rc = eseal_verify_batch(reports.data(), ctx_.get(), ptrs.data(), lens.data(), data_.data(),
                             inputs_.size(), jobs, nullptr);
    std::vector<std::string> out;
    size_t nulls = 0;
    for (eseal_report *r : reports) {
      nulls += r == nullptr;
      out.push_back(Json(r));
      eseal_report_free(r);
    }
    if (null_reports) *null_reports = nulls;
    return out;
  }

  pki::CtxPtr ctx_;
  ThreadLog log_;
  DataPtr document_, changed_;
  std::vector<Bytes> inputs_;
  std::vector<const eseal_data *> data_;
  size_t poison_ = SIZE_MAX;
};

TEST_F(VerifyBatch, ReportsAreThoseOfSerialCallsInInputOrder) {
  std::vector<std::string> serial = Serial();
  // The inputs are what they claim: the verdicts differ.
  ReportPtr first;
  VerifyBytes(first, ctx_.get(), inputs_[0], &kDocument);
  EXPECT_EQ(eseal_report_indication(first.p), ESEAL_TOTAL_PASSED) << Text(first.p);
  EXPECT_NE(serial[0], serial[1]);
  EXPECT_NE(serial[0], serial[2]);
  EXPECT_NE(serial[0], serial[4]);
  for (unsigned int jobs : {1u, 2u, 3u, 8u, 0u}) {
    int rc = -1;
    EXPECT_EQ(Batch(jobs, &rc), serial) << jobs << " jobs";
    EXPECT_EQ(rc, 0) << LastError();
  }
}

TEST_F(VerifyBatch, ThreadsStayWithinTheBound) {
  int rc = -1;
  log_.ids.clear();
  Batch(1, &rc);
  ASSERT_EQ(rc, 0) << LastError();
  // One job: the calling thread only.
  ASSERT_EQ(log_.ids.size(), 1u);
  EXPECT_EQ(*log_.ids.begin(), std::this_thread::get_id());

  log_.ids.clear();
  Batch(2, &rc);
  ASSERT_EQ(rc, 0) << LastError();
  EXPECT_LE(log_.ids.size(), 2u);

  log_.ids.clear();
  std::vector<std::string> many = Batch(UINT_MAX, &rc);
  ASSERT_EQ(rc, 0) << LastError();
  EXPECT_LE(log_.ids.size(), size_t{ESEAL_VERIFY_BATCH_MAX_JOBS});
  EXPECT_EQ(many, Serial());

  // Never more threads than inputs.
  inputs_.resize(2);
  data_.resize(2);
  log_.ids.clear();
  Batch(16, &rc);
  ASSERT_EQ(rc, 0) << LastError();
  EXPECT_LE(log_.ids.size(), 2u);
}

TEST_F(VerifyBatch, AnInputThatCannotRunFailsTheBatchWithoutReports) {
  poison_ = 7;
  for (unsigned int jobs : {1u, 4u}) {
    int rc = 0;
    size_t nulls = 0;
    Batch(jobs, &rc, &nulls);
    EXPECT_EQ(rc, ESEAL_EINVAL);
    EXPECT_NE(LastError().find("input 7"), std::string::npos) << LastError();
    EXPECT_EQ(nulls, inputs_.size());
  }
}

TEST_F(VerifyBatch, ArgumentsAreChecked) {
  const uint8_t *ptrs[1] = {inputs_[0].data()};
  size_t lens[1] = {inputs_[0].size()};
  eseal_report *reports[1] = {nullptr};
  EXPECT_EQ(eseal_verify_batch(nullptr, nullptr, nullptr, nullptr, nullptr, 0, 1, nullptr), 0);
  EXPECT_EQ(eseal_verify_batch(nullptr, ctx_.get(), ptrs, lens, nullptr, 1, 1, nullptr),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal_verify_batch(reports, nullptr, ptrs, lens, nullptr, 1, 1, nullptr),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal_verify_batch(reports, ctx_.get(), nullptr, lens, nullptr, 1, 1, nullptr),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal_verify_batch(reports, ctx_.get(), ptrs, nullptr, nullptr, 1, 1, nullptr),
            ESEAL_EINVAL);
  // Without data the good signature's report cannot pass.
  ASSERT_EQ(eseal_verify_batch(reports, ctx_.get(), ptrs, lens, nullptr, 1, 1, nullptr), 0);
  EXPECT_EQ(eseal_report_indication(reports[0]), ESEAL_INDETERMINATE);
  EXPECT_EQ(eseal_report_sub_indication(reports[0]), ESEAL_SUB_SIGNED_DATA_NOT_FOUND);
  eseal_report_free(reports[0]);
}

}  // namespace
