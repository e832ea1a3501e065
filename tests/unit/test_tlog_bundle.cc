// Evidence bundles (src/usage_log/bundle.c, evidence.c): a bundle made from a
// log verifies offline through the public eseal_evidence_verify(), and each
// part altered — a record, its index, its proof, the checkpoint, the log
// certificate, the encoding — is refused with a reason naming that part.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tlog_bundle.h"

using pki::kNow;
using tlog::Bytes;

namespace {

struct EvidenceDeleter {
  void operator()(eseal_evidence *e) const { eseal_evidence_free(e); }
};
using EvidencePtr = std::unique_ptr<eseal_evidence, EvidenceDeleter>;

const sm2::Identity &LogKey() {
  static const sm2::Identity k = tlog::LogKey("Bundle log key");
  return k;
}

EvidencePtr Check(const eseal_ctx *ctx, const Bytes &bundle) {
  eseal_evidence *e = nullptr;
  EXPECT_EQ(0, eseal_evidence_verify(&e, ctx, bundle.data(), bundle.size()));
  return EvidencePtr(e);
}

// Refused with `code`, and the reason starts with `part`.
void ExpectRefused(const eseal_ctx *ctx, const Bytes &bundle, int code, const std::string &part) {
  EvidencePtr e = Check(ctx, bundle);
  ASSERT_TRUE(e);
  EXPECT_FALSE(eseal_evidence_ok(e.get()));
  EXPECT_EQ(code, eseal_evidence_error(e.get())) << eseal_evidence_reason(e.get());
  EXPECT_EQ(0u, std::string(eseal_evidence_reason(e.get())).rfind(part, 0))
      << eseal_evidence_reason(e.get());
  EXPECT_EQ(nullptr, eseal_evidence_log_signer(e.get()));
}

struct Fixture {
  pki::CtxPtr ctx = tlog::LogContext();
  tlog::Log log = tlog::MakeLog(13);
  eseal__checkpoint cp = tlog::CheckpointOf(log, 13);
  Bytes note = tlog::Sign(ctx.get(), cp, {&LogKey()});
  tlog::BundleParts parts = tlog::Parts(log, note, 13, {2, 7, 12}, {&LogKey()});
  Fixture() { parts.other_certs.push_back(pki::Signer().cert); }
};

TEST(TlogBundle, GoodBundleVerifiesOffline) {
  Fixture f;
  Bytes bundle = tlog::Encode(f.parts);
  EvidencePtr e = Check(f.ctx.get(), bundle);
  ASSERT_TRUE(eseal_evidence_ok(e.get())) << eseal_evidence_reason(e.get());
  EXPECT_EQ(0, eseal_evidence_error(e.get()));
  EXPECT_STREQ("", eseal_evidence_reason(e.get()));
  EXPECT_STREQ("example.org/eseal/tenant-a", eseal_evidence_origin(e.get()));
  EXPECT_EQ(13u, eseal_evidence_tree_size(e.get()));
  EXPECT_EQ(kNow - 60, eseal_evidence_time(e.get()));
  EXPECT_STREQ("SM3", eseal_evidence_hash_name(e.get()));
  ASSERT_EQ(3u, eseal_evidence_record_count(e.get()));
  EXPECT_EQ(7u, eseal_evidence_record_seq(e.get(), 1));
  size_t len = 0;
  const uint8_t *rec = eseal_evidence_record(e.get(), 2, &len);
  EXPECT_EQ(f.log.records[12], Bytes(rec, rec + len));
  EXPECT_EQ(nullptr, eseal_evidence_record(e.get(), 3, &len));
  EXPECT_EQ(0u, len);
  ASSERT_NE(nullptr, eseal_evidence_log_signer(e.get()));
  size_t der_len = 0;
  const uint8_t *der = eseal_cert_der(eseal_evidence_log_signer(e.get()), &der_len);
  EXPECT_EQ(LogKey().cert, Bytes(der, der + der_len));
  ASSERT_EQ(1u, eseal_evidence_cert_count(e.get()));
  der = eseal_cert_der(eseal_evidence_cert(e.get(), 0), &der_len);
  EXPECT_EQ(pki::Signer().cert, Bytes(der, der + der_len));
  EXPECT_EQ(nullptr, eseal_evidence_cert(e.get(), 1));
  // The decoder gives back exactly what was encoded.
  eseal__arena arena = {nullptr};
  eseal__bundle b;
  ASSERT_EQ(0, eseal__bundle_decode(bundle.data(), bundle.size(), &b, &arena));
  EXPECT_EQ(3u, b.entry_count);
  EXPECT_EQ(1u, b.log_cert_count);
  EXPECT_EQ(1u, b.other_cert_count);
  eseal__arena_release(&arena);
}

TEST(TlogBundle, EveryRecordAndEveryTreeSize) {
  // Single-record trees, the last record, SHA-256 trees: all verify.
  auto ctx = tlog::LogContext();
  for (auto alg : {ESEAL__TLOG_SM3, ESEAL__TLOG_SHA256}) {
    tlog::Log log = tlog::MakeLog(9, alg);
    for (uint64_t size : {1u, 2u, 8u, 9u}) {
      Bytes note = tlog::Sign(ctx.get(), tlog::CheckpointOf(log, size, alg), {&LogKey()});
      std::vector<uint64_t> all;
      for (uint64_t i = 0; i < size; i++)
        all.push_back(i);
      auto parts = tlog::Parts(log, note, size, all, {&LogKey()}, alg);
      EvidencePtr e = Check(ctx.get(), tlog::Encode(parts));
      EXPECT_TRUE(eseal_evidence_ok(e.get())) << size << ": " << eseal_evidence_reason(e.get());
    }
  }
}

TEST(TlogBundle, AlteredRecordIsRefused) {
  Fixture f;
  f.parts.records[1] = tlog::Record(7, kNow); // same number, another time
  ExpectRefused(f.ctx.get(), tlog::Encode(f.parts), ESEAL_ETAMPERED, "record 1 (index 7)");
}

TEST(TlogBundle, RecordUnderAnotherIndexIsRefused) {
  Fixture f;
  // Record 7 with the proof of position 8: the record names itself 7.
  auto moved = tlog::Parts(f.log, f.note, 13, {8}, {&LogKey()});
  moved.records[0] = f.log.records[7];
  ExpectRefused(f.ctx.get(), tlog::Encode(moved), ESEAL_ETAMPERED, "record 0 (index 8)");
  // And the index changed to 8 while keeping record 7's proof.
  f.parts.indexes = {2, 8, 12};
  ExpectRefused(f.ctx.get(), tlog::Encode(f.parts), ESEAL_ETAMPERED, "record 1 (index 8)");
}

TEST(TlogBundle, LogWhoseRecordMisstatesItsPositionIsRefused) {
  // A log (faulty or forged) that holds, at position 8, a record saying it is
  // number 7: the proof and the signature fit, the record's number does not.
  auto ctx = tlog::LogContext();
  tlog::Log log = tlog::MakeLog(13);
  log.records[8] = tlog::Record(7);
  eseal__merkle_leaf_hash(ESEAL__TLOG_SM3, log.records[8].data(), log.records[8].size(),
                          log.leaves[8].data());
  Bytes note = tlog::Sign(ctx.get(), tlog::CheckpointOf(log, 13), {&LogKey()});
  auto parts = tlog::Parts(log, note, 13, {8}, {&LogKey()});
  ExpectRefused(ctx.get(), tlog::Encode(parts), ESEAL_ETAMPERED, "record 0 (index 8)");
}

TEST(TlogBundle, RecordThatDoesNotDecodeIsRefused) {
  Fixture f;
  f.parts.records[0].push_back(0x00); // trailing byte after the record's map
  ExpectRefused(f.ctx.get(), tlog::Encode(f.parts), ESEAL_EFORMAT, "record 0 (index 2)");
}

TEST(TlogBundle, AlteredProofIsRefused) {
  for (size_t byte : {0u, 31u, 63u}) { // index 12 of 13 has a path of 2 hashes
    Fixture f;
    ASSERT_EQ(64u, f.parts.paths[2].size());
    f.parts.paths[2][byte] ^= 0x04;
    ExpectRefused(f.ctx.get(), tlog::Encode(f.parts), ESEAL_ETAMPERED, "record 2 (index 12)");
  }
  Fixture f;
  f.parts.paths[0].resize(f.parts.paths[0].size() - 32);
  ExpectRefused(f.ctx.get(), tlog::Encode(f.parts), ESEAL_ETAMPERED, "record 0 (index 2)");
  Fixture g;
  g.parts.paths[0].insert(g.parts.paths[0].end(), g.cp.root, g.cp.root + 32);
  ExpectRefused(g.ctx.get(), tlog::Encode(g.parts), ESEAL_ETAMPERED, "record 0 (index 2)");
}

TEST(TlogBundle, ProofsOfAnotherTreeAreRefused) {
  Fixture f;
  // A genuine checkpoint of the first 12 records, with proofs made for 13.
  Bytes older = tlog::Sign(f.ctx.get(), tlog::CheckpointOf(f.log, 12), {&LogKey()});
  auto parts = tlog::Parts(f.log, older, 13, {2, 7}, {&LogKey()});
  ExpectRefused(f.ctx.get(), tlog::Encode(parts), ESEAL_ETAMPERED, "record 0 (index 2)");
  // A record beyond the checkpoint's tree.
  auto beyond = tlog::Parts(f.log, older, 13, {12}, {&LogKey()});
  ExpectRefused(f.ctx.get(), tlog::Encode(beyond), ESEAL_ETAMPERED, "record 0 (index 12)");
}

TEST(TlogBundle, AlteredCheckpointIsRefused) {
  Fixture f;
  std::string text(f.note.begin(), f.note.end());
  text.replace(text.find("\n13\n"), 4, "\n14\n");
  f.parts.checkpoint = Bytes(text.begin(), text.end());
  ExpectRefused(f.ctx.get(), tlog::Encode(f.parts), ESEAL_ETAMPERED, "checkpoint");
  Fixture g;
  g.parts.checkpoint.pop_back();
  ExpectRefused(g.ctx.get(), tlog::Encode(g.parts), ESEAL_EFORMAT, "checkpoint");
}

TEST(TlogBundle, UntrustedOrWrongLogKeyIsRefused) {
  Fixture f;
  // Re-signed by a key the context does not trust as a log signer, carried in the bundle.
  sm2::Identity rogue = pki::Issue("Rogue log key", {}, nullptr);
  f.parts.checkpoint = tlog::Sign(f.ctx.get(), f.cp, {&rogue});
  f.parts.log_certs = {rogue.cert};
  ExpectRefused(f.ctx.get(), tlog::Encode(f.parts), ESEAL_ECERT, "checkpoint");
  // The genuine note with another (trusted) log certificate: no signature by it.
  Fixture g;
  g.parts.log_certs = {tlog::LogKey("Other log key").cert};
  ExpectRefused(g.ctx.get(), tlog::Encode(g.parts), ESEAL_ECERT, "checkpoint");
  // The context trusts the root, but not for the log-signer role.
  Fixture h;
  auto wrong = tlog::LogContext(ESEAL_ROLES_DEFAULT);
  ExpectRefused(wrong.get(), tlog::Encode(h.parts), ESEAL_ECERT, "checkpoint");
  // A log certificate that is not DER.
  Fixture k;
  k.parts.log_certs[0][1] ^= 0xff;
  ExpectRefused(k.ctx.get(), tlog::Encode(k.parts), ESEAL_EFORMAT, "log certificate 0");
  Fixture m;
  m.parts.other_certs[0].resize(10);
  ExpectRefused(m.ctx.get(), tlog::Encode(m.parts), ESEAL_EFORMAT, "certificate 0");
}

TEST(TlogBundle, NonCanonicalEncodingIsRefused) {
  Fixture f;
  Bytes good = tlog::Encode(f.parts);
  ASSERT_EQ(0xa5, good[0]); // map of 5
  // A longer map head for the same map.
  Bytes longer = good;
  longer[0] = 0xb8;
  longer.insert(longer.begin() + 1, 0x05);
  ExpectRefused(f.ctx.get(), longer, ESEAL_EFORMAT, "bundle");
  // Indefinite-length map.
  Bytes indefinite = good;
  indefinite[0] = 0xbf;
  indefinite.push_back(0xff);
  ExpectRefused(f.ctx.get(), indefinite, ESEAL_EFORMAT, "bundle");
  // Trailing bytes; another version.
  Bytes trailing = good;
  trailing.push_back(0x00);
  ExpectRefused(f.ctx.get(), trailing, ESEAL_EFORMAT, "bundle");
  Bytes version = good;
  ASSERT_EQ(0x00, version[1]);
  ASSERT_EQ(0x01, version[2]);
  version[2] = 0x02;
  ExpectRefused(f.ctx.get(), version, ESEAL_EFORMAT, "bundle");
  // Entries out of order or repeated (the encoder refuses them; written by hand here).
  eseal__arena arena = {nullptr};
  eseal__bundle b;
  ASSERT_EQ(0, eseal__bundle_decode(good.data(), good.size(), &b, &arena));
  std::vector<eseal__bundle_entry> swapped(b.entries, b.entries + b.entry_count);
  std::swap(swapped[0], swapped[1]);
  b.entries = swapped.data();
  eseal_buf out = ESEAL_BUF_INIT;
  EXPECT_EQ(ESEAL_EINVAL, eseal__bundle_encode(&b, &out));
  swapped[0] = swapped[1];
  EXPECT_EQ(ESEAL_EINVAL, eseal__bundle_encode(&b, &out));
  eseal__arena_release(&arena);
  // Empty input, and no log certificate.
  ExpectRefused(f.ctx.get(), Bytes{}, ESEAL_EFORMAT, "bundle");
  f.parts.log_certs.clear();
  EXPECT_THROW(tlog::Encode(f.parts), std::runtime_error);
}

size_t Head(size_t n) { return n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5; }

TEST(TlogBundle, HandWrittenSwappedEntriesAreRefused) {
  Fixture f;
  // The encodings of two one-entry bundles give entries 2 and 7, spliced by hand.
  size_t prefix_len = 1 + 2 + 1 + Head(f.note.size()) + f.note.size() + 1; // up to key 2
  auto entry_of = [&](uint64_t i, Bytes *all) {
    *all = tlog::Encode(tlog::Parts(f.log, f.note, 13, {i}, {&LogKey()}));
    size_t path_len = f.parts.paths[0].size() / 32; // every path of this tree is as long
    size_t len = 1 + Head(i) + Head(f.log.records[i].size()) + f.log.records[i].size() +
                 Head(path_len) + path_len * 34;
    return Bytes(all->begin() + prefix_len + 1, all->begin() + prefix_len + 1 + len);
  };
  Bytes b2, b7;
  Bytes e2 = entry_of(2, &b2), e7 = entry_of(7, &b7);
  ASSERT_EQ(0x83, e2[0]);
  ASSERT_EQ(0x81, b2[prefix_len]);
  Bytes prefix(b2.begin(), b2.begin() + prefix_len);
  Bytes rest(b2.begin() + prefix_len + 1 + e2.size(), b2.end());
  ASSERT_EQ(0x03, rest[0]); // key 3 follows the entries
  auto splice = [&](const Bytes &first, const Bytes &second) {
    Bytes out = prefix;
    out.push_back(0x82);
    out.insert(out.end(), first.begin(), first.end());
    out.insert(out.end(), second.begin(), second.end());
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
  };
  // In order, the splice verifies; reversed or repeated, it is refused.
  EvidencePtr ok = Check(f.ctx.get(), splice(e2, e7));
  EXPECT_TRUE(eseal_evidence_ok(ok.get())) << eseal_evidence_reason(ok.get());
  ExpectRefused(f.ctx.get(), splice(e7, e2), ESEAL_EFORMAT, "bundle");
  ExpectRefused(f.ctx.get(), splice(e2, e2), ESEAL_EFORMAT, "bundle");
}

TEST(TlogBundle, EveryByteFlipIsRefused) {
  Fixture f;
  f.parts = tlog::Parts(f.log, f.note, 13, {5}, {&LogKey()});
  Bytes good = tlog::Encode(f.parts);
  ASSERT_TRUE(eseal_evidence_ok(Check(f.ctx.get(), good).get()));
  for (size_t i = 0; i < good.size(); i++) {
    Bytes t = good;
    t[i] ^= (i % 2) ? 0x01 : 0x40;
    EvidencePtr e = Check(f.ctx.get(), t);
    EXPECT_FALSE(eseal_evidence_ok(e.get())) << "byte " << i;
  }
  for (size_t n = 0; n < good.size(); n += 7)
    EXPECT_FALSE(eseal_evidence_ok(Check(f.ctx.get(), Bytes(good.begin(), good.begin() + n)).get()))
        << n;
}

TEST(TlogBundle, ApiArguments) {
  Fixture f;
  Bytes good = tlog::Encode(f.parts);
  eseal_evidence *e = nullptr;
  EXPECT_EQ(ESEAL_EINVAL, eseal_evidence_verify(nullptr, f.ctx.get(), good.data(), good.size()));
  EXPECT_EQ(ESEAL_EINVAL, eseal_evidence_verify(&e, nullptr, good.data(), good.size()));
  EXPECT_EQ(ESEAL_EINVAL, eseal_evidence_verify(&e, f.ctx.get(), nullptr, 5));
  EXPECT_EQ(nullptr, e);
  EXPECT_FALSE(eseal_evidence_ok(nullptr));
  EXPECT_EQ(0u, eseal_evidence_record_count(nullptr));
  eseal_evidence_free(nullptr);
}

} // namespace
