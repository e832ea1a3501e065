// Benchmark: eseal_verify() and eseal_stamp() against raw OpenSSL SM2 on the
// same bytes, measured in one run with interleaved rounds; prints median
// rates and their ratios (doc/performance.md). No assertion on time:
// `meson test --benchmark`.
//
//  - verify, known seal: stamps made with one seal, caches warm;
//  - verify, unknown seal: stamps each made with a seal of their own, once
//    each, by a context that knows the certificates (the maker signature is
//    checked, certificates and chains come from the caches);
//  - verify, nothing known: the stamps of one seal with the caches off, so
//    that every certificate, chain and maker signature is computed again;
//  - baseline: one OpenSSL SM2 verification of the stamp's TBS_Sign bytes;
//  - stamp against one OpenSSL SM2 signature of those TBS_Sign bytes;
//  - eseal_verify_batch() with 2 threads against 1, one shared context;
//  - eseal verify --files-from (a process over many files) against the
//    library verifying the same files, with ESEAL_CLI set.
// Each with a seal carrying a 16 KB picture (real seals carry 15-20 KB) and
// with a 12-byte picture.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "../support/openssl_pki.h"
#include "../support/workflow.h"

extern "C" {
#include "codec/model.h"
}

using namespace workflow;

namespace {

using Clock = std::chrono::steady_clock;

template <typename F>
double RatePerSecond(int n, F f) {
  auto start = Clock::now();
  for (int i = 0; i < n; i++) f(i);
  std::chrono::duration<double> spent = Clock::now() - start;
  return n / spent.count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

EVP_MD_CTX *Sm2Ctx(EVP_PKEY *key, bool sign) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, nullptr);
  EVP_PKEY_CTX_set1_id(pctx, sm2::kDefaultId, strlen(sm2::kDefaultId));
  EVP_MD_CTX_set_pkey_ctx(md, pctx);
  int ok = sign ? EVP_DigestSignInit(md, nullptr, EVP_sm3(), nullptr, key)
                : EVP_DigestVerifyInit(md, nullptr, EVP_sm3(), nullptr, key);
  if (ok != 1) std::abort();
  return md;
}

// One raw OpenSSL SM2 verification, as a caller of OpenSSL alone would write it.
bool RawVerify(EVP_PKEY *key, const eseal__bytes &msg, const eseal__bytes &sig) {
  EVP_MD_CTX *md = Sm2Ctx(key, false);
  bool ok = EVP_DigestVerify(md, sig.ptr, sig.len, msg.ptr, msg.len) == 1;
  EVP_PKEY_CTX_free(EVP_MD_CTX_get_pkey_ctx(md));
  EVP_MD_CTX_free(md);
  return ok;
}

bool RawSign(EVP_PKEY *key, const eseal__bytes &msg) {
  EVP_MD_CTX *md = Sm2Ctx(key, true);
  unsigned char out[80];
  size_t len = sizeof out;
  bool ok = EVP_DigestSign(md, out, &len, msg.ptr, msg.len) == 1;
  EVP_PKEY_CTX_free(EVP_MD_CTX_get_pkey_ctx(md));
  EVP_MD_CTX_free(md);
  return ok;
}

struct Variant {
  const char *name;
  size_t picture;
};

int failures = 0;

bool Passed(eseal_ctx *ctx, const Bytes &stamp, const eseal_data *data,
            const eseal_verify_options *opts) {
  eseal_report *r = nullptr;
  bool ok = eseal_verify_bytes(&r, ctx, stamp.data(), stamp.size(), data, opts) == 0 &&
            eseal_report_indication(r) == ESEAL_TOTAL_PASSED;
  eseal_report_free(r);
  return ok;
}

void WriteFile(const std::string &path, const Bytes &b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(b.data()), b.size());
}

void Run(const Variant &variant) {
  pki::CtxPtr warm = pki::Context(), cold = pki::Context();
  eseal_ctx_set_caches(cold.get(), 0);
  Bytes picture(variant.picture, 0x42);
  static const uint8_t png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
  std::copy(png, png + sizeof png, picture.begin());
  SealPtr seal;
  if (MakeSeal(seal, warm.get(), [&](eseal_seal_builder *b) {
        eseal_seal_builder_set_picture(b, "PNG", picture.data(), picture.size(), 40, 40);
      }) != 0) {
    std::fprintf(stderr, "no seal: %s\n", LastError().c_str());
    std::exit(1);
  }
  // 64 stamps with one seal over one document.
  const int kStamps = 64;
  std::vector<Bytes> stamps;
  std::vector<eseal_signature *> sigs;
  for (int i = 0; i < kStamps; i++) {
    SignaturePtr sig;
    if (Stamp(sig, warm.get(), seal.p) != 0) std::exit(1);
    size_t len = 0;
    const uint8_t *p = eseal_signature_bytes(sig.p, &len);
    stamps.emplace_back(p, p + len);
    sigs.push_back(sig.p);
    sig.p = nullptr;
  }
  DataPtr data;
  eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size());
  const int rounds = 9, per_round = 200, per_unknown = per_round / 4;
  // One stamp per seal, each verified once: the seal cache never has them.
  std::vector<Bytes> fresh;
  for (int i = 0; i < rounds * per_unknown; i++) {
    SealPtr other;
    SignaturePtr sig;
    if (MakeSeal(other, warm.get(), [&](eseal_seal_builder *b) {
          eseal_seal_builder_set_picture(b, "PNG", picture.data(), picture.size(), 40, 40);
        }) != 0 ||
        Stamp(sig, warm.get(), other.p) != 0)
      std::exit(1);
    size_t len = 0;
    const uint8_t *p = eseal_signature_bytes(sig.p, &len);
    fresh.emplace_back(p, p + len);
  }
  eseal_verify_options opts = ESEAL_VERIFY_OPTIONS_INIT;
  opts.validation_time = pki::kNow + pki::kDay;
  // The signer's public key, from the certificate the stamps carry.
  const uint8_t *cert_der = sigs[0]->signer_cert.ptr;
  X509 *signer_x509 = d2i_X509(nullptr, &cert_der, static_cast<long>(sigs[0]->signer_cert.len));
  EVP_PKEY *pub = signer_x509 ? X509_get0_pubkey(signer_x509) : nullptr;
  if (pub == nullptr) std::exit(1);
  const eseal_signature *s0 = sigs[0];
  // The signer's private key, for the raw signing baseline, and as eseal_stamp() takes it.
  EVP_PKEY *priv = pki::Signer().key.get();
  pki::KeyPtr key = pki::Key(pki::Signer());
  pki::CertPtr cert = pki::Cert(pki::Signer());
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  so.property_info = "/Doc_0/Signs/Sign_0/Signature.xml";

  std::vector<double> known, unknown, nothing, raw_verify, stamp_rate, raw_sign, one, two;
  for (int r = 0; r < rounds; r++) {
    known.push_back(RatePerSecond(per_round, [&](int i) {
      failures += !Passed(warm.get(), stamps[i % kStamps], data.p, &opts);
    }));
    raw_verify.push_back(RatePerSecond(per_round, [&](int i) {
      failures += !RawVerify(pub, sigs[i % kStamps]->tbs, sigs[i % kStamps]->sigval_der);
    }));
    unknown.push_back(RatePerSecond(per_unknown, [&](int i) {
      failures += !Passed(warm.get(), fresh[r * per_unknown + i], data.p, &opts);
    }));
    nothing.push_back(RatePerSecond(per_unknown, [&](int i) {
      failures += !Passed(cold.get(), stamps[i % kStamps], data.p, &opts);
    }));
    stamp_rate.push_back(RatePerSecond(per_round / 2, [&](int) {
      eseal_signature *sig = nullptr;
      failures += eseal_stamp(&sig, warm.get(), seal.p, key.get(), cert.get(), data.p, &so) != 0;
      eseal_signature_free(sig);
    }));
    raw_sign.push_back(RatePerSecond(per_round / 2, [&](int) {
      failures += !RawSign(priv, s0->tbs);
    }));
    // eseal_verify_batch over 4 x 64 stamps, with 1 and 2 threads.
    for (unsigned jobs : {1u, 2u}) {
      const size_t n = 4 * kStamps;
      std::vector<const uint8_t *> ptrs(n);
      std::vector<size_t> lens(n);
      std::vector<const eseal_data *> datas(n, data.p);
      std::vector<eseal_report *> reports(n);
      for (size_t i = 0; i < n; i++) {
        ptrs[i] = stamps[i % kStamps].data();
        lens[i] = stamps[i % kStamps].size();
      }
      auto start = Clock::now();
      failures += eseal_verify_batch(reports.data(), warm.get(), ptrs.data(), lens.data(),
                                     datas.data(), n, jobs, &opts) != 0;
      std::chrono::duration<double> spent = Clock::now() - start;
      for (eseal_report *rep : reports) {
        failures += eseal_report_indication(rep) != ESEAL_TOTAL_PASSED;
        eseal_report_free(rep);
      }
      (jobs == 1 ? one : two).push_back(n / spent.count());
    }
  }
  size_t tbs_len = s0->tbs.len;
  std::printf("\n%s (seal %zu bytes, TBS_Sign %zu bytes), median of %d interleaved rounds:\n",
              variant.name, seal.p->bytes.len, tbs_len, rounds);
  double k = Median(known), u = Median(unknown), nk = Median(nothing), rv = Median(raw_verify);
  double st = Median(stamp_rate), rs = Median(raw_sign), o = Median(one), t = Median(two);
  std::printf("  raw OpenSSL SM2 verify of TBS_Sign: %8.0f /s\n", rv);
  std::printf("  eseal_verify, known seal (warm):    %8.0f /s  = %.2fx raw (target >= 2.5x)\n", k,
              k / rv);
  std::printf("  eseal_verify, unknown seal:         %8.0f /s  = %.2fx raw (target >= 0.8x)\n", u,
              u / rv);
  std::printf("  eseal_verify, caches off:           %8.0f /s  = %.2fx raw\n", nk, nk / rv);
  std::printf("  raw OpenSSL SM2 sign of TBS_Sign:   %8.0f /s\n", rs);
  std::printf("  eseal_stamp:                        %8.0f /s  = %.2fx raw (target >= 0.95x)\n",
              st, st / rs);
  std::printf("  eseal_verify_batch, 1 thread:       %8.0f /s\n", o);
  std::printf("  eseal_verify_batch, 2 threads:      %8.0f /s  = %.2fx 1 thread (target >= 1.9x)\n",
              t, t / o);

  // The CLI over files against the library over the same files.
  const char *cli = std::getenv("ESEAL_CLI");
  if (cli) {
    openssl_pki::TempDir dir;
    std::string list = dir.path() + "/list.txt", root = dir.path() + "/root.der",
                doc = dir.path() + "/doc.txt";
    std::ofstream names(list);
    const int files = 1024;
    for (int i = 0; i < files; i++) {
      std::string path = dir.path() + "/s" + std::to_string(i) + ".sig";
      WriteFile(path, stamps[i % kStamps]);
      names << path << "\n";
    }
    names.close();
    WriteFile(root, pki::Root().cert);
    WriteFile(doc, kDocument);
    std::string command = std::string(cli) + " verify -q --trust " + root + " --data " + doc +
                          " --at @" + std::to_string(opts.validation_time) +
                          " --files-from " + list;
    std::vector<double> by_cli, by_lib;
    for (int r = 0; r < 5; r++) {
      auto start = Clock::now();
      failures += std::system(command.c_str()) != 0;
      std::chrono::duration<double> spent = Clock::now() - start;
      by_cli.push_back(files / spent.count());
      // The library as a caller would use it: a context, then each file read and verified.
      start = Clock::now();
      eseal_ctx *ctx = nullptr;
      eseal_ctx_new(&ctx);
      eseal_ctx_add_trust_path(ctx, root.c_str());
      eseal_data *d = nullptr;
      eseal_data_from_file(&d, doc.c_str());
      std::ifstream in(list);
      std::string path;
      while (std::getline(in, path)) {
        std::ifstream f(path, std::ios::binary);
        Bytes b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        failures += !Passed(ctx, b, d, &opts);
      }
      eseal_data_free(d);
      eseal_ctx_free(ctx);
      spent = Clock::now() - start;
      by_lib.push_back(files / spent.count());
    }
    double c = Median(by_cli), l = Median(by_lib);
    std::printf("  eseal verify --files-from (%d files): %7.0f /s\n", files, c);
    std::printf("  library over the same files:        %8.0f /s  CLI = %.2fx library (target >= 0.9x)\n",
                l, c / l);
  }
  for (eseal_signature *s : sigs) eseal_signature_free(s);
  X509_free(signer_x509);
}

}  // namespace

int main() {
  std::printf("machine: %u hardware threads; load average at start: ",
              std::thread::hardware_concurrency());
  std::ifstream load("/proc/loadavg");
  std::string line;
  std::getline(load, line);
  std::printf("%s\n", line.c_str());
  Run({"16 KB picture", 16 * 1024});
  Run({"12-byte picture", 12});
  if (failures) {
    std::fprintf(stderr, "%d operations did not give the expected result\n", failures);
    return 1;
  }
  return 0;
}
