// A backend of the caller's own: the version and completeness checks on its
// table, ownership, and what group commit does with it (one commit for many
// callers; a failing caller taken out and the others run again).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "../support/store_support.h"

extern "C" {
#include "storage/store_impl.h"
}

using storetest::StorePtr;

namespace {

// Forwards to a memory backend, counting commits and closes, with an optional
// delay in commit (a slow disk).
struct Wrapper {
  eseal_storage_backend table;
  eseal_storage_backend *inner = nullptr;
  std::atomic<int> commits{0};
  std::atomic<int> rollbacks{0};
  int *closes = nullptr;
  int commit_delay_ms = 0;
};

Wrapper *W(eseal_storage_backend *self) { return reinterpret_cast<Wrapper *>(self); }

void FillWrapper(Wrapper *w) {
  eseal_storage_backend_init(&w->table);
  EXPECT_EQ(w->table.version, (unsigned)ESEAL_STORAGE_BACKEND_VERSION);
  EXPECT_EQ(w->table.begin, nullptr);
  EXPECT_EQ(eseal__memory_backend_new(&w->inner), 0);
  w->table.name = "wrapper";
  w->table.begin = [](eseal_storage_backend *s, int wr, void **t) {
    return W(s)->inner->begin(W(s)->inner, wr, t);
  };
  w->table.commit = [](eseal_storage_backend *s, void *t) {
    if (W(s)->commit_delay_ms)
      std::this_thread::sleep_for(std::chrono::milliseconds(W(s)->commit_delay_ms));
    W(s)->commits++;
    return W(s)->inner->commit(W(s)->inner, t);
  };
  w->table.rollback = [](eseal_storage_backend *s, void *t) {
    W(s)->rollbacks++;
    W(s)->inner->rollback(W(s)->inner, t);
  };
  w->table.kv_get = [](eseal_storage_backend *s, void *t, const char *te, const char *a,
                       const uint8_t *k, size_t kl, eseal_buf *v) {
    return W(s)->inner->kv_get(W(s)->inner, t, te, a, k, kl, v);
  };
  w->table.kv_put = [](eseal_storage_backend *s, void *t, const char *te, const char *a,
                       const uint8_t *k, size_t kl, const uint8_t *v, size_t vl) {
    return W(s)->inner->kv_put(W(s)->inner, t, te, a, k, kl, v, vl);
  };
  w->table.kv_delete = [](eseal_storage_backend *s, void *t, const char *te, const char *a,
                          const uint8_t *k, size_t kl) {
    return W(s)->inner->kv_delete(W(s)->inner, t, te, a, k, kl);
  };
  w->table.kv_scan = [](eseal_storage_backend *s, void *t, const char *te, const char *a,
                        const uint8_t *p, size_t pl, eseal_storage_visit_fn f, void *arg) {
    return W(s)->inner->kv_scan(W(s)->inner, t, te, a, p, pl, f, arg);
  };
  w->table.counter_add = [](eseal_storage_backend *s, void *t, const char *te, const char *n,
                            int64_t d, int64_t *v) {
    return W(s)->inner->counter_add(W(s)->inner, t, te, n, d, v);
  };
  w->table.log_append = [](eseal_storage_backend *s, void *t, const char *te, const char *l,
                           const uint8_t *r, size_t len, uint64_t *seq) {
    return W(s)->inner->log_append(W(s)->inner, t, te, l, r, len, seq);
  };
  w->table.log_get = [](eseal_storage_backend *s, void *t, const char *te, const char *l,
                        uint64_t seq, eseal_buf *r) {
    return W(s)->inner->log_get(W(s)->inner, t, te, l, seq, r);
  };
  w->table.log_size = [](eseal_storage_backend *s, void *t, const char *te, const char *l,
                         uint64_t *n) { return W(s)->inner->log_size(W(s)->inner, t, te, l, n); };
  w->table.close = [](eseal_storage_backend *s) {
    W(s)->inner->close(W(s)->inner);
    W(s)->inner = nullptr;
    ++*W(s)->closes;
  };
}

TEST(StorageBackend, UnknownTableVersionsAreRefused) {
  int closes = 0;
  Wrapper w;
  w.closes = &closes;
  FillWrapper(&w);
  eseal_store *store = reinterpret_cast<eseal_store *>(1);
  for (unsigned v : {0u, ESEAL_STORAGE_BACKEND_VERSION + 1u, 1000u}) {
    w.table.version = v;
    EXPECT_EQ(eseal_store_from_backend(&store, &w.table), ESEAL_EVERSION) << v;
    EXPECT_EQ(store, nullptr);
  }
  EXPECT_EQ(closes, 0);  // refused: the caller keeps its backend
  w.inner->close(w.inner);
}

TEST(StorageBackend, EveryFunctionIsRequired) {
  int closes = 0;
  Wrapper w;
  w.closes = &closes;
  FillWrapper(&w);
  const size_t first = offsetof(eseal_storage_backend, begin);
  const size_t last = offsetof(eseal_storage_backend, close);
  for (size_t off = first; off <= last; off += sizeof(void (*)(void))) {
    eseal_storage_backend copy = w.table;
    std::memset(reinterpret_cast<char *>(&copy) + off, 0, sizeof(void (*)(void)));
    eseal_store *store = nullptr;
    EXPECT_EQ(eseal_store_from_backend(&store, &copy), ESEAL_EINVAL) << "offset " << off;
  }
  EXPECT_EQ(eseal_store_from_backend(nullptr, &w.table), ESEAL_EINVAL);
  eseal_store *store = nullptr;
  EXPECT_EQ(eseal_store_from_backend(&store, nullptr), ESEAL_EINVAL);
  w.inner->close(w.inner);
}

// server_time is optional, and a version-1 table has no such member: whatever
// lies past its end is never called.
TEST(StorageBackend, ServerTimeOnlyFromVersionTwoTables) {
  int closes = 0;
  Wrapper w;
  w.closes = &closes;
  FillWrapper(&w);
  w.table.server_time = [](eseal_storage_backend *, void *, int64_t *ms) {
    *ms = 1234;
    return 0;
  };
  for (unsigned v : {1u, 2u}) {
    w.table.version = v;
    eseal_store *store = nullptr;
    ASSERT_EQ(eseal_store_from_backend(&store, &w.table), 0) << v;
    eseal__txn *t;
    ASSERT_EQ(eseal__store_begin(store, 0, &t), 0);
    int64_t ms = -1;
    EXPECT_EQ(eseal__txn_server_time(t, &ms), v == 1 ? ESEAL_ENOTFOUND : 0) << v;
    EXPECT_EQ(ms, v == 1 ? -1 : 1234) << v;
    eseal__txn_rollback(t);
    w.table.close = [](eseal_storage_backend *) {};  // the wrapper outlives this store
    eseal_store_free(store);
  }
  // Version 2 without the function: the context's clock is the caller's to use.
  w.table.server_time = nullptr;
  eseal_store *store = nullptr;
  ASSERT_EQ(eseal_store_from_backend(&store, &w.table), 0);
  eseal__txn *t;
  ASSERT_EQ(eseal__store_begin(store, 0, &t), 0);
  int64_t ms = -1;
  EXPECT_EQ(eseal__txn_server_time(t, &ms), ESEAL_ENOTFOUND);
  eseal__txn_rollback(t);
  eseal_store_free(store);
  w.inner->close(w.inner);
}

TEST(StorageBackend, TheStoreOwnsAnAcceptedBackend) {
  int closes = 0;
  Wrapper w;
  w.closes = &closes;
  FillWrapper(&w);
  {
    StorePtr s;
    ASSERT_EQ(eseal_store_from_backend(&s.p, &w.table), 0);
    EXPECT_STREQ(eseal_store_backend_name(s.p), "wrapper");
    eseal__txn *t;
    ASSERT_EQ(eseal__store_begin(s.p, 1, &t), 0);
    ASSERT_EQ(eseal__txn_log_append(t, "x", "l", (const uint8_t *)"r", 1, nullptr), 0);
    ASSERT_EQ(eseal__txn_commit(t), 0);
    EXPECT_EQ(w.commits.load(), 1);
    EXPECT_EQ(closes, 0);
  }
  EXPECT_EQ(closes, 1);
  EXPECT_STREQ(eseal_store_backend_name(nullptr), "");
  eseal_store_free(nullptr);
  eseal_storage_backend_init(nullptr);
}

struct Body {
  explicit Body(const char *t, int f = 0) : tag(t), fail(f) {}
  const char *tag;
  int fail;
  int delay_ms = 0;
  std::atomic<int> runs{0};
  int rc = 99;
  std::string message;
};

int RunBody(eseal__txn *t, void *arg) {
  auto *b = static_cast<Body *>(arg);
  b->runs++;
  if (b->delay_ms)
    std::this_thread::sleep_for(std::chrono::milliseconds(b->delay_ms));
  int rc = eseal__txn_kv_put(t, "g", "k", (const uint8_t *)b->tag, std::strlen(b->tag),
                             (const uint8_t *)"v", 1);
  if (rc == 0 && b->fail)
    return eseal__error_set(ESEAL_ELOST, "caller %s fails on purpose", b->tag);
  return rc;
}

void RunOnThread(eseal_store *s, Body *b) {
  b->rc = eseal__store_run_grouped(s, RunBody, b);
  const eseal_error *e = eseal_error_last();
  b->message = b->rc != 0 && e ? e->message : "";
}

bool Has(eseal_store *s, const char *tag) {
  eseal__txn *t;
  EXPECT_EQ(eseal__store_begin(s, 0, &t), 0);
  eseal_buf v = ESEAL_BUF_INIT;
  int rc = eseal__txn_kv_get(t, "g", "k", (const uint8_t *)tag, std::strlen(tag), &v);
  eseal_buf_dispose(&v);
  eseal__txn_rollback(t);
  return rc == 0;
}

// While one group commits slowly, three callers queue; the last of them fails.
// They form the next group: one transaction that is rolled back, the failing
// caller taken out, and the other two run again and committed together.
TEST(StorageGroupCommit, AFailingCallerIsTakenOutAndTheOthersRunAgain) {
  int closes = 0;
  Wrapper w;
  w.closes = &closes;
  FillWrapper(&w);
  w.commit_delay_ms = 300;
  StorePtr s;
  ASSERT_EQ(eseal_store_from_backend(&s.p, &w.table), 0);
  Body lead("lead"), b1("b1"), b2("b2"), bad("bad", 1);
  std::thread t0(RunOnThread, s.p, &lead);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  std::thread t1(RunOnThread, s.p, &b1);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  std::thread t2(RunOnThread, s.p, &b2);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  std::thread t3(RunOnThread, s.p, &bad);
  for (auto *t : {&t0, &t1, &t2, &t3})
    t->join();
  EXPECT_EQ(lead.rc, 0);
  EXPECT_EQ(b1.rc, 0);
  EXPECT_EQ(b2.rc, 0);
  EXPECT_EQ(bad.rc, ESEAL_ELOST);
  // The failing caller's own message, on its own thread.
  EXPECT_EQ(bad.message, "caller bad fails on purpose");
  EXPECT_TRUE(Has(s.p, "lead") && Has(s.p, "b1") && Has(s.p, "b2"));
  EXPECT_FALSE(Has(s.p, "bad"));
  // Two commits (the first group, then b1 + b2), one rolled-back try with all three.
  EXPECT_EQ(w.commits.load(), 2);
  EXPECT_EQ(b1.runs.load(), 2);
  EXPECT_EQ(b2.runs.load(), 2);
  EXPECT_EQ(bad.runs.load(), 1);
  EXPECT_EQ(lead.runs.load(), 1);
}

// Many callers at once share commits: fewer commits than callers.
TEST(StorageGroupCommit, ConcurrentCallersShareCommits) {
  int closes = 0;
  Wrapper w;
  w.closes = &closes;
  FillWrapper(&w);
  w.commit_delay_ms = 5;
  StorePtr s;
  ASSERT_EQ(eseal_store_from_backend(&s.p, &w.table), 0);
  const int threads = 8, each = 20;
  std::vector<std::thread> ts;
  std::atomic<int> failures{0};
  for (int i = 0; i < threads; i++)
    ts.emplace_back([&, i] {
      for (int n = 0; n < each; n++) {
        std::string tag = std::to_string(i) + "-" + std::to_string(n);
        Body b(tag.c_str());
        if (eseal__store_run_grouped(s.p, RunBody, &b) != 0)
          failures++;
      }
    });
  for (auto &t : ts)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LT(w.commits.load(), threads * each);
  EXPECT_TRUE(Has(s.p, "0-0") && Has(s.p, "7-19"));
}

}  // namespace
