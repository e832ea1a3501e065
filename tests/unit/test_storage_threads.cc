// Threads sharing one store (also run under ThreadSanitizer): group commit
// from many threads, plain writers from several handles on one SQLite file,
// readers beside writers.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "../support/crash_harness.h"
#include "../support/store_support.h"

using storetest::StorePtr;
using storetest::TempDir;

namespace {

class StorageThreads : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      StorePtr first;  // empties the database once, before the test opens its handles
      STORETEST_OPEN_POSTGRESQL(&first.p);
      pg_conninfo_ = std::getenv("ESEAL_TEST_PG");
    }
  }
  void Open(StorePtr &s) {
    if (GetParam() == "memory")
      ASSERT_EQ(eseal_store_open_memory(&s.p), 0);
    else if (GetParam() == "postgresql")
      ASSERT_EQ(eseal_store_open_postgresql(&s.p, pg_conninfo_.c_str()), 0)
          << eseal_error_last()->message;
    else
      ASSERT_EQ(eseal_store_open_sqlite(&s.p, dir_.file("t.db").c_str()), 0);
  }
  TempDir dir_;
  std::string pg_conninfo_;
};

struct CountedAppend {
  uint64_t id;
  int fail;
  uint64_t seq;
};

// Appends and counts in one transaction; fails after writing when asked to.
int AppendAndCount(eseal__txn *t, void *arg) {
  auto *a = static_cast<CountedAppend *>(arg);
  auto rec = storetest::Be64(a->id);
  int rc = eseal__txn_log_append(t, "t", "log", rec.data(), rec.size(), &a->seq);
  if (rc == 0)
    rc = eseal__txn_counter_add(t, "t", "appends", 1, nullptr);
  if (rc == 0 && a->fail)
    return eseal__error_set(ESEAL_EFROZEN, "refused %llu", (unsigned long long)a->id);
  return rc;
}

TEST_P(StorageThreads, GroupCommitFromEightThreads) {
  StorePtr s;
  Open(s);
  const int threads = 8, each = 100;
  std::vector<std::vector<crash::Ack>> acks(threads);
  std::atomic<int> wrong{0};
  std::vector<std::thread> ts;
  for (int i = 0; i < threads; i++)
    ts.emplace_back([&, i] {
      for (int n = 0; n < each; n++) {
        uint64_t id = static_cast<uint64_t>(i) << 32 | static_cast<uint64_t>(n);
        CountedAppend a = {id, n % 7 == 3, 0};
        int rc = eseal__store_run_grouped(s.p, AppendAndCount, &a);
        if (a.fail) {
          const eseal_error *e = eseal_error_last();
          if (rc != ESEAL_EFROZEN || e == nullptr ||
              std::string(e->message) != "refused " + std::to_string(id))
            wrong++;
        } else if (rc != 0) {
          wrong++;
        } else {
          acks[static_cast<size_t>(i)].push_back({a.seq, id});
        }
      }
    });
  for (auto &t : ts)
    t.join();
  EXPECT_EQ(wrong.load(), 0);
  std::vector<crash::Ack> all;
  for (auto &v : acks)
    all.insert(all.end(), v.begin(), v.end());
  uint64_t size = 0;
  EXPECT_EQ(crash::CheckLog(s.p, "t", "log", all, crash::Be64IdOf, &size), "");
  EXPECT_EQ(size, all.size());  // the refused ones left nothing
  eseal__txn *t;
  ASSERT_EQ(eseal__store_begin(s.p, 0, &t), 0);
  int64_t counted = -1;
  ASSERT_EQ(eseal__txn_counter_add(t, "t", "appends", 0, &counted), 0);
  eseal__txn_rollback(t);
  EXPECT_EQ(static_cast<uint64_t>(counted), size);
}

TEST_P(StorageThreads, ReadersBesideWritersSeeAGrowingLog) {
  StorePtr s;
  Open(s);
  std::atomic<bool> done{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; r++)
    readers.emplace_back([&] {
      uint64_t last = 0;
      while (!done) {
        eseal__txn *t;
        if (eseal__store_begin(s.p, 0, &t) != 0) {
          wrong++;
          return;
        }
        uint64_t n = 0;
        eseal_buf rec = ESEAL_BUF_INIT;
        if (eseal__txn_log_size(t, "t", "log", &n) != 0 || n < last ||
            (n > 0 && eseal__txn_log_get(t, "t", "log", n - 1, &rec) != 0))
          wrong++;
        eseal_buf_dispose(&rec);
        eseal__txn_rollback(t);
        last = n;
      }
    });
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; w++)
    writers.emplace_back([&, w] {
      for (uint64_t n = 0; n < 50; n++) {
        uint64_t seq;
        if (crash::GroupedAppend(s.p, "t", "log", static_cast<uint64_t>(w) << 32 | n, &seq) != 0)
          wrong++;
      }
    });
  for (auto &t : writers)
    t.join();
  done = true;
  for (auto &t : readers)
    t.join();
  EXPECT_EQ(wrong.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageThreads, ::testing::Values("memory", "sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string> &i) { return i.param; });

// Plain write transactions from threads on separate handles of one file: the
// handles meet only at SQLite's file lock, as processes do.
TEST(StorageThreadsSqlite, SeparateHandlesOnOneFile) {
  TempDir dir;
  std::string path = dir.file("h.db");
  const int handles = 3, each = 60;
  std::vector<StorePtr> stores(handles);
  for (auto &s : stores)
    ASSERT_EQ(eseal_store_open_sqlite(&s.p, path.c_str()), 0);
  std::vector<std::vector<crash::Ack>> acks(handles);
  std::atomic<int> wrong{0};
  std::vector<std::thread> ts;
  for (int h = 0; h < handles; h++)
    ts.emplace_back([&, h] {
      for (int n = 0; n < each; n++) {
        uint64_t id = static_cast<uint64_t>(h) << 32 | static_cast<uint64_t>(n);
        eseal__txn *t;
        if (eseal__store_begin(stores[static_cast<size_t>(h)].p, 1, &t) != 0) {
          wrong++;
          continue;
        }
        auto rec = storetest::Be64(id);
        uint64_t seq;
        if (eseal__txn_log_append(t, "t", "log", rec.data(), rec.size(), &seq) != 0) {
          eseal__txn_rollback(t);
          wrong++;
        } else if (eseal__txn_commit(t) != 0) {
          wrong++;
        } else {
          acks[static_cast<size_t>(h)].push_back({seq, id});
        }
      }
    });
  for (auto &t : ts)
    t.join();
  EXPECT_EQ(wrong.load(), 0);
  std::vector<crash::Ack> all;
  for (auto &v : acks)
    all.insert(all.end(), v.begin(), v.end());
  uint64_t size = 0;
  EXPECT_EQ(crash::CheckLog(stores[0].p, "t", "log", all, crash::Be64IdOf, &size), "");
  EXPECT_EQ(size, static_cast<uint64_t>(handles * each));
}

}  // namespace
