// One conformance suite for every built-in storage backend: key/value areas
// and their order, counters, logs, transactions and rollback, tenants kept
// apart, the checks on names and sizes, large values, group commit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "../support/store_support.h"

using storetest::Be64;
using storetest::StorePtr;
using storetest::TempDir;
using storetest::TxnPtr;
using Bytes = std::vector<uint8_t>;

namespace {

Bytes B(const std::string &s) { return Bytes(s.begin(), s.end()); }

class Conformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory")
      ASSERT_EQ(eseal_store_open_memory(&store_.p), 0);
    else if (GetParam() == "postgresql")
      STORETEST_OPEN_POSTGRESQL(&store_.p);
    else
      ASSERT_EQ(eseal_store_open_sqlite(&store_.p, dir_.file("store.db").c_str()), 0)
          << eseal_error_last()->message;
    ASSERT_EQ(std::string(eseal_store_backend_name(store_.p)), GetParam());
  }

  // Runs `body` in a writable transaction and commits it.
  template <typename F>
  void Write(F body) {
    TxnPtr t;
    ASSERT_EQ(eseal__store_begin(store_.p, 1, &t.p), 0);
    body(t.p);
    ASSERT_EQ(t.commit(), 0);
  }

  int Put(eseal__txn *t, const char *tenant, const char *area, const Bytes &k, const Bytes &v) {
    return eseal__txn_kv_put(t, tenant, area, k.data(), k.size(), v.data(), v.size());
  }

  // The value of a key, or "<absent>", in a read transaction.
  std::string Get(const char *tenant, const char *area, const Bytes &k) {
    TxnPtr t;
    EXPECT_EQ(eseal__store_begin(store_.p, 0, &t.p), 0);
    eseal_buf out = ESEAL_BUF_INIT;
    int rc = eseal__txn_kv_get(t.p, tenant, area, k.data(), k.size(), &out);
    std::string s = rc == 0 ? std::string(reinterpret_cast<char *>(out.ptr), out.size)
                            : rc == ESEAL_ENOTFOUND ? "<absent>" : "<error>";
    eseal_buf_dispose(&out);
    return s;
  }

  // Every (key, value) of an area with a prefix, in the order the scan gives.
  std::vector<std::pair<Bytes, Bytes>> Scan(const char *tenant, const char *area,
                                           const Bytes &prefix = {}) {
    std::vector<std::pair<Bytes, Bytes>> out;
    TxnPtr t;
    EXPECT_EQ(eseal__store_begin(store_.p, 0, &t.p), 0);
    auto visit = [](void *arg, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl) {
      static_cast<std::vector<std::pair<Bytes, Bytes>> *>(arg)->emplace_back(Bytes(k, k + kl),
                                                                            Bytes(v, v + vl));
      return 0;
    };
    EXPECT_EQ(eseal__txn_kv_scan(t.p, tenant, area, prefix.data(), prefix.size(), visit, &out),
              0);
    return out;
  }

  int64_t Counter(const char *tenant, const char *name) {
    TxnPtr t;
    EXPECT_EQ(eseal__store_begin(store_.p, 0, &t.p), 0);
    int64_t v = -12345;
    EXPECT_EQ(eseal__txn_counter_add(t.p, tenant, name, 0, &v), 0);
    return v;
  }

  uint64_t LogSize(const char *tenant, const char *log) {
    TxnPtr t;
    EXPECT_EQ(eseal__store_begin(store_.p, 0, &t.p), 0);
    uint64_t n = 12345;
    EXPECT_EQ(eseal__txn_log_size(t.p, tenant, log, &n), 0);
    return n;
  }

  std::string LogGet(const char *tenant, const char *log, uint64_t seq) {
    TxnPtr t;
    EXPECT_EQ(eseal__store_begin(store_.p, 0, &t.p), 0);
    eseal_buf out = ESEAL_BUF_INIT;
    int rc = eseal__txn_log_get(t.p, tenant, log, seq, &out);
    std::string s = rc == 0 ? std::string(reinterpret_cast<char *>(out.ptr), out.size)
                            : rc == ESEAL_ENOTFOUND ? "<absent>" : "<error>";
    eseal_buf_dispose(&out);
    return s;
  }

  TempDir dir_;
  StorePtr store_;
};

TEST_P(Conformance, KeyValuePutGetReplaceDelete) {
  Write([&](eseal__txn *t) {
    EXPECT_EQ(Put(t, "acme", "seals", B("k1"), B("one")), 0);
    EXPECT_EQ(Put(t, "acme", "seals", B("k2"), B("")), 0);  // empty values are values
    // A transaction sees its own writes.
    eseal_buf out = ESEAL_BUF_INIT;
    EXPECT_EQ(eseal__txn_kv_get(t, "acme", "seals", (const uint8_t *)"k1", 2, &out), 0);
    EXPECT_EQ(std::string((char *)out.ptr, out.size), "one");
    eseal_buf_dispose(&out);
  });
  EXPECT_EQ(Get("acme", "seals", B("k1")), "one");
  EXPECT_EQ(Get("acme", "seals", B("k2")), "");
  EXPECT_EQ(Get("acme", "seals", B("k3")), "<absent>");
  Write([&](eseal__txn *t) { EXPECT_EQ(Put(t, "acme", "seals", B("k1"), B("uno")), 0); });
  EXPECT_EQ(Get("acme", "seals", B("k1")), "uno");
  Write([&](eseal__txn *t) {
    EXPECT_EQ(eseal__txn_kv_delete(t, "acme", "seals", (const uint8_t *)"k1", 2), 0);
    EXPECT_EQ(eseal__txn_kv_delete(t, "acme", "seals", (const uint8_t *)"k1", 2),
              ESEAL_ENOTFOUND);
  });
  EXPECT_EQ(Get("acme", "seals", B("k1")), "<absent>");
  EXPECT_EQ(Get("acme", "seals", B("k2")), "");
}

TEST_P(Conformance, ScanIsInKeyByteOrderAndStaysInItsArea) {
  std::vector<Bytes> keys = {B("b"), B("ab"), Bytes{'a', 0}, B("a"), Bytes{0xff}, Bytes{0x00},
                             B("abc"), Bytes{'a', 0xff}, B("aa")};
  Write([&](eseal__txn *t) {
    for (const Bytes &k : keys)
      ASSERT_EQ(Put(t, "acme", "k", k, k), 0);
    // Neighbouring areas and tenants whose names extend this one's.
    ASSERT_EQ(Put(t, "acme", "k2", B("a"), B("other area")), 0);
    ASSERT_EQ(Put(t, "acme", "j", B("zz"), B("area before")), 0);
    ASSERT_EQ(Put(t, "acme.x", "k", B("a"), B("other tenant")), 0);
    ASSERT_EQ(Put(t, "acm", "k", B("a"), B("other tenant")), 0);
  });
  std::vector<Bytes> sorted = keys;
  std::sort(sorted.begin(), sorted.end());  // lexicographic bytes, shorter first
  auto all = Scan("acme", "k");
  ASSERT_EQ(all.size(), sorted.size());
  for (size_t i = 0; i < sorted.size(); i++) {
    EXPECT_EQ(all[i].first, sorted[i]) << i;
    EXPECT_EQ(all[i].second, sorted[i]) << i;
  }
  auto a = Scan("acme", "k", B("a"));
  std::vector<Bytes> want_a = {B("a"), Bytes{'a', 0}, B("aa"), B("ab"), B("abc"),
                               Bytes{'a', 0xff}};
  ASSERT_EQ(a.size(), want_a.size());
  for (size_t i = 0; i < want_a.size(); i++)
    EXPECT_EQ(a[i].first, want_a[i]) << i;
  EXPECT_EQ(Scan("acme", "k", B("ab")).size(), 2u);
  EXPECT_EQ(Scan("acme", "k", B("c")).size(), 0u);
  EXPECT_EQ(Scan("acme", "k", Bytes{0xff}).size(), 1u);
  EXPECT_EQ(Scan("acme", "k2").size(), 1u);
  EXPECT_EQ(Scan("acme", "j").size(), 1u);
}

TEST_P(Conformance, ScanStopsWhenTheVisitorSaysSo) {
  Write([&](eseal__txn *t) {
    for (char c = 'a'; c <= 'e'; c++)
      ASSERT_EQ(Put(t, "acme", "k", Bytes{(uint8_t)c}, B("v")), 0);
  });
  TxnPtr t;
  ASSERT_EQ(eseal__store_begin(store_.p, 0, &t.p), 0);
  int seen = 0;
  auto visit = [](void *arg, const uint8_t *, size_t, const uint8_t *, size_t) {
    return ++*static_cast<int *>(arg) == 3 ? 42 : 0;
  };
  EXPECT_EQ(eseal__txn_kv_scan(t.p, "acme", "k", nullptr, 0, visit, &seen), 42);
  EXPECT_EQ(seen, 3);
}

TEST_P(Conformance, Counters) {
  EXPECT_EQ(Counter("acme", "stamps"), 0);  // absent counters are 0
  Write([&](eseal__txn *t) {
    int64_t v = 0;
    EXPECT_EQ(eseal__txn_counter_add(t, "acme", "stamps", 5, &v), 0);
    EXPECT_EQ(v, 5);
    EXPECT_EQ(eseal__txn_counter_add(t, "acme", "stamps", -7, &v), 0);
    EXPECT_EQ(v, -2);
    EXPECT_EQ(eseal__txn_counter_add(t, "acme", "other", 3, nullptr), 0);
  });
  EXPECT_EQ(Counter("acme", "stamps"), -2);
  EXPECT_EQ(Counter("acme", "other"), 3);
}

TEST_P(Conformance, CounterOverflowIsRefusedAndLeavesTheValue) {
  Write([&](eseal__txn *t) {
    int64_t v = 0;
    EXPECT_EQ(eseal__txn_counter_add(t, "acme", "big", INT64_MAX, &v), 0);
    EXPECT_EQ(eseal__txn_counter_add(t, "acme", "big", 1, &v), ESEAL_ELIMIT);
    EXPECT_EQ(eseal__txn_counter_add(t, "acme", "small", -1, &v), 0);
    EXPECT_EQ(eseal__txn_counter_add(t, "acme", "small", INT64_MIN, &v), ESEAL_ELIMIT);
  });
  EXPECT_EQ(Counter("acme", "big"), INT64_MAX);
  EXPECT_EQ(Counter("acme", "small"), -1);
}

TEST_P(Conformance, LogsNumberFromZeroWithoutGaps) {
  EXPECT_EQ(LogSize("acme", "usage"), 0u);
  Write([&](eseal__txn *t) {
    for (uint64_t i = 0; i < 3; i++) {
      std::string rec = "rec" + std::to_string(i);
      uint64_t seq = 99;
      ASSERT_EQ(eseal__txn_log_append(t, "acme", "usage", (const uint8_t *)rec.data(),
                                      rec.size(), &seq),
                0);
      EXPECT_EQ(seq, i);
    }
    uint64_t seq = 99;
    ASSERT_EQ(eseal__txn_log_append(t, "acme", "other", nullptr, 0, &seq), 0);
    EXPECT_EQ(seq, 0u);  // each log counts on its own
  });
  Write([&](eseal__txn *t) {
    uint64_t seq = 99;
    ASSERT_EQ(eseal__txn_log_append(t, "acme", "usage", (const uint8_t *)"x", 1, &seq), 0);
    EXPECT_EQ(seq, 3u);
  });
  EXPECT_EQ(LogSize("acme", "usage"), 4u);
  EXPECT_EQ(LogSize("acme", "other"), 1u);
  EXPECT_EQ(LogGet("acme", "usage", 0), "rec0");
  EXPECT_EQ(LogGet("acme", "usage", 2), "rec2");
  EXPECT_EQ(LogGet("acme", "usage", 3), "x");
  EXPECT_EQ(LogGet("acme", "usage", 4), "<absent>");
  EXPECT_EQ(LogGet("acme", "usage", UINT64_MAX), "<absent>");
  EXPECT_EQ(LogGet("acme", "other", 0), "");
}

TEST_P(Conformance, RollbackLeavesNothing) {
  Write([&](eseal__txn *t) {
    ASSERT_EQ(Put(t, "acme", "k", B("keep"), B("old")), 0);
    ASSERT_EQ(Put(t, "acme", "k", B("gone"), B("old")), 0);
    ASSERT_EQ(eseal__txn_counter_add(t, "acme", "c", 10, nullptr), 0);
    ASSERT_EQ(eseal__txn_log_append(t, "acme", "log", (const uint8_t *)"r0", 2, nullptr), 0);
  });
  auto before = Scan("acme", "k");
  {
    TxnPtr t;
    ASSERT_EQ(eseal__store_begin(store_.p, 1, &t.p), 0);
    ASSERT_EQ(Put(t.p, "acme", "k", B("keep"), B("new")), 0);
    ASSERT_EQ(Put(t.p, "acme", "k", B("added"), B("new")), 0);
    ASSERT_EQ(eseal__txn_kv_delete(t.p, "acme", "k", (const uint8_t *)"gone", 4), 0);
    ASSERT_EQ(Put(t.p, "acme", "k", B("gone"), B("again")), 0);
    ASSERT_EQ(eseal__txn_kv_delete(t.p, "acme", "k", (const uint8_t *)"gone", 4), 0);
    ASSERT_EQ(eseal__txn_counter_add(t.p, "acme", "c", 5, nullptr), 0);
    ASSERT_EQ(eseal__txn_counter_add(t.p, "acme", "new", 5, nullptr), 0);
    ASSERT_EQ(eseal__txn_log_append(t.p, "acme", "log", (const uint8_t *)"r1", 2, nullptr), 0);
    ASSERT_EQ(eseal__txn_log_append(t.p, "acme", "log2", (const uint8_t *)"r", 1, nullptr), 0);
    ASSERT_EQ(Put(t.p, "other", "k", B("x"), B("y")), 0);
    eseal__txn_rollback(t.p);
    t.p = nullptr;
  }
  EXPECT_EQ(Scan("acme", "k"), before);
  EXPECT_EQ(Scan("other", "k").size(), 0u);
  EXPECT_EQ(Counter("acme", "c"), 10);
  EXPECT_EQ(Counter("acme", "new"), 0);
  EXPECT_EQ(LogSize("acme", "log"), 1u);
  EXPECT_EQ(LogGet("acme", "log", 1), "<absent>");
  EXPECT_EQ(LogSize("acme", "log2"), 0u);
  // The next append takes the sequence the rolled-back one had: no gap.
  Write([&](eseal__txn *t) {
    uint64_t seq = 99;
    ASSERT_EQ(eseal__txn_log_append(t, "acme", "log", (const uint8_t *)"r1b", 3, &seq), 0);
    EXPECT_EQ(seq, 1u);
  });
  EXPECT_EQ(LogGet("acme", "log", 1), "r1b");
}

TEST_P(Conformance, TenantsNeverSeeEachOther) {
  Write([&](eseal__txn *t) {
    ASSERT_EQ(Put(t, "a", "k", B("key"), B("of a")), 0);
    ASSERT_EQ(Put(t, "b", "k", B("key"), B("of b")), 0);
    ASSERT_EQ(eseal__txn_counter_add(t, "a", "n", 1, nullptr), 0);
    ASSERT_EQ(eseal__txn_counter_add(t, "b", "n", 100, nullptr), 0);
    uint64_t seq = 99;
    ASSERT_EQ(eseal__txn_log_append(t, "a", "log", (const uint8_t *)"A", 1, &seq), 0);
    EXPECT_EQ(seq, 0u);
    ASSERT_EQ(eseal__txn_log_append(t, "b", "log", (const uint8_t *)"B", 1, &seq), 0);
    EXPECT_EQ(seq, 0u);
  });
  EXPECT_EQ(Get("a", "k", B("key")), "of a");
  EXPECT_EQ(Get("b", "k", B("key")), "of b");
  EXPECT_EQ(Get("c", "k", B("key")), "<absent>");
  EXPECT_EQ(Counter("a", "n"), 1);
  EXPECT_EQ(Counter("b", "n"), 100);
  EXPECT_EQ(LogGet("a", "log", 0), "A");
  EXPECT_EQ(LogGet("b", "log", 0), "B");
  EXPECT_EQ(LogSize("c", "log"), 0u);
  Write([&](eseal__txn *t) {
    EXPECT_EQ(eseal__txn_kv_delete(t, "c", "k", (const uint8_t *)"key", 3), ESEAL_ENOTFOUND);
  });
  EXPECT_EQ(Scan("a", "k").size(), 1u);
}

TEST_P(Conformance, NamesAndSizesAreChecked) {
  TxnPtr t;
  ASSERT_EQ(eseal__store_begin(store_.p, 1, &t.p), 0);
  const uint8_t k[] = {'k'};
  std::string longest(64, 'x'), too_long(65, 'x');
  EXPECT_EQ(eseal__txn_kv_put(t.p, longest.c_str(), longest.c_str(), k, 1, k, 1), 0);
  EXPECT_EQ(eseal__txn_kv_put(t.p, "A-Z_a.z-09", "k", k, 1, k, 1), 0);
  for (const char *bad : {"", "a b", "a/b", "a\\b", "a:b", "\xc3\xa4", "a\n", "*"}) {
    EXPECT_EQ(eseal__txn_kv_put(t.p, bad, "k", k, 1, k, 1), ESEAL_EINVAL) << bad;
    EXPECT_EQ(eseal__txn_kv_put(t.p, "t", bad, k, 1, k, 1), ESEAL_EINVAL) << bad;
    EXPECT_EQ(eseal__txn_counter_add(t.p, bad, "c", 1, nullptr), ESEAL_EINVAL) << bad;
    EXPECT_EQ(eseal__txn_log_append(t.p, "t", bad, k, 1, nullptr), ESEAL_EINVAL) << bad;
    EXPECT_EQ(eseal_store_check_name(bad), ESEAL_EINVAL) << bad;
  }
  EXPECT_EQ(eseal__txn_kv_put(t.p, too_long.c_str(), "k", k, 1, k, 1), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_put(t.p, "t", too_long.c_str(), k, 1, k, 1), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_put(t.p, nullptr, "k", k, 1, k, 1), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_put(t.p, "t", nullptr, k, 1, k, 1), ESEAL_EINVAL);
  EXPECT_NE(std::string(eseal_error_last()->message).find("missing"), std::string::npos);
  // Keys: 1..ESEAL_STORAGE_MAX_KEY bytes; values up to ESEAL_STORAGE_MAX_VALUE.
  Bytes key_max(ESEAL_STORAGE_MAX_KEY, 0x5a), key_over(ESEAL_STORAGE_MAX_KEY + 1, 0x5a);
  EXPECT_EQ(eseal__txn_kv_put(t.p, "t", "k", key_max.data(), key_max.size(), k, 1), 0);
  EXPECT_EQ(eseal__txn_kv_put(t.p, "t", "k", key_over.data(), key_over.size(), k, 1),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_put(t.p, "t", "k", k, 0, k, 1), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_put(t.p, "t", "k", nullptr, 1, k, 1), ESEAL_EINVAL);
  // Sizes are refused before any byte is read.
  EXPECT_EQ(eseal__txn_kv_put(t.p, "t", "k", k, 1, k, ESEAL_STORAGE_MAX_VALUE + 1u),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_log_append(t.p, "t", "l", k, ESEAL_STORAGE_MAX_VALUE + 1u, nullptr),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_put(t.p, "t", "k", k, 1, nullptr, 1), ESEAL_EINVAL);
  eseal_buf out = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal__txn_kv_get(t.p, "t", "k", key_over.data(), key_over.size(), &out),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_delete(t.p, "t", "k", key_over.data(), key_over.size()), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_scan(t.p, "t", "k", key_over.data(), key_over.size(),
                               [](void *, const uint8_t *, size_t, const uint8_t *, size_t) {
                                 return 0;
                               },
                               nullptr),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_scan(t.p, "t", "k", nullptr, 0, nullptr, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_get(t.p, "t", "k", k, 1, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_log_get(t.p, "t", "l", 0, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_log_size(t.p, "t", "l", nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_log_size(t.p, "t", "a b", nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_log_get(nullptr, "t", "l", 0, &out), ESEAL_EINVAL);
}

TEST_P(Conformance, ReadOnlyTransactionsRefuseWrites) {
  TxnPtr t;
  ASSERT_EQ(eseal__store_begin(store_.p, 0, &t.p), 0);
  EXPECT_FALSE(eseal__txn_writable(t.p));
  const uint8_t k[] = {'k'};
  EXPECT_EQ(eseal__txn_kv_put(t.p, "t", "k", k, 1, k, 1), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_kv_delete(t.p, "t", "k", k, 1), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_counter_add(t.p, "t", "c", 1, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_log_append(t.p, "t", "l", k, 1, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal__txn_commit(t.p), 0);
  t.p = nullptr;
  EXPECT_EQ(Get("t", "k", B("k")), "<absent>");
  EXPECT_EQ(Counter("t", "c"), 0);
}

TEST_P(Conformance, LargeValuesAndRecords) {
  Bytes big(8u << 20);
  for (size_t i = 0; i < big.size(); i++)
    big[i] = static_cast<uint8_t>(i * 2654435761u >> 13);
  Write([&](eseal__txn *t) {
    ASSERT_EQ(Put(t, "acme", "k", B("big"), big), 0);
    ASSERT_EQ(eseal__txn_log_append(t, "acme", "log", big.data(), big.size(), nullptr), 0);
  });
  TxnPtr t;
  ASSERT_EQ(eseal__store_begin(store_.p, 0, &t.p), 0);
  eseal_buf out = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal__txn_kv_get(t.p, "acme", "k", (const uint8_t *)"big", 3, &out), 0);
  EXPECT_TRUE(out.size == big.size() && std::memcmp(out.ptr, big.data(), big.size()) == 0);
  ASSERT_EQ(eseal__txn_log_get(t.p, "acme", "log", 0, &out), 0);
  EXPECT_TRUE(out.size == big.size() && std::memcmp(out.ptr, big.data(), big.size()) == 0);
  eseal_buf_dispose(&out);
}

struct GroupArgs {
  int fail;
  uint64_t seq;
};

int GroupedBody(eseal__txn *t, void *arg) {
  auto *a = static_cast<GroupArgs *>(arg);
  int rc = eseal__txn_log_append(t, "acme", "log", (const uint8_t *)"g", 1, &a->seq);
  if (rc == 0 && a->fail)
    return eseal__error_set(ESEAL_EFROZEN, "the seal is frozen (test)");
  return rc;
}

TEST_P(Conformance, GroupedRunCommitsOrReportsTheFailure) {
  GroupArgs ok = {0, 99};
  ASSERT_EQ(eseal__store_run_grouped(store_.p, GroupedBody, &ok), 0);
  EXPECT_EQ(ok.seq, 0u);
  GroupArgs bad = {1, 99};
  eseal_error_clear();
  EXPECT_EQ(eseal__store_run_grouped(store_.p, GroupedBody, &bad), ESEAL_EFROZEN);
  ASSERT_NE(eseal_error_last(), nullptr);
  EXPECT_STREQ(eseal_error_last()->message, "the seal is frozen (test)");
  EXPECT_EQ(LogSize("acme", "log"), 1u);  // the failed run's append is gone
  EXPECT_EQ(eseal__store_run_grouped(store_.p, nullptr, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal__store_run_grouped(nullptr, GroupedBody, &ok), ESEAL_EINVAL);
}

TEST_P(Conformance, ContextBorrowsTheStore) {
  eseal_ctx *ctx = nullptr;
  ASSERT_EQ(eseal_ctx_new(&ctx), 0);
  EXPECT_EQ(eseal_ctx_store(ctx), nullptr);
  EXPECT_EQ(eseal_ctx_set_store(ctx, store_.p), 0);
  EXPECT_EQ(eseal_ctx_store(ctx), store_.p);
  EXPECT_EQ(eseal_ctx_set_store(ctx, nullptr), 0);
  EXPECT_EQ(eseal_ctx_store(ctx), nullptr);
  EXPECT_EQ(eseal_ctx_set_store(nullptr, store_.p), ESEAL_EINVAL);
  EXPECT_EQ(eseal_ctx_store(nullptr), nullptr);
  eseal_ctx_set_store(ctx, store_.p);
  eseal_ctx_free(ctx);  // the store lives on: the context only borrowed it
  EXPECT_EQ(LogSize("acme", "log"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Conformance, ::testing::Values("memory", "sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string> &i) { return i.param; });

}  // namespace
