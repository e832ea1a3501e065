// Benchmark: stamping with an RSA-2048 key held in SoftHSM2 against raw
// C_Sign (CKM_SHA256_RSA_PKCS) on the same key over the same TBS_Sign bytes,
// measured in the same run with interleaved rounds; prints the median rates
// and their ratio (doc/performance.md, target >= 0.95x). A third figure, the
// backend's signature alone (session pool, C_SignInit, C_Sign), tells the
// PKCS#11 backend's cost apart from the rest of stamping. No assertion on
// time: `meson test --benchmark`. Skipped when SoftHSM2 is absent.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include <gtest/gtest.h>

#include <eseal.h>

extern "C" {
#include "crypto/key.h"
}

#include "../support/openssl_pki.h"
#include "../support/softhsm.h"
#include "../support/workflow.h"

using namespace workflow;
using openssl_pki::Role;

namespace {

template <typename F>
double RatePerSecond(int n, F f) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; i++)
    f();
  std::chrono::duration<double> spent = std::chrono::steady_clock::now() - start;
  return n / spent.count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TEST(Pkcs11Bench, StampingAgainstRawCSign) {
  std::string module = softhsm::ModulePath();
  if (module.empty())
    GTEST_SKIP() << "SoftHSM2 is not installed";
  openssl_pki::TempDir dir;
  softhsm::Store store(dir.path());
  auto root = openssl_pki::Issue(dir.path(), "root", "Bench Root", "RSA", Role::kCa, nullptr);
  auto maker = openssl_pki::Issue(dir.path(), "maker", "Bench Maker", "RSA", Role::kLeaf, &root);
  auto signer =
      openssl_pki::Issue(dir.path(), "signer", "Bench Signer", "RSA", Role::kLeaf, &root);
  store.InitToken("Bench", "1234");
  store.Import(signer.key_file, "Bench", "signer", "01", "1234");

  // The raw session first: it initialises the module, and outlives the library's key.
  softhsm::Session raw(module, "Bench", "1234");
  CK_OBJECT_HANDLE obj = raw.Find(CKO_PRIVATE_KEY, "signer");
  ASSERT_NE(obj, CK_INVALID_HANDLE);
  eseal_pkcs11_options o = ESEAL_PKCS11_OPTIONS_INIT;
  o.pin = "1234";
  eseal_key *k = nullptr;
  std::string uri = "pkcs11:token=Bench;object=signer?module-path=" + module;
  ASSERT_EQ(eseal_key_from_pkcs11(&k, nullptr, uri.c_str(), &o), 0) << LastError();
  pki::KeyPtr key(k);

  int64_t now = static_cast<int64_t>(std::time(nullptr)) + 60;
  eseal_ctx *c = nullptr;
  ASSERT_EQ(eseal_ctx_new(&c), 0);
  pki::CtxPtr ctx(c);
  ASSERT_EQ(eseal_ctx_set_fixed_time(c, now), 0);
  auto maker_key = LoadKey(maker.key_file);
  SealPtr seal;
  SignaturePtr first;
  ASSERT_NO_FATAL_FAILURE(MakeSealAndStampWithKeys(c, maker_key.get(), maker.cert_file,
                                                   key.get(), signer.cert_file, now, seal,
                                                   first));
  size_t tbs_len = 0;
  const uint8_t *tbs = eseal_signature_tbs_bytes(first.p, &tbs_len);
  std::vector<uint8_t> message(tbs, tbs + tbs_len);
  auto cert = LoadCert(signer.cert_file);
  DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);

  const int per_round = 40, rounds = 9;
  std::vector<double> stamping, csign, backend;
  int failures = 0;
  for (int r = 0; r < rounds; r++) {
    stamping.push_back(RatePerSecond(per_round, [&] {
      eseal_signature *sig = nullptr;
      failures += eseal_stamp(&sig, c, seal.p, key.get(), cert.get(), data.p, nullptr) != 0;
      eseal_signature_free(sig);
    }));
    csign.push_back(RatePerSecond(per_round, [&] {
      std::vector<uint8_t> sig;
      failures += raw.Sign(obj, CKM_SHA256_RSA_PKCS, message, &sig) != CKR_OK;
    }));
    backend.push_back(RatePerSecond(per_round, [&] {
      eseal_buf sig = ESEAL_BUF_INIT;
      failures += eseal__key_sign(key.get(), nullptr, 0, message.data(), message.size(), &sig);
      eseal_buf_dispose(&sig);
    }));
  }
  EXPECT_EQ(failures, 0) << LastError();
  double a = Median(stamping), b = Median(csign), s = Median(backend);
  std::printf("RSA-2048 in SoftHSM2, %zu-byte TBS_Sign, median of %d interleaved rounds of %d:\n",
              message.size(), rounds, per_round);
  std::printf("  eseal_stamp:  %8.1f /s\n  raw C_Sign:   %8.1f /s\n  backend sign: %8.1f /s\n",
              a, b, s);
  std::printf("  ratio: %.3fx raw C_Sign (target >= 0.95x); backend sign alone %.3fx\n", a / b,
              s / b);
  key.reset();  // before the raw session finalises the module
}

}  // namespace
