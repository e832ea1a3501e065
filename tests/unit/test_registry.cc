// The seal registry: registration, every transition and every refused one, signed
// unfreeze orders, loss reports with their callback, cancellation, tenants.
#include <cstring>

#include <gtest/gtest.h>

#include "registry_support.h"

extern "C" {
#include "registry/record.h"
#include "storage/store.h"
}

using namespace helpers;
using namespace reg;
using pki::kDay;
using pki::kNow;

namespace {

const char *const kTenant = "t1";

struct Registry : ::testing::Test {
  StorePtr store;
  pki::CtxPtr ctx;
  SealPtr seal;
  std::string es_id;

  void SetUp() override {
    ASSERT_EQ(eseal_store_open_memory(&store.p), 0) << LastError();
    ctx = reg::Context(store.p);
    ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0) << LastError();
    es_id = eseal_seal_esid(seal.p);
    ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "clerk Li", "filed"), 0)
        << LastError();
  }
  eseal_seal_state state() { return State(ctx.get(), kTenant, es_id.c_str()); }
  int freeze() {
    return eseal_registry_freeze(ctx.get(), kTenant, es_id.c_str(), "risk engine", "odd hour");
  }
  int unfreeze(const Bytes &order) {
    return eseal_registry_unfreeze(ctx.get(), kTenant, order.data(), order.size(), "ops");
  }
  Bytes GoodOrder() {
    return Order(LiftSpec(ctx.get(), kTenant, seal.p), Supervisor().key.get(), Supervisor().cert);
  }
};

TEST_F(Registry, RegisteredSealIsActiveWithWhoWhenWhy) {
  StatusPtr s;
  ASSERT_EQ(eseal_registry_state(&s.p, ctx.get(), kTenant, es_id.c_str()), 0) << LastError();
  EXPECT_EQ(eseal_seal_status_state(s.p), ESEAL_SEAL_ACTIVE);
  EXPECT_STREQ(eseal_seal_status_registered_by(s.p), "clerk Li");
  EXPECT_STREQ(eseal_seal_status_reason(s.p), "filed");
  EXPECT_EQ(eseal_seal_status_registered_at(s.p), kNow);
  size_t len = 0;
  const uint8_t *h = eseal_seal_status_hash(s.p, &len);
  EXPECT_EQ(View(h, len), SealHash(seal.p));
  size_t none = 1;
  EXPECT_EQ(eseal_seal_status_predecessor(s.p, &none), nullptr);
  EXPECT_EQ(none, 0u);
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, ESEAL_USAGE_REGISTER);
  EXPECT_TRUE(log[0].has_operator);
  StatusPtr by_hash;
  ASSERT_EQ(eseal_registry_state_by_hash(&by_hash.p, ctx.get(), kTenant, h, len), 0);
  EXPECT_STREQ(eseal_seal_status_es_id(by_hash.p), es_id.c_str());
}

TEST_F(Registry, RegisteringTwiceOrAnotherSealUnderTheEsidIsRefused) {
  EXPECT_EQ(eseal_registry_register(ctx.get(), kTenant, seal.p, "x", nullptr), ESEAL_EEXISTS);
  SealPtr other;
  ASSERT_EQ(workflow::MakeSeal(other, ctx.get()), 0);  // same esID, other bytes (new signature)
  ASSERT_NE(SealHash(other.p), SealHash(seal.p));
  EXPECT_EQ(eseal_registry_register(ctx.get(), kTenant, other.p, "x", nullptr), ESEAL_EEXISTS);
  EXPECT_NE(LastError().find("re-issue"), std::string::npos) << LastError();
  EXPECT_EQ(ReadLog(store.p, kTenant).size(), 1u);
}

TEST_F(Registry, TenantsAreKeptApart) {
  StatusPtr s;
  EXPECT_EQ(eseal_registry_state(&s.p, ctx.get(), "t2", es_id.c_str()), ESEAL_ENOTFOUND);
  EXPECT_EQ(eseal_registry_freeze(ctx.get(), "t2", es_id.c_str(), "x", nullptr), ESEAL_ENOTFOUND);
  ASSERT_EQ(eseal_registry_register(ctx.get(), "t2", seal.p, "y", nullptr), 0) << LastError();
  ASSERT_EQ(freeze(), 0);
  EXPECT_EQ(State(ctx.get(), "t2", es_id.c_str()), ESEAL_SEAL_ACTIVE);
  EXPECT_EQ(ReadLog(store.p, "t2").size(), 1u);
  // An order for t2 does not lift t1's freeze, even from a true supervisor.
  OrderSpec spec = LiftSpec(ctx.get(), kTenant, seal.p);
  spec.tenant = "t2";
  EXPECT_EQ(unfreeze(Order(spec, Supervisor().key.get(), Supervisor().cert)), ESEAL_EINVAL);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
  EXPECT_EQ(eseal_registry_unfreeze(ctx.get(), "bad tenant!", nullptr, 0, nullptr), ESEAL_EINVAL);
}

TEST_F(Registry, FreezeThenFreezeAgainIsRefused) {
  ASSERT_EQ(freeze(), 0) << LastError();
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
  EXPECT_EQ(freeze(), ESEAL_EFROZEN);
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].action, ESEAL_USAGE_FREEZE);
  EXPECT_EQ(log[1].reason, "odd hour");
  EXPECT_EQ(FreezeSequence(ctx.get(), kTenant, es_id.c_str()), 1u);
}

TEST_F(Registry, SignedOrderUnfreezesAndIsKeptForAuditors) {
  ASSERT_EQ(freeze(), 0);
  Bytes order = GoodOrder();
  ASSERT_EQ(unfreeze(order), 0) << LastError();
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[2].action, ESEAL_USAGE_UNFREEZE);
  EXPECT_EQ(log[2].refers_to, 2u);  // the freeze at sequence 1
  unsigned int n = 0;
  Bytes order_hash(32);
  EVP_Digest(order.data(), order.size(), order_hash.data(), &n, EVP_sm3(), nullptr);
  EXPECT_EQ(log[2].signature_hash, order_hash);
  // The auditor reads the order back and re-checks it on its own.
  Buf kept;
  ASSERT_EQ(eseal_registry_unfreeze_order(&kept.b, ctx.get(), kTenant, 2), 0) << LastError();
  EXPECT_EQ(kept.bytes(), order);
  eseal_unfreeze_order *o = nullptr;
  ASSERT_EQ(eseal_unfreeze_order_parse(&o, kept.b.ptr, kept.b.size), 0) << LastError();
  EXPECT_EQ(eseal_unfreeze_order_verify(ctx.get(), o, 0), 0) << LastError();
  EXPECT_STREQ(eseal_unfreeze_order_es_id(o), es_id.c_str());
  EXPECT_EQ(eseal_unfreeze_order_freeze_sequence(o), 1u);
  EXPECT_STREQ(eseal_unfreeze_order_reason(o), "checked by the supervisor");
  eseal_unfreeze_order_free(o);
  EXPECT_EQ(eseal_registry_unfreeze_order(&kept.b, ctx.get(), kTenant, 1), ESEAL_ENOTFOUND);
}

TEST_F(Registry, LibraryMadeOrderMatchesTheDocumentedBytes) {
  ASSERT_EQ(freeze(), 0);
  OrderSpec spec = LiftSpec(ctx.get(), kTenant, seal.p);
  Buf made;
  ASSERT_EQ(eseal_unfreeze_order_sign(&made.b, ctx.get(), kTenant, es_id.c_str(),
                                      spec.seal_hash.data(), 32, 1, kNow, spec.reason.c_str(),
                                      pki::Key(Supervisor()).get(),
                                      pki::Cert(Supervisor()).get()),
            0)
      << LastError();
  // The signed part is exactly what the tests' own composer writes from the format.
  Bytes tbs = OrderTbs(spec);
  ASSERT_GT(made.b.size, tbs.size() + 4);
  EXPECT_TRUE(std::search(made.b.ptr, made.b.ptr + made.b.size, tbs.begin(), tbs.end()) !=
              made.b.ptr + made.b.size);
  ASSERT_EQ(unfreeze(made.bytes()), 0) << LastError();
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
}

TEST_F(Registry, OrderSignedWithAnotherKeyIsRefused) {
  ASSERT_EQ(freeze(), 0);
  static const auto other = pki::Issue("Impostor", pki::CertOptions(), &SupervisorRoot());
  EXPECT_EQ(unfreeze(Order(LiftSpec(ctx.get(), kTenant, seal.p), other.key.get(),
                           Supervisor().cert)),
            ESEAL_ECRYPTO);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
  // A changed signed part fails the same way.
  Bytes order = GoodOrder();
  order[12] ^= 1;
  EXPECT_NE(unfreeze(order), 0);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
}

TEST_F(Registry, OrderFromACertificateWithoutTheSupervisorRoleIsRefused) {
  ASSERT_EQ(freeze(), 0);
  // Issued by the ordinary root, trusted for signers and makers but not supervision.
  static const auto clerk = pki::Issue("Clerk", pki::CertOptions(), &pki::Root());
  EXPECT_EQ(unfreeze(Order(LiftSpec(ctx.get(), kTenant, seal.p), clerk.key.get(), clerk.cert)),
            ESEAL_ECERT);
  EXPECT_NE(LastError().find("registry-supervisor"), std::string::npos) << LastError();
  // The application's own signer key cannot forge one either.
  EXPECT_EQ(unfreeze(Order(LiftSpec(ctx.get(), kTenant, seal.p), pki::Signer().key.get(),
                           pki::Signer().cert)),
            ESEAL_ECERT);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
}

TEST_F(Registry, OrderFromAnExpiredOrUnusableSupervisorCertificateIsRefused) {
  ASSERT_EQ(freeze(), 0);
  pki::CertOptions expired;
  expired.not_after = kNow - kDay;
  static const auto old = pki::Issue("Old Supervisor", expired, &SupervisorRoot());
  OrderSpec spec = LiftSpec(ctx.get(), kTenant, seal.p);
  EXPECT_EQ(unfreeze(Order(spec, old.key.get(), old.cert)), ESEAL_ECERT);
  pki::CertOptions no_signing;
  no_signing.key_usage = 0x20;  // keyEncipherment only
  static const auto enc = pki::Issue("Encrypting Supervisor", no_signing, &SupervisorRoot());
  EXPECT_EQ(unfreeze(Order(spec, enc.key.get(), enc.cert)), ESEAL_ECERT);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
}

TEST_F(Registry, ReplayedOrderIsRefused) {
  ASSERT_EQ(freeze(), 0);
  Bytes order = GoodOrder();
  ASSERT_EQ(unfreeze(order), 0) << LastError();
  EXPECT_EQ(unfreeze(order), ESEAL_ERROR);  // not frozen
  ASSERT_EQ(freeze(), 0);
  EXPECT_EQ(unfreeze(order), ESEAL_EINVAL);  // another freeze now
  EXPECT_NE(LastError().find("sequence"), std::string::npos) << LastError();
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
  ASSERT_EQ(unfreeze(GoodOrder()), 0) << LastError();
}

TEST_F(Registry, OrderForAnotherSealOrOutsideItsWindowIsRefused) {
  SealPtr other;
  MakeSealWithEsid(other, ctx.get(), "3301060000099");
  ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, other.p, "x", nullptr), 0);
  ASSERT_EQ(freeze(), 0);
  ASSERT_EQ(eseal_registry_freeze(ctx.get(), kTenant, "3301060000099", "x", nullptr), 0);
  OrderSpec spec = LiftSpec(ctx.get(), kTenant, seal.p);
  OrderSpec wrong_hash = spec;
  wrong_hash.seal_hash = SealHash(other.p);
  EXPECT_EQ(unfreeze(Order(wrong_hash, Supervisor().key.get(), Supervisor().cert)), ESEAL_EINVAL);
  OrderSpec near = spec;  // a hash that differs in its last byte only
  near.seal_hash.back() ^= 1;
  EXPECT_EQ(unfreeze(Order(near, Supervisor().key.get(), Supervisor().cert)), ESEAL_EINVAL);
  OrderSpec early = spec;
  early.time = kNow - 1;
  EXPECT_EQ(unfreeze(Order(early, Supervisor().key.get(), Supervisor().cert)), ESEAL_EINVAL);
  OrderSpec future = spec;
  future.time = kNow + ESEAL_UNFREEZE_ORDER_SKEW + 1;
  EXPECT_EQ(unfreeze(Order(future, Supervisor().key.get(), Supervisor().cert)), ESEAL_EINVAL);
  OrderSpec unknown = spec;
  unknown.es_id = "3301069999999";
  EXPECT_EQ(unfreeze(Order(unknown, Supervisor().key.get(), Supervisor().cert)), ESEAL_ENOTFOUND);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
  EXPECT_EQ(State(ctx.get(), kTenant, "3301060000099"), ESEAL_SEAL_FROZEN);
  EXPECT_EQ(unfreeze(Bytes{0x30, 0x00}), ESEAL_EFORMAT);
  OrderSpec exact = spec;
  exact.time = kNow + ESEAL_UNFREEZE_ORDER_SKEW;
  EXPECT_EQ(unfreeze(Order(exact, Supervisor().key.get(), Supervisor().cert)), 0) << LastError();
}

int g_calls = 0;
std::string g_es_id;
int64_t g_lost_at = 0;

int NotifyCa(void *payload, const char *tenant, const char *es_id, const uint8_t *hash,
             size_t hash_len, int64_t lost_at) {
  g_calls++;
  g_es_id = es_id;
  g_lost_at = lost_at;
  EXPECT_STREQ(tenant, kTenant);
  EXPECT_EQ(hash_len, 32u);
  EXPECT_NE(hash, nullptr);
  return *static_cast<int *>(payload);
}

TEST_F(Registry, LossReportCallsTheCallbackAndRecordsIt) {
  g_calls = 0;
  int answer = 0;
  ASSERT_EQ(eseal_registry_report_lost(ctx.get(), kTenant, es_id.c_str(), "owner", "stolen",
                                       NotifyCa, &answer),
            0)
      << LastError();
  EXPECT_EQ(g_calls, 1);
  EXPECT_EQ(g_es_id, es_id);
  EXPECT_EQ(g_lost_at, kNow);
  StatusPtr s;
  ASSERT_EQ(eseal_registry_state(&s.p, ctx.get(), kTenant, es_id.c_str()), 0);
  EXPECT_EQ(eseal_seal_status_state(s.p), ESEAL_SEAL_LOST);
  EXPECT_EQ(eseal_seal_status_final_at(s.p), kNow);
  EXPECT_EQ(eseal_seal_status_notify_result(s.p), 0);
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].action, ESEAL_USAGE_LOST);
  EXPECT_EQ(log[2].action, ESEAL_USAGE_LOSS_NOTIFIED);
  EXPECT_EQ(log[2].refers_to, 2u);
  EXPECT_EQ(log[2].result, 0);
}

TEST_F(Registry, FailedNotificationKeepsTheLossAndRecordsTheFailure) {
  g_calls = 0;
  int answer = ESEAL_EIO;
  EXPECT_EQ(eseal_registry_report_lost(ctx.get(), kTenant, es_id.c_str(), "owner", "stolen",
                                       NotifyCa, &answer),
            ESEAL_EIO);
  EXPECT_NE(LastError().find("recorded lost"), std::string::npos) << LastError();
  EXPECT_EQ(state(), ESEAL_SEAL_LOST);
  StatusPtr s;
  ASSERT_EQ(eseal_registry_state(&s.p, ctx.get(), kTenant, es_id.c_str()), 0);
  EXPECT_EQ(eseal_seal_status_notify_result(s.p), ESEAL_EIO);
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[2].result, ESEAL_EIO);
  // Notified again later (by hand, or from a binding's own callback): recorded too.
  ASSERT_EQ(eseal_registry_loss_notified(ctx.get(), kTenant, es_id.c_str(), 0, "by phone"), 0)
      << LastError();
  StatusPtr again;
  ASSERT_EQ(eseal_registry_state(&again.p, ctx.get(), kTenant, es_id.c_str()), 0);
  EXPECT_EQ(eseal_seal_status_notify_result(again.p), 0);
  log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[3].action, ESEAL_USAGE_LOSS_NOTIFIED);
  EXPECT_EQ(log[3].refers_to, 2u);
  EXPECT_EQ(log[3].reason, "by phone");
}

TEST_F(Registry, OnlyALostSealCanBeRecordedAsNotified) {
  EXPECT_EQ(eseal_registry_loss_notified(ctx.get(), kTenant, es_id.c_str(), 0, nullptr),
            ESEAL_ERROR);
  EXPECT_EQ(eseal_registry_loss_notified(ctx.get(), kTenant, "3301069999999", 0, nullptr),
            ESEAL_ENOTFOUND);
  EXPECT_EQ(ReadLog(store.p, kTenant).size(), 1u);
}

TEST_F(Registry, LossAndCancellationAreFinalAndDistinct) {
  SealPtr other;
  MakeSealWithEsid(other, ctx.get(), "3301060000077");
  ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, other.p, "x", nullptr), 0);
  ASSERT_EQ(freeze(), 0);  // a frozen seal may still be reported lost
  ASSERT_EQ(eseal_registry_report_lost(ctx.get(), kTenant, es_id.c_str(), "o", "lost", nullptr,
                                       nullptr),
            0);
  ASSERT_EQ(eseal_registry_cancel(ctx.get(), kTenant, "3301060000077", "o", "closed"), 0);
  EXPECT_EQ(state(), ESEAL_SEAL_LOST);
  EXPECT_EQ(State(ctx.get(), kTenant, "3301060000077"), ESEAL_SEAL_CANCELLED);
  size_t before = ReadLog(store.p, kTenant).size();
  for (const char *id : {es_id.c_str(), "3301060000077"}) {
    EXPECT_EQ(eseal_registry_freeze(ctx.get(), kTenant, id, "x", nullptr), ESEAL_ELOST);
    EXPECT_EQ(eseal_registry_cancel(ctx.get(), kTenant, id, "x", nullptr), ESEAL_ELOST);
    EXPECT_EQ(eseal_registry_report_lost(ctx.get(), kTenant, id, "x", nullptr, NotifyCa, nullptr),
              ESEAL_ELOST);
  }
  EXPECT_EQ(unfreeze(Order(LiftSpec(ctx.get(), kTenant, seal.p), Supervisor().key.get(),
                           Supervisor().cert)),
            ESEAL_ELOST);
  EXPECT_EQ(state(), ESEAL_SEAL_LOST);
  EXPECT_EQ(ReadLog(store.p, kTenant).size(), before);
  EXPECT_STREQ(eseal_seal_state_name(ESEAL_SEAL_CANCELLED), "cancelled");
  EXPECT_STREQ(eseal_seal_state_name(ESEAL_SEAL_LOST), "lost");
}

TEST_F(Registry, ReissueLinksSealsAndCancelsAnActiveOne) {
  SealPtr next;
  ASSERT_EQ(workflow::MakeSeal(next, ctx.get()), 0);
  ASSERT_EQ(eseal_registry_reissue(ctx.get(), kTenant, next.p, "clerk", "new certificate"), 0)
      << LastError();
  StatusPtr now, old;
  ASSERT_EQ(eseal_registry_state(&now.p, ctx.get(), kTenant, es_id.c_str()), 0);
  Bytes old_hash = SealHash(seal.p);
  ASSERT_EQ(eseal_registry_state_by_hash(&old.p, ctx.get(), kTenant, old_hash.data(), 32), 0);
  EXPECT_EQ(eseal_seal_status_state(now.p), ESEAL_SEAL_ACTIVE);
  EXPECT_EQ(eseal_seal_status_state(old.p), ESEAL_SEAL_CANCELLED);
  size_t len = 0;
  const uint8_t *before = eseal_seal_status_predecessor(now.p, &len);
  EXPECT_EQ(View(before, len), old_hash);
  const uint8_t *after = eseal_seal_status_successor(old.p, &len);
  EXPECT_EQ(View(after, len), SealHash(next.p));
  EXPECT_EQ(eseal_seal_status_successor(now.p, &len), nullptr);
  EXPECT_EQ(len, 0u);
  auto log = ReadLog(store.p, kTenant);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].action, ESEAL_USAGE_CANCEL);
  EXPECT_EQ(log[2].action, ESEAL_USAGE_REGISTER);
  // Neither seal can be registered or re-issued again.
  EXPECT_EQ(eseal_registry_reissue(ctx.get(), kTenant, seal.p, "x", nullptr), ESEAL_EEXISTS);
  EXPECT_EQ(eseal_registry_reissue(ctx.get(), kTenant, next.p, "x", nullptr), ESEAL_EEXISTS);
}

TEST_F(Registry, ReissueCannotEscapeAFreezeAndNeedsARegisteredEsid) {
  ASSERT_EQ(freeze(), 0);
  SealPtr next;
  ASSERT_EQ(workflow::MakeSeal(next, ctx.get()), 0);
  EXPECT_EQ(eseal_registry_reissue(ctx.get(), kTenant, next.p, "x", nullptr), ESEAL_EFROZEN);
  EXPECT_EQ(state(), ESEAL_SEAL_FROZEN);
  SealPtr stray;
  MakeSealWithEsid(stray, ctx.get(), "3301060000055");
  EXPECT_EQ(eseal_registry_reissue(ctx.get(), kTenant, stray.p, "x", nullptr), ESEAL_ENOTFOUND);
  ASSERT_EQ(eseal_registry_report_lost(ctx.get(), kTenant, es_id.c_str(), "o", "lost", nullptr,
                                       nullptr),
            0);
  ASSERT_EQ(eseal_registry_reissue(ctx.get(), kTenant, next.p, "x", nullptr), 0) << LastError();
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
  Bytes old_hash = SealHash(seal.p);
  StatusPtr old;
  ASSERT_EQ(eseal_registry_state_by_hash(&old.p, ctx.get(), kTenant, old_hash.data(), 32), 0);
  EXPECT_EQ(eseal_seal_status_state(old.p), ESEAL_SEAL_LOST);
}

TEST_F(Registry, ArgumentsAreChecked) {
  StatusPtr s;
  EXPECT_EQ(eseal_registry_state(&s.p, ctx.get(), kTenant, ""), ESEAL_EINVAL);
  EXPECT_EQ(eseal_registry_state(&s.p, ctx.get(), kTenant, "unknown"), ESEAL_ENOTFOUND);
  std::string long_text(ESEAL_REGISTRY_MAX_TEXT + 1, 'x');
  EXPECT_EQ(eseal_registry_freeze(ctx.get(), kTenant, es_id.c_str(), long_text.c_str(), nullptr),
            ESEAL_ELIMIT);
  auto bare = pki::Context();
  EXPECT_EQ(eseal_registry_freeze(bare.get(), kTenant, es_id.c_str(), "x", nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal_registry_state(&s.p, bare.get(), kTenant, es_id.c_str()), ESEAL_EINVAL);
  EXPECT_EQ(state(), ESEAL_SEAL_ACTIVE);
}

// After a re-issue, the new (active) seal's record copied over the old
// (cancelled) seal's would let the old seal stamp again: detected.
TEST_F(Registry, ARecordCopiedOverAnotherSealsIsDetected) {
  SealPtr next;
  ASSERT_EQ(workflow::MakeSeal(next, ctx.get()), 0);
  ASSERT_EQ(eseal_registry_reissue(ctx.get(), kTenant, next.p, "clerk", nullptr), 0);
  Bytes old_hash = SealHash(seal.p), new_hash = SealHash(next.p);
  eseal__txn *txn = nullptr;
  ASSERT_EQ(eseal__store_begin(store.p, 1, &txn), 0);
  Buf rec;
  ASSERT_EQ(eseal__txn_kv_get(txn, kTenant, ESEAL__AREA_SEALS, new_hash.data(), 32, &rec.b), 0);
  ASSERT_EQ(eseal__txn_kv_put(txn, kTenant, ESEAL__AREA_SEALS, old_hash.data(), 32, rec.b.ptr,
                              rec.b.size),
            0);
  ASSERT_EQ(eseal__txn_commit(txn), 0);
  StatusPtr s;
  EXPECT_EQ(eseal_registry_state_by_hash(&s.p, ctx.get(), kTenant, old_hash.data(), 32),
            ESEAL_ETAMPERED);
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  o.tenant = kTenant;
  SignaturePtr sig;
  EXPECT_EQ(StampWith(sig, ctx.get(), seal.p, &o), ESEAL_ETAMPERED);
  EXPECT_EQ(sig.p, nullptr);
}

TEST_F(Registry, DamagedOrMovedStoredRecordsAreDetected) {
  SealPtr other;
  MakeSealWithEsid(other, ctx.get(), "3301060000033");
  ASSERT_EQ(eseal_registry_register(ctx.get(), kTenant, other.p, "x", nullptr), 0);
  Bytes h1 = SealHash(seal.p), h2 = SealHash(other.p);
  // File the frozen-to-be seal's record under the other seal's hash, as someone
  // editing the database to dodge a freeze might.
  eseal__txn *txn = nullptr;
  ASSERT_EQ(eseal__store_begin(store.p, 1, &txn), 0);
  Buf rec;
  ASSERT_EQ(eseal__txn_kv_get(txn, kTenant, ESEAL__AREA_SEALS, h2.data(), 32, &rec.b), 0);
  ASSERT_EQ(eseal__txn_kv_put(txn, kTenant, ESEAL__AREA_SEALS, h1.data(), 32, rec.b.ptr,
                              rec.b.size),
            0);
  ASSERT_EQ(eseal__txn_commit(txn), 0);
  StatusPtr s;
  EXPECT_EQ(eseal_registry_state(&s.p, ctx.get(), kTenant, es_id.c_str()), ESEAL_ETAMPERED);
  ASSERT_EQ(eseal__store_begin(store.p, 1, &txn), 0);
  const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x01};
  ASSERT_EQ(eseal__txn_kv_put(txn, kTenant, ESEAL__AREA_SEALS, h2.data(), 32, junk, sizeof junk),
            0);
  ASSERT_EQ(eseal__txn_commit(txn), 0);
  EXPECT_EQ(eseal_registry_state(&s.p, ctx.get(), kTenant, "3301060000033"), ESEAL_ETAMPERED);
}

}  // namespace
