// The usage log on a store (src/usage_log/): appends, JSON records, proofs
// that verify with the tree code, signed checkpoints with key announcement,
// every-N checkpoints, `verify` catching each kind of tampering with the
// SQLite file (change, delete, reorder, truncate, a forged clear value, a
// misfiled checkpoint) and a rollback of the whole file against a checkpoint
// kept outside; erasure that keeps every proof; tenants kept apart.
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../support/store_support.h"
#include "tlog_pki.h"

extern "C" {
#include "eseal/evidence.h"
#include "eseal/usage_log.h"
#include "usage_log/log_certs.h"
#include "usage_log/merkle.h"
#include "usage_log/record.h"
#include "usage_log/usage_log.h"
}

using storetest::StorePtr;
using storetest::TempDir;
using storetest::TxnPtr;

namespace {

using Bytes = std::vector<uint8_t>;

std::string Take(eseal_buf *b) {
  std::string s(reinterpret_cast<char *>(b->ptr), b->size);
  eseal_buf_dispose(b);
  return s;
}

const char *Msg() { return eseal_error_last() ? eseal_error_last()->message : ""; }

Bytes Unhex(const std::string &hex) {
  Bytes out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

// The hex strings of a JSON array "key":["..",".."] in `json`.
std::vector<Bytes> HexArray(const std::string &json, const std::string &key) {
  std::vector<Bytes> out;
  size_t p = json.find("\"" + key + "\":[");
  if (p == std::string::npos)
    return out;
  p = json.find('[', p) + 1;
  size_t end = json.find(']', p);
  while ((p = json.find('"', p)) != std::string::npos && p < end) {
    size_t q = json.find('"', p + 1);
    out.push_back(Unhex(json.substr(p + 1, q - p - 1)));
    p = q + 1;
  }
  return out;
}

Bytes HexMember(const std::string &json, const std::string &key) {
  size_t p = json.find("\"" + key + "\":\"");
  if (p == std::string::npos)
    return {};
  p += key.size() + 4;
  return Unhex(json.substr(p, json.find('"', p) - p));
}

const sm2::Identity &KeyA() {
  static const sm2::Identity k = tlog::LogKey("Usage log key A");
  return k;
}
const sm2::Identity &KeyB() {
  static const sm2::Identity k = tlog::LogKey("Usage log key B");
  return k;
}

class UsageLog : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("store.db");
    Open();
    ctx_ = tlog::LogContext();
  }

  void Open() {
    store_.reset();
    ASSERT_EQ(eseal_store_open_sqlite(&store_.p, path_.c_str()), 0) << Msg();
  }

  uint64_t Physical(const char *op = "alice", const char *tenant = "acme", double lat = 31.2304) {
    eseal_usage_record rec = ESEAL_USAGE_RECORD_INIT;
    rec.es_id = "3101000000001";
    rec.operator_id = op;
    rec.device = "seal-dev-7";
    rec.has_location = 1;
    rec.latitude = lat;
    rec.longitude = 121.4737;
    rec.accuracy_m = 5;
    rec.place = "Shanghai office";
    rec.has_force = 1;
    rec.force_newtons = 42.125;
    uint64_t seq = 999;
    EXPECT_EQ(eseal_usage_log_record_physical(&seq, store_.p, ctx_.get(), tenant, &rec), 0)
        << Msg();
    return seq;
  }

  std::string Checkpoint(const sm2::Identity &id = KeyA(), const char *tenant = "acme",
                         uint64_t every = 0, int want = 0) {
    eseal_buf out = ESEAL_BUF_INIT;
    auto key = pki::Key(id);
    auto cert = pki::Cert(id);
    EXPECT_EQ(eseal_usage_log_checkpoint(&out, store_.p, ctx_.get(), tenant, key.get(),
                                         cert.get(), every),
              want)
        << Msg();
    return Take(&out);
  }

  int Verify(const std::string &external = "", const char *tenant = "acme",
             std::string *report = nullptr) {
    eseal_buf rep = ESEAL_BUF_INIT;
    int rc = eseal_usage_log_verify(
        &rep, store_.p, ctx_.get(), tenant,
        external.empty() ? nullptr : reinterpret_cast<const uint8_t *>(external.data()),
        external.size());
    std::string r = Take(&rep);
    if (report)
      *report = r;
    return rc;
  }

  uint64_t Size(const char *tenant = "acme") {
    uint64_t n = 12345;
    EXPECT_EQ(eseal_usage_log_size(&n, store_.p, tenant), 0) << Msg();
    return n;
  }

  // Runs SQL on the closed store file, then reopens it.
  void Sql(const std::string &sql) {
    store_.reset();
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char *err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string e = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << e << " in " << sql;
    Open();
  }

  // A record's stored bytes, changed to another valid record (a new reason).
  Bytes Rewritten(uint64_t seq, const char *reason) {
    eseal_buf b = ESEAL_BUF_INIT;
    EXPECT_EQ(eseal_usage_log_record_bytes(&b, store_.p, "acme", seq), 0) << Msg();
    eseal__arena arena = {};
    eseal__urecord r;
    EXPECT_EQ(eseal__urecord_decode(b.ptr, b.size, &r, &arena), 0) << Msg();
    r.reason = reason;
    eseal_buf out = ESEAL_BUF_INIT;
    EXPECT_EQ(eseal__urecord_encode(&r, &out), 0);
    Bytes bytes(out.ptr, out.ptr + out.size);
    eseal_buf_dispose(&out);
    eseal_buf_dispose(&b);
    eseal__arena_release(&arena);
    return bytes;
  }

  static std::string SqlHex(const Bytes &b) {
    static const char *d = "0123456789abcdef";
    std::string s = "x'";
    for (uint8_t c : b)
      s += d[c >> 4], s += d[c & 15];
    return s + "'";
  }

  TempDir dir_;
  std::string path_;
  StorePtr store_;
  pki::CtxPtr ctx_;
};

TEST_F(UsageLog, AppendsNumberRecordsAndShowsThem) {
  EXPECT_EQ(Physical(), 0u);
  EXPECT_EQ(Physical("bob"), 1u);
  EXPECT_EQ(Size(), 2u);
  eseal_buf out = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_usage_log_show(&out, store_.p, "acme", 0, 0), 0) << Msg();
  std::string shown = Take(&out);
  EXPECT_NE(shown.find("\"seq\":0,"), std::string::npos) << shown;
  EXPECT_NE(shown.find("\"action\":\"physical\""), std::string::npos);
  EXPECT_NE(shown.find("\"clear\":\"alice\""), std::string::npos);
  EXPECT_NE(shown.find("\"clear\":\"bob\""), std::string::npos);
  EXPECT_NE(shown.find("\"clear\":\"312304000 1214737000 500 Shanghai office\""),
            std::string::npos)
      << shown;
  EXPECT_NE(shown.find("\"force_newtons\":42.125,\"result\":0}"), std::string::npos) << shown;
  EXPECT_EQ(std::count(shown.begin(), shown.end(), '\n'), 2);
  // The record holds pseudonyms, never the clear values.
  ASSERT_EQ(eseal_usage_log_record_bytes(&out, store_.p, "acme", 0), 0);
  std::string raw = Take(&out);
  EXPECT_EQ(raw.find("alice"), std::string::npos);
  EXPECT_EQ(raw.find("Shanghai"), std::string::npos);
  EXPECT_EQ(eseal_usage_log_record_bytes(&out, store_.p, "acme", 2), ESEAL_ENOTFOUND);
}

TEST_F(UsageLog, SameValueSamePseudonymInATenant) {
  Physical("alice");
  Physical("alice");
  eseal_buf a = ESEAL_BUF_INIT, b = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_usage_log_show(&a, store_.p, "acme", 0, 1), 0);
  ASSERT_EQ(eseal_usage_log_show(&b, store_.p, "acme", 1, 1), 0);
  std::string sa = Take(&a), sb = Take(&b);
  EXPECT_EQ(sa.substr(sa.find("\"operator\"")), sb.substr(sb.find("\"operator\"")));
}

TEST_F(UsageLog, PhysicalUseRefusesOtherActionsAndBadFields) {
  eseal_usage_record rec = ESEAL_USAGE_RECORD_INIT;
  rec.es_id = "E";
  rec.action = ESEAL_USAGE_FREEZE;
  EXPECT_EQ(eseal_usage_log_record_physical(nullptr, store_.p, ctx_.get(), "acme", &rec),
            ESEAL_EINVAL);
  rec.action = ESEAL_USAGE_PHYSICAL;
  rec.es_id = nullptr;
  EXPECT_EQ(eseal_usage_log_record_physical(nullptr, store_.p, ctx_.get(), "acme", &rec),
            ESEAL_EINVAL);
  rec.es_id = "E";
  rec.has_location = 1;
  rec.latitude = 91;
  EXPECT_EQ(eseal_usage_log_record_physical(nullptr, store_.p, ctx_.get(), "acme", &rec),
            ESEAL_EINVAL);
  rec.has_location = 0;
  rec.has_force = 1;
  rec.force_newtons = -1;
  EXPECT_EQ(eseal_usage_log_record_physical(nullptr, store_.p, ctx_.get(), "acme", &rec),
            ESEAL_EINVAL);
  rec.has_force = 0;
  rec.seal_hash = reinterpret_cast<const uint8_t *>("short");
  rec.seal_hash_len = 5;
  EXPECT_EQ(eseal_usage_log_record_physical(nullptr, store_.p, ctx_.get(), "acme", &rec),
            ESEAL_EINVAL);
  rec.seal_hash = nullptr;
  EXPECT_EQ(eseal_usage_log_record_physical(nullptr, store_.p, ctx_.get(), "bad/tenant", &rec),
            ESEAL_EINVAL);
  rec.version = 2;
  EXPECT_EQ(eseal_usage_log_record_physical(nullptr, store_.p, ctx_.get(), "acme", &rec),
            ESEAL_EVERSION);
  EXPECT_EQ(Size(), 0u); // nothing refused was logged
}

TEST_F(UsageLog, ProofsVerifyWithTheTreeCode) {
  for (int i = 0; i < 7; i++)
    Physical();
  eseal_buf out = ESEAL_BUF_INIT;
  for (uint64_t seq = 0; seq < 7; seq++) {
    ASSERT_EQ(eseal_usage_log_prove(&out, store_.p, "acme", seq, 0), 0) << Msg();
    std::string p = Take(&out);
    std::vector<Bytes> path = HexArray(p, "path");
    Bytes leaf = HexMember(p, "leaf_hash"), root = HexMember(p, "root");
    // The leaf is the hash of the stored record.
    ASSERT_EQ(eseal_usage_log_record_bytes(&out, store_.p, "acme", seq), 0);
    uint8_t want[32];
    ASSERT_EQ(eseal__merkle_leaf_hash(ESEAL__TLOG_SM3, out.ptr, out.size, want), 0);
    eseal_buf_dispose(&out);
    ASSERT_EQ(leaf, Bytes(want, want + 32));
    std::vector<uint8_t> flat;
    for (auto &h : path)
      flat.insert(flat.end(), h.begin(), h.end());
    EXPECT_EQ(eseal__merkle_verify_inclusion(ESEAL__TLOG_SM3, seq, 7, leaf.data(),
                                             reinterpret_cast<const uint8_t(*)[32]>(flat.data()),
                                             path.size(), root.data()),
              0)
        << p;
  }
  ASSERT_EQ(eseal_usage_log_prove_consistency(&out, store_.p, "acme", 3, 7), 0) << Msg();
  std::string c = Take(&out);
  std::vector<Bytes> path = HexArray(c, "path");
  std::vector<uint8_t> flat;
  for (auto &h : path)
    flat.insert(flat.end(), h.begin(), h.end());
  EXPECT_EQ(eseal__merkle_verify_consistency(
                ESEAL__TLOG_SM3, 3, 7, HexMember(c, "old_root").data(),
                HexMember(c, "new_root").data(),
                reinterpret_cast<const uint8_t(*)[32]>(flat.data()), path.size()),
            0)
      << c;
  EXPECT_EQ(eseal_usage_log_prove(&out, store_.p, "acme", 7, 0), ESEAL_ENOTFOUND);
  EXPECT_EQ(eseal_usage_log_prove(&out, store_.p, "acme", 0, 8), ESEAL_ENOTFOUND);
  EXPECT_EQ(eseal_usage_log_prove_consistency(&out, store_.p, "acme", 0, 7), ESEAL_ENOTFOUND);
  EXPECT_EQ(eseal_usage_log_prove_consistency(&out, store_.p, "acme", 5, 4), ESEAL_ENOTFOUND);
}

TEST_F(UsageLog, FirstCheckpointAnnouncesItsKeyAndEveryNWaits) {
  for (int i = 0; i < 3; i++)
    Physical();
  std::string note = Checkpoint();
  // The announcement went in first: the checkpoint covers 4 records.
  EXPECT_EQ(Size(), 4u);
  EXPECT_NE(note.find("\n4\n"), std::string::npos) << note;
  EXPECT_EQ(note.rfind("eseal-usage/acme/", 0), 0u) << note;
  eseal_buf out = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_usage_log_show(&out, store_.p, "acme", 3, 1), 0);
  EXPECT_NE(Take(&out).find("\"action\":\"log-key\""), std::string::npos);
  ASSERT_EQ(eseal_usage_log_latest_checkpoint(&out, store_.p, "acme"), 0);
  EXPECT_EQ(Take(&out), note);
  // Not due: fewer than 5 new records.
  Physical();
  EXPECT_EQ(Checkpoint(KeyA(), "acme", 5), "");
  for (int i = 0; i < 4; i++)
    Physical();
  std::string due = Checkpoint(KeyA(), "acme", 5);
  EXPECT_NE(due.find("\n9\n"), std::string::npos) << due;
  EXPECT_EQ(Size(), 9u); // the key was announced already
  EXPECT_EQ(Verify(), 0) << Msg();
}

TEST_F(UsageLog, UntrustedKeyMakesNoCheckpointAndLeavesNoTrace) {
  Physical();
  ctx_ = tlog::LogContext(ESEAL_ROLE_SEAL_MAKER);
  EXPECT_EQ(Checkpoint(KeyA(), "acme", 0, ESEAL_ECERT), "");
  EXPECT_EQ(Size(), 1u);
  eseal_buf out = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal_usage_log_latest_checkpoint(&out, store_.p, "acme"), ESEAL_ENOTFOUND);
}

TEST_F(UsageLog, KeyRotationIsAnnouncedAndBothCheckpointsVerify) {
  Physical();
  Checkpoint(KeyA());
  Physical();
  std::string second = Checkpoint(KeyB());
  EXPECT_EQ(Size(), 4u); // two records, two announcements
  std::string report;
  EXPECT_EQ(Verify(second, "acme", &report), 0) << Msg();
  EXPECT_NE(report.find("\"checkpoints_checked\":2"), std::string::npos) << report;
}

TEST_F(UsageLog, CleanLogVerifiesAndReportsOpenIntents) {
  Physical();
  eseal_usage_record intent = ESEAL_USAGE_RECORD_INIT;
  intent.action = ESEAL_USAGE_STAMP_INTENT;
  intent.es_id = "E";
  uint64_t seq = 0;
  {
    TxnPtr t;
    ASSERT_EQ(eseal__store_begin(store_.p, 1, &t.p), 0);
    ASSERT_EQ(eseal__usage_append(t.p, ctx_.get(), "acme", &intent, &seq), 0) << Msg();
    ASSERT_EQ(t.commit(), 0);
  }
  std::string report;
  EXPECT_EQ(Verify("", "acme", &report), 0) << Msg();
  EXPECT_NE(report.find("\"open_stamp_intents\":[1]"), std::string::npos) << report;
  EXPECT_NE(report.find("\"ok\":true"), std::string::npos);
  eseal_usage_record done = ESEAL_USAGE_RECORD_INIT;
  done.action = ESEAL_USAGE_STAMP_DONE;
  done.es_id = "E";
  done.refers_to = seq + 1;
  {
    TxnPtr t;
    ASSERT_EQ(eseal__store_begin(store_.p, 1, &t.p), 0);
    ASSERT_EQ(eseal__usage_append(t.p, ctx_.get(), "acme", &done, nullptr), 0) << Msg();
    ASSERT_EQ(t.commit(), 0);
  }
  EXPECT_EQ(Verify("", "acme", &report), 0) << Msg();
  EXPECT_NE(report.find("\"open_stamp_intents\":[]"), std::string::npos) << report;
}

TEST_F(UsageLog, AppendRollsBackWithTheCallersTransaction) {
  eseal_usage_record rec = ESEAL_USAGE_RECORD_INIT;
  rec.action = ESEAL_USAGE_FREEZE;
  rec.es_id = "E";
  rec.operator_id = "carol";
  {
    TxnPtr t;
    ASSERT_EQ(eseal__store_begin(store_.p, 1, &t.p), 0);
    ASSERT_EQ(eseal__usage_append(t.p, ctx_.get(), "acme", &rec, nullptr), 0);
  } // rolled back
  EXPECT_EQ(Size(), 0u);
  EXPECT_EQ(Verify(), 0);
  size_t erased = 7;
  EXPECT_EQ(eseal_usage_log_erase_operator(&erased, store_.p, "acme", "carol"), ESEAL_ENOTFOUND);
}

// ---- tampering with the SQLite file ----

class UsageLogTamper : public UsageLog {
 protected:
  void SetUp() override {
    UsageLog::SetUp();
    for (int i = 0; i < 6; i++)
      Physical(i % 2 ? "bob" : "alice");
    checkpoint_ = Checkpoint(); // 7 records
    for (int i = 0; i < 3; i++)
      Physical();
    ASSERT_EQ(Verify(checkpoint_), 0) << Msg();
  }
  std::string checkpoint_;
};

TEST_F(UsageLogTamper, ChangedRecordIsDetected) {
  Bytes changed = Rewritten(2, "nothing happened");
  Sql("UPDATE log_records SET record = " + SqlHex(changed) +
      " WHERE tenant = 'acme' AND log = 'usage' AND seq = 2");
  EXPECT_EQ(Verify(), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("record 2"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, ChangedRecordWithItsLeafIsDetectedByTheCheckpoint) {
  Bytes changed = Rewritten(2, "nothing happened");
  uint8_t leaf[32];
  ASSERT_EQ(eseal__merkle_leaf_hash(ESEAL__TLOG_SM3, changed.data(), changed.size(), leaf), 0);
  Sql("UPDATE log_records SET record = " + SqlHex(changed) +
      " WHERE tenant = 'acme' AND log = 'usage' AND seq = 2;"
      "UPDATE kv SET value = " + SqlHex(Bytes(leaf, leaf + 32)) +
      " WHERE tenant = 'acme' AND area = 'usage.leaf' AND key = x'0000000000000002'");
  std::string report;
  EXPECT_EQ(Verify("", "acme", &report), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("root"), std::string::npos) << Msg();
  EXPECT_NE(report.find("\"ok\":false"), std::string::npos) << report;
}

TEST_F(UsageLogTamper, ChangedLeafCacheIsDetected) {
  // Proofs are made from the cached leaf hashes: a cache that no longer
  // matches its record, even in its last byte only, is damage.
  Sql("UPDATE kv SET value = substr(value, 1, 31) || x'00' WHERE tenant = 'acme'"
      " AND area = 'usage.leaf' AND key = x'0000000000000003' AND substr(value, 32) != x'00';"
      "UPDATE kv SET value = substr(value, 1, 31) || x'01' WHERE tenant = 'acme'"
      " AND area = 'usage.leaf' AND key = x'0000000000000003' AND substr(value, 32) = x'00';");
  EXPECT_EQ(Verify(), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("record 3 differs"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, DeletedRecordIsDetected) {
  Sql("DELETE FROM log_records WHERE tenant = 'acme' AND log = 'usage' AND seq = 4");
  EXPECT_EQ(Verify(), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("missing"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, DeletedRecordWithRenumberingIsDetected) {
  // Remove record 4 and move the later ones down, leaves included.
  Sql("DELETE FROM log_records WHERE tenant = 'acme' AND log = 'usage' AND seq = 4;"
      "UPDATE log_records SET seq = seq - 1 WHERE tenant = 'acme' AND log = 'usage' AND seq > 4;"
      "UPDATE logs SET size = size - 1 WHERE tenant = 'acme' AND log = 'usage';");
  EXPECT_EQ(Verify(), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("sequence"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, ReorderedRecordsAreDetected) {
  const std::string w = " WHERE tenant = 'acme' AND log = 'usage' AND seq = ";
  Sql("UPDATE log_records SET seq = 1000000" + w + "1;" + "UPDATE log_records SET seq = 1" + w +
      "2;" + "UPDATE log_records SET seq = 2" + w + "1000000;");
  EXPECT_EQ(Verify(), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("reordered"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, TruncatedLogIsDetectedByTheStoredCheckpoint) {
  Sql("DELETE FROM log_records WHERE tenant = 'acme' AND log = 'usage' AND seq >= 5;"
      "DELETE FROM kv WHERE tenant = 'acme' AND area = 'usage.leaf' AND key >= x'0000000000000005';"
      "UPDATE logs SET size = 5 WHERE tenant = 'acme' AND log = 'usage';");
  EXPECT_EQ(Size(), 5u);
  EXPECT_EQ(Verify(), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("removed"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, TruncationWithItsCheckpointsIsDetectedOnlyFromOutside) {
  Sql("DELETE FROM log_records WHERE tenant = 'acme' AND log = 'usage' AND seq >= 5;"
      "DELETE FROM kv WHERE tenant = 'acme' AND area = 'usage.leaf' AND key >= x'0000000000000005';"
      "DELETE FROM kv WHERE tenant = 'acme' AND area = 'usage.checkpoint';"
      "UPDATE logs SET size = 5 WHERE tenant = 'acme' AND log = 'usage';");
  EXPECT_EQ(Verify(), 0) << "nothing inside the store shows it";
  EXPECT_EQ(Verify(checkpoint_), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("truncated"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, ForgedClearValueIsDetected) {
  Sql("UPDATE kv SET value = substr(value, 1, 65) || x'6d616c6c6f7279'"
      " WHERE tenant = 'acme' AND area = 'usage.personal' AND substr(value, 66) = x'616c696365'");
  EXPECT_EQ(Verify(), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("pseudonym"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, MisfiledCheckpointIsDetected) {
  Sql("UPDATE kv SET key = x'0000000000000003' WHERE tenant = 'acme' AND area = 'usage.checkpoint'");
  EXPECT_EQ(Verify(), ESEAL_ETAMPERED);
}

TEST_F(UsageLogTamper, RollbackOfTheFileIsDetectedAgainstAnOutsideCheckpoint) {
  store_.reset();
  std::string copy = dir_.file("earlier.db");
  std::filesystem::copy_file(path_, copy);
  Open();
  for (int i = 0; i < 4; i++)
    Physical();
  std::string later = Checkpoint(); // kept outside: 14 records
  store_.reset();
  std::filesystem::copy_file(copy, path_, std::filesystem::copy_options::overwrite_existing);
  Open();
  EXPECT_EQ(Size(), 10u);
  EXPECT_EQ(Verify(), 0) << "the earlier copy is consistent in itself";
  EXPECT_EQ(Verify(checkpoint_), 0) << Msg();
  EXPECT_EQ(Verify(later), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("rolled back"), std::string::npos) << Msg();
  // Rolled back, then grown past the outside checkpoint with other records.
  for (int i = 0; i < 6; i++)
    Physical("mallory");
  EXPECT_EQ(Verify(later), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("rolled back or rewritten"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, CheckpointByAKeyAnnouncedOnlyLaterIsDetected) {
  // A genuine signature by key A over the real root of the first 3 records:
  // but the log announced key A only at record 6.
  eseal_buf out = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_usage_log_prove(&out, store_.p, "acme", 0, 3), 0);
  Bytes root = HexMember(Take(&out), "root");
  eseal__checkpoint cp{};
  std::string origin = checkpoint_.substr(0, checkpoint_.find('\n'));
  snprintf(cp.origin, sizeof cp.origin, "%s", origin.c_str());
  cp.size = 3;
  memcpy(cp.root, root.data(), 32);
  cp.alg = ESEAL__TLOG_SM3;
  cp.time = pki::kNow - 60;
  char name[24];
  ASSERT_EQ(eseal__log_cert_key_name(pki::Cert(KeyA()).get(), name), 0);
  Bytes note = tlog::Sign(ctx_.get(), cp, {&KeyA()}, {name});
  EXPECT_EQ(Verify(std::string(note.begin(), note.end())), ESEAL_ETAMPERED) << "from outside";
  EXPECT_NE(std::string(Msg()).find("announces only later"), std::string::npos) << Msg();
  {
    TxnPtr t;
    ASSERT_EQ(eseal__store_begin(store_.p, 1, &t.p), 0);
    uint8_t key[8];
    eseal__usage_u64_key(3, key);
    ASSERT_EQ(eseal__txn_kv_put(t.p, "acme", ESEAL__USAGE_AREA_CHECKPOINT, key, 8, note.data(),
                                note.size()),
              0);
    ASSERT_EQ(t.commit(), 0);
  }
  EXPECT_EQ(Verify(), ESEAL_ETAMPERED);
  EXPECT_NE(std::string(Msg()).find("announces only later"), std::string::npos) << Msg();
}

TEST_F(UsageLogTamper, OutsideCheckpointOfAnotherLogIsRefused) {
  Physical("alice", "other");
  std::string other = Checkpoint(KeyA(), "other");
  EXPECT_EQ(Verify(other, "acme"), ESEAL_EINVAL);
  EXPECT_EQ(Verify("not a checkpoint\n", "acme"), ESEAL_EFORMAT);
}

// ---- erasure and tenants ----

TEST_F(UsageLog, ErasureRemovesClearValuesAndKeepsEveryProof) {
  Physical("alice", "acme", 31.0);
  Physical("bob", "acme", 32.0);
  Physical("alice", "acme", 33.0);
  std::string before_cp = Checkpoint();
  eseal_buf out = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_usage_log_prove(&out, store_.p, "acme", 2, 0), 0);
  std::string proof_before = Take(&out);
  size_t erased = 0;
  ASSERT_EQ(eseal_usage_log_erase_operator(&erased, store_.p, "acme", "alice"), 0) << Msg();
  EXPECT_EQ(erased, 3u); // alice and her two locations
  ASSERT_EQ(eseal_usage_log_show(&out, store_.p, "acme", 0, 0), 0);
  std::string shown = Take(&out);
  EXPECT_EQ(shown.find("alice"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("310000000"), std::string::npos);
  EXPECT_NE(shown.find("\"clear\":\"bob\""), std::string::npos);
  EXPECT_NE(shown.find("320000000"), std::string::npos);
  EXPECT_NE(shown.find("\"clear\":null"), std::string::npos);
  ASSERT_EQ(eseal_usage_log_prove(&out, store_.p, "acme", 2, 4), 0);
  EXPECT_EQ(Take(&out), proof_before);
  EXPECT_EQ(Verify(before_cp), 0) << Msg();
  // Nothing left to erase; a new use gets a new pseudonym.
  EXPECT_EQ(eseal_usage_log_erase_operator(&erased, store_.p, "acme", "alice"), ESEAL_ENOTFOUND);
  Physical("alice");
  ASSERT_EQ(eseal_usage_log_show(&out, store_.p, "acme", 0, 0), 0);
  shown = Take(&out);
  size_t first = shown.find("\"operator\":{\"pseudonym\":\"");
  std::string old_ps = shown.substr(first + 26, 64);
  size_t last = shown.rfind("\"operator\":{\"pseudonym\":\"");
  EXPECT_NE(shown.substr(last + 26, 64), old_ps);
}

TEST_F(UsageLog, TenantsAreKeptApart) {
  Physical("alice", "acme");
  Physical("alice", "beta");
  Physical("alice", "beta");
  EXPECT_EQ(Size("acme"), 1u);
  EXPECT_EQ(Size("beta"), 2u);
  eseal_buf a = ESEAL_BUF_INIT, b = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_usage_log_show(&a, store_.p, "acme", 0, 0), 0);
  ASSERT_EQ(eseal_usage_log_show(&b, store_.p, "beta", 0, 1), 0);
  std::string sa = Take(&a), sb = Take(&b);
  // Different salts: the same person is not linkable across tenants.
  EXPECT_NE(sa.substr(sa.find("\"operator\""), 90), sb.substr(sb.find("\"operator\""), 90));
  size_t erased = 0;
  ASSERT_EQ(eseal_usage_log_erase_operator(&erased, store_.p, "beta", "alice"), 0);
  ASSERT_EQ(eseal_usage_log_show(&a, store_.p, "acme", 0, 0), 0);
  EXPECT_NE(Take(&a).find("\"clear\":\"alice\""), std::string::npos);
  std::string cp = Checkpoint(KeyA(), "acme");
  EXPECT_EQ(Verify(cp, "acme"), 0);
  EXPECT_EQ(Verify(cp, "beta"), ESEAL_ECERT) << "beta never announced that key";
}

TEST_F(UsageLog, ExportedBundleVerifiesOfflineAndNamesTheRecords) {
  uint8_t sig_hash[32], doc_hash[32];
  memset(sig_hash, 0x5a, 32);
  memset(doc_hash, 0x3c, 32);
  Physical();
  eseal_usage_record done = ESEAL_USAGE_RECORD_INIT;
  done.action = ESEAL_USAGE_STAMP_DONE;
  done.es_id = "E";
  done.signature_hash = sig_hash;
  done.signature_hash_len = 32;
  done.document_hash = doc_hash;
  done.document_hash_len = 32;
  {
    TxnPtr t;
    ASSERT_EQ(eseal__store_begin(store_.p, 1, &t.p), 0);
    ASSERT_EQ(eseal__usage_append(t.p, ctx_.get(), "acme", &done, nullptr), 0) << Msg();
    ASSERT_EQ(t.commit(), 0);
  }
  eseal_buf out = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal_usage_log_export(&out, store_.p, "acme", sig_hash, 32), ESEAL_ENOTFOUND)
      << "no checkpoint yet";
  Checkpoint();
  Physical();
  ASSERT_EQ(eseal_usage_log_export(&out, store_.p, "acme", sig_hash, 32), 0) << Msg();
  Bytes bundle(out.ptr, out.ptr + out.size);
  eseal_buf_dispose(&out);
  eseal_evidence *ev = nullptr;
  ASSERT_EQ(eseal_evidence_verify(&ev, ctx_.get(), bundle.data(), bundle.size()), 0);
  EXPECT_EQ(eseal_evidence_ok(ev), 1) << eseal_evidence_reason(ev);
  EXPECT_EQ(eseal_evidence_tree_size(ev), 3u);
  ASSERT_EQ(eseal_evidence_record_count(ev), 1u);
  EXPECT_EQ(eseal_evidence_record_seq(ev, 0), 1u);
  eseal_evidence_free(ev);
  // The document hash finds the same record; an unknown hash finds none.
  ASSERT_EQ(eseal_usage_log_export(&out, store_.p, "acme", doc_hash, 32), 0) << Msg();
  EXPECT_EQ(Bytes(out.ptr, out.ptr + out.size), bundle);
  eseal_buf_dispose(&out);
  uint8_t other[32] = {1};
  EXPECT_EQ(eseal_usage_log_export(&out, store_.p, "acme", other, 32), ESEAL_ENOTFOUND);
  // A bundle from a context that does not trust the log key is refused.
  auto untrusting = tlog::LogContext(ESEAL_ROLE_SEAL_MAKER);
  ASSERT_EQ(eseal_evidence_verify(&ev, untrusting.get(), bundle.data(), bundle.size()), 0);
  EXPECT_EQ(eseal_evidence_ok(ev), 0);
  eseal_evidence_free(ev);
}

} // namespace
