#include "crash_harness.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <set>
#include <thread>

extern "C" {
#include "storage/store.h"
}

namespace crash {
namespace {

struct AppendArgs {
  const char *tenant;
  const char *log;
  uint64_t id;
  uint64_t seq;
};

int AppendInTxn(eseal__txn *txn, void *arg) {
  auto *a = static_cast<AppendArgs *>(arg);
  uint8_t rec[8];
  for (int i = 0; i < 8; i++)
    rec[i] = static_cast<uint8_t>(a->id >> (56 - 8 * i));
  return eseal__txn_log_append(txn, a->tenant, a->log, rec, sizeof rec, &a->seq);
}

// Writes one ack; 16 bytes is below PIPE_BUF, so writes never interleave and
// a killed child never leaves half an ack.
bool WriteAck(int fd, const Ack &ack) {
  uint8_t buf[16];
  std::memcpy(buf, &ack.seq, 8);
  std::memcpy(buf + 8, &ack.id, 8);
  return write(fd, buf, sizeof buf) == static_cast<ssize_t>(sizeof buf);
}

[[noreturn]] void ChildMain(const ChildOptions &o, int fd) {
  eseal_store *store = nullptr;
  if (eseal_store_open_sqlite(&store, o.path.c_str()) != 0)
    _exit(2);
  AppendFn append = o.append;
  if (!append)
    append = [](eseal_store *s, uint64_t id, uint64_t *seq) {
      return GroupedAppend(s, "crash", "log", id, seq);
    };
  const uint64_t pid = static_cast<uint64_t>(getpid());
  std::vector<std::thread> threads;
  std::vector<int> failed(static_cast<size_t>(o.threads), 0);
  for (int t = 0; t < o.threads; t++) {
    threads.emplace_back([&, t] {
      for (uint64_t n = 0; o.appends == 0 || n < o.appends; n++) {
        uint64_t id = pid << 32 | static_cast<uint64_t>(t) << 24 | n;
        uint64_t seq;
        if (append(store, id, &seq) != 0 || !WriteAck(fd, Ack{seq, id})) {
          failed[static_cast<size_t>(t)] = 1;
          return;
        }
      }
    });
  }
  for (auto &th : threads)
    th.join();
  eseal_store_free(store);
  for (int f : failed)
    if (f)
      _exit(3);
  _exit(0);
}

void Drain(int fd, std::vector<Ack> &acks, std::vector<uint8_t> &partial, int timeout_ms) {
  struct pollfd p = {fd, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0)
    return;
  uint8_t buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n <= 0)
    return;
  partial.insert(partial.end(), buf, buf + n);
  size_t whole = partial.size() / 16 * 16;
  for (size_t i = 0; i < whole; i += 16) {
    Ack a;
    std::memcpy(&a.seq, &partial[i], 8);
    std::memcpy(&a.id, &partial[i + 8], 8);
    acks.push_back(a);
  }
  partial.erase(partial.begin(), partial.begin() + static_cast<long>(whole));
}

}  // namespace

int GroupedAppend(eseal_store *store, const char *tenant, const char *log, uint64_t id,
                  uint64_t *seq) {
  AppendArgs a = {tenant, log, id, 0};
  int rc = eseal__store_run_grouped(store, AppendInTxn, &a);
  if (rc == 0)
    *seq = a.seq;
  return rc;
}

bool Be64IdOf(const uint8_t *rec, size_t len, uint64_t *id) {
  if (len != 8)
    return false;
  uint64_t v = 0;
  for (size_t i = 0; i < 8; i++)
    v = v << 8 | rec[i];
  *id = v;
  return true;
}

Child Spawn(const ChildOptions &options) {
  int fds[2];
  Child c;
  if (pipe(fds) != 0)
    return c;
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    ChildMain(options, fds[1]);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return c;
  }
  c.pid = pid;
  c.fd = fds[0];
  return c;
}

std::vector<Ack> Finish(Child &child, bool kill_after, unsigned delay_us, bool *exited_ok) {
  std::vector<Ack> acks;
  std::vector<uint8_t> partial;
  if (child.pid < 0)
    return acks;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(delay_us);
  if (kill_after) {
    // Read while waiting, so that a full pipe never holds the child still.
    while (std::chrono::steady_clock::now() < deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      Drain(child.fd, acks, partial, static_cast<int>(left > 0 ? left : 0));
    }
    kill(child.pid, SIGKILL);
  }
  int status = 0;
  // Until EOF: every ack the child wrote before it died or ended.
  for (;;) {
    size_t before = acks.size() * 16 + partial.size();
    struct pollfd p = {child.fd, POLLIN, 0};
    if (poll(&p, 1, 60000) <= 0)
      break;
    Drain(child.fd, acks, partial, 0);
    if (acks.size() * 16 + partial.size() == before)
      break;  // readable but nothing read: EOF
  }
  waitpid(child.pid, &status, 0);
  close(child.fd);
  if (exited_ok != nullptr)
    *exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  child.pid = -1;
  child.fd = -1;
  return acks;
}

std::string CheckLog(eseal_store *store, const char *tenant, const char *log,
                     const std::vector<Ack> &acks, const IdOfFn &id_of, uint64_t *size_out) {
  eseal__txn *txn;
  if (eseal__store_begin(store, 0, &txn) != 0)
    return "cannot begin a read transaction";
  std::string problem;
  uint64_t size = 0;
  std::map<uint64_t, uint64_t> id_at;
  std::set<uint64_t> ids;
  if (eseal__txn_log_size(txn, tenant, log, &size) != 0)
    problem = "cannot read the log size";
  for (uint64_t s = 0; problem.empty() && s < size; s++) {
    eseal_buf rec = ESEAL_BUF_INIT;
    uint64_t id;
    if (eseal__txn_log_get(txn, tenant, log, s, &rec) != 0)
      problem = "gap: record " + std::to_string(s) + " of " + std::to_string(size) + " missing";
    else if (!id_of(rec.ptr, rec.size, &id))
      problem = "record " + std::to_string(s) + " is malformed";
    else if (!ids.insert(id).second)
      problem = "duplicate: id " + std::to_string(id) + " again at " + std::to_string(s);
    else
      id_at[s] = id;
    eseal_buf_dispose(&rec);
  }
  eseal_buf extra = ESEAL_BUF_INIT;
  if (problem.empty() && eseal__txn_log_get(txn, tenant, log, size, &extra) != ESEAL_ENOTFOUND)
    problem = "a record past the log size " + std::to_string(size);
  eseal_buf_dispose(&extra);
  eseal__txn_rollback(txn);
  for (const Ack &a : acks) {
    if (!problem.empty())
      break;
    auto it = id_at.find(a.seq);
    if (it == id_at.end())
      problem = "acknowledged record " + std::to_string(a.seq) + " lost (log size " +
                std::to_string(size) + ")";
    else if (it->second != a.id)
      problem = "record " + std::to_string(a.seq) + " is not the one acknowledged";
  }
  if (size_out != nullptr)
    *size_out = size;
  return problem;
}

}  // namespace crash
