// Rate windows on the store's shared clock: several nodes (contexts) stamping
// through one store whose backend supplies server_time count one window
// whatever their own clocks say, the usage records keep each node's clock as
// the claimed time with the server's beside them, and a store whose clock
// fails refuses the stamp. The backend is the memory backend with a settable
// server_time member: it tests the library's use of that member.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>

#include "registry_support.h"

extern "C" {
#include "storage/store_impl.h"
#include "usage_log/usage_log.h"
}

using namespace helpers;
using namespace reg;

namespace {

const char *const kTenant = "t1";
const int64_t kServerMs = 1767578400000;  // 2026-01-05 02:00 UTC, 10:00 in Beijing
const int64_t kHours = 3600;

// The memory backend, with a server clock the test sets (0: no clock, ENOTFOUND).
struct ClockStore {
  eseal_storage_backend table;
  eseal_storage_backend *inner = nullptr;
  std::atomic<int64_t> server_ms{0};
  std::atomic<int> clock_error{0};
};

ClockStore *C(eseal_storage_backend *self) { return reinterpret_cast<ClockStore *>(self); }

void FillClockStore(ClockStore *w) {
  eseal_storage_backend_init(&w->table);
  ASSERT_EQ(eseal__memory_backend_new(&w->inner), 0);
  w->table.name = "clock";
  w->table.begin = [](eseal_storage_backend *s, int wr, void **t) {
    return C(s)->inner->begin(C(s)->inner, wr, t);
  };
  w->table.commit = [](eseal_storage_backend *s, void *t) {
    return C(s)->inner->commit(C(s)->inner, t);
  };
  w->table.rollback = [](eseal_storage_backend *s, void *t) {
    C(s)->inner->rollback(C(s)->inner, t);
  };
  w->table.kv_get = [](eseal_storage_backend *s, void *t, const char *te, const char *a,
                       const uint8_t *k, size_t kl, eseal_buf *v) {
    return C(s)->inner->kv_get(C(s)->inner, t, te, a, k, kl, v);
  };
  w->table.kv_put = [](eseal_storage_backend *s, void *t, const char *te, const char *a,
                       const uint8_t *k, size_t kl, const uint8_t *v, size_t vl) {
    return C(s)->inner->kv_put(C(s)->inner, t, te, a, k, kl, v, vl);
  };
  w->table.kv_delete = [](eseal_storage_backend *s, void *t, const char *te, const char *a,
                          const uint8_t *k, size_t kl) {
    return C(s)->inner->kv_delete(C(s)->inner, t, te, a, k, kl);
  };
  w->table.kv_scan = [](eseal_storage_backend *s, void *t, const char *te, const char *a,
                        const uint8_t *p, size_t pl, eseal_storage_visit_fn f, void *arg) {
    return C(s)->inner->kv_scan(C(s)->inner, t, te, a, p, pl, f, arg);
  };
  w->table.counter_add = [](eseal_storage_backend *s, void *t, const char *te, const char *n,
                            int64_t d, int64_t *v) {
    return C(s)->inner->counter_add(C(s)->inner, t, te, n, d, v);
  };
  w->table.log_append = [](eseal_storage_backend *s, void *t, const char *te, const char *l,
                           const uint8_t *r, size_t len, uint64_t *seq) {
    return C(s)->inner->log_append(C(s)->inner, t, te, l, r, len, seq);
  };
  w->table.log_get = [](eseal_storage_backend *s, void *t, const char *te, const char *l,
                        uint64_t seq, eseal_buf *r) {
    return C(s)->inner->log_get(C(s)->inner, t, te, l, seq, r);
  };
  w->table.log_size = [](eseal_storage_backend *s, void *t, const char *te, const char *l,
                         uint64_t *n) { return C(s)->inner->log_size(C(s)->inner, t, te, l, n); };
  w->table.server_time = [](eseal_storage_backend *s, void *, int64_t *ms) -> int {
    if (C(s)->clock_error)
      return ESEAL_EIO;
    if (C(s)->server_ms == 0)
      return ESEAL_ENOTFOUND;
    *ms = C(s)->server_ms;
    return 0;
  };
  w->table.close = [](eseal_storage_backend *s) {
    C(s)->inner->close(C(s)->inner);
    C(s)->inner = nullptr;
  };
}

struct PolicyPtr {
  eseal_policy *p = nullptr;
  ~PolicyPtr() { eseal_policy_free(p); }
};

// One store, one registered seal, a FREEZE rate of 3 accepted uses per 100 s,
// and three nodes: one on time, one five hours fast, one five hours slow.
struct ServerClock : ::testing::Test {
  ClockStore backend;
  StorePtr store;
  SealPtr seal;
  PolicyPtr pol;
  pki::CtxPtr nodes[3];
  const int64_t node_offset[3] = {0, 5 * kHours, -5 * kHours};

  void SetUp() override {
    FillClockStore(&backend);
    ASSERT_EQ(eseal_store_from_backend(&store.p, &backend.table), 0) << LastError();
    ASSERT_EQ(eseal_policy_new(&pol.p), 0);
    ASSERT_EQ(eseal_policy_add_rate_rule(pol.p, "burst", ESEAL_RISK_FREEZE, ESEAL_RISK_SEAL, 0,
                                         3, 100),
              0);
    for (int i = 0; i < 3; i++) {
      nodes[i] = reg::Context(store.p, kServerMs / 1000 + node_offset[i]);
      ASSERT_EQ(eseal_ctx_set_policy(nodes[i].get(), pol.p), 0);
    }
    ASSERT_EQ(workflow::MakeSeal(seal, nodes[0].get()), 0) << LastError();
    ASSERT_EQ(eseal_registry_register(nodes[0].get(), kTenant, seal.p, "clerk", nullptr), 0);
  }
  // Node `n` stamps at server time `server_s` seconds after kServerMs (its own
  // clock moves by the same amount, keeping its offset).
  int StampOn(int n, int64_t server_s) {
    backend.server_ms = kServerMs + server_s * 1000;
    EXPECT_EQ(eseal_ctx_set_fixed_time(nodes[n].get(), kServerMs / 1000 + node_offset[n] + server_s),
              0);
    eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
    o.tenant = kTenant;
    SignaturePtr sig;
    return StampWith(sig, nodes[n].get(), seal.p, &o);
  }
  // The server time kept beside record `seq`, or -1 when there is none.
  int64_t ServerTimeOf(uint64_t seq) {
    eseal__txn *txn = nullptr;
    EXPECT_EQ(eseal__store_begin(store.p, 0, &txn), 0);
    uint8_t key[8];
    eseal__usage_u64_key(seq, key);
    eseal_buf v = ESEAL_BUF_INIT;
    int rc = eseal__txn_kv_get(txn, kTenant, ESEAL__USAGE_AREA_SERVER_TIME, key, 8, &v);
    eseal__txn_rollback(txn);
    int64_t ms = -1;
    if (rc == 0 && v.size == 8) {
      uint64_t u = 0;
      for (size_t i = 0; i < 8; i++)
        u = u << 8 | v.ptr[i];
      ms = static_cast<int64_t>(u);
    }
    eseal_buf_dispose(&v);
    return ms;
  }
};

// Three nodes whose clocks are ten hours apart stamp within one server minute:
// the fourth use hits the rate, whichever node makes it.
TEST_F(ServerClock, NodesHoursApartCountOneWindow) {
  for (int i = 0; i < 3; i++)
    ASSERT_EQ(StampOn(i, i), 0) << i << LastError();
  EXPECT_EQ(StampOn(1, 3), ESEAL_EFROZEN);
  EXPECT_EQ(State(nodes[0].get(), kTenant, eseal_seal_esid(seal.p)), ESEAL_SEAL_FROZEN);
  EXPECT_EQ(eseal_usage_log_verify(nullptr, store.p, nodes[0].get(), kTenant, nullptr, 0), 0)
      << LastError();
}

// The forgery this closes: without a shared clock, the same three nodes each
// judge their own window, so a node with a fast clock gets past the limit.
TEST_F(ServerClock, WithoutServerClockSkewedNodesEscapeTheLimit) {
  backend.server_ms = 0;
  for (int i = 0; i < 3; i++) {
    ASSERT_EQ(eseal_ctx_set_fixed_time(nodes[i].get(), kServerMs / 1000 + node_offset[i] + i), 0);
    eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
    o.tenant = kTenant;
    SignaturePtr sig;
    ASSERT_EQ(StampWith(sig, nodes[i].get(), seal.p, &o), 0) << i << LastError();
  }
  ASSERT_EQ(eseal_ctx_set_fixed_time(nodes[1].get(), kServerMs / 1000 + node_offset[1] + 3), 0);
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  o.tenant = kTenant;
  SignaturePtr sig;
  EXPECT_EQ(StampWith(sig, nodes[1].get(), seal.p, &o), 0) << "skewed clocks shared a window";
  EXPECT_EQ(ServerTimeOf(1), -1);  // no server clock: nothing kept beside the records
}

// A node cannot reopen the window by moving its own clock forward: only the
// server clock ages uses out of it.
TEST_F(ServerClock, OnlyTheServerClockAgesUsesOut) {
  for (int i = 0; i < 3; i++)
    ASSERT_EQ(StampOn(0, i), 0) << i << LastError();
  // Node 1 is five hours fast and 99 s later on the server: still inside.
  ASSERT_EQ(eseal_ctx_set_fixed_time(nodes[1].get(), kServerMs / 1000 + 10 * kHours), 0);
  backend.server_ms = kServerMs + 99 * 1000;
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  o.tenant = kTenant;
  SignaturePtr sig;
  EXPECT_EQ(StampWith(sig, nodes[1].get(), seal.p, &o), ESEAL_EFROZEN);
}

// The server clock moving past the window lets the next use through even when
// the node's own clock has not moved (a stuck or slow clock is not a lock-out).
TEST_F(ServerClock, WindowEndsOnTheServerClock) {
  for (int i = 0; i < 3; i++)
    ASSERT_EQ(StampOn(2, i), 0) << i << LastError();
  ASSERT_EQ(eseal_ctx_set_fixed_time(nodes[2].get(), kServerMs / 1000 + node_offset[2]), 0);
  backend.server_ms = kServerMs + 100 * 1000;  // the use at +0 has left (now - 100, now]
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  o.tenant = kTenant;
  SignaturePtr sig;
  EXPECT_EQ(StampWith(sig, nodes[2].get(), seal.p, &o), 0) << LastError();
}

// Records keep the node's clock as their time; the server's is kept beside them.
TEST_F(ServerClock, RecordsClaimTheNodeClockWithTheServerTimeBeside) {
  ASSERT_EQ(StampOn(1, 7), 0) << LastError();
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 3u);  // register, intent, done
  eseal_buf bytes = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_usage_log_record_bytes(&bytes, store.p, kTenant, 1), 0);
  eseal_buf shown = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_usage_log_show(&shown, store.p, kTenant, 1, 1), 0);
  std::string line(reinterpret_cast<const char *>(shown.ptr), shown.size);
  EXPECT_NE(line.find("\"time\":" + std::to_string(kServerMs / 1000 + 5 * kHours + 7)),
            std::string::npos)
      << line;
  eseal_buf_dispose(&shown);
  eseal_buf_dispose(&bytes);
  EXPECT_EQ(ServerTimeOf(1), kServerMs + 7000);
  EXPECT_EQ(ServerTimeOf(2), kServerMs + 7000);
}

// A store whose clock fails refuses the stamp: nothing is signed or recorded.
TEST_F(ServerClock, FailingServerClockRefusesTheStamp) {
  backend.clock_error = 1;
  EXPECT_EQ(StampOn(0, 0), ESEAL_EIO);
  backend.clock_error = 0;
  EXPECT_EQ(ReadLog(store.p, kTenant).size(), 1u);  // the registration only
  EXPECT_EQ(StampOn(0, 1), 0) << LastError();
}

}  // namespace
