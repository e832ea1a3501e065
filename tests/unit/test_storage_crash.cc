// Crash safety and process safety of the SQLite store, through child
// processes (tests/support/crash_harness.h):
//  - a child appends through group commit and is killed with SIGKILL at a
//    random moment, again and again on the same file; after each kill every
//    acknowledged record is there, with no gap and no duplicate;
//  - two processes with several threads each append to one file: nothing
//    lost, nothing twice.
// ESEAL_CRASH_KILLS sets the number of kills (25 here; the benchmarks run 200
// and 1,000); ESEAL_CRASH_SEED replays a run.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "../support/crash_harness.h"
#include "../support/store_support.h"

using storetest::StorePtr;
using storetest::TempDir;

namespace {

int EnvInt(const char *name, int fallback) {
  const char *v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

TEST(StorageCrash, AcknowledgedAppendsSurviveSigkill) {
  const int kills = EnvInt("ESEAL_CRASH_KILLS", 25);
  unsigned seed = static_cast<unsigned>(EnvInt("ESEAL_CRASH_SEED", 0));
  if (seed == 0)
    seed = std::random_device{}();
  std::printf("%d kills, seed %u (ESEAL_CRASH_SEED replays)\n", kills, seed);
  std::mt19937 rng(seed);
  TempDir dir;
  crash::ChildOptions o;
  o.path = dir.file("crash.db");
  std::vector<crash::Ack> all;
  uint64_t size = 0;
  for (int k = 0; k < kills; k++) {
    o.threads = 1 + static_cast<int>(rng() % 4);
    // Mostly mid-stream, sometimes while the child is still opening (or
    // creating) the file: an open and a commit each wait for fsyncs.
    unsigned delay_us = rng() % 8 == 0 ? rng() % 20000 : 20000 + rng() % 230000;
    crash::Child c = crash::Spawn(o);
    ASSERT_GT(c.pid, 0);
    std::vector<crash::Ack> acks = crash::Finish(c, true, delay_us);
    all.insert(all.end(), acks.begin(), acks.end());
    StorePtr s;
    ASSERT_EQ(eseal_store_open_sqlite(&s.p, o.path.c_str()), 0)
        << "kill " << k << ": " << eseal_error_last()->message;
    uint64_t before = size;
    ASSERT_EQ(crash::CheckLog(s.p, "crash", "log", all, crash::Be64IdOf, &size), "")
        << "kill " << k << " (seed " << seed << ")";
    // What the child could not acknowledge before dying: at most one group.
    EXPECT_LE(size - before, acks.size() + 512u) << "kill " << k;
    EXPECT_GE(size, all.size());
  }
  std::printf("%zu acknowledged appends, log size %llu\n", all.size(),
              static_cast<unsigned long long>(size));
  EXPECT_GT(all.size(), 0u);
}

TEST(StorageCrash, TwoProcessesAndThreadsLoseAndRepeatNothing) {
  TempDir dir;
  crash::ChildOptions o;
  o.path = dir.file("shared.db");
  o.threads = 4;
  o.appends = 150;
  {
    StorePtr s;  // created once, so that the children meet an existing store
    ASSERT_EQ(eseal_store_open_sqlite(&s.p, o.path.c_str()), 0);
  }
  crash::Child a = crash::Spawn(o);
  crash::Child b = crash::Spawn(o);
  ASSERT_GT(a.pid, 0);
  ASSERT_GT(b.pid, 0);
  bool a_ok = false, b_ok = false;
  std::vector<crash::Ack> acks = crash::Finish(a, false, 0, &a_ok);
  std::vector<crash::Ack> more = crash::Finish(b, false, 0, &b_ok);
  EXPECT_TRUE(a_ok);
  EXPECT_TRUE(b_ok);
  acks.insert(acks.end(), more.begin(), more.end());
  ASSERT_EQ(acks.size(), 2u * 4u * 150u);
  StorePtr s;
  ASSERT_EQ(eseal_store_open_sqlite(&s.p, o.path.c_str()), 0);
  uint64_t size = 0;
  EXPECT_EQ(crash::CheckLog(s.p, "crash", "log", acks, crash::Be64IdOf, &size), "");
  EXPECT_EQ(size, acks.size());
}

}  // namespace
