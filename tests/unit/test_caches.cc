// The context's caches (certificates, chains, seal signature checks, SM3
// states after a seal's stamps' shared start) never
// change a report: every fixture, every shared vector and every fuzz-corpus
// input gives byte-identical reports with the caches on (cold and warm) and
// off. A seal one bit away from a cached good seal misses the cache and
// fails; a cached "no chain" is forgotten when anchors are added; validity
// periods are still judged at each verification's time; stamping refuses a
// forged seal after stamping with the good one; the counters count. OFD
// Type="Sign" signatures (GB/T 35275 SignedData), timestamp tokens, role checks
// and status lookups go through the same caches, and a certificate that expires
// or is revoked between two verifications is still caught with warm caches.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <openssl/x509.h>

#include "../support/crl_builder.h"
#include "../support/fixtures.h"
#include "../support/ofd_package.h"
#include "../support/signed_data_builder.h"
#include "../support/vectors.h"
#include "../support/workflow.h"

extern "C" {
#include "context/role_cert.h"
#include "ofd/signed_data.h"
}

using namespace workflow;

namespace {

std::string Json(const eseal_report *r) {
  Buf b;
  if (r == nullptr || eseal_report_to_json(r, &b.b) != 0) return "(no json)";
  return std::string(reinterpret_cast<const char *>(b.b.ptr), b.b.size);
}

// The JSON report of `input` (with kDocument as data when `with_data`), or why there is none.
std::string Report(eseal_ctx *ctx, const Bytes &input, bool with_data,
                   const eseal_verify_options *opts = nullptr) {
  DataPtr data;
  if (with_data && eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()) != 0)
    return "(no data)";
  ReportPtr r;
  if (eseal_verify_bytes(&r.p, ctx, input.data(), input.size(), data.p, opts) != 0)
    return "(error) " + LastError();
  return Json(r.p);
}

// The report's own indication (the first "indication" of its JSON; the checks' come later).
std::string Indication(const std::string &json) {
  const std::string key = "\"indication\":\"";
  size_t at = json.find(key);
  if (at == std::string::npos) return "(none)";
  at += key.size();
  return json.substr(at, json.find('"', at) - at);
}

eseal_cache_stats Stats(const eseal_ctx *ctx, eseal_cache_kind kind) {
  eseal_cache_stats s{};
  EXPECT_EQ(eseal_ctx_cache_stats(ctx, kind, &s), 0);
  return s;
}

// Every regular file under `dir`, recursively (none when absent).
void Files(const std::string &dir, std::vector<std::string> *out) {
  DIR *d = opendir(dir.c_str());
  if (d == nullptr) return;
  while (struct dirent *e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string path = dir + "/" + name;
    struct stat st;
    if (stat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode))
      Files(path, out);
    else if (S_ISREG(st.st_mode) && st.st_size <= 4 * 1024 * 1024)
      out->push_back(path);
  }
  closedir(d);
}

Bytes ReadFile(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Verifies every input with caches off, then twice with caches on (cold, then
// warm), each with and without data; any difference is a failure.
void ExpectSameReports(const std::vector<std::pair<std::string, Bytes>> &inputs) {
  pki::CtxPtr off = pki::Context(), on = pki::Context();
  ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
  for (int round = 0; round < 2; round++) {
    for (const auto &[name, bytes] : inputs) {
      for (bool with_data : {true, false}) {
        std::string expected = Report(off.get(), bytes, with_data);
        std::string got = Report(on.get(), bytes, with_data);
        ASSERT_EQ(got, expected) << name << (with_data ? " with data" : " without data")
                                 << (round ? ", warm caches" : ", cold caches");
      }
    }
  }
  // The caches-off context kept nothing.
  EXPECT_EQ(Stats(off.get(), ESEAL_CACHE_SEALS).entries, 0u);
  EXPECT_EQ(Stats(off.get(), ESEAL_CACHE_CERTS).hits, 0u);
}

TEST(Caches, FixturesGiveTheSameReportsWithCachesOnAndOff) {
  std::vector<std::pair<std::string, Bytes>> inputs;
  for (const auto &f : fixtures::CanonicalFixtures()) inputs.push_back({f.name, f.bytes});
  for (const auto &f : fixtures::QuirkFixtures()) inputs.push_back({"quirk " + f.name, f.bytes});
  ASSERT_GT(inputs.size(), 5u);
  ExpectSameReports(inputs);
}

TEST(Caches, VectorsGiveTheSameReportsWithCachesOnAndOff) {
  ESEAL_REQUIRE_VECTORS();
  std::vector<std::string> paths;
  Files(vectors::Dir(), &paths);
  std::vector<std::pair<std::string, Bytes>> inputs;
  for (const auto &p : paths) inputs.push_back({p, ReadFile(p)});
  ASSERT_FALSE(inputs.empty());
  ExpectSameReports(inputs);
}

TEST(Caches, FuzzCorporaGiveTheSameReportsWithCachesOnAndOff) {
  const char *dir = std::getenv("ESEAL_FUZZ_CORPUS_DIR");
  if (dir == nullptr) GTEST_SKIP() << "ESEAL_FUZZ_CORPUS_DIR is not set";
  std::vector<std::string> paths;
  Files(dir, &paths);
  std::vector<std::pair<std::string, Bytes>> inputs;
  for (const auto &p : paths) inputs.push_back({p, ReadFile(p)});
  ASSERT_GT(inputs.size(), 20u) << dir;
  ExpectSameReports(inputs);
}

class CachesWithStamp : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_ = pki::Context();
    MakeStamped(ctx_.get(), seal_, sig_);
    ASSERT_NE(sig_.p, nullptr);
    size_t len = 0;
    const uint8_t *p = eseal_signature_bytes(sig_.p, &len);
    stamp_.assign(p, p + len);
    p = eseal_seal_bytes(seal_.p, &len);
    seal_bytes_.assign(p, p + len);
  }

  // The seal's bytes with one bit flipped at `at`, a pointer into them.
  Bytes FlipAt(const uint8_t *at) {
    size_t len = 0;
    const uint8_t *start = eseal_seal_bytes(seal_.p, &len);
    EXPECT_TRUE(at >= start && at < start + len);
    Bytes out = seal_bytes_;
    out[static_cast<size_t>(at - start)] ^= 0x01;
    return out;
  }

  pki::CtxPtr ctx_;
  SealPtr seal_;
  SignaturePtr sig_;
  Bytes stamp_, seal_bytes_;
};

TEST_F(CachesWithStamp, ASecondStampOfTheSameSealHitsEveryCache) {
  // Stamping already checked the maker signature: the seal is cached.
  eseal_cache_stats seals = Stats(ctx_.get(), ESEAL_CACHE_SEALS);
  EXPECT_EQ(seals.entries, 1u);
  std::string first = Report(ctx_.get(), stamp_, true);
  eseal_cache_stats certs = Stats(ctx_.get(), ESEAL_CACHE_CERTS);
  eseal_cache_stats chains = Stats(ctx_.get(), ESEAL_CACHE_CHAINS);
  eseal_cache_stats digests = Stats(ctx_.get(), ESEAL_CACHE_DIGESTS);
  EXPECT_EQ(digests.entries, 1u);
  seals = Stats(ctx_.get(), ESEAL_CACHE_SEALS);
  EXPECT_EQ(Report(ctx_.get(), stamp_, true), first);
  EXPECT_EQ(Indication(first), "TOTAL_PASSED") << first;
  EXPECT_EQ(Stats(ctx_.get(), ESEAL_CACHE_SEALS).hits, seals.hits + 1);
  // SM3 over Z and the TBS_Sign up to the end of the seal.
  EXPECT_EQ(Stats(ctx_.get(), ESEAL_CACHE_DIGESTS).hits, digests.hits + 1);
  // The maker and signer certificates, and their chains.
  EXPECT_GE(Stats(ctx_.get(), ESEAL_CACHE_CERTS).hits, certs.hits + 2);
  EXPECT_GE(Stats(ctx_.get(), ESEAL_CACHE_CHAINS).hits, chains.hits + 2);
  EXPECT_EQ(Stats(ctx_.get(), ESEAL_CACHE_CHAINS).misses, chains.misses);
  eseal_cache_stats s{};
  EXPECT_EQ(eseal_ctx_cache_stats(ctx_.get(), static_cast<eseal_cache_kind>(7), &s), ESEAL_EINVAL);
  EXPECT_EQ(eseal_ctx_cache_stats(nullptr, ESEAL_CACHE_SEALS, &s), ESEAL_EINVAL);
}

TEST_F(CachesWithStamp, ASealOneBitAwayFromACachedGoodSealMissesAndFails) {
  eseal_verify_options opts = ESEAL_VERIFY_OPTIONS_INIT;
  std::string good = Report(ctx_.get(), seal_bytes_, false, &opts);
  ASSERT_EQ(Indication(good), "TOTAL_PASSED") << good;
  size_t value_len = 0, signed_len = 0;
  const uint8_t *value = eseal_seal_signature_value(seal_.p, &value_len);
  const uint8_t *signed_bytes = eseal_seal_signed_bytes(seal_.p, &signed_len);
  ASSERT_GT(value_len, 8u);
  ASSERT_GT(signed_len, 8u);
  // The maker signature's last byte, and a byte in the middle of the signed part.
  for (const Bytes &forged :
       {FlipAt(value + value_len - 1), FlipAt(signed_bytes + signed_len / 2)}) {
    eseal_cache_stats before = Stats(ctx_.get(), ESEAL_CACHE_SEALS);
    ReportPtr r;
    VerifyBytes(r, ctx_.get(), forged, nullptr, &opts);
    EXPECT_NE(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
    eseal_cache_stats after = Stats(ctx_.get(), ESEAL_CACHE_SEALS);
    EXPECT_EQ(after.hits, before.hits) << Text(r.p);
    // And what a context without caches says.
    pki::CtxPtr off = pki::Context();
    ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
    EXPECT_EQ(Json(r.p), Report(off.get(), forged, false, &opts));
  }
  // The forged maker signature itself: a crypto failure of seal.signature.
  ReportPtr r;
  VerifyBytes(r, ctx_.get(), FlipAt(value + value_len - 1), nullptr, &opts);
  EXPECT_EQ(Status(r.p, "seal.signature"), "NOT_OK") << Text(r.p);
  // The good seal gives the same report. A forgery that differs only in
  // the middle has the good seal's key (keys sample a seal's start and end,
  // and hits compare every byte), so it may take the good seal's slot: the
  // good seal is then checked again once, and hits after that.
  EXPECT_EQ(Report(ctx_.get(), seal_bytes_, false, &opts), good);
  eseal_cache_stats before = Stats(ctx_.get(), ESEAL_CACHE_SEALS);
  EXPECT_EQ(Report(ctx_.get(), seal_bytes_, false, &opts), good);
  EXPECT_EQ(Stats(ctx_.get(), ESEAL_CACHE_SEALS).hits, before.hits + 1);
}

// A stamp is verified from SM3's kept state after the start it shares with
// the stamps of its seal. The state is found by a key sampled from that start
// and used only when every byte matches: a stamp whose embedded seal differs
// in the middle (same key) misses, and its signature fails as without caches.
TEST_F(CachesWithStamp, AStampWhoseSealDiffersInTheMiddleMissesTheKeptDigestAndFails) {
  eseal_verify_options opts = ESEAL_VERIFY_OPTIONS_INIT;
  ASSERT_EQ(Indication(Report(ctx_.get(), stamp_, true, &opts)), "TOTAL_PASSED");
  auto at = std::search(stamp_.begin(), stamp_.end(), seal_bytes_.begin(), seal_bytes_.end());
  ASSERT_NE(at, stamp_.end());
  // A byte in the middle of the seal's picture, outside the sampled end of the
  // shared start (the same key), and the seal's last byte (its maker signature).
  size_t picture_len = 0, seal_len = 0;
  const uint8_t *picture = eseal_seal_picture_data(seal_.p, &picture_len);
  const uint8_t *seal_start = eseal_seal_bytes(seal_.p, &seal_len);
  ASSERT_GT(picture_len, 2u);
  size_t middle = static_cast<size_t>(picture - seal_start) + picture_len / 2;
  ASSERT_LT(middle + 256, seal_len);
  for (size_t offset : {middle, seal_len - 1}) {
    Bytes forged = stamp_;
    forged[static_cast<size_t>(at - stamp_.begin()) + offset] ^= 0x01;
    eseal_cache_stats before = Stats(ctx_.get(), ESEAL_CACHE_DIGESTS);
    ReportPtr r;
    VerifyBytes(r, ctx_.get(), forged, &kDocument, &opts);
    EXPECT_EQ(Status(r.p, "signature.value"), "NOT_OK") << Text(r.p);
    EXPECT_NE(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
    EXPECT_EQ(Stats(ctx_.get(), ESEAL_CACHE_DIGESTS).hits, before.hits) << offset;
    pki::CtxPtr off = pki::Context();
    ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
    EXPECT_EQ(Json(r.p), Report(off.get(), forged, true, &opts));
  }
}

// Z (the SM2 ID and the signer's key) is part of what is kept: with another
// ID the same stamp's start is hashed again, and the signature, made under
// the default ID, fails as it does without caches.
TEST_F(CachesWithStamp, AKeptDigestIsNotUsedUnderAnotherSm2Id) {
  ASSERT_EQ(Indication(Report(ctx_.get(), stamp_, true)), "TOTAL_PASSED");
  static const uint8_t other_id[] = {'A', 'L', 'I', 'C', 'E', '1', '2', '3'};
  ASSERT_EQ(eseal_ctx_set_sm2_id(ctx_.get(), other_id, sizeof other_id), 0);
  eseal_cache_stats before = Stats(ctx_.get(), ESEAL_CACHE_DIGESTS);
  std::string json = Report(ctx_.get(), stamp_, true);
  EXPECT_NE(Indication(json), "TOTAL_PASSED") << json;
  EXPECT_EQ(Stats(ctx_.get(), ESEAL_CACHE_DIGESTS).hits, before.hits);
  pki::CtxPtr off = pki::Context();
  ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
  ASSERT_EQ(eseal_ctx_set_sm2_id(off.get(), other_id, sizeof other_id), 0);
  EXPECT_EQ(json, Report(off.get(), stamp_, true));
}

TEST_F(CachesWithStamp, StampingRefusesAForgedSealAfterTheGoodOne) {
  size_t value_len = 0;
  const uint8_t *value = eseal_seal_signature_value(seal_.p, &value_len);
  Bytes forged = FlipAt(value + value_len - 1);
  SealPtr bad;
  ASSERT_EQ(eseal_seal_parse(&bad.p, forged.data(), forged.size(), nullptr), 0) << LastError();
  SignaturePtr again, refused;
  EXPECT_EQ(Stamp(again, ctx_.get(), seal_.p), 0) << LastError();
  EXPECT_EQ(Stamp(refused, ctx_.get(), bad.p), ESEAL_EBADSEAL);
  EXPECT_EQ(refused.p, nullptr);
}

TEST_F(CachesWithStamp, AForgedSealIsRefusedOnTheFirstAndEveryLaterStamp) {
  size_t value_len = 0;
  const uint8_t *value = eseal_seal_signature_value(seal_.p, &value_len);
  Bytes forged = FlipAt(value + value_len - 1);
  SealPtr bad;
  ASSERT_EQ(eseal_seal_parse(&bad.p, forged.data(), forged.size(), nullptr), 0) << LastError();
  // A context that never saw the good seal: cold, then warm with the refusal.
  pki::CtxPtr fresh = pki::Context();
  for (int i = 0; i < 3; i++) {
    SignaturePtr refused;
    EXPECT_EQ(Stamp(refused, fresh.get(), bad.p), ESEAL_EBADSEAL) << i;
    EXPECT_EQ(refused.p, nullptr);
  }
  EXPECT_GT(Stats(fresh.get(), ESEAL_CACHE_SEALS).hits, 0u);
}

TEST(CachesStamp, ASignerCertificateExpiredSinceTheLastStampIsRefused) {
  // A signer whose certificate ends 30 days after pki::kNow, before the seal does.
  pki::CertOptions o;
  o.not_after = pki::kNow + 30 * pki::kDay;
  static const sm2::Identity signer = pki::Issue("Cache Short Signer", o, &pki::Root());
  pki::CtxPtr ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get(), {}, pki::Maker(), signer), 0) << LastError();
  SignaturePtr first, late, again;
  ASSERT_EQ(Stamp(first, ctx.get(), seal.p, signer), 0) << LastError();
  ASSERT_EQ(eseal_ctx_set_fixed_time(ctx.get(), pki::kNow + 31 * pki::kDay), 0);
  EXPECT_EQ(Stamp(late, ctx.get(), seal.p, signer), ESEAL_ECERT) << LastError();
  EXPECT_EQ(late.p, nullptr);
  ASSERT_EQ(eseal_ctx_set_fixed_time(ctx.get(), pki::kNow + pki::kDay), 0);
  EXPECT_EQ(Stamp(again, ctx.get(), seal.p, signer), 0) << LastError();
  EXPECT_GT(Stats(ctx.get(), ESEAL_CACHE_SEALS).hits, 0u);
}

TEST_F(CachesWithStamp, AddingAnchorsForgetsChainsBuilt) {
  // Only the maker is trusted, for its role: no chain for the signer.
  pki::CtxPtr ctx(nullptr);
  eseal_ctx *raw = nullptr;
  ASSERT_EQ(eseal_ctx_new(&raw), 0);
  ctx.reset(raw);
  ASSERT_EQ(eseal_ctx_set_fixed_time(raw, pki::kNow + pki::kDay), 0);
  pki::CertPtr maker = pki::Cert(pki::Maker()), root = pki::Cert(pki::Root());
  ASSERT_EQ(eseal_ctx_add_trust_cert_roles(raw, maker.get(), ESEAL_ROLE_SEAL_MAKER), 0);
  ReportPtr before;
  VerifyBytes(before, raw, stamp_, &kDocument);
  EXPECT_EQ(eseal_report_indication(before.p), ESEAL_INDETERMINATE) << Text(before.p);
  EXPECT_EQ(Status(before.p, "signer.chain"), "NOT_OK") << Text(before.p);
  ASSERT_EQ(eseal_ctx_add_trust_cert(raw, root.get()), 0);
  ReportPtr after;
  VerifyBytes(after, raw, stamp_, &kDocument);
  EXPECT_EQ(eseal_report_indication(after.p), ESEAL_TOTAL_PASSED) << Text(after.p);
}

TEST_F(CachesWithStamp, ValidityIsJudgedAtEachVerificationsTime) {
  pki::CtxPtr off = pki::Context();
  ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
  eseal_verify_options opts = ESEAL_VERIFY_OPTIONS_INIT;
  // Valid now; five years on, the certificates have expired.
  for (int64_t at : {pki::kNow + pki::kDay, pki::kNow + 5 * pki::kYear, pki::kNow + pki::kDay}) {
    opts.validation_time = at;
    std::string on = Report(ctx_.get(), stamp_, true, &opts);
    EXPECT_EQ(on, Report(off.get(), stamp_, true, &opts)) << at;
    EXPECT_EQ(Indication(on) == "TOTAL_PASSED", at < pki::kNow + pki::kYear) << on;
  }
}

TEST_F(CachesWithStamp, ThreadsOverOneCachedContextGetTheSerialReports) {
  pki::CtxPtr off = pki::Context();
  ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
  Bytes forged = stamp_;
  forged.back() ^= 1;
  std::vector<Bytes> inputs;
  for (int i = 0; i < 16; i++) {
    inputs.push_back(stamp_);
    inputs.push_back(forged);
    inputs.push_back(seal_bytes_);
  }
  std::vector<const uint8_t *> ptrs;
  std::vector<size_t> lens;
  for (const Bytes &b : inputs) {
    ptrs.push_back(b.data());
    lens.push_back(b.size());
  }
  DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);
  std::vector<const eseal_data *> datas(inputs.size(), data.p);
  std::vector<eseal_report *> reports(inputs.size());
  ASSERT_EQ(eseal_verify_batch(reports.data(), ctx_.get(), ptrs.data(), lens.data(), datas.data(),
                               inputs.size(), 4, nullptr),
            0)
      << LastError();
  for (size_t i = 0; i < inputs.size(); i++) {
    ReportPtr serial;
    ASSERT_EQ(eseal_verify_bytes(&serial.p, off.get(), ptrs[i], lens[i], data.p, nullptr), 0);
    EXPECT_EQ(Json(reports[i]), Json(serial.p)) << i;
    eseal_report_free(reports[i]);
  }
}

// ---- OFD Type="Sign" signatures, role checks and status lookups. ----

// An OFD whose one signature is Type="Sign": the SignedData of `spec` over its Signature.xml.
Bytes SignTypeOfd(eseal_ctx *ctx, const eseal_seal *seal, signed_data::Spec spec,
                  bool flip_last_byte) {
  ofd::Doc d = ofd::Doc::Basic();
  d.Sign(ctx, seal, "s1", "Sign_0");
  std::string list = ofd::Str(d.files["Doc_0/Signs/Signatures.xml"]);
  list.replace(list.find("Type=\"Seal\""), 11, "Type=\"Sign\"");
  d.files["Doc_0/Signs/Signatures.xml"] = ofd::Text(list);
  spec.content = d.files["Doc_0/Signs/Sign_0/Signature.xml"];
  Bytes sd = signed_data::Build(spec);
  if (flip_last_byte) sd.back() ^= 0x01;  // the last byte of the signature value
  d.files["Doc_0/Signs/Sign_0/SignedValue.dat"] = sd;
  return d.Package();
}

std::string OfdJson(eseal_ctx *ctx, const Bytes &zip, eseal_indication *indication) {
  ofd::OfdReportPtr r;
  if (eseal_ofd_verify_bytes(&r.p, ctx, zip.data(), zip.size(), nullptr) != 0)
    return "(error) " + LastError();
  *indication = eseal_ofd_report_indication(r.p);
  Buf b;
  if (eseal_ofd_report_to_json(r.p, &b.b) != 0) return "(no json)";
  return std::string(reinterpret_cast<const char *>(b.b.ptr), b.b.size);
}

// A self-signed leaf no anchor vouches for.
const sm2::Identity &Stranger() {
  static const sm2::Identity id = pki::Issue("Cache Stranger", pki::CertOptions(), nullptr);
  return id;
}

TEST(CachesOfd, SignTypeSignaturesGiveTheSameReportsWithCachesOnAndOff) {
  pki::CtxPtr stamping = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, stamping.get()), 0) << LastError();
  signed_data::Spec good, stranger;
  stranger.signer = &Stranger();
  struct Case {
    std::string name;
    Bytes zip;
    bool passes;
  };
  std::vector<Case> cases = {
      {"good", SignTypeOfd(stamping.get(), seal.p, good, false), true},
      {"forged signature value", SignTypeOfd(stamping.get(), seal.p, good, true), false},
      {"signer without a chain", SignTypeOfd(stamping.get(), seal.p, stranger, false), false},
  };
  pki::CtxPtr off = pki::Context(pki::kNow + pki::kDay), on = pki::Context(pki::kNow + pki::kDay);
  ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
  for (int round = 0; round < 2; round++) {
    // The good document between the forged ones, so that each meets a warm cache.
    for (const Case &c : {cases[0], cases[1], cases[2], cases[0], cases[1]}) {
      eseal_indication expected_ind = ESEAL_INDETERMINATE, got_ind = ESEAL_INDETERMINATE;
      std::string expected = OfdJson(off.get(), c.zip, &expected_ind);
      std::string got = OfdJson(on.get(), c.zip, &got_ind);
      ASSERT_EQ(got, expected) << c.name << (round ? ", warm caches" : ", cold caches");
      EXPECT_EQ(got_ind == ESEAL_TOTAL_PASSED, c.passes) << c.name << "\n" << got;
      EXPECT_NE(got.find("ofd.sign.signature"), std::string::npos) << got;
    }
  }
  // The signer certificate came from the cache, its chain too.
  EXPECT_GT(Stats(on.get(), ESEAL_CACHE_CERTS).hits, 0u);
  EXPECT_GT(Stats(on.get(), ESEAL_CACHE_CHAINS).hits, 0u);
  EXPECT_EQ(Stats(off.get(), ESEAL_CACHE_CERTS).hits, 0u);
}

// A detached SignedData by pki::Signer() without signingTime: judged at the validation time.
class CachesSignedData : public ::testing::Test {
 protected:
  void SetUp() override {
    signed_data::Spec s;
    s.signing_time.reset();
    sd_ = signed_data::Build(s);
  }

  // The JSON report at `at` through `ctx`, and its indication.
  std::string Verify(eseal_ctx *ctx, int64_t at, eseal_indication *indication) {
    eseal_verify_options opts = ESEAL_VERIFY_OPTIONS_INIT;
    opts.validation_time = at;
    ReportPtr r;
    const Bytes &xml = signed_data::kXml;
    if (eseal_ofd__verify_signed_data(&r.p, ctx, sd_.data(), sd_.size(), xml.data(), xml.size(),
                                      nullptr, &opts) != 0)
      return "(error) " + LastError();
    *indication = eseal_report_indication(r.p);
    return Json(r.p);
  }

  Bytes sd_;
};

TEST_F(CachesSignedData, ACertificateExpiredSinceTheLastVerificationIsCaught) {
  pki::CtxPtr on = pki::Context(), off = pki::Context();
  ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
  // Valid a day on; expired five years on (the signer's certificate ends three years on).
  const int64_t times[] = {pki::kNow + pki::kDay, pki::kNow + 5 * pki::kYear,
                           pki::kNow + pki::kDay};
  for (int i = 0; i < 3; i++) {
    eseal_cache_stats chains = Stats(on.get(), ESEAL_CACHE_CHAINS);
    eseal_indication got = ESEAL_INDETERMINATE, expected = ESEAL_INDETERMINATE;
    std::string json = Verify(on.get(), times[i], &got);
    EXPECT_EQ(json, Verify(off.get(), times[i], &expected)) << i;
    EXPECT_EQ(got == ESEAL_TOTAL_PASSED, i != 1) << json;
    EXPECT_EQ(got, expected) << i;
    // After the first, every verification took its chain from the cache.
    if (i > 0) {
      EXPECT_GT(Stats(on.get(), ESEAL_CACHE_CHAINS).hits, chains.hits) << i;
    }
  }
}

// A CRL of pki::Root() revoking pki::Signer() a day before pki::kNow.
Bytes CrlRevokingTheSigner() {
  const Bytes &root_der = pki::Root().cert, &signer_der = pki::Signer().cert;
  const unsigned char *p = root_der.data();
  crl_builder::Cert root(d2i_X509(nullptr, &p, static_cast<long>(root_der.size())), X509_free);
  p = signer_der.data();
  crl_builder::Cert signer(d2i_X509(nullptr, &p, static_cast<long>(signer_der.size())), X509_free);
  EXPECT_TRUE(root && signer);
  if (!root || !signer) return {};
  crl_builder::CrlSpec spec;
  spec.this_update = pki::kNow - pki::kDay;
  spec.next_update = pki::kNow + 30 * pki::kDay;
  crl_builder::Entry e;
  e.serial = ASN1_INTEGER_get(X509_get0_serialNumber(signer.get()));
  e.revoked_at = pki::kNow - pki::kDay;
  e.reason = 1;  // keyCompromise
  spec.entries.push_back(e);
  crl_builder::Crl crl = crl_builder::MakeCrl(spec, root.get(), pki::Root().key.get());
  std::string der = crl_builder::Der(crl.get());
  return Bytes(der.begin(), der.end());
}

TEST_F(CachesSignedData, ACertificateRevokedSinceTheLastVerificationIsCaught) {
  pki::CtxPtr on = pki::Context(), off = pki::Context();
  ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
  eseal_indication before = ESEAL_INDETERMINATE, after = ESEAL_INDETERMINATE, x;
  std::string first = Verify(on.get(), pki::kNow + pki::kDay, &before);
  EXPECT_EQ(before, ESEAL_TOTAL_PASSED) << first;
  pki::CertPtr signer = pki::Cert(pki::Signer());
  eseal_cert_status status{};
  ASSERT_EQ(eseal_cert_status_lookup(on.get(), signer.get(), nullptr, 0, &status), 0);
  EXPECT_NE(status.status, ESEAL_CERT_STATUS_REVOKED) << status.message;
  // The CA revokes the signer; both contexts learn it.
  Bytes crl = CrlRevokingTheSigner();
  ASSERT_FALSE(crl.empty());
  for (eseal_ctx *c : {on.get(), off.get()})
    ASSERT_EQ(eseal_ctx_add_crl(c, crl.data(), crl.size()), 0) << LastError();
  eseal_cache_stats chains = Stats(on.get(), ESEAL_CACHE_CHAINS);
  std::string second = Verify(on.get(), pki::kNow + pki::kDay, &after);
  EXPECT_GT(Stats(on.get(), ESEAL_CACHE_CHAINS).hits, chains.hits) << "a warm chain";
  EXPECT_NE(after, ESEAL_TOTAL_PASSED) << second;
  EXPECT_EQ(second, Verify(off.get(), pki::kNow + pki::kDay, &x));
  EXPECT_NE(second.find("REVOKED"), std::string::npos) << second;
  ASSERT_EQ(eseal_cert_status_lookup(on.get(), signer.get(), nullptr, 0, &status), 0);
  EXPECT_EQ(status.status, ESEAL_CERT_STATUS_REVOKED) << status.message;
}

TEST(CachesRoleCert, ChainsWithOtherExtraCertificatesAreNotShared) {
  // A leaf under a CA the context does not know: it chains only when the CA comes with it.
  pki::CertOptions ca_options;
  ca_options.ca = true;
  ca_options.key_usage = 0;
  static const sm2::Identity ca = pki::Issue("Cache Sub CA", ca_options, &pki::Root());
  static const sm2::Identity leaf = pki::Issue("Cache Leaf", pki::CertOptions(), &ca);
  pki::CtxPtr ctx = pki::Context();
  pki::CertPtr leaf_cert = pki::Cert(leaf);
  const unsigned char *p = ca.cert.data();
  crl_builder::Cert ca_x509(d2i_X509(nullptr, &p, static_cast<long>(ca.cert.size())), X509_free);
  ASSERT_TRUE(ca_x509);
  // The SM2 ID its signature was made with, which OpenSSL needs to check it.
  ASN1_OCTET_STRING *id = ASN1_OCTET_STRING_new();
  ASSERT_EQ(ASN1_OCTET_STRING_set(id, reinterpret_cast<const unsigned char *>(sm2::kDefaultId),
                                  16),
            1);
  X509_set0_distinguishing_id(ca_x509.get(), id);
  STACK_OF(X509) *with_ca = sk_X509_new_null();
  ASSERT_NE(with_ca, nullptr);
  ASSERT_EQ(sk_X509_push(with_ca, ca_x509.get()), 1);
  const unsigned int role = ESEAL_ROLE_SIGNER_CA;
  for (int round = 0; round < 2; round++) {
    EXPECT_EQ(eseal__ctx_check_role_cert_with(ctx.get(), leaf_cert.get(), nullptr, role,
                                              pki::kNow, "the leaf"),
              ESEAL_ECERT)
        << round;
    EXPECT_EQ(eseal__ctx_check_role_cert_with(ctx.get(), leaf_cert.get(), with_ca, role,
                                              pki::kNow, "the leaf"),
              0)
        << round << " " << LastError();
  }
  // Validity is still judged at each call's time.
  EXPECT_EQ(eseal__ctx_check_role_cert_with(ctx.get(), leaf_cert.get(), with_ca, role,
                                            pki::kNow + 5 * pki::kYear, "the leaf"),
            ESEAL_ECERT);
  EXPECT_GT(Stats(ctx.get(), ESEAL_CACHE_CHAINS).hits, 0u);
  sk_X509_free(with_ca);
}

}  // namespace
