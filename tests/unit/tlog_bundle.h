// A small usage log made in memory for the tlog tests: records encoded by the
// record codec, their tree, a signed checkpoint and evidence bundles over it.
#pragma once
#include <string>
#include <vector>

#include "tlog_pki.h"

extern "C" {
#include "usage_log/bundle.h"
#include "usage_log/merkle.h"
#include "usage_log/record.h"
}

namespace tlog {

struct Log {
  std::vector<Bytes> records;
  std::vector<Bytes> leaves;
};

inline int LeafAt(void *arg, uint64_t index, uint8_t out[32]) {
  auto *l = static_cast<Log *>(arg);
  if (index >= l->leaves.size())
    return ESEAL_ERROR;
  memcpy(out, l->leaves[index].data(), 32);
  return 0;
}

// A record as the log writes it: sequence `seq`, a stamp completion of seal "ES-<seq>".
inline Bytes Record(uint64_t seq, int64_t time = pki::kNow - 3600) {
  eseal__urecord r{};
  r.version = ESEAL_USAGE_RECORD_VERSION;
  r.seq = seq;
  r.time = time + static_cast<int64_t>(seq);
  r.tenant = "tenant-a";
  r.action = ESEAL_USAGE_STAMP_DONE;
  std::string es_id = "ES-" + std::to_string(seq);
  r.es_id = es_id.c_str();
  uint8_t sig_hash[32];
  for (int i = 0; i < 32; i++)
    sig_hash[i] = static_cast<uint8_t>(seq * 31 + i);
  r.signature_hash = sig_hash;
  eseal_buf out = ESEAL_BUF_INIT;
  if (eseal__urecord_encode(&r, &out) != 0)
    throw std::runtime_error(std::string("record: ") + eseal_error_last()->message);
  Bytes b(out.ptr, out.ptr + out.size);
  eseal_buf_dispose(&out);
  return b;
}

inline Log MakeLog(size_t n, eseal__tlog_hash alg = ESEAL__TLOG_SM3) {
  Log l;
  for (size_t i = 0; i < n; i++) {
    l.records.push_back(Record(i));
    Bytes leaf(32);
    eseal__merkle_leaf_hash(alg, l.records.back().data(), l.records.back().size(), leaf.data());
    l.leaves.push_back(leaf);
  }
  return l;
}

inline eseal__checkpoint CheckpointOf(Log &l, uint64_t size, eseal__tlog_hash alg = ESEAL__TLOG_SM3,
                                      int64_t time = pki::kNow - 60) {
  eseal__checkpoint cp = Checkpoint(size, 0, "example.org/eseal/tenant-a", time);
  cp.alg = alg;
  if (eseal__merkle_root(alg, size, LeafAt, &l, cp.root) != 0)
    throw std::runtime_error("root");
  return cp;
}

// What goes into a bundle, kept alive while encoding.
struct BundleParts {
  Bytes checkpoint;
  std::vector<uint64_t> indexes;
  std::vector<Bytes> records;
  std::vector<std::vector<uint8_t>> paths; // 32 * n bytes each
  std::vector<Bytes> log_certs, other_certs;
};

inline BundleParts Parts(Log &l, const Bytes &checkpoint, uint64_t size,
                         const std::vector<uint64_t> &indexes,
                         const std::vector<const sm2::Identity *> &log_keys,
                         eseal__tlog_hash alg = ESEAL__TLOG_SM3) {
  BundleParts p;
  p.checkpoint = checkpoint;
  for (uint64_t i : indexes) {
    uint8_t path[ESEAL__MERKLE_PATH_MAX][32];
    size_t len = 0;
    if (eseal__merkle_inclusion_proof(alg, i, size, LeafAt, &l, path, ESEAL__MERKLE_PATH_MAX,
                                      &len) != 0)
      throw std::runtime_error("proof");
    p.indexes.push_back(i);
    p.records.push_back(l.records[i]);
    p.paths.emplace_back(&path[0][0], &path[0][0] + 32 * len);
  }
  for (auto *k : log_keys)
    p.log_certs.push_back(k->cert);
  return p;
}

inline Bytes Encode(const BundleParts &p) {
  std::vector<eseal__bundle_entry> entries;
  for (size_t i = 0; i < p.indexes.size(); i++)
    entries.push_back({p.indexes[i],
                       {p.records[i].data(), p.records[i].size()},
                       reinterpret_cast<const uint8_t(*)[32]>(p.paths[i].data()),
                       p.paths[i].size() / 32});
  std::vector<eseal__blob> log, other;
  for (auto &c : p.log_certs)
    log.push_back({c.data(), c.size()});
  for (auto &c : p.other_certs)
    other.push_back({c.data(), c.size()});
  eseal__bundle b{{p.checkpoint.data(), p.checkpoint.size()},
                  entries.data(),
                  entries.size(),
                  log.data(),
                  log.size(),
                  other.data(),
                  other.size()};
  eseal_buf out = ESEAL_BUF_INIT;
  if (eseal__bundle_encode(&b, &out) != 0)
    throw std::runtime_error(std::string("bundle: ") + eseal_error_last()->message);
  Bytes r(out.ptr, out.ptr + out.size);
  eseal_buf_dispose(&out);
  return r;
}

} // namespace tlog
