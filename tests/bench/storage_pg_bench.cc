// Durable appends per second through libeseal's PostgreSQL store from 1, 2
// and 4 client processes at once, as ratios to raw libpq transactions of the
// same shape on the same server in the same run: one record per transaction,
// numbered gap-free under a transaction-scoped advisory lock (max(seq) + 1),
// committed with the server's synchronous_commit (on). The library's
// transaction also records its id for commit lookups (eseal_commits): that
// row is part of what is measured. Prints figures only;
// run under tests/support/pg_server.py (`meson test --benchmark
// storage-pg-appends`), which sets ESEAL_TEST_PG.
//
// ESEAL_BENCH_RECORDS (default 300) sets the appends per client process.
#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <eseal/store.h>

extern "C" {
#include "storage/store.h"
}

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kRecord = 200;  // about one usage record

PGconn *Connect(const char *conninfo) {
  PGconn *c = PQconnectdb(conninfo);
  if (PQstatus(c) != CONNECTION_OK) {
    std::fprintf(stderr, "libpq: %s", PQerrorMessage(c));
    std::exit(1);
  }
  return c;
}

void Exec(PGconn *c, const char *sql) {
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
    std::fprintf(stderr, "libpq: %s: %s", sql, PQerrorMessage(c));
    std::exit(1);
  }
  PQclear(r);
}

// One client of the raw reference: `n` transactions of one numbered insert each.
int RawClient(const char *conninfo, int n) {
  PGconn *c = Connect(conninfo);
  std::string rec(kRecord, 'r');
  const char *values[1] = {rec.data()};
  const int lengths[1] = {static_cast<int>(rec.size())};
  const int formats[1] = {1};
  for (int i = 0; i < n; i++) {
    Exec(c, "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(4242)");
    PGresult *r = PQexecParams(c,
                               "INSERT INTO bench_log(seq, record) SELECT coalesce(max(seq) + 1, "
                               "0), $1 FROM bench_log RETURNING seq",
                               1, nullptr, values, lengths, formats, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      std::fprintf(stderr, "libpq: insert: %s", PQerrorMessage(c));
      return 1;
    }
    PQclear(r);
    Exec(c, "COMMIT");
  }
  PQfinish(c);
  return 0;
}

// One client through the library: `n` writable transactions of one log append each.
int StoreClient(const char *conninfo, int n, const char *log) {
  eseal_store *store = nullptr;
  if (eseal_store_open_postgresql(&store, conninfo) != 0)
    return 1;
  std::vector<uint8_t> rec(kRecord, 'e');
  for (int i = 0; i < n; i++) {
    eseal__txn *txn = nullptr;
    uint64_t seq = 0;
    if (eseal__store_begin(store, 1, &txn) != 0)
      return 1;
    if (eseal__txn_log_append(txn, "bench", log, rec.data(), rec.size(), &seq) != 0) {
      eseal__txn_rollback(txn);
      return 1;
    }
    if (eseal__txn_commit(txn) != 0)
      return 1;
  }
  eseal_store_free(store);
  return 0;
}

// Runs `procs` forked clients of `fn` together; appends per second, from the
// moment all are connected until the last has finished.
template <typename Fn>
double Measure(int procs, Fn fn) {
  int ready[2], go[2];
  if (pipe(ready) != 0 || pipe(go) != 0)
    std::exit(1);
  std::fflush(nullptr);
  std::vector<pid_t> kids;
  for (int p = 0; p < procs; p++) {
    pid_t k = fork();
    if (k < 0)
      std::exit(1);
    if (k == 0) {
      close(ready[0]);
      close(go[1]);
      char b = 1, g;
      if (write(ready[1], &b, 1) != 1 || read(go[0], &g, 1) < 0)
        _exit(1);
      _exit(fn());
    }
    kids.push_back(k);
  }
  close(ready[1]);
  close(go[0]);
  for (int p = 0; p < procs; p++) {
    char b;
    if (read(ready[0], &b, 1) != 1)
      std::exit(1);
  }
  auto t0 = Clock::now();
  close(go[1]);  // EOF: every client starts
  for (pid_t k : kids) {
    int status = 0;
    if (waitpid(k, &status, 0) != k || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "a client failed\n");
      std::exit(1);
    }
  }
  close(ready[0]);
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main() {
  const char *conninfo = std::getenv("ESEAL_TEST_PG");
  if (conninfo == nullptr || *conninfo == '\0') {
    std::fprintf(stderr, "storage_pg_bench: run under tests/support/pg_server.py\n");
    return 77;
  }
  const char *r = std::getenv("ESEAL_BENCH_RECORDS");
  const int n = r && std::atoi(r) > 0 ? std::atoi(r) : 300;
  PGconn *admin = Connect(conninfo);
  Exec(admin, "SET client_min_messages = warning");  // no notice from DROP TABLE IF EXISTS
  PGresult *sync = PQexec(admin, "SHOW synchronous_commit");
  std::printf("PostgreSQL %d, synchronous_commit %s, %d appends of %zu bytes per client, one "
              "per transaction\n",
              PQserverVersion(admin), PQgetvalue(sync, 0, 0), n, kRecord);
  PQclear(sync);
  std::printf("%-8s %14s %14s %7s\n", "clients", "libeseal/s", "raw libpq/s", "ratio");
  for (int procs : {1, 2, 4}) {
    Exec(admin, "DROP TABLE IF EXISTS bench_log");
    Exec(admin, "CREATE TABLE bench_log(seq bigint PRIMARY KEY, record bytea NOT NULL)");
    std::string log = "bench" + std::to_string(procs);
    double raw = Measure(procs, [&] { return RawClient(conninfo, n); });
    double lib = Measure(procs, [&] { return StoreClient(conninfo, n, log.c_str()); });
    // Both made every append, gap-free.
    eseal_store *store = nullptr;
    eseal__txn *txn = nullptr;
    uint64_t size = 0;
    PGresult *count = PQexec(admin, "SELECT count(*), coalesce(max(seq) + 1, 0) FROM bench_log");
    if (eseal_store_open_postgresql(&store, conninfo) != 0 ||
        eseal__store_begin(store, 0, &txn) != 0 ||
        eseal__txn_log_size(txn, "bench", log.c_str(), &size) != 0 ||
        size != static_cast<uint64_t>(procs) * n ||
        std::atoll(PQgetvalue(count, 0, 0)) != static_cast<long long>(procs) * n ||
        std::atoll(PQgetvalue(count, 0, 1)) != static_cast<long long>(procs) * n) {
      std::fprintf(stderr, "an append is missing\n");
      return 1;
    }
    PQclear(count);
    eseal__txn_rollback(txn);
    eseal_store_free(store);
    double total = static_cast<double>(procs) * n;
    std::printf("%-8d %14.0f %14.0f %6.2fx\n", procs, total / lib, total / raw, raw / lib);
  }
  PQfinish(admin);
  return 0;
}
