// Crash-safety harness: a child process opens a store, appends in a loop
// (from one or several threads) and writes every acknowledged append to a
// pipe; the parent kills it with SIGKILL at a moment of its choosing, or lets
// it finish, and then checks the log against what was acknowledged.
//
// The append step and the record-to-id mapping are parameters, so that the
// usage log can run the same harness over its own records (and then check
// its Merkle tree as well).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <eseal.h>

namespace crash {

// One acknowledged append: the sequence the store returned and the unique id
// the record carries.
struct Ack {
  uint64_t seq;
  uint64_t id;
};

// Appends one record carrying `id` and stores its sequence. Runs in the child,
// on any of its threads. 0 or a negative code (which ends the child).
using AppendFn = std::function<int(eseal_store *store, uint64_t id, uint64_t *seq)>;

// The id a record carries, or false when the record is malformed.
using IdOfFn = std::function<bool(const uint8_t *rec, size_t len, uint64_t *id)>;

struct ChildOptions {
  std::string path;          // the SQLite store file
  int threads = 1;           // appending threads in the child
  uint64_t appends = 0;      // per thread; 0 = until killed
  AppendFn append;           // default: GroupedAppend to ("crash", "log")
};

struct Child {
  pid_t pid = -1;
  int fd = -1;  // the read end of the ack pipe
};

// Forks the child. The parent must hold no open store on the file.
Child Spawn(const ChildOptions &options);

// Kills the child after `delay_us` (or waits for it to end when `kill_after`
// is false), reading acks meanwhile. Returns every ack; `*exited_ok` tells
// whether a child that was not killed exited with status 0.
std::vector<Ack> Finish(Child &child, bool kill_after, unsigned delay_us,
                        bool *exited_ok = nullptr);

// The default append: a grouped transaction that appends the 8-byte
// big-endian id to (tenant, log).
int GroupedAppend(eseal_store *store, const char *tenant, const char *log, uint64_t id,
                  uint64_t *seq);

// Reads an id written by GroupedAppend.
bool Be64IdOf(const uint8_t *rec, size_t len, uint64_t *id);

// Checks (tenant, log) of `store`: records 0..size-1 all readable and none at
// size (no gaps), no id twice (no duplicates), and every ack's record present
// at its sequence with its id. Returns "" or the first problem found.
std::string CheckLog(eseal_store *store, const char *tenant, const char *log,
                     const std::vector<Ack> &acks, const IdOfFn &id_of = Be64IdOf,
                     uint64_t *size_out = nullptr);

}  // namespace crash
