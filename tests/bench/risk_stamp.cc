// Stamping through one SQLite store with a 20-rule risk policy against the
// same stamping with no policy, in the same run, alternating blocks; prints
// the median time of a stamp each way and the policy's cost in per cent
// (medians, because an fsync on a busy machine makes single stamps slow). The clock advances a minute a
// stamp (a busy seal), so no rule fires: this measures judging, not alerting.
// Not a pass/fail timing test (doc/performance.md has the figure).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>
#include <cstdlib>
#include <string>

#include <unistd.h>

#include <eseal.h>

#include "../support/pki.h"
#include "../support/workflow.h"

namespace {

// 20 rules: 4 hours, 4 geofences, 6 rates, 3 novelty, 1 baseline, 2 restricted to other seals.
const char kPolicy[] = R"({"version": 1, "rules": [
  {"name": "h1", "kind": "hours", "level": "freeze", "hours": {"mon": ["00:00-24:00"],
   "tue": ["00:00-24:00"], "wed": ["00:00-24:00"], "thu": ["00:00-24:00"],
   "fri": ["00:00-24:00"], "sat": ["00:00-24:00"], "sun": ["00:00-24:00"]}},
  {"name": "h2", "kind": "hours", "level": "alert", "hours": {"mon": ["00:00-24:00"],
   "tue": ["00:00-24:00"], "wed": ["00:00-24:00"], "thu": ["00:00-24:00"],
   "fri": ["00:00-24:00"], "sat": ["00:00-24:00"], "sun": ["00:00-24:00"]}},
  {"name": "h3", "kind": "hours", "level": "record", "seals": ["other"], "hours": {}},
  {"name": "h4", "kind": "hours", "level": "record", "seals": ["other 2"], "hours": {}},
  {"name": "g1", "kind": "geofence", "level": "freeze", "areas": [{"circle": [30.2741, 120.1551, 500]}]},
  {"name": "g2", "kind": "geofence", "level": "alert", "areas": [{"circle": [30.2741, 120.1551, 5000]},
   {"polygon": [[31.0, 121.0], [31.0, 121.1], [31.1, 121.1], [31.1, 121.0]]}]},
  {"name": "g3", "kind": "geofence", "level": "record", "areas": [{"polygon": [[30.0, 120.0],
   [30.0, 120.5], [30.5, 120.5], [30.5, 120.0]]}]},
  {"name": "g4", "kind": "geofence", "level": "record", "areas": [{"circle": [30.27, 120.15, 20000]}]},
  {"name": "r1", "kind": "rate", "level": "freeze", "per": "seal", "count": "accepted", "limit": 100, "window": 3600},
  {"name": "r2", "kind": "rate", "level": "alert", "per": "seal", "count": "accepted", "limit": 1000, "window": 86400},
  {"name": "r3", "kind": "rate", "level": "alert", "per": "operator", "count": "accepted", "limit": 100, "window": 3600},
  {"name": "r4", "kind": "rate", "level": "alert", "per": "device", "count": "accepted", "limit": 100, "window": 3600},
  {"name": "r5", "kind": "rate", "level": "alert", "per": "seal", "count": "refused", "limit": 3, "window": 600},
  {"name": "r6", "kind": "rate", "level": "alert", "per": "operator", "count": "refused", "limit": 3, "window": 600},
  {"name": "n1", "kind": "novelty", "level": "alert", "of": "device"},
  {"name": "n2", "kind": "novelty", "level": "alert", "of": "operator"},
  {"name": "n3", "kind": "novelty", "level": "record", "of": "place"},
  {"name": "b1", "kind": "baseline", "level": "alert"},
  {"name": "x1", "kind": "rate", "level": "freeze", "seals": ["other"], "per": "seal", "count": "accepted", "limit": 1, "window": 60},
  {"name": "x2", "kind": "novelty", "level": "freeze", "seals": ["other"], "of": "device"}
]})";

int64_t clock_at = pki::kNow + 3600;

void Time(std::vector<double> &out, eseal_ctx *ctx, const eseal_seal *seal,
          const eseal_stamp_options *o, int rounds) {
  eseal_data *data = nullptr;
  if (eseal_data_from_bytes(&data, workflow::kDocument.data(), workflow::kDocument.size()) != 0)
    std::abort();
  auto key = pki::Key(pki::Signer());
  auto cert = pki::Cert(pki::Signer());
  for (int i = 0; i < rounds; i++) {
    eseal_ctx_set_fixed_time(ctx, clock_at += 60);
    auto start = std::chrono::steady_clock::now();
    eseal_signature *sig = nullptr;
    if (eseal_stamp(&sig, ctx, seal, key.get(), cert.get(), data, o) != 0) {
      std::fprintf(stderr, "stamp failed: %s\n", eseal_error_last()->message);
      std::exit(1);
    }
    out.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    eseal_signature_free(sig);
  }
  eseal_data_free(data);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/* Median stamp time without and with the policy through `store`; prints them. */
void Compare(const char *what, eseal_store *store, const eseal_policy *policy, int rounds) {
  auto plain = pki::Context();
  auto judged = pki::Context();
  eseal_ctx_set_store(plain.get(), store);
  eseal_ctx_set_store(judged.get(), store);
  eseal_ctx_set_policy(judged.get(), policy);
  helpers::SealPtr seal;
  if (workflow::MakeSeal(seal, plain.get()) != 0 ||
      eseal_registry_register(plain.get(), "bench", seal.p, "bench", nullptr) != 0)
    std::exit(1);
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  o.tenant = "bench";
  o.operator_id = "operator";
  o.device = "pc-7";
  o.has_location = 1;
  o.latitude = 30.2742;
  o.longitude = 120.1552;
  o.accuracy_m = 10;
  std::vector<double> warm, without, with;
  Time(warm, judged.get(), seal.p, &o, rounds / 10 + 1);  // warm up; the seal's history begins
  for (int block = 0; block < 6; block++) {  // alternate, so that drift hits both alike
    Time(without, plain.get(), seal.p, &o, rounds / 6 + 1);
    Time(with, judged.get(), seal.p, &o, rounds / 6 + 1);
  }
  double a = Median(without), b = Median(with);
  std::printf("%s: median stamp %.3f ms without a policy, %.3f ms with the %zu-rule policy: "
              "%+.1f %%\n",
              what, a * 1e3, b * 1e3, eseal_policy_rule_count(policy), (b / a - 1.0) * 100.0);
}

}  // namespace

int main() {
  const int rounds = std::getenv("ESEAL_BENCH_ROUNDS") ? std::atoi(std::getenv("ESEAL_BENCH_ROUNDS"))
                                                       : 300;
  char dir[] = "/tmp/eseal-bench-XXXXXX";
  if (mkdtemp(dir) == nullptr) return 1;
  std::string path = std::string(dir) + "/store.db";
  eseal_store *sqlite = nullptr, *memory = nullptr;
  eseal_policy *policy = nullptr;
  if (eseal_store_open_sqlite(&sqlite, path.c_str()) != 0 ||
      eseal_store_open_memory(&memory) != 0 ||
      eseal_policy_load(&policy, reinterpret_cast<const uint8_t *>(kPolicy), sizeof kPolicy - 1) !=
          0) {
    std::fprintf(stderr, "setup: %s\n", eseal_error_last()->message);
    return 1;
  }
  Compare("SQLite store (durable commits)", sqlite, policy, rounds);
  // Without fsyncs, the judging's own cost against the rest of a stamp (SM2 signing).
  Compare("memory store", memory, policy, rounds);
  eseal_policy_free(policy);
  eseal_store_free(sqlite);
  eseal_store_free(memory);
  unlink(path.c_str());
  rmdir(dir);
  return 0;
}
