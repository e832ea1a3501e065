// Stamping with a store: the state check before signing, the intent, refusal and
// completion records, and many stampers (threads, processes) on one store.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "registry_support.h"

extern "C" {
#include "registry/stamp_gate.h"
}

using namespace helpers;
using namespace reg;
using pki::kNow;

namespace {

const char *const kTenant = "t1";

eseal_stamp_options Options() {
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  o.tenant = kTenant;
  o.operator_id = "operator 7";
  o.device = "pad-12";
  o.has_location = 1;
  o.latitude = 30.2741;
  o.longitude = 120.1551;
  o.accuracy_m = 12.5;
  o.place = "Hangzhou office";
  return o;
}

struct Stamping : ::testing::Test {
  StorePtr store;
  pki::CtxPtr ctx;
  SealPtr seal;
  std::string es_id;
  void SetUp() override {
    ASSERT_EQ(eseal_store_open_memory(&store.p), 0) << LastError();
    ctx = reg::Context(store.p);
    ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0) << LastError();
    es_id = eseal_seal_esid(seal.p);
  }
  void Register() {
    ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "clerk", nullptr), 0)
        << LastError();
  }
  // A refusal with `code`, nothing produced, and a refusal record holding the code.
  void ExpectRefused(int code, const eseal_stamp_options &o = Options()) {
    SignaturePtr sig;
    sig.p = reinterpret_cast<eseal_signature *>(0x1);  // must be reset to NULL
    size_t before = ReadLog(store.p, kTenant).size();
    EXPECT_EQ(StampWith(sig, ctx.get(), seal.p, &o), code) << LastError();
    EXPECT_EQ(sig.p, nullptr);
    auto log = ReadLog(store.p, kTenant);
    ASSERT_EQ(log.size(), before + 1);
    EXPECT_EQ(log.back().action, ESEAL_USAGE_STAMP_REFUSED);
    EXPECT_EQ(log.back().result, code);
    EXPECT_FALSE(log.back().reason.empty());
    EXPECT_EQ(Count(log, ESEAL_USAGE_STAMP_INTENT), 0u);
  }
};

TEST_F(Stamping, ActiveSealStampsWithIntentAndCompletion) {
  Register();
  eseal_stamp_options o = Options();
  SignaturePtr sig;
  ASSERT_EQ(StampWith(sig, ctx.get(), seal.p, &o), 0) << LastError();
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].action, ESEAL_USAGE_STAMP_INTENT);
  EXPECT_TRUE(log[1].has_operator);
  EXPECT_TRUE(log[1].has_location);
  EXPECT_EQ(log[2].action, ESEAL_USAGE_STAMP_DONE);
  EXPECT_EQ(log[2].refers_to, 2u);
  EXPECT_EQ(log[2].result, 0);
  size_t len = 0;
  const uint8_t *der = eseal_signature_bytes(sig.p, &len);
  Bytes sig_hash(32);
  unsigned int n = 0;
  EVP_Digest(der, len, sig_hash.data(), &n, EVP_sm3(), nullptr);
  EXPECT_EQ(log[2].signature_hash, sig_hash);
  size_t dh_len = 0;
  const uint8_t *dh = eseal_signature_data_hash(sig.p, &dh_len);
  EXPECT_EQ(log[2].document_hash, View(dh, dh_len));
}

TEST_F(Stamping, FrozenLostCancelledAndUnregisteredSealsAreRefused) {
  ExpectRefused(ESEAL_ENOTFOUND);
  EXPECT_NE(LastError().find("not registered"), std::string::npos) << LastError();
  Register();
  ASSERT_EQ(eseal_registry_freeze(ctx.get(), kTenant, es_id.c_str(), "risk", "burst"), 0);
  ExpectRefused(ESEAL_EFROZEN);
  ASSERT_EQ(eseal_registry_report_lost(ctx.get(), kTenant, es_id.c_str(), "o", "stolen", nullptr,
                                       nullptr),
            0);
  ExpectRefused(ESEAL_ELOST);
  EXPECT_NE(LastError().find("lost"), std::string::npos) << LastError();
  SealPtr other;
  MakeSealWithEsid(other, ctx.get(), "3301060000011");
  ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, other.p, "c", nullptr), 0);
  ASSERT_EQ(eseal_registry_cancel(ctx.get(), kTenant, "3301060000011", "c", "closed"), 0);
  SignaturePtr sig;
  eseal_stamp_options o = Options();
  EXPECT_EQ(StampWith(sig, ctx.get(), other.p, &o), ESEAL_ELOST);
  EXPECT_EQ(sig.p, nullptr);
}

TEST_F(Stamping, UnregisteredSealsStampOnlyWhenAllowed) {
  eseal_stamp_options o = Options();
  o.allow_unregistered = 1;
  SignaturePtr sig;
  ASSERT_EQ(StampWith(sig, ctx.get(), seal.p, &o), 0) << LastError();
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].reason, "unregistered seal allowed");
}

TEST_F(Stamping, AnotherSealUnderARegisteredEsidIsRefusedEvenWhenUnregisteredAreAllowed) {
  Register();
  SealPtr copy;  // same esID, made again with the maker's key
  ASSERT_EQ(workflow::MakeSeal(copy, ctx.get()), 0);
  eseal_stamp_options o = Options();
  o.allow_unregistered = 1;
  SignaturePtr sig;
  EXPECT_EQ(StampWith(sig, ctx.get(), copy.p, &o), ESEAL_ENOTFOUND);
  EXPECT_EQ(sig.p, nullptr);
  ASSERT_EQ(eseal_registry_report_lost(ctx.get(), kTenant, es_id.c_str(), "o", nullptr, nullptr,
                                       nullptr),
            0);
  EXPECT_EQ(StampWith(sig, ctx.get(), copy.p, &o), ESEAL_ELOST);
  EXPECT_EQ(sig.p, nullptr);
}

TEST_F(Stamping, WithoutAStoreNothingIsCheckedOrWritten) {
  auto bare = pki::Context();
  eseal_stamp_options o = Options();
  SignaturePtr sig;
  ASSERT_EQ(StampWith(sig, bare.get(), seal.p, &o), 0) << LastError();
  EXPECT_EQ(ReadLog(store.p, kTenant).size(), 0u);
}

TEST_F(Stamping, VersionOneOptionsStillWorkAndUseTheDefaultTenant) {
  ASSERT_EQ(eseal_registry_register(ctx.get(), nullptr, seal.p, "clerk", nullptr), 0);
  eseal_stamp_options v1;
  ASSERT_EQ(eseal_stamp_options_init(&v1, 1), 0);
  EXPECT_EQ(v1.version, 1u);
  SignaturePtr sig;
  ASSERT_EQ(StampWith(sig, ctx.get(), seal.p, &v1), 0) << LastError();
  EXPECT_EQ(ReadLog(store.p, ESEAL_STORE_DEFAULT_TENANT).size(), 3u);
  eseal_stamp_options bad = ESEAL_STAMP_OPTIONS_INIT;
  bad.version = ESEAL_STAMP_OPTIONS_VERSION + 1;
  SignaturePtr refused;
  EXPECT_EQ(StampWith(refused, ctx.get(), seal.p, &bad), ESEAL_EVERSION);
  EXPECT_EQ(refused.p, nullptr);
  EXPECT_EQ(eseal_stamp_options_init(&bad, ESEAL_STAMP_OPTIONS_VERSION + 1), ESEAL_EVERSION);
}

TEST_F(Stamping, ImpossibleLocationsAreRefusedBeforeAnythingIsWritten) {
  Register();
  for (double lat : {90.5, -91.0}) {
    eseal_stamp_options o = Options();
    o.latitude = lat;
    SignaturePtr sig;
    EXPECT_EQ(StampWith(sig, ctx.get(), seal.p, &o), ESEAL_EINVAL);
  }
  eseal_stamp_options o = Options();
  o.accuracy_m = -1;
  SignaturePtr sig;
  EXPECT_EQ(StampWith(sig, ctx.get(), seal.p, &o), ESEAL_EINVAL);
  EXPECT_EQ(ReadLog(store.p, kTenant).size(), 1u);
}

std::string TempPath(const char *name) {
  char dir[] = "/tmp/eseal-registry-XXXXXX";
  EXPECT_NE(mkdtemp(dir), nullptr);
  return std::string(dir) + "/" + name;
}

// A SQLite file in a fresh folder with a registered seal, for the tests with
// several stampers (processes open the file on their own).
struct OneSqliteFile : ::testing::Test {
  std::string path = TempPath("store.db");
  StorePtr store;
  pki::CtxPtr ctx;
  SealPtr seal;
  void SetUp() override {
    ASSERT_EQ(eseal_store_open_sqlite(&store.p, path.c_str()), 0) << LastError();
    ctx = reg::Context(store.p);
    ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0);
    ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "clerk", nullptr), 0);
  }
};

// A freeze made by another process is seen by this one's next stamp.
TEST_F(OneSqliteFile, FreezeInOneProcessIsSeenByTheOthersNextStamp) {
  eseal_stamp_options o = Options();
  SignaturePtr first;
  ASSERT_EQ(StampWith(first, ctx.get(), seal.p, &o), 0) << LastError();
  std::string es_id = eseal_seal_esid(seal.p);
  fflush(nullptr);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child opens the file on its own and freezes the seal.
    eseal_store *mine = nullptr;
    eseal_ctx *c = nullptr;
    int rc = eseal_store_open_sqlite(&mine, path.c_str());
    if (rc == 0) rc = eseal_ctx_new(&c);
    if (rc == 0) rc = eseal_ctx_set_store(c, mine);
    if (rc == 0) rc = eseal_registry_freeze(c, kTenant, es_id.c_str(), "child", "other process");
    eseal_ctx_free(c);
    eseal_store_free(mine);
    _exit(rc == 0 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  SignaturePtr second;
  EXPECT_EQ(StampWith(second, ctx.get(), seal.p, &o), ESEAL_EFROZEN) << LastError();
  EXPECT_EQ(second.p, nullptr);
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[3].action, ESEAL_USAGE_FREEZE);
  EXPECT_EQ(log[4].action, ESEAL_USAGE_STAMP_REFUSED);
}

// Several processes stamp through one file: every intent is completed exactly once.
TEST_F(OneSqliteFile, ProcessesStampingThroughOneFileLoseNothing) {
  const int kProcs = 3, kEach = 10;
  fflush(nullptr);
  std::vector<pid_t> kids;
  for (int p = 0; p < kProcs; p++) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      eseal_store *mine = nullptr;
      int failures = eseal_store_open_sqlite(&mine, path.c_str()) != 0;
      auto c = reg::Context(mine);
      eseal_stamp_options o = Options();
      for (int i = 0; i < kEach && !failures; i++) {
        SignaturePtr sig;
        failures += StampWith(sig, c.get(), seal.p, &o) != 0;
      }
      c.reset();
      eseal_store_free(mine);
      _exit(failures ? 1 : 0);
    }
    kids.push_back(child);
  }
  for (pid_t k : kids) {
    int status = 0;
    ASSERT_EQ(waitpid(k, &status, 0), k);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  auto log = ReadLog(store.p, kTenant);
  EXPECT_EQ(log.size(), 1u + 2u * kProcs * kEach);
  EXPECT_EQ(Count(log, ESEAL_USAGE_STAMP_INTENT), static_cast<size_t>(kProcs * kEach));
  std::set<uint64_t> completed;
  for (const Use &u : log)
    if (u.action == ESEAL_USAGE_STAMP_DONE) {
      ASSERT_GT(u.refers_to, 0u);
      EXPECT_EQ(log[u.refers_to - 1].action, ESEAL_USAGE_STAMP_INTENT);
      EXPECT_TRUE(completed.insert(u.refers_to).second) << "completed twice: " << u.refers_to;
    }
  EXPECT_EQ(completed.size(), static_cast<size_t>(kProcs * kEach));
}

// The open intents `eseal log verify` reports, from its JSON report.
std::string OpenIntents(eseal_store *store, eseal_ctx *ctx) {
  Buf report;
  EXPECT_EQ(eseal_usage_log_verify(&report.b, store, ctx, kTenant, nullptr, 0), 0) << LastError();
  std::string json(report.b.ptr ? reinterpret_cast<const char *>(report.b.ptr) : "",
                   report.b.size);
  size_t at = json.find("\"open_stamp_intents\":");
  EXPECT_NE(at, std::string::npos) << json;
  if (at == std::string::npos) return "";
  return json.substr(at + 21, json.find(']', at) - at - 20);
}

// A process that dies between the intent and the completion leaves an intent
// without completion, which the log's verification reports.
TEST_F(OneSqliteFile, CrashBetweenThePhasesLeavesAnOpenIntent) {
  eseal_stamp_options o = Options();
  SignaturePtr done;
  ASSERT_EQ(StampWith(done, ctx.get(), seal.p, &o), 0) << LastError();
  EXPECT_EQ(OpenIntents(store.p, ctx.get()), "[]");
  fflush(nullptr);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    eseal_store *mine = nullptr;
    int rc = eseal_store_open_sqlite(&mine, path.c_str());
    auto c = reg::Context(mine);
    eseal__stamp_gate gate;
    const uint8_t doc[32] = {1};
    if (rc == 0) rc = eseal__stamp_gate_open(&gate, c.get(), seal.p, &o, doc, sizeof doc);
    _exit(rc == 0 ? 0 : 1);  // dies before signing: no completion
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(OpenIntents(store.p, ctx.get()), "[3]");
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[3].action, ESEAL_USAGE_STAMP_INTENT);
  // A completion reporting that signing failed closes an intent too.
  eseal__stamp_gate gate;
  const uint8_t doc[32] = {1};
  ASSERT_EQ(eseal__stamp_gate_open(&gate, ctx.get(), seal.p, &o, doc, sizeof doc), 0);
  EXPECT_EQ(OpenIntents(store.p, ctx.get()), "[3,4]");
  ASSERT_EQ(eseal__stamp_gate_close(&gate, ESEAL_ECRYPTO, nullptr, 0), 0);
  EXPECT_EQ(OpenIntents(store.p, ctx.get()), "[3]");
  log = ReadLog(store.p, kTenant);
  EXPECT_EQ(log.back().action, ESEAL_USAGE_STAMP_DONE);
  EXPECT_EQ(log.back().result, ESEAL_ECRYPTO);
  EXPECT_TRUE(log.back().signature_hash.empty());
}

TEST_F(OneSqliteFile, ThreadsStampingThroughOneStoreLoseAndDuplicateNothing) {
  const int kThreads = 6, kEach = 10;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::set<Bytes>> hashes(kThreads);
  for (int t = 0; t < kThreads; t++)
    threads.emplace_back([&, t] {
      eseal_stamp_options o = Options();
      for (int i = 0; i < kEach; i++) {
        SignaturePtr sig;
        if (StampWith(sig, ctx.get(), seal.p, &o) != 0) {
          failures[t]++;
          continue;
        }
        size_t len = 0;
        const uint8_t *der = eseal_signature_bytes(sig.p, &len);
        Bytes h(32);
        unsigned int n = 0;
        EVP_Digest(der, len, h.data(), &n, EVP_sm3(), nullptr);
        hashes[t].insert(h);
      }
    });
  for (auto &th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
  auto log = ReadLog(store.p, kTenant);  // sequences 0..n-1 are checked as read
  ASSERT_EQ(log.size(), 1u + 2u * kThreads * kEach);
  std::set<uint64_t> completed;
  std::set<Bytes> logged;
  for (const Use &u : log)
    if (u.action == ESEAL_USAGE_STAMP_DONE) {
      EXPECT_EQ(log[u.refers_to - 1].action, ESEAL_USAGE_STAMP_INTENT);
      EXPECT_TRUE(completed.insert(u.refers_to).second);
      logged.insert(u.signature_hash);
    }
  std::set<Bytes> made;
  for (auto &s : hashes) made.insert(s.begin(), s.end());
  EXPECT_EQ(made.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(logged, made);
}

}  // namespace
