// Small helpers for the storage tests: a temporary directory, owning
// pointers for stores and transactions, big-endian ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <eseal.h>

extern "C" {
#include "core/error.h"
#include "storage/store.h"
}

namespace storetest {

// A fresh directory under $TMPDIR (or /tmp), removed with its files at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::string &path() const { return path_; }
  std::string file(const std::string &name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct StorePtr {
  eseal_store *p = nullptr;
  StorePtr() = default;
  StorePtr(const StorePtr &) = delete;
  StorePtr &operator=(const StorePtr &) = delete;
  ~StorePtr() { reset(); }
  void reset() {
    eseal_store_free(p);
    p = nullptr;
  }
};

// A transaction rolled back unless committed.
struct TxnPtr {
  eseal__txn *p = nullptr;
  TxnPtr() = default;
  TxnPtr(const TxnPtr &) = delete;
  TxnPtr &operator=(const TxnPtr &) = delete;
  ~TxnPtr() { eseal__txn_rollback(p); }
  int commit() {
    eseal__txn *t = p;
    p = nullptr;
    return eseal__txn_commit(t);
  }
};

// The database of the PostgreSQL test server (tests/support/pg_server.py sets
// ESEAL_TEST_PG), emptied of libeseal's tables so that a test starts fresh.
// "" with the reason in *why when there is no server or the reset failed.
std::string PgFreshDatabase(std::string *why);

// ESEAL_REQUIRE_POSTGRESQL=1 (CI): a PostgreSQL test must fail, not skip.
bool PgRequired();

// Opens the fresh PostgreSQL store for a parameterised test; skips the test
// (fails it under PgRequired()) when there is no server.
#define STORETEST_OPEN_POSTGRESQL(store_pp)                                              \
  do {                                                                                   \
    std::string why_;                                                                    \
    std::string conninfo_ = storetest::PgFreshDatabase(&why_);                           \
    if (conninfo_.empty()) {                                                             \
      if (storetest::PgRequired())                                                       \
        FAIL() << why_ << " (ESEAL_REQUIRE_POSTGRESQL=1)";                               \
      GTEST_SKIP() << why_;                                                              \
    }                                                                                    \
    ASSERT_EQ(eseal_store_open_postgresql(store_pp, conninfo_.c_str()), 0)               \
        << eseal_error_last()->message;                                                  \
  } while (0)

inline std::vector<uint8_t> Be64(uint64_t v) {
  std::vector<uint8_t> out(8);
  for (int i = 7; i >= 0; i--, v >>= 8)
    out[i] = static_cast<uint8_t>(v);
  return out;
}

inline uint64_t FromBe64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v = v << 8 | p[i];
  return v;
}

}  // namespace storetest
