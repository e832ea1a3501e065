// Risk rules judged at every stamping with a store: each rule at each level,
// alerts in the log and through the callback after the commit, freezes that
// refuse until a signed unfreeze, rate windows at their boundary, novelty, and
// processes racing past a rate limit through one SQLite file.
#include <sys/wait.h>
#include <unistd.h>

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

int64_t Beijing(int y, int mo, int d, int h, int mi, int s = 0) {
  struct tm t = {};
  t.tm_year = y - 1900;
  t.tm_mon = mo - 1;
  t.tm_mday = d;
  t.tm_hour = h;
  t.tm_min = mi;
  t.tm_sec = s;
  return static_cast<int64_t>(timegm(&t)) - 8 * 3600;
}

// Monday 2026-01-05, 10:00 and 23:00 in Beijing.
const int64_t kWorkTime = Beijing(2026, 1, 5, 10, 0);
const int64_t kNight = Beijing(2026, 1, 5, 23, 0);

struct PolicyPtr {
  eseal_policy *p = nullptr;
  ~PolicyPtr() { eseal_policy_free(p); }
};

eseal_stamp_options Options() {
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  o.tenant = kTenant;
  o.operator_id = "operator 7";
  o.device = "pad-12";
  o.has_location = 1;
  o.latitude = 30.2741;
  o.longitude = 120.1551;
  o.accuracy_m = 10;
  return o;
}

struct Alerts {
  struct Seen {
    std::string rule, detail;
    eseal_risk_level level;
    uint64_t use_seq, alert_seq, freeze_seq, log_size;
  };
  std::vector<Seen> seen;
  eseal_store *store = nullptr;
  static void On(void *payload, const eseal_alert *a) {
    auto *self = static_cast<Alerts *>(payload);
    // Calling back into the library: the transaction has committed, so the
    // alert record is already in the log.
    uint64_t size = 0;
    EXPECT_EQ(eseal_usage_log_size(&size, self->store, kTenant), 0);
    self->seen.push_back({a->rule, a->detail, a->level, a->use_sequence, a->alert_sequence,
                          a->freeze_sequence, size});
  }
};

struct Risk : ::testing::Test {
  StorePtr store;
  pki::CtxPtr ctx;
  SealPtr seal;
  PolicyPtr pol;
  Alerts alerts;
  void SetUp() override {
    ASSERT_EQ(eseal_store_open_memory(&store.p), 0) << LastError();
    ctx = reg::Context(store.p, kWorkTime);
    ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0) << LastError();
    ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "clerk", nullptr), 0);
    ASSERT_EQ(eseal_policy_new(&pol.p), 0);
    alerts.store = store.p;
    ASSERT_EQ(eseal_ctx_set_policy(ctx.get(), pol.p), 0);
    ASSERT_EQ(eseal_ctx_set_alert_callback(ctx.get(), Alerts::On, &alerts), 0);
  }
  void OfficeHours(eseal_risk_level level) {
    ASSERT_EQ(eseal_policy_add_hours_rule(pol.p, "office", level), 0);
    for (int d = 0; d < 5; d++)
      ASSERT_EQ(eseal_policy_hours_add(pol.p, "office", d, 9 * 60, 18 * 60), 0);
  }
  int StampAt(int64_t t, const eseal_stamp_options &o = Options()) {
    EXPECT_EQ(eseal_ctx_set_fixed_time(ctx.get(), t), 0);
    SignaturePtr sig;
    int rc = StampWith(sig, ctx.get(), seal.p, &o);
    EXPECT_EQ(rc == 0, sig.p != nullptr);
    return rc;
  }
  std::vector<Use> Log() { return ReadLog(store.p, kTenant); }
  eseal_seal_state state() { return State(ctx.get(), kTenant, eseal_seal_esid(seal.p)); }
  void ExpectLogVerifies() {
    EXPECT_EQ(eseal_usage_log_verify(nullptr, store.p, ctx.get(), kTenant, nullptr, 0), 0)
        << LastError();
  }
  int Unfreeze(int64_t t) {
    EXPECT_EQ(eseal_ctx_set_fixed_time(ctx.get(), t), 0);
    OrderSpec spec = LiftSpec(ctx.get(), kTenant, seal.p);
    spec.time = t;
    Bytes order = Order(spec, Supervisor().key.get(), Supervisor().cert);
    return eseal_registry_unfreeze(ctx.get(), kTenant, order.data(), order.size(), "supervisor");
  }
};

TEST_F(Risk, HoursAtRecordLevelOnlyWritesAnAlertRecord) {
  OfficeHours(ESEAL_RISK_RECORD);
  ASSERT_EQ(StampAt(kNight), 0) << LastError();
  auto log = Log();
  ASSERT_EQ(Count(log, ESEAL_USAGE_ALERT), 1u);
  EXPECT_EQ(log[2].action, ESEAL_USAGE_ALERT);
  EXPECT_EQ(log[2].refers_to, 2u);  // the intent at sequence 1
  EXPECT_NE(log[2].reason.find("office (record)"), std::string::npos) << log[2].reason;
  EXPECT_NE(log[2].reason.find("23:00"), std::string::npos) << log[2].reason;
  EXPECT_TRUE(alerts.seen.empty());
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
}

TEST_F(Risk, HoursInsideRaiseNothing) {
  OfficeHours(ESEAL_RISK_FREEZE);
  ASSERT_EQ(StampAt(kWorkTime), 0) << LastError();
  ASSERT_EQ(StampAt(Beijing(2026, 1, 5, 17, 59, 59)), 0) << LastError();
  EXPECT_EQ(Count(Log(), ESEAL_USAGE_ALERT), 0u);
  EXPECT_TRUE(alerts.seen.empty());
}

TEST_F(Risk, HoursAtAlertLevelCallsBackAfterTheCommit) {
  OfficeHours(ESEAL_RISK_ALERT);
  ASSERT_EQ(StampAt(Beijing(2026, 1, 5, 18, 0, 0)), 0) << LastError();
  ASSERT_EQ(alerts.seen.size(), 1u);
  const auto &a = alerts.seen[0];
  EXPECT_EQ(a.rule, "office");
  EXPECT_EQ(a.level, ESEAL_RISK_ALERT);
  EXPECT_EQ(a.use_seq, 1u);
  EXPECT_EQ(a.alert_seq, 2u);
  EXPECT_EQ(a.freeze_seq, 0u);
  EXPECT_GE(a.log_size, 3u);  // the alert record was durable when the callback ran
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
  ExpectLogVerifies();
}

// Out of hours at FREEZE: the stamp is refused and the seal frozen; the next
// stamp, in hours, is refused too; a supervisor's signed unfreeze restores it.
TEST_F(Risk, HoursAtFreezeLevelFreezesUntilTheSignedUnfreeze) {
  OfficeHours(ESEAL_RISK_FREEZE);
  EXPECT_EQ(StampAt(kNight), ESEAL_EFROZEN);
  EXPECT_NE(LastError().find("risk rule office"), std::string::npos) << LastError();
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
  auto log = Log();
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[1].action, ESEAL_USAGE_STAMP_REFUSED);
  EXPECT_EQ(log[1].result, ESEAL_EFROZEN);
  EXPECT_EQ(log[2].action, ESEAL_USAGE_ALERT);
  EXPECT_EQ(log[3].action, ESEAL_USAGE_FREEZE);
  ASSERT_EQ(alerts.seen.size(), 1u);
  EXPECT_EQ(alerts.seen[0].level, ESEAL_RISK_FREEZE);
  EXPECT_EQ(alerts.seen[0].freeze_seq, 3u);
  EXPECT_EQ(FreezeSequence(ctx.get(), kTenant, eseal_seal_esid(seal.p)), 3u);

  int64_t morning = Beijing(2026, 1, 6, 9, 30);
  EXPECT_EQ(StampAt(morning), ESEAL_EFROZEN);
  EXPECT_EQ(Log().back().action, ESEAL_USAGE_STAMP_REFUSED);
  // A frozen seal cannot be re-issued to escape the freeze.
  SealPtr again;
  ASSERT_EQ(workflow::MakeSeal(again, ctx.get()), 0);
  EXPECT_EQ(eseal_registry_reissue(ctx.get(), kTenant, again.p, "clerk", nullptr), ESEAL_EFROZEN);

  ASSERT_EQ(Unfreeze(morning + 60), 0) << LastError();
  EXPECT_EQ(StampAt(morning + 120), 0) << LastError();
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
  ExpectLogVerifies();
}

TEST_F(Risk, RuleRestrictedToAnotherSealDoesNotApply) {
  OfficeHours(ESEAL_RISK_FREEZE);
  ASSERT_EQ(eseal_policy_rule_add_seal(pol.p, "office", "some other esID"), 0);
  EXPECT_EQ(StampAt(kNight), 0) << LastError();
  ASSERT_EQ(eseal_policy_rule_add_seal(pol.p, "office", eseal_seal_esid(seal.p)), 0);
  EXPECT_EQ(StampAt(kNight), ESEAL_EFROZEN);
}

struct Fence : Risk {
  void Add(eseal_risk_level level) {
    ASSERT_EQ(eseal_policy_add_geofence_rule(pol.p, "hq", level), 0);
    ASSERT_EQ(eseal_policy_geofence_circle(pol.p, "hq", 30.2741, 120.1551, 200), 0);
  }
};

TEST_F(Fence, InsideOrWithinAccuracyPasses) {
  Add(ESEAL_RISK_FREEZE);
  ASSERT_EQ(StampAt(kWorkTime), 0) << LastError();
  eseal_stamp_options o = Options();
  o.latitude += 250.0 / 111195.0;  // 250 m north: outside by 50 m, but accuracy 60 m
  o.accuracy_m = 60;
  ASSERT_EQ(StampAt(kWorkTime + 1, o), 0) << LastError();
  EXPECT_EQ(Count(Log(), ESEAL_USAGE_ALERT), 0u);
}

TEST_F(Fence, OutsideAlertsAtAlertLevel) {
  Add(ESEAL_RISK_ALERT);
  eseal_stamp_options o = Options();
  o.latitude += 250.0 / 111195.0;
  o.accuracy_m = 40;
  ASSERT_EQ(StampAt(kWorkTime, o), 0) << LastError();
  ASSERT_EQ(alerts.seen.size(), 1u);
  EXPECT_NE(alerts.seen[0].detail.find("outside the geofence"), std::string::npos);
}

TEST_F(Fence, OutsideFreezesAtFreezeLevel) {
  Add(ESEAL_RISK_FREEZE);
  eseal_stamp_options o = Options();
  o.latitude = 31.23;  // Shanghai
  o.longitude = 121.47;
  EXPECT_EQ(StampAt(kWorkTime, o), ESEAL_EFROZEN);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
}

// Leaving the location out does not escape a geofence.
TEST_F(Fence, NoLocationHitsTheRule) {
  Add(ESEAL_RISK_FREEZE);
  eseal_stamp_options o = Options();
  o.has_location = 0;
  EXPECT_EQ(StampAt(kWorkTime, o), ESEAL_EFROZEN);
  EXPECT_NE(Log()[2].reason.find("no valid location"), std::string::npos);
}

struct Rate : Risk {};

// Three uses per 100 s: the fourth within the window freezes.
TEST_F(Rate, FourthUseInsideTheWindowFreezes) {
  ASSERT_EQ(eseal_policy_add_rate_rule(pol.p, "burst", ESEAL_RISK_FREEZE, ESEAL_RISK_SEAL, 0, 3,
                                       100),
            0);
  for (int i = 0; i < 3; i++)
    ASSERT_EQ(StampAt(kWorkTime + i), 0) << i << LastError();
  EXPECT_EQ(StampAt(kWorkTime + 99), ESEAL_EFROZEN);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
}

// A use exactly `window` seconds later no longer counts: the window is (now - window, now].
TEST_F(Rate, UseAtTheWindowEdgeHasLeftTheWindow) {
  ASSERT_EQ(eseal_policy_add_rate_rule(pol.p, "burst", ESEAL_RISK_FREEZE, ESEAL_RISK_SEAL, 0, 3,
                                       100),
            0);
  for (int i = 0; i < 3; i++)
    ASSERT_EQ(StampAt(kWorkTime + i), 0) << i << LastError();
  EXPECT_EQ(StampAt(kWorkTime + 100), 0) << LastError();  // the use at +0 has left
  EXPECT_EQ(StampAt(kWorkTime + 100), ESEAL_EFROZEN);     // +1, +2, +100, +100
}

// Changing operator and device between stamps does not escape a per-seal rate.
TEST_F(Rate, PerSealCountsEveryOperatorAndDevice) {
  ASSERT_EQ(eseal_policy_add_rate_rule(pol.p, "burst", ESEAL_RISK_ALERT, ESEAL_RISK_SEAL, 0, 2,
                                       3600),
            0);
  const char *who[] = {"a", "b", "c"};
  for (int i = 0; i < 3; i++) {
    eseal_stamp_options o = Options();
    o.operator_id = who[i];
    o.device = who[i];
    ASSERT_EQ(StampAt(kWorkTime + i, o), 0);
  }
  ASSERT_EQ(alerts.seen.size(), 1u);
  EXPECT_EQ(alerts.seen[0].use_seq, Log().size() - 3);  // the third use (intent, alert, done)
}

TEST_F(Rate, PerOperatorCountsOnlyThatOperator) {
  ASSERT_EQ(eseal_policy_add_rate_rule(pol.p, "op", ESEAL_RISK_RECORD, ESEAL_RISK_OPERATOR, 0, 2,
                                       3600),
            0);
  eseal_stamp_options a = Options(), b = Options();
  a.operator_id = "alice";
  b.operator_id = "bob";
  ASSERT_EQ(StampAt(kWorkTime, a), 0);
  ASSERT_EQ(StampAt(kWorkTime + 1, b), 0);
  ASSERT_EQ(StampAt(kWorkTime + 2, a), 0);
  ASSERT_EQ(StampAt(kWorkTime + 3, b), 0);
  EXPECT_EQ(Count(Log(), ESEAL_USAGE_ALERT), 0u);
  ASSERT_EQ(StampAt(kWorkTime + 4, a), 0);
  EXPECT_EQ(Count(Log(), ESEAL_USAGE_ALERT), 1u);
}

// Refused attempts are counted apart: a burst of refusals alerts.
TEST_F(Rate, BurstOfRefusalsAlerts) {
  ASSERT_EQ(eseal_policy_add_rate_rule(pol.p, "refusals", ESEAL_RISK_ALERT, ESEAL_RISK_SEAL, 1, 2,
                                       600),
            0);
  ASSERT_EQ(eseal_policy_add_rate_rule(pol.p, "uses", ESEAL_RISK_ALERT, ESEAL_RISK_SEAL, 0, 1,
                                       600),
            0);
  ASSERT_EQ(eseal_registry_freeze(ctx.get(), kTenant, eseal_seal_esid(seal.p), "ops", "check"), 0);
  EXPECT_EQ(StampAt(kWorkTime), ESEAL_EFROZEN);
  EXPECT_EQ(StampAt(kWorkTime + 1), ESEAL_EFROZEN);
  EXPECT_TRUE(alerts.seen.empty());  // refusals do not count as uses either
  EXPECT_EQ(StampAt(kWorkTime + 2), ESEAL_EFROZEN);
  ASSERT_EQ(alerts.seen.size(), 1u);
  EXPECT_EQ(alerts.seen[0].rule, "refusals");
  EXPECT_EQ(alerts.seen[0].freeze_seq, 0u);
  ExpectLogVerifies();
}

struct Novelty : Risk {};

TEST_F(Novelty, NewDeviceAlertsOnceTheSealHasHistory) {
  ASSERT_EQ(eseal_policy_add_novelty_rule(pol.p, "dev", ESEAL_RISK_ALERT, ESEAL_RISK_DEVICE), 0);
  ASSERT_EQ(StampAt(kWorkTime), 0);  // no history yet: nothing to compare with
  ASSERT_EQ(StampAt(kWorkTime + 1), 0);
  EXPECT_TRUE(alerts.seen.empty());
  eseal_stamp_options o = Options();
  o.device = "unknown laptop";
  ASSERT_EQ(StampAt(kWorkTime + 2, o), 0);
  ASSERT_EQ(alerts.seen.size(), 1u);
  EXPECT_EQ(alerts.seen[0].rule, "dev");
  ASSERT_EQ(StampAt(kWorkTime + 3, o), 0);  // seen now
  EXPECT_EQ(alerts.seen.size(), 1u);
}

// A device known to the tenant through another seal is still new to this one.
TEST_F(Novelty, DeviceSeenWithAnotherSealIsNewForThisOne) {
  ASSERT_EQ(eseal_policy_add_novelty_rule(pol.p, "dev", ESEAL_RISK_FREEZE, ESEAL_RISK_DEVICE), 0);
  SealPtr other;
  ASSERT_EQ(workflow::MakeSeal(other, ctx.get()), 0);
  ASSERT_EQ(StampAt(kWorkTime), 0);
  eseal_stamp_options laptop = Options();
  laptop.device = "laptop";
  // The laptop becomes known to the tenant's log (a refused unregistered stamp).
  SignaturePtr sig;
  ASSERT_EQ(eseal_ctx_set_fixed_time(ctx.get(), kWorkTime + 1), 0);
  EXPECT_NE(StampWith(sig, ctx.get(), other.p, &laptop), 0);
  EXPECT_EQ(StampAt(kWorkTime + 2, laptop), ESEAL_EFROZEN);
}

TEST_F(Novelty, OperatorAndPlace) {
  ASSERT_EQ(eseal_policy_add_novelty_rule(pol.p, "op", ESEAL_RISK_RECORD, ESEAL_RISK_OPERATOR), 0);
  ASSERT_EQ(eseal_policy_add_novelty_rule(pol.p, "where", ESEAL_RISK_ALERT, ESEAL_RISK_PLACE), 0);
  ASSERT_EQ(StampAt(kWorkTime), 0);
  eseal_stamp_options near = Options();
  near.latitude += 0.0001;  // same 0.01° cell
  ASSERT_EQ(StampAt(kWorkTime + 1, near), 0);
  EXPECT_EQ(Count(Log(), ESEAL_USAGE_ALERT), 0u);
  eseal_stamp_options far = Options();
  far.latitude = 31.23;
  far.longitude = 121.47;
  far.operator_id = "stranger";
  ASSERT_EQ(StampAt(kWorkTime + 2, far), 0);
  EXPECT_EQ(Count(Log(), ESEAL_USAGE_ALERT), 2u);
  ASSERT_EQ(alerts.seen.size(), 1u);  // the operator rule only records
  EXPECT_EQ(alerts.seen[0].rule, "where");
  // A named place counts by its name.
  eseal_stamp_options named = Options();
  named.place = "branch office";
  ASSERT_EQ(StampAt(kWorkTime + 3, named), 0);
  EXPECT_EQ(alerts.seen.size(), 2u);
}

TEST_F(Risk, WithoutAPolicyNothingIsJudged) {
  OfficeHours(ESEAL_RISK_FREEZE);
  ASSERT_EQ(eseal_ctx_set_policy(ctx.get(), nullptr), 0);
  EXPECT_EQ(StampAt(kNight), 0);
  EXPECT_EQ(Count(Log(), ESEAL_USAGE_ALERT), 0u);
}

// An alert callback may stamp again (it runs outside every transaction).
TEST_F(Risk, CallbackMayStampAgain) {
  OfficeHours(ESEAL_RISK_ALERT);
  struct Again {
    Risk *t;
    int nested = -1;
  } again{this};
  ASSERT_EQ(eseal_ctx_set_alert_callback(
                ctx.get(),
                [](void *p, const eseal_alert *) {
                  auto *a = static_cast<Again *>(p);
                  if (a->nested != -1) return;
                  a->nested = -2;  // the nested stamp alerts too; do not recurse
                  eseal_stamp_options o = Options();
                  SignaturePtr sig;
                  a->nested = StampWith(sig, a->t->ctx.get(), a->t->seal.p, &o);
                },
                &again),
            0);
  ASSERT_EQ(StampAt(kNight), 0) << LastError();
  EXPECT_EQ(again.nested, 0);
  EXPECT_EQ(Count(Log(), ESEAL_USAGE_STAMP_DONE), 2u);
}

std::string TempPath(const char *name) {
  char dir[] = "/tmp/eseal-risk-XXXXXX";
  EXPECT_NE(mkdtemp(dir), nullptr);
  return std::string(dir) + "/" + name;
}

// Processes racing past a rate limit through one SQLite file: exactly the limit passes.
TEST(RateRace, ProcessesThroughOneSqliteFilePassExactlyTheLimit) {
  const int kProcs = 3, kEach = 4, kLimit = 5;
  std::string path = TempPath("store.db");
  StorePtr store;
  ASSERT_EQ(eseal_store_open_sqlite(&store.p, path.c_str()), 0) << LastError();
  auto ctx = reg::Context(store.p, kWorkTime);
  SealPtr seal;
  ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0);
  ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "clerk", nullptr), 0);
  fflush(nullptr);
  std::vector<pid_t> kids;
  for (int p = 0; p < kProcs; p++) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      eseal_store *mine = nullptr;
      eseal_policy *pol = nullptr;
      int passed = 0, bad = eseal_store_open_sqlite(&mine, path.c_str()) != 0 ||
                            eseal_policy_new(&pol) != 0 ||
                            eseal_policy_add_rate_rule(pol, "burst", ESEAL_RISK_FREEZE,
                                                       ESEAL_RISK_SEAL, 0, kLimit, 3600) != 0;
      auto c = reg::Context(mine, kWorkTime);
      bad |= eseal_ctx_set_policy(c.get(), pol) != 0;
      eseal_stamp_options o = Options();
      for (int i = 0; i < kEach && !bad; i++) {
        SignaturePtr sig;
        int rc = StampWith(sig, c.get(), seal.p, &o);
        if (rc == 0)
          passed++;
        else if (rc != ESEAL_EFROZEN)
          bad = 1;
      }
      c.reset();
      eseal_policy_free(pol);
      eseal_store_free(mine);
      _exit(bad ? 100 : passed);
    }
    kids.push_back(child);
  }
  int passed = 0;
  for (pid_t k : kids) {
    int status = 0;
    ASSERT_EQ(waitpid(k, &status, 0), k);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_NE(WEXITSTATUS(status), 100);
    passed += WEXITSTATUS(status);
  }
  EXPECT_EQ(passed, kLimit);
  auto log = ReadLog(store.p, kTenant);
  EXPECT_EQ(Count(log, ESEAL_USAGE_STAMP_DONE), static_cast<size_t>(kLimit));
  EXPECT_EQ(Count(log, ESEAL_USAGE_FREEZE), 1u);
  EXPECT_EQ(Count(log, ESEAL_USAGE_STAMP_REFUSED), static_cast<size_t>(kProcs * kEach - kLimit));
  EXPECT_EQ(eseal_usage_log_verify(nullptr, store.p, ctx.get(), kTenant, nullptr, 0), 0)
      << LastError();
}

}  // namespace
