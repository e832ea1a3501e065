// One context shared by threads verifying at once, as a server does: every
// report must carry the indication, sub-indication and evidence that the same
// input gets when verified alone. Nothing verification does may write to what
// the context holds (trust anchors, intermediates). Run this suite under
// ThreadSanitizer as well (meson setup -Db_sanitize=thread -Db_lundef=false):
// before certificates were readied at loading, it reported the verifications
// that rewrote a shared CA certificate's SM2 ID, and wrong verdicts or crashes
// showed without it. The revocation cache is filled from a CRL by threads
// at once too, in memory and in a store, and every verdict checked.
#include <algorithm>
#include <atomic>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../support/crl_builder.h"
#include "../support/openssl_pki.h"
#include "../support/workflow.h"

using namespace workflow;
using openssl_pki::Party;
using openssl_pki::Role;

namespace {

constexpr int kRounds = 200;

struct Outcome {
  eseal_indication indication;
  eseal_sub_indication sub;
  size_t certs;  // evidence: the certificates the report names
  bool operator==(const Outcome &o) const {
    return indication == o.indication && sub == o.sub && certs == o.certs;
  }
};

std::string Describe(const Outcome &o) {
  return std::string(eseal_indication_name(o.indication)) + "/" +
         eseal_sub_indication_name(o.sub) + " with " + std::to_string(o.certs) + " certificates";
}

// A signature's bytes, the data it is verified against and what that gives.
struct Case {
  std::string name;
  Bytes signature;
  Bytes data;
  Outcome expected;
};


// Makes a seal of `format` with `maker` for `signer`, valid around `now`, and
// returns kDocument stamped with it.
Bytes Stamped(eseal_ctx *ctx, const Party &maker, const Party &signer, eseal_format_version format,
              int64_t now) {
  auto maker_cert = LoadCert(maker.cert_file);
  auto maker_key = LoadKey(maker.key_file);
  auto signer_cert = LoadCert(signer.cert_file);
  auto signer_key = LoadKey(signer.key_file);
  if (!maker_cert || !maker_key || !signer_cert || !signer_key) return {};
  BuilderPtr b;
  EXPECT_EQ(eseal_seal_builder_new(&b.p), 0);
  static const uint8_t png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4};
  EXPECT_EQ(eseal_seal_builder_set_format(b.p, format), 0) << LastError();
  EXPECT_EQ(eseal_seal_builder_set_esid(b.p, "3301060000001"), 0) << LastError();
  EXPECT_EQ(eseal_seal_builder_set_name(b.p, "测试合同专用章"), 0) << LastError();
  EXPECT_EQ(eseal_seal_builder_set_type(b.p, 3), 0) << LastError();
  EXPECT_EQ(eseal_seal_builder_add_signer_cert(b.p, signer_cert.get()), 0) << LastError();
  EXPECT_EQ(eseal_seal_builder_set_dates(b.p, now - 30, now - 30, now + 30 * pki::kDay), 0)
      << LastError();
  EXPECT_EQ(eseal_seal_builder_set_picture(b.p, "PNG", png, sizeof png, 40, 40), 0) << LastError();
  SealPtr seal;
  EXPECT_EQ(eseal_seal_build(&seal.p, ctx, b.p, maker_key.get(), maker_cert.get()), 0)
      << LastError();
  if (!seal.p) return {};
  DataPtr data;
  EXPECT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);
  SignaturePtr sig;
  EXPECT_EQ(eseal_stamp(&sig.p, ctx, seal.p, signer_key.get(), signer_cert.get(), data.p, nullptr),
            0)
      << LastError();
  if (!sig.p) return {};
  size_t len = 0;
  const uint8_t *p = eseal_signature_bytes(sig.p, &len);
  return View(p, len);
}

// Verifies without touching gtest, so that threads can call it; false when no report.
bool VerifyOnce(const eseal_ctx *ctx, const Case &c, Outcome *out) {
  DataPtr data;
  ReportPtr r;
  if (eseal_data_from_bytes(&data.p, c.data.data(), c.data.size()) != 0 ||
      eseal_verify_bytes(&r.p, ctx, c.signature.data(), c.signature.size(), data.p, nullptr) != 0)
    return false;
  *out = {eseal_report_indication(r.p), eseal_report_sub_indication(r.p),
          eseal_report_cert_count(r.p)};
  return true;
}

class SharedContext : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string &d = dir_.path();
    // SM2 maker and signer under an intermediate, RSA ones right under their
    // root, and an SM2 signer whose root the context does not trust.
    Party sm2_root = openssl_pki::Issue(d, "sm2-root", "Threads SM2 Root", "SM2", Role::kCa,
                                        nullptr);
    Party sm2_ca = openssl_pki::Issue(d, "sm2-ca", "Threads SM2 CA", "SM2", Role::kCa, &sm2_root);
    Party sm2_maker =
        openssl_pki::Issue(d, "sm2-maker", "Threads SM2 Maker", "SM2", Role::kLeaf, &sm2_ca);
    Party sm2_signer =
        openssl_pki::Issue(d, "sm2-signer", "Threads SM2 Signer", "SM2", Role::kLeaf, &sm2_ca);
    Party rsa_root = openssl_pki::Issue(d, "rsa-root", "Threads RSA Root", "RSA", Role::kCa,
                                        nullptr);
    Party rsa_maker =
        openssl_pki::Issue(d, "rsa-maker", "Threads RSA Maker", "RSA", Role::kLeaf, &rsa_root);
    Party rsa_signer =
        openssl_pki::Issue(d, "rsa-signer", "Threads RSA Signer", "RSA", Role::kLeaf, &rsa_root);
    Party stranger_root = openssl_pki::Issue(d, "stranger-root", "Threads Stranger Root", "SM2",
                                             Role::kCa, nullptr);
    Party stranger =
        openssl_pki::Issue(d, "stranger", "Threads Stranger", "SM2", Role::kLeaf, &stranger_root);

    // The certificates start now; the context's clock runs a minute ahead.
    int64_t now = static_cast<int64_t>(std::time(nullptr)) + 60;
    eseal_ctx *raw = nullptr;
    ASSERT_EQ(eseal_ctx_new(&raw), 0);
    ctx_.reset(raw);
    ASSERT_EQ(eseal_ctx_set_fixed_time(raw, now), 0);
    ASSERT_EQ(eseal_ctx_add_trust_path(raw, sm2_root.cert_file.c_str()), 0) << LastError();
    ASSERT_EQ(eseal_ctx_add_trust_path(raw, rsa_root.cert_file.c_str()), 0) << LastError();
    ASSERT_EQ(eseal_ctx_add_intermediate_path(raw, sm2_ca.cert_file.c_str()), 0) << LastError();

    Bytes changed = kDocument;
    changed.back() ^= 1;
    const Outcome passed = {ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, 0};
    const Outcome hash = {ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, 0};
    const Outcome untrusted = {ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, 0};
    Bytes v4 = Stamped(raw, sm2_maker, sm2_signer, ESEAL_FORMAT_V4, now);
    Bytes v1 = Stamped(raw, sm2_maker, sm2_signer, ESEAL_FORMAT_V1, now);
    Bytes rsa = Stamped(raw, rsa_maker, rsa_signer, ESEAL_FORMAT_V4, now);
    Bytes strange = Stamped(raw, sm2_maker, stranger, ESEAL_FORMAT_V4, now);
    cases_ = {
        {"V4 SM2", v4, kDocument, passed},
        {"V1 SM2", v1, kDocument, passed},
        {"V4 SM2 changed data", v4, changed, hash},
        {"V1 SM2 changed data", v1, changed, hash},
        {"V4 RSA", rsa, kDocument, passed},
        {"V4 untrusted signer", strange, kDocument, untrusted},
    };
    for (const Case &c : cases_) ASSERT_FALSE(c.signature.empty()) << c.name;
  }

  openssl_pki::TempDir dir_;
  pki::CtxPtr ctx_;
  std::vector<Case> cases_;
};

TEST_F(SharedContext, ThreadsGetTheReportsOfASingleThread) {
  // What each case gives alone, which must be what the case is about.
  std::vector<Outcome> alone(cases_.size());
  for (size_t i = 0; i < cases_.size(); i++) {
    ASSERT_TRUE(VerifyOnce(ctx_.get(), cases_[i], &alone[i])) << cases_[i].name << LastError();
    EXPECT_EQ(alone[i].indication, cases_[i].expected.indication)
        << cases_[i].name << ": " << Describe(alone[i]);
    EXPECT_EQ(alone[i].sub, cases_[i].expected.sub) << cases_[i].name << ": " << Describe(alone[i]);
    // The signer, the maker and the CA certificates above them.
    EXPECT_GE(alone[i].certs, 3u) << cases_[i].name;
  }

  struct Tally {
    int verified = 0;
    int mismatches = 0;
    std::string first;
  };
  unsigned int n = std::clamp(std::thread::hardware_concurrency(), 4u, 8u);
  std::vector<Tally> tallies(n);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (unsigned int t = 0; t < n; t++) {
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      for (int round = 0; round < kRounds; round++) {
        // Even rounds: every thread on the same case; odd rounds: each on its own.
        size_t i = (round % 2 == 0 ? round / 2 : round + t) % cases_.size();
        Outcome got{};
        bool ok = VerifyOnce(ctx_.get(), cases_[i], &got);
        tallies[t].verified += ok;
        if (!ok || !(got == alone[i])) {
          if (tallies[t].mismatches++ == 0)
            tallies[t].first = cases_[i].name + ": " + (ok ? Describe(got) : "no report") +
                               " instead of " + Describe(alone[i]);
        }
      }
    });
  }
  go = true;
  for (std::thread &th : threads) th.join();
  for (unsigned int t = 0; t < n; t++) {
    EXPECT_EQ(tallies[t].verified, kRounds) << "thread " << t;
    EXPECT_EQ(tallies[t].mismatches, 0) << "thread " << t << ", first: " << tallies[t].first;
  }
}

// Leaves of one CA, every other one revoked in the CA's CRL.
struct RevocationPki {
  static constexpr int kLeaves = 24;
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  crl_builder::Key ca_key = crl_builder::NewKey("EC");
  crl_builder::Cert ca;
  std::vector<crl_builder::Key> keys;
  std::vector<eseal_cert *> leaves;
  eseal_cert *ca_cert = nullptr;
  std::string crl_der;

  static eseal_cert *Wrap(X509 *x) {
    unsigned char *der = nullptr;
    int n = i2d_X509(x, &der);
    eseal_cert *c = nullptr;
    if (n <= 0 || eseal_cert_load(&c, der, static_cast<size_t>(n)) != 0) c = nullptr;
    OPENSSL_free(der);
    return c;
  }
  RevocationPki() {
    crl_builder::CertSpec cs;
    cs.cn = "Threads Revocation CA";
    cs.ca = true;
    cs.not_before = now - 100 * 86400;
    cs.not_after = now + 100 * 86400;
    ca = crl_builder::IssueCert(cs, ca_key.get(), nullptr, ca_key.get());
    ca_cert = Wrap(ca.get());
    crl_builder::CrlSpec crl;
    crl.this_update = now - 3600;
    crl.next_update = now + 7 * 86400;
    for (int i = 0; i < kLeaves; i++) {
      keys.push_back(crl_builder::NewKey("EC"));
      crl_builder::CertSpec ls;
      ls.cn = "Threads Leaf " + std::to_string(i);
      ls.serial = 100 + i;
      ls.not_before = now - 50 * 86400;
      ls.not_after = now + 50 * 86400;
      crl_builder::Cert leaf = crl_builder::IssueCert(ls, keys.back().get(), ca.get(), ca_key.get());
      leaves.push_back(Wrap(leaf.get()));
      if (Revoked(i)) {
        crl_builder::Entry e;
        e.serial = 100 + i;
        e.revoked_at = now - 7200;
        e.reason = 1;
        crl.entries.push_back(e);
      }
    }
    crl_der = crl_builder::Der(crl_builder::MakeCrl(crl, ca.get(), ca_key.get()).get());
  }
  ~RevocationPki() {
    for (eseal_cert *c : leaves) eseal_cert_free(c);
    eseal_cert_free(ca_cert);
  }
  static bool Revoked(int i) { return i % 2 == 1; }
};

// Threads look up every leaf at once, each in its own order, while the
// cache (`with_store`: the store's) fills: every answer is the CRL's, and
// every lookup is counted once, as a hit or a miss.
void LookUpFromThreads(bool with_store) {
  RevocationPki p;
  for (eseal_cert *c : p.leaves) ASSERT_NE(c, nullptr);
  eseal_ctx *raw = nullptr;
  ASSERT_EQ(eseal_ctx_new(&raw), 0);
  pki::CtxPtr ctx(raw);
  ASSERT_EQ(eseal_ctx_set_fixed_time(raw, p.now), 0);
  ASSERT_EQ(eseal_ctx_add_trust_cert_roles(raw, p.ca_cert, ESEAL_ROLE_SIGNER_CA), 0);
  ASSERT_EQ(eseal_ctx_add_crl(raw, reinterpret_cast<const uint8_t *>(p.crl_der.data()),
                              p.crl_der.size()),
            0);
  eseal_store *store = nullptr;
  if (with_store) {
    ASSERT_EQ(eseal_store_open_memory(&store), 0);
    ASSERT_EQ(eseal_ctx_set_store(raw, store), 0);
  }
  constexpr int kPasses = 6;
  unsigned int n = std::clamp(std::thread::hardware_concurrency(), 4u, 8u);
  std::vector<int> wrong(n, 0), failed(n, 0);
  std::vector<std::string> first(n);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (unsigned int t = 0; t < n; t++) {
    threads.emplace_back([&, t] {
      while (!go.load()) std::this_thread::yield();
      for (int pass = 0; pass < kPasses; pass++)
        for (int k = 0; k < RevocationPki::kLeaves; k++) {
          // Thread t starts at leaf t, backwards on odd threads.
          int i = static_cast<int>((t % 2 ? RevocationPki::kLeaves - 1 - k : k) + t) %
                  RevocationPki::kLeaves;
          eseal_cert_status st;
          if (eseal_cert_status_lookup(raw, p.leaves[i], p.ca_cert, 0, &st) != 0) {
            failed[t]++;
            continue;
          }
          eseal_cert_status_value want =
              RevocationPki::Revoked(i) ? ESEAL_CERT_STATUS_REVOKED : ESEAL_CERT_STATUS_GOOD;
          if (st.status != want || (want == ESEAL_CERT_STATUS_REVOKED && st.reason != 1)) {
            if (wrong[t]++ == 0)
              first[t] = "leaf " + std::to_string(i) + ": status " + std::to_string(st.status) +
                         " (" + st.message + ")";
          }
        }
    });
  }
  go = true;
  for (std::thread &th : threads) th.join();
  for (unsigned int t = 0; t < n; t++) {
    EXPECT_EQ(failed[t], 0) << "thread " << t << ": " << LastError();
    EXPECT_EQ(wrong[t], 0) << "thread " << t << ": " << first[t];
  }
  eseal_revocation_stats stats;
  ASSERT_EQ(eseal_ctx_revocation_stats(raw, &stats), 0);
  EXPECT_EQ(stats.cache_hits + stats.cache_misses,
            static_cast<uint64_t>(n) * kPasses * RevocationPki::kLeaves);
  // Each leaf misses at least once, and once cached it is a hit.
  EXPECT_GE(stats.cache_misses, static_cast<uint64_t>(RevocationPki::kLeaves));
  EXPECT_GT(stats.cache_hits, 0u);
  if (store) {
    eseal_ctx_set_store(raw, nullptr);
    eseal_store_free(store);
  }
}

TEST(RevocationCacheThreads, MemoryCacheFilledFromACrlByThreads) { LookUpFromThreads(false); }

TEST(RevocationCacheThreads, StoreCacheFilledFromACrlByThreads) { LookUpFromThreads(true); }

}  // namespace
