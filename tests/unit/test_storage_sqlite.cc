// The SQLite store: the file it writes (WAL, schema version, application id),
// migrations of an older schema, refusal of newer or foreign files, snapshots
// for readers, and durability across a simulated power loss.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "../support/crash_harness.h"
#include "../support/powerloss_vfs.h"
#include "../support/store_support.h"

extern "C" {
#include "storage/sqlite_schema.h"
}

using storetest::StorePtr;
using storetest::TempDir;
using storetest::TxnPtr;

namespace {

// Runs SQL on a file directly, outside the store.
void Sql(const std::string &path, const std::string &sql) {
  sqlite3 *db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char *err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

// The first column of the first row, as text.
std::string Query(const std::string &path, const std::string &sql) {
  sqlite3 *db = nullptr;
  std::string out = "<error>";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      out = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

uint64_t Append(eseal_store *s, const char *tenant, const char *log, const std::string &rec) {
  TxnPtr t;
  EXPECT_EQ(eseal__store_begin(s, 1, &t.p), 0);
  uint64_t seq = 999;
  EXPECT_EQ(eseal__txn_log_append(t.p, tenant, log, (const uint8_t *)rec.data(), rec.size(), &seq),
            0);
  EXPECT_EQ(t.commit(), 0);
  return seq;
}

uint64_t Size(eseal_store *s, const char *tenant, const char *log) {
  TxnPtr t;
  EXPECT_EQ(eseal__store_begin(s, 0, &t.p), 0);
  uint64_t n = 999;
  EXPECT_EQ(eseal__txn_log_size(t.p, tenant, log, &n), 0);
  return n;
}

TEST(StorageSqlite, TheFileIsAWalStoreWithItsVersion) {
  TempDir dir;
  std::string path = dir.file("s.db");
  {
    StorePtr s;
    ASSERT_EQ(eseal_store_open_sqlite(&s.p, path.c_str()), 0);
    Append(s.p, "t", "log", "r0");
  }
  EXPECT_EQ(Query(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Query(path, "PRAGMA user_version"), std::to_string(ESEAL__SQLITE_SCHEMA_VERSION));
  EXPECT_EQ(Query(path, "PRAGMA application_id"), std::to_string(ESEAL__SQLITE_APPLICATION_ID));
  EXPECT_EQ(Query(path, "PRAGMA integrity_check"), "ok");
  StorePtr again;
  ASSERT_EQ(eseal_store_open_sqlite(&again.p, path.c_str()), 0);
  EXPECT_EQ(Size(again.p, "t", "log"), 1u);
  EXPECT_EQ(Append(again.p, "t", "log", "r1"), 1u);
}

// A schema-1 file, written with the real schema-1 SQL, is migrated on open:
// the log sizes the new table keeps come from the records already there.
TEST(StorageSqlite, AnOlderSchemaIsMigrated) {
  TempDir dir;
  std::string path = dir.file("v1.db");
  Sql(path, std::string("PRAGMA journal_mode=WAL;") + eseal__sqlite_migration(1) +
                "INSERT INTO log_records VALUES('t','log',0,x'00'),('t','log',1,x'01'),"
                "('t','log',2,x'02'),('u','log',0,x'10');"
                "INSERT INTO kv VALUES('t','area',x'6b','value');"
                "INSERT INTO counters VALUES('t','c',7);"
                "PRAGMA user_version=1; PRAGMA application_id=" +
                std::to_string(ESEAL__SQLITE_APPLICATION_ID) + ";");
  StorePtr s;
  ASSERT_EQ(eseal_store_open_sqlite(&s.p, path.c_str()), 0) << eseal_error_last()->message;
  EXPECT_EQ(Size(s.p, "t", "log"), 3u);
  EXPECT_EQ(Size(s.p, "u", "log"), 1u);
  EXPECT_EQ(Append(s.p, "t", "log", "r3"), 3u);
  EXPECT_EQ(Append(s.p, "u", "log", "r1"), 1u);
  TxnPtr t;
  ASSERT_EQ(eseal__store_begin(s.p, 0, &t.p), 0);
  eseal_buf v = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal__txn_kv_get(t.p, "t", "area", (const uint8_t *)"k", 1, &v), 0);
  EXPECT_EQ(std::string((char *)v.ptr, v.size), "value");
  eseal_buf_dispose(&v);
  int64_t c = 0;
  ASSERT_EQ(eseal__txn_counter_add(t.p, "t", "c", 0, &c), 0);
  EXPECT_EQ(c, 7);
  ASSERT_EQ(eseal__txn_log_get(t.p, "t", "log", 1, &v), 0);
  EXPECT_EQ(v.size, 1u);
  EXPECT_EQ(v.ptr[0], 1);
  eseal_buf_dispose(&v);
  t.commit();
  s.reset();
  EXPECT_EQ(Query(path, "PRAGMA user_version"), std::to_string(ESEAL__SQLITE_SCHEMA_VERSION));
}

TEST(StorageSqlite, ANewerSchemaIsRefusedAndLeftAlone) {
  TempDir dir;
  std::string path = dir.file("new.db");
  {
    StorePtr s;
    ASSERT_EQ(eseal_store_open_sqlite(&s.p, path.c_str()), 0);
  }
  Sql(path, "PRAGMA user_version=" + std::to_string(ESEAL__SQLITE_SCHEMA_VERSION + 1));
  StorePtr s;
  EXPECT_EQ(eseal_store_open_sqlite(&s.p, path.c_str()), ESEAL_EVERSION);
  EXPECT_EQ(s.p, nullptr);
  EXPECT_NE(std::string(eseal_error_last()->message).find("newer"), std::string::npos);
  EXPECT_EQ(Query(path, "PRAGMA user_version"), std::to_string(ESEAL__SQLITE_SCHEMA_VERSION + 1));
}

TEST(StorageSqlite, ForeignFilesAreRefused) {
  TempDir dir;
  // Another application's database: tables but no schema version of ours.
  std::string other = dir.file("other.db");
  Sql(other, "CREATE TABLE invoices(id INTEGER PRIMARY KEY)");
  StorePtr s;
  EXPECT_EQ(eseal_store_open_sqlite(&s.p, other.c_str()), ESEAL_EFORMAT);
  EXPECT_EQ(Query(other, "SELECT COUNT(*) FROM sqlite_schema"), "1");  // nothing added
  // A store-shaped file with another application id.
  std::string marked = dir.file("marked.db");
  Sql(marked, "PRAGMA user_version=2; PRAGMA application_id=7;");
  EXPECT_EQ(eseal_store_open_sqlite(&s.p, marked.c_str()), ESEAL_EFORMAT);
  // Not a database at all.
  std::string junk = dir.file("junk.db");
  std::ofstream(junk) << std::string(4096, 'j');
  EXPECT_EQ(eseal_store_open_sqlite(&s.p, junk.c_str()), ESEAL_EFORMAT);
  // A database without a WAL journal (SQLite's in-memory one) cannot keep the
  // durability and process-safety promises.
  EXPECT_EQ(eseal_store_open_sqlite(&s.p, ":memory:"), ESEAL_EIO);
  EXPECT_NE(std::string(eseal_error_last()->message).find("WAL"), std::string::npos);
  // Nowhere to write.
  EXPECT_EQ(eseal_store_open_sqlite(&s.p, dir.file("no/such/dir/s.db").c_str()), ESEAL_EIO);
  EXPECT_EQ(eseal_store_open_sqlite(&s.p, ""), ESEAL_EINVAL);
  EXPECT_EQ(eseal_store_open_sqlite(&s.p, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal_store_open_sqlite(nullptr, other.c_str()), ESEAL_EINVAL);
  EXPECT_EQ(eseal_store_open_memory(nullptr), ESEAL_EINVAL);
  EXPECT_EQ(s.p, nullptr);
}

// A reader keeps its snapshot while a writer (here: another handle on the
// file, as another process would be) commits.
TEST(StorageSqlite, ReadersSeeCommittedDataOnly) {
  TempDir dir;
  std::string path = dir.file("s.db");
  StorePtr a, b;
  ASSERT_EQ(eseal_store_open_sqlite(&a.p, path.c_str()), 0);
  ASSERT_EQ(eseal_store_open_sqlite(&b.p, path.c_str()), 0);
  Append(a.p, "t", "log", "r0");
  TxnPtr writer;
  ASSERT_EQ(eseal__store_begin(a.p, 1, &writer.p), 0);
  ASSERT_EQ(eseal__txn_log_append(writer.p, "t", "log", (const uint8_t *)"r1", 2, nullptr), 0);
  TxnPtr reader;
  ASSERT_EQ(eseal__store_begin(b.p, 0, &reader.p), 0);
  uint64_t n = 0;
  ASSERT_EQ(eseal__txn_log_size(reader.p, "t", "log", &n), 0);
  EXPECT_EQ(n, 1u);  // uncommitted: invisible
  ASSERT_EQ(writer.commit(), 0);
  ASSERT_EQ(eseal__txn_log_size(reader.p, "t", "log", &n), 0);
  EXPECT_EQ(n, 1u);  // same snapshot for the reader's whole transaction
  reader.commit();
  EXPECT_EQ(Size(b.p, "t", "log"), 2u);
}

// Simulated power cuts at random points of a stream of appends: every append
// acknowledged before the cut is there afterwards, the log has no gap, and
// the file passes SQLite's integrity check.
void PowerLossRounds(int rounds, bool keep_some) {
  ASSERT_EQ(powerloss_install(), SQLITE_OK);
  unsigned seed = std::random_device{}();
  std::printf("power loss seed %u%s\n", seed, keep_some ? " (some unsynced writes kept)" : "");
  std::mt19937 rng(seed);
  TempDir dir;
  for (int round = 0; round < rounds; round++) {
    std::string path = dir.file("p" + std::to_string(round) + ".db");
    std::vector<crash::Ack> acks;
    {
      StorePtr s;
      ASSERT_EQ(eseal_store_open_sqlite(&s.p, path.c_str()), 0);
      uint64_t id = 1;
      for (; id <= 5; id++) {  // some history before the armed part
        uint64_t seq;
        ASSERT_EQ(crash::GroupedAppend(s.p, "t", "log", id, &seq), 0);
        acks.push_back({seq, id});
      }
      powerloss_arm(1 + rng() % 300, keep_some, static_cast<unsigned>(rng()));
      for (; !powerloss_happened() && id < 100000; id++) {
        uint64_t seq;
        if (crash::GroupedAppend(s.p, "t", "log", id, &seq) == 0)
          acks.push_back({seq, id});
      }
      ASSERT_TRUE(powerloss_happened());
    }  // the store closes with the power off: nothing more reaches the file
    powerloss_restore();
    StorePtr s;
    ASSERT_EQ(eseal_store_open_sqlite(&s.p, path.c_str()), 0)
        << "round " << round << ": " << eseal_error_last()->message;
    uint64_t size = 0;
    EXPECT_EQ(crash::CheckLog(s.p, "t", "log", acks, crash::Be64IdOf, &size), "")
        << "round " << round;
    EXPECT_LE(size, acks.size() + 1) << "round " << round;  // at most the unacknowledged one
    s.reset();
    EXPECT_EQ(Query(path, "PRAGMA integrity_check"), "ok") << "round " << round;
  }
  powerloss_uninstall();
}

TEST(StorageSqlite, PowerLossDropsNothingAcknowledged) { PowerLossRounds(30, false); }

TEST(StorageSqlite, PowerLossWithPartlyWrittenCacheDropsNothingAcknowledged) {
  PowerLossRounds(30, true);
}

// The simulator itself: without a sync, a write does not survive the cut;
// with one, it does. (Otherwise the tests above could not fail.)
TEST(StorageSqlite, PowerLossSimulatorDropsUnsyncedWrites) {
  ASSERT_EQ(powerloss_install(), SQLITE_OK);
  powerloss_restore();  // whatever an earlier test armed: drop every unsynced write
  TempDir dir;
  std::string path = dir.file("raw.db");
  sqlite3 *db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                             "CREATE TABLE t(x); INSERT INTO t VALUES(1);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  // synchronous=OFF: the commit leaves its WAL frames unsynced.
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA synchronous=OFF; INSERT INTO t VALUES(2);", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  powerloss_cut();
  sqlite3_close(db);
  powerloss_restore();
  EXPECT_EQ(Query(path, "SELECT group_concat(x) FROM t"), "1");
  powerloss_uninstall();
}

}  // namespace
