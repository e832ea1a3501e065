// Physical uses reported by smart-seal devices: signed by the registered
// device's key, judged at the device's time; a signed anomaly freezes the
// electronic seal, an unsigned or badly signed one only alerts; late reports
// are flagged and replays refused; everything is in the log and verifies.
#include <ctime>
#include <string>

#include <gtest/gtest.h>

#include "registry_support.h"

using namespace helpers;
using namespace reg;

namespace {

const char *const kTenant = "t1";

int64_t Beijing(int y, int mo, int d, int h, int mi) {
  struct tm t = {};
  t.tm_year = y - 1900;
  t.tm_mon = mo - 1;
  t.tm_mday = d;
  t.tm_hour = h;
  t.tm_min = mi;
  return static_cast<int64_t>(timegm(&t)) - 8 * 3600;
}
const int64_t kWorkTime = Beijing(2026, 1, 5, 10, 0);  // a Monday
const int64_t kNight = Beijing(2026, 1, 5, 23, 0);

const sm2::Identity &Device() {
  static const sm2::Identity id = sm2::MakeIdentity("smart seal 0042");
  return id;
}
const sm2::Identity &Impostor() {
  static const sm2::Identity id = sm2::MakeIdentity("not the device");
  return id;
}

struct PolicyPtr {
  eseal_policy *p = nullptr;
  ~PolicyPtr() { eseal_policy_free(p); }
};

struct Physical : ::testing::Test {
  StorePtr store;
  pki::CtxPtr ctx;
  SealPtr seal;
  PolicyPtr pol;
  std::vector<std::string> alerted;
  void SetUp() override {
    ASSERT_EQ(eseal_store_open_memory(&store.p), 0);
    ctx = reg::Context(store.p, kWorkTime);
    ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0);
    ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "clerk", nullptr), 0);
    ASSERT_EQ(eseal_device_register(ctx.get(), kTenant, "dev-42", pki::Cert(Device()).get()), 0)
        << LastError();
    ASSERT_EQ(eseal_policy_new(&pol.p), 0);
    ASSERT_EQ(eseal_policy_add_hours_rule(pol.p, "office", ESEAL_RISK_FREEZE), 0);
    for (int d = 0; d < 5; d++)
      ASSERT_EQ(eseal_policy_hours_add(pol.p, "office", d, 9 * 60, 18 * 60), 0);
    ASSERT_EQ(eseal_ctx_set_policy(ctx.get(), pol.p), 0);
    ASSERT_EQ(eseal_ctx_set_alert_callback(
                  ctx.get(),
                  [](void *p, const eseal_alert *a) {
                    static_cast<std::vector<std::string> *>(p)->push_back(a->rule);
                  },
                  &alerted),
              0);
  }
  eseal_physical_use Use(int64_t device_time) {
    eseal_physical_use u = ESEAL_PHYSICAL_USE_INIT;
    u.tenant = kTenant;
    u.es_id = eseal_seal_esid(seal.p);
    u.device = "dev-42";
    u.operator_id = "clerk 3";
    u.device_time = device_time;
    u.has_location = 1;
    u.latitude = 30.2741;
    u.longitude = 120.1551;
    u.accuracy_m = 8;
    u.has_force = 1;
    u.force_newtons = 41.5;
    return u;
  }
  Bytes Report(const eseal_physical_use &u) {
    Buf b;
    EXPECT_EQ(eseal_physical_use_encode(&b.b, &u), 0) << LastError();
    return b.bytes();
  }
  // Signed by `who` with the test's own SM2 code, over the library's report bytes.
  Bytes SignedBy(const sm2::Identity &who, const eseal_physical_use &u) {
    return sm2::Sign(who.key.get(), Report(u));
  }
  int Log(eseal_physical_outcome *out, const eseal_physical_use &u, const Bytes &sig,
          int64_t received) {
    EXPECT_EQ(eseal_ctx_set_fixed_time(ctx.get(), received), 0);
    return eseal_log_physical_use(out, ctx.get(), &u, sig.empty() ? nullptr : sig.data(),
                                  sig.size());
  }
  eseal_seal_state state() { return State(ctx.get(), kTenant, eseal_seal_esid(seal.p)); }
  int Stamp(int64_t t) {
    EXPECT_EQ(eseal_ctx_set_fixed_time(ctx.get(), t), 0);
    eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
    o.tenant = kTenant;
    SignaturePtr sig;
    return StampWith(sig, ctx.get(), seal.p, &o);
  }
  void ExpectLogVerifies() {
    EXPECT_EQ(eseal_usage_log_verify(nullptr, store.p, ctx.get(), kTenant, nullptr, 0), 0)
        << LastError();
  }
};

TEST_F(Physical, ReportFormatIsTheDocumentedText) {
  eseal_physical_use u = Use(1767571200);
  std::string text(reinterpret_cast<const char *>(Report(u).data()), Report(u).size());
  EXPECT_EQ(text, "eseal-physical-use/1\ntenant=t1\nes_id=" + std::string(u.es_id) +
                      "\ndevice=dev-42\noperator=clerk 3\ntime=1767571200\n"
                      "location=302741000 1201551000 800\nplace=\nforce=41500\n");
  u.device = "dev\n42";
  Buf b;
  EXPECT_EQ(eseal_physical_use_encode(&b.b, &u), ESEAL_EINVAL);
  u = Use(0);
  u.force_newtons = -1;
  EXPECT_EQ(eseal_physical_use_encode(&b.b, &u), ESEAL_EINVAL);
}

TEST_F(Physical, SignedReportInHoursIsLoggedQuietly) {
  eseal_physical_use u = Use(kWorkTime);
  eseal_physical_outcome out;
  ASSERT_EQ(Log(&out, u, SignedBy(Device(), u), kWorkTime + 5), 0) << LastError();
  EXPECT_EQ(out.signature, 1);
  EXPECT_EQ(out.late, 0);
  EXPECT_EQ(out.alerts, 0u);
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].action, ESEAL_USAGE_PHYSICAL);
  EXPECT_TRUE(log[1].has_operator);
  EXPECT_NE(log[1].reason.find("device signature verified"), std::string::npos);
  ExpectLogVerifies();
}

// A signed out-of-hours use freezes the electronic seal; the unfreeze restores stamping.
TEST_F(Physical, SignedAnomalyFreezesElectronicStamping) {
  eseal_physical_use u = Use(kNight);
  eseal_physical_outcome out;
  // The library's own signing gives the same verdict as the test's.
  Buf sig;
  ASSERT_EQ(eseal_physical_use_sign(&sig.b, ctx.get(), &u, pki::Key(Device()).get()), 0);
  ASSERT_EQ(Log(&out, u, sig.bytes(), kNight + 30), 0) << LastError();
  EXPECT_EQ(out.signature, 1);
  EXPECT_EQ(out.froze, 1);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
  EXPECT_EQ(alerted, std::vector<std::string>{"office"});
  int64_t morning = Beijing(2026, 1, 6, 9, 30);
  EXPECT_EQ(Stamp(morning), ESEAL_EFROZEN);
  ASSERT_EQ(eseal_ctx_set_fixed_time(ctx.get(), morning + 60), 0);
  OrderSpec spec = LiftSpec(ctx.get(), kTenant, seal.p);
  spec.time = morning + 60;
  Bytes order = Order(spec, Supervisor().key.get(), Supervisor().cert);
  ASSERT_EQ(eseal_registry_unfreeze(ctx.get(), kTenant, order.data(), order.size(), "sup"), 0)
      << LastError();
  EXPECT_EQ(Stamp(morning + 120), 0) << LastError();
  auto log = ReadLog(store.p, kTenant);
  EXPECT_EQ(Count(log, ESEAL_USAGE_PHYSICAL), 1u);
  EXPECT_EQ(Count(log, ESEAL_USAGE_FREEZE), 1u);
  EXPECT_EQ(Count(log, ESEAL_USAGE_UNFREEZE), 1u);
  ExpectLogVerifies();
}

TEST_F(Physical, UnsignedAnomalyAlertsButNeverFreezes) {
  eseal_physical_use u = Use(kNight);
  eseal_physical_outcome out;
  ASSERT_EQ(Log(&out, u, {}, kNight + 30), 0) << LastError();
  EXPECT_EQ(out.signature, 0);
  EXPECT_EQ(out.alerts, 1u);
  EXPECT_EQ(out.froze, 0);
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
  EXPECT_EQ(alerted, std::vector<std::string>{"office"});
  EXPECT_NE(ReadLog(store.p, kTenant)[2].reason.find("(alert)"), std::string::npos);
  EXPECT_EQ(Stamp(kWorkTime + 86400), 0) << LastError();
}

// Signed by a key that is not the registered device's: it may alert, never freeze.
TEST_F(Physical, ImpostorSignatureDoesNotFreeze) {
  eseal_physical_use u = Use(kNight);
  eseal_physical_outcome out;
  ASSERT_EQ(Log(&out, u, SignedBy(Impostor(), u), kNight + 30), 0);
  EXPECT_EQ(out.signature, -1);
  EXPECT_EQ(out.froze, 0);
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
  EXPECT_NE(ReadLog(store.p, kTenant)[1].reason.find("does not verify"), std::string::npos);
}

// The device's signature over other bytes (a field changed after signing) is bad.
TEST_F(Physical, SignatureOverAnotherReportDoesNotFreeze) {
  eseal_physical_use u = Use(kWorkTime);
  Bytes sig = SignedBy(Device(), u);
  u.device_time = kNight;  // moved after signing
  eseal_physical_outcome out;
  ASSERT_EQ(Log(&out, u, sig, kNight + 30), 0);
  EXPECT_EQ(out.signature, -1);
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
  Bytes junk(sig.size(), 0x30);
  u.device_time = kNight + 1;
  ASSERT_EQ(Log(&out, u, junk, kNight + 30), 0);
  EXPECT_EQ(out.signature, -1);
}

// A device id nobody registered: its signature proves nothing.
TEST_F(Physical, UnregisteredDeviceDoesNotFreeze) {
  eseal_physical_use u = Use(kNight);
  u.device = "dev-99";
  eseal_physical_outcome out;
  ASSERT_EQ(Log(&out, u, SignedBy(Device(), u), kNight + 30), 0);
  EXPECT_EQ(out.signature, -1);
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
}

TEST_F(Physical, LateReportIsFlagged) {
  eseal_physical_use u = Use(kWorkTime);
  eseal_physical_outcome out;
  ASSERT_EQ(Log(&out, u, SignedBy(Device(), u), kWorkTime + 3600), 0);
  EXPECT_EQ(out.late, 0);  // exactly the window: in time
  u.device_time = kWorkTime + 1;
  ASSERT_EQ(Log(&out, u, SignedBy(Device(), u), kWorkTime + 3602), 0);
  EXPECT_EQ(out.late, 1);
  EXPECT_EQ(out.froze, 0);
  EXPECT_EQ(alerted, std::vector<std::string>{"late-report"});
  auto log = ReadLog(store.p, kTenant);
  EXPECT_NE(log[2].reason.find("late report"), std::string::npos);
  ASSERT_EQ(eseal_policy_set_late_window(pol.p, 7200), 0);
  u.device_time = kWorkTime + 2;
  ASSERT_EQ(Log(&out, u, SignedBy(Device(), u), kWorkTime + 3602), 0);
  EXPECT_EQ(out.late, 0);
}

// A signed report dated years ahead is counted at its arrival, not at its
// date: rate counts take every entry newer than the window's start, so a
// report dated 2100 would otherwise hit the seal's rate rule in every window
// until then, freezing the seal for good.
TEST_F(Physical, ReportDatedAheadCountsAtItsArrival) {
  PolicyPtr rate;
  ASSERT_EQ(eseal_policy_new(&rate.p), 0);
  ASSERT_EQ(eseal_policy_add_rate_rule(rate.p, "one-an-hour", ESEAL_RISK_FREEZE, ESEAL_RISK_SEAL,
                                       0, 1, 3600),
            0);
  ASSERT_EQ(eseal_ctx_set_policy(ctx.get(), rate.p), 0);
  eseal_physical_use u = Use(Beijing(2100, 1, 4, 10, 0));
  eseal_physical_outcome out;
  ASSERT_EQ(Log(&out, u, SignedBy(Device(), u), kWorkTime), 0) << LastError();
  EXPECT_EQ(out.froze, 0);
  EXPECT_EQ(Stamp(kWorkTime + 2 * 3600), 0) << LastError();
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
  // The rule itself still holds: a second stamp within the hour hits it.
  EXPECT_EQ(Stamp(kWorkTime + 2 * 3600 + 60), ESEAL_EFROZEN);
}

TEST_F(Physical, ReplayedReportIsRefused) {
  eseal_physical_use u = Use(kWorkTime);
  Bytes sig = SignedBy(Device(), u);
  eseal_physical_outcome out;
  ASSERT_EQ(Log(&out, u, sig, kWorkTime + 5), 0);
  size_t before = ReadLog(store.p, kTenant).size();
  EXPECT_EQ(Log(&out, u, sig, kWorkTime + 6), ESEAL_EEXISTS);
  EXPECT_EQ(ReadLog(store.p, kTenant).size(), before);
  EXPECT_EQ(Log(&out, u, {}, kWorkTime + 7), 0);  // the unsigned copy is another report
  EXPECT_EQ(Log(&out, u, {}, kWorkTime + 8), ESEAL_EEXISTS);
}

// An unsigned copy logged first (by anyone who saw the report) does not block
// the device's signed report, which still freezes.
TEST_F(Physical, UnsignedCopyDoesNotBlockTheSignedReport) {
  eseal_physical_use u = Use(kNight);
  eseal_physical_outcome out;
  ASSERT_EQ(Log(&out, u, {}, kNight + 1), 0);
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
  ASSERT_EQ(Log(&out, u, SignedBy(Device(), u), kNight + 2), 0) << LastError();
  EXPECT_EQ(out.froze, 1);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
}

TEST_F(Physical, UnregisteredSealAndFrozenSeal) {
  eseal_physical_use u = Use(kWorkTime);
  u.es_id = "not registered";
  eseal_physical_outcome out;
  EXPECT_EQ(Log(&out, u, {}, kWorkTime), ESEAL_ENOTFOUND);
  // A use of a frozen seal is still logged, so that the log shows it.
  ASSERT_EQ(eseal_registry_freeze(ctx.get(), kTenant, eseal_seal_esid(seal.p), "ops", "check"), 0);
  u = Use(kNight);
  ASSERT_EQ(Log(&out, u, SignedBy(Device(), u), kNight + 1), 0);
  EXPECT_EQ(out.froze, 0);
  EXPECT_EQ(Count(ReadLog(store.p, kTenant), ESEAL_USAGE_PHYSICAL), 1u);
  ExpectLogVerifies();
}

}  // namespace
