// The allocator hook: every allocation goes through it, every one is freed,
// and a failure at any point of parsing, building, stamping or verifying
// gives ESEAL_ENOMEM without a leak, and never a different verdict.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <string>

#include <openssl/pem.h>

#include <eseal/sys/alloc.h>

#include "../support/counting_alloc.h"
#include "../support/fixtures.h"
#include "../support/helpers.h"
#include "../support/walk.h"
#include "../support/workflow.h"

namespace {

using counting::Counting;
using counting::CountingFree;
using counting::CountingMalloc;


class AllocatorHook : public ::testing::Test {
 protected:
  void Install(Counting *c) { ASSERT_EQ(0, counting::Install(c)); }
  void TearDown() override { eseal_set_allocator(nullptr); }

  // Runs `step` once for every allocation it makes, refusing that one.
  // `step` returns its code; `release` frees what a successful step made,
  // still under the counting allocator, so that leaks show.
  void FailEachAllocation(const char *what, const std::function<int()> &step,
                          const std::function<void()> &release) {
    for (long n = 0;; n++) {
      Counting c;
      c.fail_at = n;
      Install(&c);
      int rc = step();
      release();
      eseal_set_allocator(nullptr);
      EXPECT_TRUE(rc == 0 || rc == ESEAL_ENOMEM) << what << ": code " << rc << " at allocation " << n;
      EXPECT_EQ(0, c.live) << what << ": leak when allocation " << n << " failed";
      if (c.calls <= n) {
        EXPECT_EQ(0, rc) << what << " fails with every allocation granted";
        EXPECT_GT(n, 0) << what << " made no allocation through the hook";
        break;  // nothing was refused: every allocation has had its turn
      }
      ASSERT_LT(n, 200000) << what;
    }
  }
};

TEST_F(AllocatorHook, RefusesBadStructs) {
  eseal_allocator a = ESEAL_ALLOCATOR_INIT;
  EXPECT_EQ(ESEAL_EINVAL, eseal_set_allocator(&a));
  a.malloc = CountingMalloc;
  a.free = CountingFree;
  a.version = 42;
  EXPECT_EQ(ESEAL_EVERSION, eseal_set_allocator(&a));
}

TEST_F(AllocatorHook, EveryAllocationIsFreed) {
  Counting c;
  Install(&c);
  for (const auto &f : fixtures::CanonicalFixtures()) walk::ParseAndWalk(f.bytes.data(), f.bytes.size(), true);
  EXPECT_GT(c.calls, 0);
  EXPECT_EQ(0, c.live);
}

TEST_F(AllocatorHook, FailureAtEveryAllocationOfParseEncodeAndJson) {
  fixtures::SigSpec spec;
  spec.extensions = {{"1.2.3", true, {1}}};
  spec.extensions_form = fixtures::Form::kExplicit;
  spec.seal.raw_signature = true;  // exercise the normalisation path too
  auto bytes = fixtures::BuildSignature(spec).bytes;
  for (long n = 0;; n++) {
    Counting c;
    c.fail_at = n;
    Install(&c);
    eseal_signature *sig = nullptr;
    int rc = eseal_signature_parse(&sig, bytes.data(), bytes.size(), nullptr);
    int rc_json = 0, rc_encode = 0;
    if (rc == 0) {
      eseal_buf buf = ESEAL_BUF_INIT;
      rc_json = eseal_signature_to_json(&buf, sig);
      eseal_buf_dispose(&buf);
      rc_encode = eseal_signature_encode(&buf, sig);
      eseal_buf_dispose(&buf);
      eseal_signature_free(sig);
    } else {
      EXPECT_EQ(ESEAL_ENOMEM, rc) << "allocation " << n;
      EXPECT_EQ(nullptr, sig);
    }
    EXPECT_TRUE(rc_json == 0 || rc_json == ESEAL_ENOMEM);
    EXPECT_TRUE(rc_encode == 0 || rc_encode == ESEAL_ENOMEM);
    EXPECT_EQ(0, c.live) << "leak when allocation " << n << " failed";
    if (c.calls <= n) break;  // no allocation was refused: every point has been tried
    ASSERT_LT(n, 100000);
  }
}

// Builds a seal from scratch: every builder call, then eseal_seal_build.
int BuildSeal(workflow::SealPtr &out, eseal_ctx *ctx, eseal_key *key, eseal_cert *maker,
              eseal_cert *signer, eseal_format_version format) {
  static const uint8_t png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4};
  static const uint8_t ext[] = {0x16, 0x03, '2', '.', '1'};
  const eseal_picture_options round = ESEAL_PICTURE_OPTIONS_INIT;
  workflow::BuilderPtr b;
  int rc;
  if ((rc = eseal_seal_builder_new(&b.p)) || (rc = eseal_seal_builder_set_format(b.p, format)) ||
      (rc = eseal_seal_builder_set_esid(b.p, "3301060000001")) ||
      (rc = eseal_seal_builder_set_name(b.p, "测试合同专用章")) ||
      (rc = eseal_seal_builder_set_type(b.p, 1)) ||
      (rc = eseal_seal_builder_add_signer_cert(b.p, signer)) ||
      (rc = eseal_seal_builder_set_dates(b.p, pki::kNow - pki::kDay, pki::kNow - pki::kDay,
                                         pki::kNow + pki::kYear)))
    return rc;
  if (format == ESEAL_FORMAT_V4) {
    if ((rc = eseal_seal_builder_add_extension(b.p, "1.2.156.10197.6.7.2.2.1", 0, ext, sizeof ext)) ||
        (rc = eseal_seal_builder_draw_picture(b.p, &round)))
      return rc;
  } else if ((rc = eseal_seal_builder_set_picture(b.p, "PNG", png, sizeof png, 40, 40))) {
    return rc;
  }
  return eseal_seal_build(&out.p, ctx, b.p, key, maker);
}

// What every step below needs, made with the C library's allocator.
class AllocatorWorkflow : public AllocatorHook {
 protected:
  void SetUp() override {
    ctx = pki::Context();
    // The context's caches keep what a call parsed after it returns, which
    // would count here as live allocations of the call, made under an
    // allocator that is swapped out after it (test_caches.cc covers them).
    ASSERT_EQ(0, eseal_ctx_set_caches(ctx.get(), 0));
    maker_key = pki::Key(pki::Maker());
    maker_cert = pki::Cert(pki::Maker());
    signer_key = pki::Key(pki::Signer());
    signer_cert = pki::Cert(pki::Signer());
  }
  void MakeStamped(eseal_format_version format) {
    ASSERT_EQ(0, BuildSeal(seal, ctx.get(), maker_key.get(), maker_cert.get(), signer_cert.get(), format))
        << helpers::LastError();
    ASSERT_EQ(0, workflow::Stamp(sig, ctx.get(), seal.p)) << helpers::LastError();
  }
  // The JSON report of verifying `input` against `data`, or "" when a call failed.
  static std::string VerifyBytes(eseal_ctx *ctx, const helpers::Bytes &input,
                                 const helpers::Bytes &data, int *rc) {
    workflow::DataPtr d;
    workflow::ReportPtr report;
    helpers::Buf json;
    if ((*rc = eseal_data_from_bytes(&d.p, data.data(), data.size())) ||
        (*rc = eseal_verify_bytes(&report.p, ctx, input.data(), input.size(), d.p, nullptr)) ||
        (*rc = eseal_report_to_json(report.p, &json.b)))
      return "";
    return std::string(reinterpret_cast<const char *>(json.b.ptr), json.b.size);
  }
  // Fails each allocation of verifying `input`: each run either reports
  // ESEAL_ENOMEM or gives the very report made with all memory granted.
  void ExpectSameReportOrNoMemory(const char *what, const helpers::Bytes &input,
                                  const helpers::Bytes &data) {
    int rc;
    const std::string expected = VerifyBytes(ctx.get(), input, data, &rc);
    ASSERT_EQ(0, rc) << helpers::LastError();
    FailEachAllocation(
        what,
        [&] {
          int code;
          std::string got = VerifyBytes(ctx.get(), input, data, &code);
          if (code == 0) {
            EXPECT_EQ(expected, got) << what << ": report changed by a refused allocation";
          }
          return code;
        },
        [] {});
  }

  pki::CtxPtr ctx;
  pki::KeyPtr maker_key, signer_key;
  pki::CertPtr maker_cert, signer_cert;
  workflow::SealPtr seal;
  workflow::SignaturePtr sig;
};

TEST_F(AllocatorWorkflow, FailureAtEveryAllocationOfBuild) {
  for (auto format : {ESEAL_FORMAT_V4, ESEAL_FORMAT_V1}) {
    workflow::SealPtr out;
    FailEachAllocation(
        eseal_format_name(format),
        [&] { return BuildSeal(out, ctx.get(), maker_key.get(), maker_cert.get(), signer_cert.get(), format); },
        [&] {
          eseal_seal_free(out.p);
          out.p = nullptr;
        });
  }
}

TEST_F(AllocatorWorkflow, FailureAtEveryAllocationOfStamp) {
  for (auto format : {ESEAL_FORMAT_V4, ESEAL_FORMAT_V1}) {
    ASSERT_EQ(0, BuildSeal(seal, ctx.get(), maker_key.get(), maker_cert.get(), signer_cert.get(), format))
        << helpers::LastError();
    workflow::SignaturePtr out;
    FailEachAllocation(
        eseal_format_name(format),
        [&] {
          workflow::DataPtr d;
          int rc = eseal_data_from_bytes(&d.p, workflow::kDocument.data(), workflow::kDocument.size());
          return rc ? rc : eseal_stamp(&out.p, ctx.get(), seal.p, signer_key.get(), signer_cert.get(), d.p, nullptr);
        },
        [&] {
          eseal_signature_free(out.p);
          out.p = nullptr;
        });
    eseal_seal_free(seal.p);
    seal.p = nullptr;
  }
}

TEST_F(AllocatorWorkflow, FailureAtEveryAllocationOfVerifyKeepsTheReport) {
  MakeStamped(ESEAL_FORMAT_V4);
  size_t len;
  const uint8_t *p = eseal_signature_bytes(sig.p, &len);
  const helpers::Bytes signature = helpers::View(p, len);
  helpers::Bytes other = workflow::kDocument;
  other.back() ^= 1;
  ExpectSameReportOrNoMemory("passing", signature, workflow::kDocument);
  ExpectSameReportOrNoMemory("tampered data", signature, other);
  ExpectSameReportOrNoMemory("tampered signature",
                              workflow::WithTextChanged(p, len, "/Doc_0", 'X'), workflow::kDocument);
}

TEST_F(AllocatorWorkflow, FailureAtEveryAllocationOfCredentialLoading) {
  const auto &signer = pki::Signer();
  FailEachAllocation(
      "certificate",
      [&] {
        pki::CertPtr cert;
        eseal_cert *c = nullptr;
        int rc = eseal_cert_load(&c, signer.cert.data(), signer.cert.size());
        cert.reset(c);
        if (rc == 0 && eseal_cert_subject(c) == nullptr) rc = -1;
        return rc;
      },
      [] {});
  BIO *bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(1, PEM_write_bio_PrivateKey(bio, signer.key.get(), nullptr, nullptr, 0, nullptr, nullptr));
  char *pem = nullptr;
  const long pem_len = BIO_get_mem_data(bio, &pem);
  const helpers::Bytes key_pem = helpers::View(reinterpret_cast<uint8_t *>(pem), (size_t)pem_len);
  BIO_free(bio);
  FailEachAllocation(
      "key",
      [&] {
        pki::KeyPtr key;
        eseal_key *k = nullptr;
        int rc = eseal_key_load(&k, nullptr, key_pem.data(), key_pem.size(), nullptr);
        key.reset(k);
        return rc;
      },
      [] {});
}

}  // namespace
