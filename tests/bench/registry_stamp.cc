// Stamping with a store (SQLite file, the registry's state check, intent and
// completion records) against stamping without one, in the same run; prints
// the ratio of their rates. Not a pass/fail timing test.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include <eseal.h>

#include "../support/pki.h"
#include "../support/workflow.h"

namespace {

double Rate(eseal_ctx *ctx, const eseal_seal *seal, const eseal_stamp_options *o, int rounds) {
  eseal_data *data = nullptr;
  if (eseal_data_from_bytes(&data, workflow::kDocument.data(), workflow::kDocument.size()) != 0)
    std::abort();
  auto key = pki::Key(pki::Signer());
  auto cert = pki::Cert(pki::Signer());
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < rounds; i++) {
    eseal_signature *sig = nullptr;
    if (eseal_stamp(&sig, ctx, seal, key.get(), cert.get(), data, o) != 0) {
      std::fprintf(stderr, "stamp failed: %s\n", eseal_error_last()->message);
      std::exit(1);
    }
    eseal_signature_free(sig);
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  eseal_data_free(data);
  return rounds / s;
}

}  // namespace

int main() {
  const int rounds = std::getenv("ESEAL_BENCH_ROUNDS") ? std::atoi(std::getenv("ESEAL_BENCH_ROUNDS"))
                                                       : 300;
  char dir[] = "/tmp/eseal-bench-XXXXXX";
  if (mkdtemp(dir) == nullptr) return 1;
  std::string path = std::string(dir) + "/store.db";
  eseal_store *store = nullptr;
  if (eseal_store_open_sqlite(&store, path.c_str()) != 0) return 1;
  auto plain = pki::Context();
  auto stored = pki::Context();
  eseal_ctx_set_store(stored.get(), store);
  helpers::SealPtr seal;
  if (workflow::MakeSeal(seal, plain.get()) != 0 ||
      eseal_registry_register(stored.get(), "bench", seal.p, "bench", nullptr) != 0)
    return 1;
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  o.tenant = "bench";
  o.operator_id = "operator";
  Rate(plain.get(), seal.p, &o, rounds / 10 + 1);  // warm up
  double without = Rate(plain.get(), seal.p, &o, rounds);
  double with = Rate(stored.get(), seal.p, &o, rounds);
  std::printf("stamping without a store: %.0f/s\n", without);
  std::printf("stamping with a SQLite store (state check, intent, completion): %.0f/s\n", with);
  std::printf("ratio with/without: %.2f\n", with / without);
  stored.reset();
  eseal_store_free(store);
  unlink(path.c_str());
  rmdir(dir);
  return 0;
}
