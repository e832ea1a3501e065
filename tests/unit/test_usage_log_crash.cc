// Crash safety of the usage log (tests/support/crash_harness.h): a child
// appends physical uses through the public API from several threads and is
// killed with SIGKILL at random moments, again and again on one SQLite file.
// After each kill every acknowledged record is there with no gap or
// duplicate, `log verify` finds the tree, the leaf cache, the pseudonyms and
// every stored checkpoint intact, and the log still extends the checkpoint
// exported after an earlier kill. ESEAL_CRASH_KILLS sets the number of kills
// (25 here); ESEAL_CRASH_SEED replays a run.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../support/crash_harness.h"
#include "../support/store_support.h"
#include "tlog_pki.h"

extern "C" {
#include "core/arena.h"
#include "usage_log/record.h"
}

using storetest::StorePtr;
using storetest::TempDir;

namespace {

int EnvInt(const char *name, int fallback) {
  const char *v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

// Runs in the child: a physical use whose esID carries the id.
int AppendUse(eseal_store *store, uint64_t id, uint64_t *seq) {
  static eseal_ctx *ctx = [] {
    eseal_ctx *c = nullptr;
    eseal_ctx_new(&c);
    return c;
  }();
  std::string es_id = "id-" + std::to_string(id);
  std::string op = "operator-" + std::to_string(id % 7);
  eseal_usage_record rec = ESEAL_USAGE_RECORD_INIT;
  rec.time = 1700000000 + static_cast<int64_t>(id);
  rec.es_id = es_id.c_str();
  rec.operator_id = op.c_str();
  rec.has_location = 1;
  rec.latitude = 30.0 + static_cast<double>(id % 3);
  rec.longitude = 120.0;
  return eseal_usage_log_record_physical(seq, store, ctx, "crash", &rec);
}

bool IdOfRecord(const uint8_t *rec, size_t len, uint64_t *id) {
  eseal__arena arena = {};
  eseal__urecord r;
  bool ok = eseal__urecord_decode(rec, len, &r, &arena) == 0;
  if (ok && r.action == ESEAL_USAGE_LOG_KEY)
    *id = UINT64_MAX - r.seq; // the parent's announcements: ids no child uses
  else
    ok = ok && r.es_id && std::sscanf(r.es_id, "id-%llu",
                                      reinterpret_cast<unsigned long long *>(id)) == 1;
  eseal__arena_release(&arena);
  return ok;
}

TEST(UsageLogCrash, AcknowledgedRecordsSurviveSigkillAndTheLogVerifies) {
  const int kills = EnvInt("ESEAL_CRASH_KILLS", 25);
  unsigned seed = static_cast<unsigned>(EnvInt("ESEAL_CRASH_SEED", 0));
  if (seed == 0)
    seed = std::random_device{}();
  std::printf("%d kills, seed %u (ESEAL_CRASH_SEED replays)\n", kills, seed);
  std::mt19937 rng(seed);
  TempDir dir;
  crash::ChildOptions o;
  o.path = dir.file("usage.db");
  o.append = AppendUse;
  auto ctx = tlog::LogContext();
  const sm2::Identity key = tlog::LogKey("Crash log key");
  std::vector<crash::Ack> all;
  std::string outside; // the latest checkpoint, kept out of the store
  uint64_t size = 0;
  for (int k = 0; k < kills; k++) {
    o.threads = 1 + static_cast<int>(rng() % 3);
    unsigned delay_us = rng() % 8 == 0 ? rng() % 20000 : 20000 + rng() % 230000;
    crash::Child c = crash::Spawn(o);
    ASSERT_GT(c.pid, 0);
    std::vector<crash::Ack> acks = crash::Finish(c, true, delay_us);
    all.insert(all.end(), acks.begin(), acks.end());
    StorePtr s;
    ASSERT_EQ(eseal_store_open_sqlite(&s.p, o.path.c_str()), 0) << eseal_error_last()->message;
    ASSERT_EQ(crash::CheckLog(s.p, "crash", "usage", all, IdOfRecord, &size), "")
        << "kill " << k << " (seed " << seed << ")";
    if (size == 0)
      continue;
    eseal_buf report = ESEAL_BUF_INIT;
    int rc = eseal_usage_log_verify(
        &report, s.p, ctx.get(), "crash",
        outside.empty() ? nullptr : reinterpret_cast<const uint8_t *>(outside.data()),
        outside.size());
    std::string r(reinterpret_cast<char *>(report.ptr), report.size);
    eseal_buf_dispose(&report);
    ASSERT_EQ(rc, 0) << "kill " << k << " (seed " << seed << "): " << eseal_error_last()->message
                     << "\n" << r;
    if (k % 4 == 0) {
      eseal_buf note = ESEAL_BUF_INIT;
      ASSERT_EQ(eseal_usage_log_checkpoint(&note, s.p, ctx.get(), "crash", pki::Key(key).get(),
                                           pki::Cert(key).get(), 0),
                0)
          << eseal_error_last()->message;
      outside.assign(reinterpret_cast<char *>(note.ptr), note.size);
      eseal_buf_dispose(&note);
    }
  }
  std::printf("%zu acknowledged records, log size %llu\n", all.size(),
              static_cast<unsigned long long>(size));
  EXPECT_GT(all.size(), 0u);
  EXPECT_FALSE(outside.empty());
}

} // namespace
