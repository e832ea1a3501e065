// The PostgreSQL backend beyond the conformance suite, against the server of
// tests/support/pg_server.py: schema creation and versions, connection
// errors without the password, the lookup behind an idempotent commit, a pool
// that outlives killed connections, gap-free appends from several pools, and
// the server's clock.
#include <gtest/gtest.h>

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "../support/crash_harness.h"
#include "../support/store_support.h"

extern "C" {
#include "storage/postgresql.h"
}

using storetest::StorePtr;
using storetest::TxnPtr;

namespace {

// A plain libpq connection for looking behind the store's back.
struct Pg {
  PGconn *c = nullptr;
  explicit Pg(const std::string &conninfo) : c(PQconnectdb(conninfo.c_str())) {}
  ~Pg() { PQfinish(c); }
  bool ok() const { return PQstatus(c) == CONNECTION_OK; }
  // The first value of a query's result as text, or "<error: …>".
  std::string One(const char *sql) {
    PGresult *r = PQexec(c, sql);
    std::string s;
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0)
      s = PQgetvalue(r, 0, 0);
    else if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      s = std::string("<error: ") + PQerrorMessage(c) + ">";
    PQclear(r);
    return s;
  }
};

class Postgres : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    conninfo_ = storetest::PgFreshDatabase(&why);
    if (conninfo_.empty()) {
      if (storetest::PgRequired())
        FAIL() << why << " (ESEAL_REQUIRE_POSTGRESQL=1)";
      GTEST_SKIP() << why;
    }
  }
  int Open(StorePtr &s) { return eseal_store_open_postgresql(&s.p, conninfo_.c_str()); }
  std::string conninfo_;
};

int Append(eseal_store *store, const char *log, uint64_t id, uint64_t *seq) {
  eseal__txn *t;
  int rc = eseal__store_begin(store, 1, &t);
  if (rc != 0)
    return rc;
  auto rec = storetest::Be64(id);
  rc = eseal__txn_log_append(t, "t", log, rec.data(), rec.size(), seq);
  if (rc != 0) {
    eseal__txn_rollback(t);
    return rc;
  }
  return eseal__txn_commit(t);
}

// Should a server or libpq message ever quote the password, the store masks
// it (libpq itself does not quote it, so this is checked directly).
TEST(PostgresMessages, ThePasswordIsMasked) {
  for (const char *pw : {"Sekr1tPassw0rd", "x*x"}) {
    eseal__pg_pool pool;
    std::string conninfo = std::string("host=/nonexistent password='") + pw + "'";
    ASSERT_EQ(eseal__pg_pool_init(&pool, conninfo.c_str(), 1), 0);
    std::string detail = std::string("FATAL: bad ") + pw + " and again " + pw + "!";
    EXPECT_EQ(eseal__pg_error(&pool, ESEAL_EIO, "connecting", detail.c_str()), ESEAL_EIO);
    std::string msg = eseal_error_last()->message;
    EXPECT_EQ(msg.find(pw), std::string::npos) << msg;
    EXPECT_NE(msg.find("connecting: FATAL: bad *"), std::string::npos) << msg;
    eseal__pg_pool_destroy(&pool);
  }
}

TEST_F(Postgres, CreatesTheSchemaInAnEmptyDatabase) {
  Pg pg(conninfo_);
  ASSERT_TRUE(pg.ok());
  EXPECT_EQ(pg.One("SELECT to_regclass('eseal_kv') IS NULL"), "t");
  StorePtr s;
  ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  EXPECT_EQ(std::string(eseal_store_backend_name(s.p)), "postgresql");
  EXPECT_EQ(pg.One("SELECT version FROM eseal_schema"), "1");
  EXPECT_EQ(pg.One("SELECT count(*) FROM pg_tables WHERE tablename IN ('eseal_kv',"
                   " 'eseal_counters', 'eseal_logs', 'eseal_commits')"),
            "4");
  // Opening again finds the current version and changes nothing.
  StorePtr again;
  ASSERT_EQ(Open(again), 0) << eseal_error_last()->message;
  EXPECT_EQ(pg.One("SELECT count(*) FROM eseal_schema"), "1");
  EXPECT_NE(eseal__pg_migration(1), nullptr);
  EXPECT_EQ(eseal__pg_migration(ESEAL__PG_SCHEMA_VERSION + 1), nullptr);
}

TEST_F(Postgres, RefusesANewerSchema) {
  {
    StorePtr s;
    ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  }
  Pg pg(conninfo_);
  ASSERT_EQ(pg.One("UPDATE eseal_schema SET version = 2"), "");
  StorePtr s;
  EXPECT_EQ(Open(s), ESEAL_EVERSION);
  EXPECT_EQ(s.p, nullptr);
  EXPECT_NE(std::string(eseal_error_last()->message).find("newer"), std::string::npos);
}

TEST_F(Postgres, RefusesTablesWithoutTheirVersion) {
  {
    StorePtr s;
    ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  }
  Pg pg(conninfo_);
  ASSERT_EQ(pg.One("DROP TABLE eseal_schema"), "");
  StorePtr s;
  EXPECT_EQ(Open(s), ESEAL_EFORMAT);
}

TEST_F(Postgres, UnreachableServerIsAnIoErrorWithoutThePassword) {
  const char *const conninfos[] = {
      "postgresql://eseal_test:Sekr1tPassw0rd@127.0.0.1:1/none?connect_timeout=5",
      "host=/nonexistent/socket/dir user=eseal_test password=Sekr1tPassw0rd dbname=none",
  };
  for (const char *ci : conninfos) {
    StorePtr s;
    EXPECT_EQ(eseal_store_open_postgresql(&s.p, ci), ESEAL_EIO) << ci;
    std::string msg = eseal_error_last()->message;
    EXPECT_NE(msg.find("cannot connect"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("Sekr1tPassw0rd"), std::string::npos) << msg;
  }
}

TEST_F(Postgres, BadConnectionStringIsInvalid) {
  const char *const conninfos[] = {
      "dbname=x password=Sekr1tPassw0rd nonsense",
      "postgresql://u:Sekr1tPassw0rd@localhost/db?no_such_option=1",
      "no_such_key=Sekr1tPassw0rd",
  };
  for (const char *ci : conninfos) {
    StorePtr s;
    EXPECT_EQ(eseal_store_open_postgresql(&s.p, ci), ESEAL_EINVAL) << ci;
    EXPECT_EQ(std::string(eseal_error_last()->message).find("Sekr1tPassw0rd"),
              std::string::npos);
  }
  StorePtr s;
  EXPECT_EQ(eseal_store_open_postgresql(&s.p, nullptr), ESEAL_EINVAL);
}

// The lookup a lost COMMIT leads to: only an id that committed is found.
TEST_F(Postgres, CommitOutcomeFindsOnlyCommittedIds) {
  StorePtr s;
  ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  uint64_t seq;
  ASSERT_EQ(Append(s.p, "log", 1, &seq), 0);
  ASSERT_EQ(Append(s.p, "log", 2, &seq), 0);
  Pg pg(conninfo_);
  // Each commit recorded its id, and the records carry the id of their transaction.
  EXPECT_EQ(pg.One("SELECT count(*) FROM eseal_commits"), "2");
  EXPECT_EQ(pg.One("SELECT count(DISTINCT l.txn_id) FROM eseal_logs l JOIN eseal_commits c"
                   " USING (txn_id)"),
            "2");
  PGresult *r = PQexecParams(pg.c, "SELECT txn_id FROM eseal_commits LIMIT 1", 0, nullptr,
                             nullptr, nullptr, nullptr, 1);
  ASSERT_EQ(PQresultStatus(r), PGRES_TUPLES_OK);
  ASSERT_EQ(PQgetlength(r, 0, 0), ESEAL__PG_TXN_ID_LEN);
  uint8_t id[ESEAL__PG_TXN_ID_LEN];
  memcpy(id, PQgetvalue(r, 0, 0), sizeof id);
  PQclear(r);
  EXPECT_EQ(eseal__pg_commit_outcome(pg.c, id), 1);
  id[0] ^= 1;  // a transaction that never committed
  EXPECT_EQ(eseal__pg_commit_outcome(pg.c, id), 0);
  // A rolled-back writable transaction leaves no id.
  eseal__txn *t;
  ASSERT_EQ(eseal__store_begin(s.p, 1, &t), 0);
  ASSERT_EQ(eseal__txn_log_append(t, "t", "log", id, sizeof id, &seq), 0);
  eseal__txn_rollback(t);
  EXPECT_EQ(pg.One("SELECT count(*) FROM eseal_commits"), "2");
  // A lookup that cannot run is an error, never "committed".
  Pg other(conninfo_);
  ASSERT_EQ(other.One("DROP TABLE eseal_commits"), "");
  EXPECT_EQ(eseal__pg_commit_outcome(pg.c, id), ESEAL_EIO);
}

TEST_F(Postgres, PoolSurvivesKilledConnections) {
  StorePtr s;
  ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  uint64_t seq;
  ASSERT_EQ(Append(s.p, "log", 10, &seq), 0);
  EXPECT_EQ(seq, 0u);
  Pg pg(conninfo_);
  EXPECT_EQ(pg.One("SELECT count(pg_terminate_backend(pid)) > 0 FROM pg_stat_activity"
                   " WHERE datname = current_database() AND pid <> pg_backend_pid()"),
            "t");
  // The next transactions get new connections and see the data.
  ASSERT_EQ(Append(s.p, "log", 11, &seq), 0) << eseal_error_last()->message;
  EXPECT_EQ(seq, 1u);
  TxnPtr t;
  ASSERT_EQ(eseal__store_begin(s.p, 0, &t.p), 0) << eseal_error_last()->message;
  uint64_t size = 0;
  EXPECT_EQ(eseal__txn_log_size(t.p, "t", "log", &size), 0);
  EXPECT_EQ(size, 2u);
}

// A transaction whose connection is killed before COMMIT does not commit.
TEST_F(Postgres, KilledConnectionBeforeCommitCommitsNothing) {
  StorePtr s;
  ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  eseal__txn *t;
  ASSERT_EQ(eseal__store_begin(s.p, 1, &t), 0);
  uint8_t rec[1] = {7};
  uint64_t seq;
  ASSERT_EQ(eseal__txn_log_append(t, "t", "log", rec, 1, &seq), 0);
  Pg pg(conninfo_);
  ASSERT_EQ(pg.One("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                   " WHERE datname = current_database() AND pid <> pg_backend_pid()"),
            "1");
  EXPECT_EQ(eseal__txn_commit(t), ESEAL_EIO);
  EXPECT_EQ(pg.One("SELECT count(*) FROM eseal_logs"), "0");
}

// The connection dies during COMMIT itself (a deferred trigger kills its own
// server process when COMMIT runs it): the answer is lost, the store
// reconnects, finds the transaction's id absent and says "not committed" —
// never 0. The pool then works on.
TEST_F(Postgres, ALostCommitIsLookedUpNotGuessed) {
  StorePtr s;
  ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  Pg pg(conninfo_);
  ASSERT_EQ(pg.One("CREATE FUNCTION die_at_commit() RETURNS trigger LANGUAGE plpgsql AS"
                   " $$BEGIN PERFORM pg_terminate_backend(pg_backend_pid());"
                   " PERFORM pg_sleep(5); RETURN NULL; END$$"),
            "");
  ASSERT_EQ(pg.One("CREATE CONSTRAINT TRIGGER die AFTER INSERT ON eseal_commits"
                   " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION die_at_commit()"),
            "");
  eseal__txn *t;
  ASSERT_EQ(eseal__store_begin(s.p, 1, &t), 0);
  const uint8_t rec[] = {1, 2, 3};
  uint64_t seq;
  ASSERT_EQ(eseal__txn_log_append(t, "t", "log", rec, sizeof rec, &seq), 0);
  EXPECT_EQ(eseal__txn_commit(t), ESEAL_EIO);
  std::string msg = eseal_error_last()->message;
  EXPECT_NE(msg.find("during COMMIT"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not committed"), std::string::npos) << msg;
  EXPECT_EQ(pg.One("SELECT count(*) FROM eseal_logs"), "0");
  ASSERT_EQ(pg.One("DROP TRIGGER die ON eseal_commits"), "");
  ASSERT_EQ(Append(s.p, "log", 5, &seq), 0) << eseal_error_last()->message;
  EXPECT_EQ(seq, 0u);
}

// A statement that fails inside a transaction (here a constraint added behind
// the store's back) makes the whole transaction fail at commit: nothing of
// it, not even the writes before the failure, may be reported committed.
TEST_F(Postgres, AFailedStatementFailsTheCommit) {
  StorePtr s;
  ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  Pg pg(conninfo_);
  ASSERT_EQ(pg.One("ALTER TABLE eseal_kv ADD CONSTRAINT short_values"
                   " CHECK (octet_length(value) < 10)"),
            "");
  eseal__txn *t;
  ASSERT_EQ(eseal__store_begin(s.p, 1, &t), 0);
  const uint8_t key[] = {'k'}, small[] = {1}, big[20] = {0};
  uint64_t seq;
  ASSERT_EQ(eseal__txn_kv_put(t, "t", "a", key, 1, small, sizeof small), 0);
  ASSERT_EQ(eseal__txn_log_append(t, "t", "log", small, sizeof small, &seq), 0);
  EXPECT_EQ(eseal__txn_kv_put(t, "t", "b", key, 1, big, sizeof big), ESEAL_EIO);
  EXPECT_EQ(eseal__txn_commit(t), ESEAL_EIO);
  EXPECT_EQ(pg.One("SELECT count(*) FROM eseal_kv"), "0");
  EXPECT_EQ(pg.One("SELECT count(*) FROM eseal_logs"), "0");
  EXPECT_EQ(pg.One("SELECT count(*) FROM eseal_commits"), "0");
  // The connection went back to the pool usable.
  TxnPtr ok;
  ASSERT_EQ(eseal__store_begin(s.p, 1, &ok.p), 0);
  EXPECT_EQ(eseal__txn_kv_put(ok.p, "t", "a", key, 1, small, sizeof small), 0);
  EXPECT_EQ(ok.commit(), 0);
  EXPECT_EQ(pg.One("SELECT count(*) FROM eseal_kv"), "1");
}

// A value larger than the contract allows, written behind the store's back,
// is refused on reading rather than handed on.
TEST_F(Postgres, OversizedStoredValuesAreRefused) {
  StorePtr s;
  ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  Pg pg(conninfo_);
  ASSERT_EQ(pg.One("INSERT INTO eseal_kv VALUES ('t', 'a', '\\x6b',"
                   " convert_to(repeat('x', 64 * 1024 * 1024 + 1), 'UTF8'))"),
            "");
  TxnPtr t;
  ASSERT_EQ(eseal__store_begin(s.p, 0, &t.p), 0);
  const uint8_t key[] = {'k'};
  eseal_buf out = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal__txn_kv_get(t.p, "t", "a", key, 1, &out), ESEAL_ELIMIT);
  EXPECT_EQ(out.size, 0u);
  eseal_buf_dispose(&out);
  // A scan is held to the same limit: the visitor never sees the value.
  int visited = 0;
  auto count = [](void *arg, const uint8_t *, size_t, const uint8_t *, size_t) {
    ++*static_cast<int *>(arg);
    return 0;
  };
  EXPECT_EQ(eseal__txn_kv_scan(t.p, "t", "a", nullptr, 0, count, &visited), ESEAL_ELIMIT);
  EXPECT_EQ(visited, 0);
}

// So is a key longer than the contract allows, met by a scan: refused, not
// visited, and the scan does not end quietly as if the area were done.
TEST_F(Postgres, OversizedStoredKeysAreRefusedByScans) {
  StorePtr s;
  ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  Pg pg(conninfo_);
  ASSERT_EQ(pg.One("INSERT INTO eseal_kv VALUES ('t', 'a', '\\x01', '\\x00'),"
                   " ('t', 'a', convert_to(repeat('k', 1025), 'UTF8'), '\\x00')"),
            "");
  TxnPtr t;
  ASSERT_EQ(eseal__store_begin(s.p, 0, &t.p), 0);
  int visited = 0;
  auto count = [](void *arg, const uint8_t *, size_t, const uint8_t *, size_t) {
    ++*static_cast<int *>(arg);
    return 0;
  };
  EXPECT_EQ(eseal__txn_kv_scan(t.p, "t", "a", nullptr, 0, count, &visited), ESEAL_ELIMIT);
  EXPECT_EQ(visited, 1);  // the well-formed key before it
}

// Two pools (as two processes would) with two threads each append to one log.
TEST_F(Postgres, AppendsFromSeveralPoolsHaveNoGaps) {
  StorePtr a, b;
  ASSERT_EQ(Open(a), 0) << eseal_error_last()->message;
  ASSERT_EQ(Open(b), 0) << eseal_error_last()->message;
  const int threads = 4, each = 40;
  std::vector<std::vector<crash::Ack>> acks(threads);
  std::vector<int> failures(threads, 0);
  std::vector<std::thread> ts;
  for (int i = 0; i < threads; i++)
    ts.emplace_back([&, i] {
      eseal_store *store = i % 2 ? b.p : a.p;
      for (int n = 0; n < each; n++) {
        uint64_t id = static_cast<uint64_t>(i) << 32 | static_cast<uint64_t>(n), seq;
        if (Append(store, "log", id, &seq) != 0)
          failures[static_cast<size_t>(i)]++;
        else
          acks[static_cast<size_t>(i)].push_back({seq, id});
      }
    });
  for (auto &t : ts)
    t.join();
  std::vector<crash::Ack> all;
  for (int i = 0; i < threads; i++) {
    EXPECT_EQ(failures[static_cast<size_t>(i)], 0);
    all.insert(all.end(), acks[static_cast<size_t>(i)].begin(),
               acks[static_cast<size_t>(i)].end());
  }
  uint64_t size = 0;
  EXPECT_EQ(crash::CheckLog(a.p, "t", "log", all, crash::Be64IdOf, &size), "");
  EXPECT_EQ(size, static_cast<uint64_t>(threads * each));
}

TEST_F(Postgres, ServerTimeIsTheServersClock) {
  StorePtr s;
  ASSERT_EQ(Open(s), 0) << eseal_error_last()->message;
  TxnPtr t;
  ASSERT_EQ(eseal__store_begin(s.p, 0, &t.p), 0);
  int64_t ms = 0;
  ASSERT_EQ(eseal__txn_server_time(t.p, &ms), 0);
  // The server runs on this machine: its clock is ours.
  int64_t here = static_cast<int64_t>(std::time(nullptr)) * 1000;
  EXPECT_LT(std::llabs(ms - here), 60000);
}

}  // namespace
