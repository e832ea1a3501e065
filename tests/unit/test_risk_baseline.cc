// The behavioural baseline on a generated 90-day history of physical uses of
// one seal (working hours, two offices): every injected anomaly (a night use
// in an hour of the week never used, a use in a city never visited) alerts,
// and the normal uses raise at most kMaxFalseAlerts alerts.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "registry_support.h"

using namespace helpers;
using namespace reg;

namespace {

const char *const kTenant = "t1";
// The documented bound (doc/risk-control.md, "Baseline") for this history.
constexpr size_t kMaxFalseAlerts = 5;

int64_t Beijing(int y, int mo, int d, int h, int mi) {
  struct tm t = {};
  t.tm_year = y - 1900;
  t.tm_mon = mo - 1;
  t.tm_mday = d;
  t.tm_hour = h;
  t.tm_min = mi;
  return static_cast<int64_t>(timegm(&t)) - 8 * 3600;
}

// A small fixed generator, so that the history is the same on every platform.
struct Rng {
  uint64_t s = 0x9e3779b97f4a7c15ull;
  uint32_t next(uint32_t n) {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    return static_cast<uint32_t>(s % n);
  }
};

struct Use {
  int64_t t;
  double lat, lon;
  bool anomaly;
};

struct PolicyPtr {
  eseal_policy *p = nullptr;
  ~PolicyPtr() { eseal_policy_free(p); }
};

TEST(Baseline, NinetyDaysWithInjectedAnomalies) {
  StorePtr store;
  ASSERT_EQ(eseal_store_open_memory(&store.p), 0);
  const int64_t start = Beijing(2026, 1, 5, 0, 0);  // a Monday
  auto ctx = reg::Context(store.p, start);
  SealPtr seal;
  ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0);
  ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "clerk", nullptr), 0);
  PolicyPtr pol;
  ASSERT_EQ(eseal_policy_new(&pol.p), 0);
  ASSERT_EQ(eseal_policy_add_baseline_rule(pol.p, "baseline", ESEAL_RISK_ALERT), 0);
  ASSERT_EQ(eseal_ctx_set_policy(ctx.get(), pol.p), 0);

  // Working days, 8 to 12 uses between 09:00 and 18:00, 70 % at the head office.
  Rng rng;
  std::vector<Use> uses;
  for (int day = 0; day < 90; day++) {
    if (day % 7 >= 5) continue;
    int n = 8 + static_cast<int>(rng.next(5));
    for (int i = 0; i < n; i++) {
      int64_t t = start + day * 86400LL + 9 * 3600 + rng.next(9 * 3600);
      bool head = rng.next(10) < 7;
      uses.push_back({t, head ? 30.2741 : 30.3050, head ? 120.1551 : 120.2010, false});
    }
  }
  // Anomalies after day 50: nights in five hours of the week never used, and
  // five working-hour uses in five cities never visited.
  const int night[][2] = {{54, 3}, {61, 2}, {67, 4}, {75, 1}, {83, 23}};  // day, hour
  for (const auto &n : night)
    uses.push_back({start + n[0] * 86400LL + n[1] * 3600, 30.2741, 120.1551, true});
  const double cities[][2] = {{31.23, 121.47}, {39.90, 116.40}, {22.54, 114.06},
                              {30.57, 104.07}, {34.34, 108.94}};
  for (int i = 0; i < 5; i++)
    uses.push_back({start + (52 + 8 * i) * 86400LL + 11 * 3600, cities[i][0], cities[i][1], true});
  std::sort(uses.begin(), uses.end(), [](const Use &a, const Use &b) { return a.t < b.t; });

  size_t missed = 0, false_alerts = 0, anomalies = 0;
  for (const Use &u : uses) {
    eseal_physical_use p = ESEAL_PHYSICAL_USE_INIT;
    p.tenant = kTenant;
    p.es_id = eseal_seal_esid(seal.p);
    p.device = "smart seal";
    p.device_time = u.t;
    p.has_location = 1;
    p.latitude = u.lat;
    p.longitude = u.lon;
    p.accuracy_m = 10;
    ASSERT_EQ(eseal_ctx_set_fixed_time(ctx.get(), u.t + 5), 0);
    eseal_physical_outcome out;
    ASSERT_EQ(eseal_log_physical_use(&out, ctx.get(), &p, nullptr, 0), 0) << LastError();
    if (u.anomaly) {
      anomalies++;
      missed += out.alerts == 0;
    } else {
      false_alerts += out.alerts;
    }
  }
  EXPECT_EQ(anomalies, 10u);
  EXPECT_EQ(missed, 0u);
  EXPECT_LE(false_alerts, kMaxFalseAlerts);
  RecordProperty("normal_uses", static_cast<int>(uses.size() - anomalies));
  RecordProperty("false_alerts", static_cast<int>(false_alerts));
  std::printf("baseline: %zu normal uses, %zu false alerts, %zu of %zu anomalies missed\n",
              uses.size() - anomalies, false_alerts, missed, anomalies);
  EXPECT_EQ(eseal_usage_log_verify(nullptr, store.p, ctx.get(), kTenant, nullptr, 0), 0);
}

// Before ESEAL_BASELINE_MIN_USES accepted uses nothing is judged.
TEST(Baseline, NoAlertBeforeTheMinimumHistory) {
  StorePtr store;
  ASSERT_EQ(eseal_store_open_memory(&store.p), 0);
  const int64_t start = Beijing(2026, 1, 5, 10, 0);
  auto ctx = reg::Context(store.p, start);
  SealPtr seal;
  ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0);
  ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "clerk", nullptr), 0);
  PolicyPtr pol;
  ASSERT_EQ(eseal_policy_new(&pol.p), 0);
  ASSERT_EQ(eseal_policy_add_baseline_rule(pol.p, "baseline", ESEAL_RISK_FREEZE), 0);
  ASSERT_EQ(eseal_ctx_set_policy(ctx.get(), pol.p), 0);
  for (int i = 0; i < ESEAL_BASELINE_MIN_USES - 1; i++) {
    eseal_physical_use p = ESEAL_PHYSICAL_USE_INIT;
    p.tenant = kTenant;
    p.es_id = eseal_seal_esid(seal.p);
    p.device = "smart seal";
    p.device_time = start + i * 86400LL + (i % 2 ? 0 : 14 * 3600);  // 10:00 or 00:00
    ASSERT_EQ(eseal_ctx_set_fixed_time(ctx.get(), p.device_time + 1), 0);
    eseal_physical_outcome out;
    ASSERT_EQ(eseal_log_physical_use(&out, ctx.get(), &p, nullptr, 0), 0) << LastError();
    EXPECT_EQ(out.alerts, 0u) << i;
  }
}

}  // namespace
