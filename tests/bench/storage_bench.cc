// Durable appends per second through the store, as ratios to raw SQLite
// inserts of the same bytes with the same durability (WAL,
// synchronous=FULL), measured in the same run: one insert per transaction,
// and batched. Prints figures only; `meson test --benchmark storage-appends`.
//
// ESEAL_BENCH_RECORDS (default 400) sets the appends per measurement,
// ESEAL_BENCH_DIR where the files go (default: the current directory, which
// is on the disk whose fsync is measured; /tmp may be memory).
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "../support/store_support.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kRecord = 200;  // about one usage record

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::string BenchDir() {
  const char *d = std::getenv("ESEAL_BENCH_DIR");
  std::string base = d && *d ? d : ".";
  std::string tmpl = base + "/eseal-bench-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    std::perror("mkdtemp");
    std::exit(1);
  }
  return buf.data();
}

void Exec(sqlite3 *db, const char *sql) {
  char *err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s: %s\n", sql, err ? err : "?");
    std::exit(1);
  }
}

// Raw SQLite: `n` inserts of kRecord bytes, `batch` per transaction.
double RawInserts(const std::string &path, int n, int batch) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
    std::exit(1);
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
           "CREATE TABLE r(seq INTEGER PRIMARY KEY, record BLOB NOT NULL)");
  sqlite3_stmt *ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO r(seq, record) VALUES(?1, ?2)", -1, &ins, nullptr);
  std::vector<uint8_t> rec(kRecord, 0x5a);
  auto start = Clock::now();
  for (int i = 0; i < n;) {
    Exec(db, "BEGIN IMMEDIATE");
    for (int j = 0; j < batch && i < n; j++, i++) {
      sqlite3_bind_int64(ins, 1, i);
      sqlite3_bind_blob(ins, 2, rec.data(), (int)rec.size(), SQLITE_STATIC);
      if (sqlite3_step(ins) != SQLITE_DONE)
        std::exit(1);
      sqlite3_reset(ins);
    }
    Exec(db, "COMMIT");
  }
  double rate = n / Seconds(start);
  sqlite3_finalize(ins);
  sqlite3_close(db);
  return rate;
}

struct Args {
  const uint8_t *rec;
  uint64_t seq;
};

int AppendOne(eseal__txn *t, void *arg) {
  auto *a = static_cast<Args *>(arg);
  return eseal__txn_log_append(t, "bench", "log", a->rec, kRecord, &a->seq);
}

// The store: `n` durable appends in all, from `threads` threads, through group commit.
double StoreAppends(const std::string &path, int n, int threads) {
  eseal_store *s = nullptr;
  if (eseal_store_open_sqlite(&s, path.c_str()) != 0)
    std::exit(1);
  std::vector<uint8_t> rec(kRecord, 0x5a);
  std::atomic<int> failures{0};
  auto start = Clock::now();
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; t++)
    ts.emplace_back([&, t] {
      for (int i = t; i < n; i += threads) {
        Args a = {rec.data(), 0};
        if (eseal__store_run_grouped(s, AppendOne, &a) != 0)
          failures++;
      }
    });
  for (auto &t : ts)
    t.join();
  double rate = n / Seconds(start);
  eseal_store_free(s);
  if (failures)
    std::exit(1);
  return rate;
}

}  // namespace

int main() {
  const char *env = std::getenv("ESEAL_BENCH_RECORDS");
  const int n = env && *env ? std::atoi(env) : 400;
  std::string dir = BenchDir();
  int file = 0;
  auto next = [&] { return dir + "/f" + std::to_string(file++) + ".db"; };

  double raw_one = RawInserts(next(), n, 1);
  double raw_b8 = RawInserts(next(), n * 4, 8);
  double raw_b64 = RawInserts(next(), n * 16, 64);
  double single = StoreAppends(next(), n, 1);
  double group8 = StoreAppends(next(), n * 4, 8);
  double group64 = StoreAppends(next(), n * 16, 64);

  std::printf("durable appends of %zu bytes, WAL + synchronous=FULL, %d.. records per figure\n",
              kRecord, n);
  std::printf("  raw SQLite, 1 insert per transaction   %10.0f /s\n", raw_one);
  std::printf("  raw SQLite, batches of 8               %10.0f /s\n", raw_b8);
  std::printf("  raw SQLite, batches of 64              %10.0f /s\n", raw_b64);
  std::printf("  store, 1 thread                        %10.0f /s  %.2fx raw 1/txn\n", single,
              single / raw_one);
  std::printf("  store, group commit, 8 threads         %10.0f /s  %.2fx raw batches of 8,"
              " %.2fx batches of 64\n",
              group8, group8 / raw_b8, group8 / raw_b64);
  std::printf("  store, group commit, 64 threads        %10.0f /s  %.2fx raw batches of 64\n",
              group64, group64 / raw_b64);
  std::printf("  group commit speed-up over 1 thread: %.1fx (8 threads), %.1fx (64 threads)\n",
              group8 / single, group64 / single);
  std::filesystem::remove_all(dir);
  return 0;
}
