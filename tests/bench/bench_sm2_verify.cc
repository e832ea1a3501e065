// Benchmark: SM2 signature verification, the library's verifier against
// OpenSSL's EVP verification of the same message and signature, measured in
// the same run with interleaved rounds; prints the median rates and their
// ratio (doc/performance.md). No assertion on time: `meson test --benchmark`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include <openssl/evp.h>

extern "C" {
#include "crypto/sm2_fast.h"
}

namespace {

const char kId[] = "1234567812345678";

bool EvpVerify(EVP_PKEY *key, const unsigned char *msg, size_t len, const unsigned char *sig,
               size_t sig_len) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, nullptr);
  EVP_PKEY_CTX_set1_id(pctx, kId, strlen(kId));
  EVP_MD_CTX_set_pkey_ctx(md, pctx);
  bool ok = EVP_DigestVerifyInit(md, nullptr, EVP_sm3(), nullptr, key) == 1 &&
            EVP_DigestVerify(md, sig, sig_len, msg, len) == 1;
  EVP_MD_CTX_free(md);
  EVP_PKEY_CTX_free(pctx);
  return ok;
}

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

}  // namespace

int main() {
  EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
  // A TBS_Sign-sized message.
  std::vector<unsigned char> msg(600, 0x5a);
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, nullptr);
  EVP_PKEY_CTX_set1_id(pctx, kId, strlen(kId));
  EVP_MD_CTX_set_pkey_ctx(md, pctx);
  unsigned char sig[128];
  size_t sig_len = sizeof sig;
  if (key == nullptr || EVP_DigestSignInit(md, nullptr, EVP_sm3(), nullptr, key) != 1 ||
      EVP_DigestSign(md, sig, &sig_len, msg.data(), msg.size()) != 1) {
    std::fprintf(stderr, "could not make the signature to verify\n");
    return 1;
  }
  EVP_MD_CTX_free(md);
  EVP_PKEY_CTX_free(pctx);

  const int per_round = 300, rounds = 9;
  std::vector<double> ours, openssl;
  int failures = 0;
  for (int r = 0; r < rounds; r++) {
    ours.push_back(RatePerSecond(per_round, [&] {
      failures += eseal__sm2_verify_message(key, reinterpret_cast<const uint8_t *>(kId),
                                            strlen(kId), msg.data(), msg.size(), sig,
                                            sig_len) != 1;
    }));
    openssl.push_back(RatePerSecond(per_round, [&] {
      failures += !EvpVerify(key, msg.data(), msg.size(), sig, sig_len);
    }));
  }
  EVP_PKEY_free(key);
  if (failures) {
    std::fprintf(stderr, "%d verifications failed\n", failures);
    return 1;
  }
  double a = Median(ours), b = Median(openssl);
  std::printf("SM2 verify, %zu-byte message, median of %d interleaved rounds of %d:\n",
              msg.size(), rounds, per_round);
  std::printf("  libeseal built-in: %8.0f /s\n  OpenSSL EVP:       %8.0f /s\n", a, b);
  std::printf("  ratio: %.2fx OpenSSL (target >= 4x)\n", a / b);
  return 0;
}
