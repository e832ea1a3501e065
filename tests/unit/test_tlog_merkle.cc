// The RFC 9162 Merkle tree (src/usage_log/merkle.c): SHA-256 reproduces the
// published Certificate Transparency vectors (the 8 reference leaves, their
// roots, and the inclusion and consistency proofs of transparency-dev/merkle
// proof/verify_test.go); SM3 reproduces roots computed by Python's hashlib;
// every proof for every size 1..64 matches a naive recursive implementation
// written here, verifies, and every alteration of it is refused.
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>

extern "C" {
#include "eseal/errors.h"
#include "usage_log/merkle.h"
}

namespace {

using Hash = std::vector<uint8_t>;
using Path = std::vector<Hash>;

Hash Hex(const char *hex) {
  Hash out;
  for (size_t i = 0; hex[i] && hex[i + 1]; i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex + i, 2), nullptr, 16)));
  return out;
}

// The Certificate Transparency reference leaves (RFC 6962 test data).
const char *kLeaves[] = {"",         "00",       "10",
                         "2021",     "3031",     "40414243",
                         "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

// Published SHA-256 roots of the first n reference leaves, n = 0..8.
const char *kSha256Roots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

// The same tree with SM3, computed independently with Python's hashlib.new('sm3').
const char *kSm3Roots[] = {
    "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
    "2daef60e7a0b8f5e024c81cd2ab3109f2b4f155cf83adeb2ae5532f74a157fdf",
    "0b990fe0c7ad70f1bf1a1262f2c7908ea48146b14253a6db99f2917ab1f5cc4d",
    "209ec96a210d662a964772680e8544d18cab7b88ffec3e00962220349b56ea56",
    "28e4e307ef6d2d0c62d84b11ef96e835efe490f35b93c8f024ecfe38c8dd4377",
    "bb10c996aeebbcdc69be3715fc847344de77442d37a5ab8213da9f41785b103b",
    "8723c1ab1f82ddfba4a3733ac0c80d936d9f4c208c7dbc8cc81ca9fff8584f66",
    "bd36c22a1ac6ff4308e0c3cc1a85bf0ffa30538ec60a55c70413ab15d45db4d2",
    "bc48ba7a709184b5f2a631e1adeb8dc2a0d4c018c1d6cc89b5664fe154c93b38",
};

struct Leaves {
  eseal__tlog_hash alg;
  std::vector<Hash> data;
};

int LeafFn(void *arg, uint64_t index, uint8_t out[32]) {
  auto *l = static_cast<Leaves *>(arg);
  if (index >= l->data.size())
    return ESEAL_ERROR;
  const Hash &d = l->data[index];
  return eseal__merkle_leaf_hash(l->alg, d.data(), d.size(), out);
}

Leaves Reference(eseal__tlog_hash alg, size_t n) {
  Leaves l{alg, {}};
  for (size_t i = 0; i < n; i++)
    l.data.push_back(Hex(kLeaves[i]));
  return l;
}

Leaves Synthetic(eseal__tlog_hash alg, size_t n) {
  Leaves l{alg, {}};
  for (size_t i = 0; i < n; i++)
    l.data.push_back(Hash{static_cast<uint8_t>(i), static_cast<uint8_t>(i * 7), 0x5a});
  return l;
}

// ---- a naive recursive implementation of RFC 9162 §2.1, over a vector ----
Hash H(eseal__tlog_hash alg, const Hash &in) {
  Hash out(32);
  unsigned int n = 0;
  EVP_Digest(in.data(), in.size(), out.data(), &n,
             alg == ESEAL__TLOG_SM3 ? EVP_sm3() : EVP_sha256(), nullptr);
  return out;
}
Hash NaiveLeaf(eseal__tlog_hash alg, const Hash &d) {
  Hash in{0};
  in.insert(in.end(), d.begin(), d.end());
  return H(alg, in);
}
uint64_t K(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n)
    k *= 2;
  return k;
}
Hash Mth(eseal__tlog_hash alg, const std::vector<Hash> &d, size_t lo, size_t hi) {
  size_t n = hi - lo;
  if (n == 0)
    return H(alg, {});
  if (n == 1)
    return NaiveLeaf(alg, d[lo]);
  size_t k = K(n);
  Hash in{1};
  Hash l = Mth(alg, d, lo, lo + k), r = Mth(alg, d, lo + k, hi);
  in.insert(in.end(), l.begin(), l.end());
  in.insert(in.end(), r.begin(), r.end());
  return H(alg, in);
}
Path NaivePath(eseal__tlog_hash alg, const std::vector<Hash> &d, size_t m, size_t lo, size_t hi) {
  size_t n = hi - lo;
  if (n == 1)
    return {};
  size_t k = K(n);
  Path p;
  if (m < k) {
    p = NaivePath(alg, d, m, lo, lo + k);
    p.push_back(Mth(alg, d, lo + k, hi));
  } else {
    p = NaivePath(alg, d, m - k, lo + k, hi);
    p.push_back(Mth(alg, d, lo, lo + k));
  }
  return p;
}
Path NaiveSubproof(eseal__tlog_hash alg, const std::vector<Hash> &d, size_t m, size_t lo, size_t hi,
                   bool b) {
  size_t n = hi - lo;
  if (m == n)
    return b ? Path{} : Path{Mth(alg, d, lo, hi)};
  size_t k = K(n);
  Path p;
  if (m <= k) {
    p = NaiveSubproof(alg, d, m, lo, lo + k, b);
    p.push_back(Mth(alg, d, lo + k, hi));
  } else {
    p = NaiveSubproof(alg, d, m - k, lo + k, hi, false);
    p.push_back(Mth(alg, d, lo, lo + k));
  }
  return p;
}

// ---- calling the library ----
Hash Root(Leaves &l, uint64_t n) {
  Hash r(32);
  EXPECT_EQ(0, eseal__merkle_root(l.alg, n, LeafFn, &l, r.data()));
  return r;
}
Path ToPath(const uint8_t (*p)[32], size_t len) {
  Path out;
  for (size_t i = 0; i < len; i++)
    out.emplace_back(p[i], p[i] + 32);
  return out;
}
Path InclusionProof(Leaves &l, uint64_t index, uint64_t size) {
  uint8_t p[ESEAL__MERKLE_PATH_MAX][32];
  size_t len = 0;
  EXPECT_EQ(0, eseal__merkle_inclusion_proof(l.alg, index, size, LeafFn, &l, p,
                                             ESEAL__MERKLE_PATH_MAX, &len));
  return ToPath(p, len);
}
Path ConsistencyProof(Leaves &l, uint64_t m, uint64_t n) {
  uint8_t p[ESEAL__MERKLE_PATH_MAX][32];
  size_t len = 0;
  EXPECT_EQ(0, eseal__merkle_consistency_proof(l.alg, m, n, LeafFn, &l, p, ESEAL__MERKLE_PATH_MAX,
                                               &len));
  return ToPath(p, len);
}
std::vector<uint8_t> Flat(const Path &p) {
  std::vector<uint8_t> out;
  for (const Hash &h : p)
    out.insert(out.end(), h.begin(), h.end());
  out.resize(out.size() + 32); // never read past len; keeps data() valid for empty paths
  return out;
}
int VerifyInclusion(eseal__tlog_hash alg, uint64_t index, uint64_t size, const Hash &leaf,
                    const Path &p, const Hash &root) {
  auto flat = Flat(p);
  return eseal__merkle_verify_inclusion(alg, index, size, leaf.data(),
                                        reinterpret_cast<const uint8_t(*)[32]>(flat.data()),
                                        p.size(), root.data());
}
int VerifyConsistency(eseal__tlog_hash alg, uint64_t m, uint64_t n, const Hash &r1, const Hash &r2,
                      const Path &p) {
  auto flat = Flat(p);
  return eseal__merkle_verify_consistency(
      alg, m, n, r1.data(), r2.data(), reinterpret_cast<const uint8_t(*)[32]>(flat.data()),
      p.size());
}

// Every alteration of a good inclusion proof is refused with ESEAL_ETAMPERED.
void ExpectInclusionStrict(eseal__tlog_hash alg, uint64_t index, uint64_t size, const Hash &leaf,
                           const Path &p, const Hash &root) {
  SCOPED_TRACE("inclusion " + std::to_string(index) + " of " + std::to_string(size));
  ASSERT_EQ(0, VerifyInclusion(alg, index, size, leaf, p, root));
  for (uint64_t i : {index - 1, index + 1, index ^ 1, index ^ 2, size, size + 1})
    if (i != index && i < size + 2) {
      EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, i, size, leaf, p, root)) << "index " << i;
    }
  // The size shapes the path: a tree twice or half as large needs another path.
  // (Sizes close by may share the shape; the signed checkpoint fixes the size.)
  for (uint64_t s : {size * 2, size / 2})
    EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, index, s, leaf, p, root)) << "size " << s;
  Hash bad = leaf;
  bad[0] ^= 1;
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, index, size, bad, p, root));
  bad = root;
  bad[31] ^= 0x80;
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, index, size, leaf, p, bad));
  for (size_t i = 0; i < p.size(); i++)
    for (size_t byte : {size_t{0}, size_t{13}, size_t{31}}) {
      Path q = p;
      q[i][byte] ^= 0x08;
      EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, index, size, leaf, q, root))
          << "flip in hash " << i << " byte " << byte;
    }
  if (!p.empty()) {
    Path q(p.begin(), p.end() - 1);
    EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, index, size, leaf, q, root)) << "truncated";
    q = Path(p.begin() + 1, p.end());
    EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, index, size, leaf, q, root)) << "front cut";
  }
  Path q = p;
  q.push_back(root);
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, index, size, leaf, q, root)) << "extended";
  q = p;
  q.insert(q.begin(), leaf);
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, index, size, leaf, q, root)) << "prepended";
}

void ExpectConsistencyStrict(eseal__tlog_hash alg, uint64_t m, uint64_t n, const Hash &r1,
                             const Hash &r2, const Path &p) {
  SCOPED_TRACE("consistency " + std::to_string(m) + " -> " + std::to_string(n));
  ASSERT_EQ(0, VerifyConsistency(alg, m, n, r1, r2, p));
  if (m == n)
    return;
  for (uint64_t s : {m - 1, m + 1, m ^ 2})
    if (s != m && s != 0 && s <= n) {
      EXPECT_NE(0, VerifyConsistency(alg, s, n, r1, r2, p)) << "old size " << s;
    }
  // As for inclusion, only a new size of another shape needs another proof.
  for (uint64_t s : {n * 2, n / 2})
    if (s != n) {
      EXPECT_NE(0, VerifyConsistency(alg, m, s, r1, r2, p)) << "new size " << s;
    }
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, m, n, r2, r1, p)) << "swapped roots";
  Hash bad = r1;
  bad[5] ^= 1;
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, m, n, bad, r2, p));
  bad = r2;
  bad[5] ^= 1;
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, m, n, r1, bad, p));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, m, n, r1, r2, Path{})) << "empty";
  for (size_t i = 0; i < p.size(); i++)
    for (size_t byte : {size_t{0}, size_t{31}}) {
      Path q = p;
      q[i][byte] ^= 0x10;
      EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, m, n, r1, r2, q))
          << "flip in hash " << i << " byte " << byte;
    }
  Path q(p.begin(), p.end() - 1);
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, m, n, r1, r2, q)) << "truncated";
  for (const Hash &extra : {r1, r2, p[0]}) {
    q = p;
    q.push_back(extra);
    EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, m, n, r1, r2, q)) << "extended";
    q = p;
    q.insert(q.begin(), extra);
    EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, m, n, r1, r2, q)) << "prepended";
  }
}

TEST(TlogMerkle, Sha256ReproducesPublishedRoots) {
  Leaves l = Reference(ESEAL__TLOG_SHA256, 8);
  for (uint64_t n = 0; n <= 8; n++)
    EXPECT_EQ(Hex(kSha256Roots[n]), Root(l, n)) << "size " << n;
}

TEST(TlogMerkle, Sm3ReproducesIndependentRoots) {
  Leaves l = Reference(ESEAL__TLOG_SM3, 8);
  for (uint64_t n = 0; n <= 8; n++)
    EXPECT_EQ(Hex(kSm3Roots[n]), Root(l, n)) << "size " << n;
}

// transparency-dev/merkle proof/verify_test.go inclusionProofs (leaf numbers there are 1-based).
struct InclusionVector {
  uint64_t index, size;
  std::vector<const char *> path;
};
const InclusionVector kInclusion[] = {
    {0, 8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {5, 8,
     {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {1, 5,
     {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
};

// transparency-dev/merkle proof/verify_test.go consistencyProofs.
struct ConsistencyVector {
  uint64_t m, n;
  std::vector<const char *> path;
};
const ConsistencyVector kConsistency[] = {
    {1, 8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6, 8,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 5,
     {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6, 7,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {1, 1, {}},
};

TEST(TlogMerkle, Sha256ReproducesPublishedInclusionProofs) {
  Leaves l = Reference(ESEAL__TLOG_SHA256, 8);
  for (const auto &v : kInclusion) {
    Path want;
    for (const char *h : v.path)
      want.push_back(Hex(h));
    EXPECT_EQ(want, InclusionProof(l, v.index, v.size)) << v.index << "/" << v.size;
    Hash leaf(32);
    ASSERT_EQ(0, LeafFn(&l, v.index, leaf.data()));
    ExpectInclusionStrict(ESEAL__TLOG_SHA256, v.index, v.size, leaf, want,
                          Hex(kSha256Roots[v.size]));
  }
}

TEST(TlogMerkle, Sha256ReproducesPublishedConsistencyProofs) {
  Leaves l = Reference(ESEAL__TLOG_SHA256, 8);
  for (const auto &v : kConsistency) {
    Path want;
    for (const char *h : v.path)
      want.push_back(Hex(h));
    EXPECT_EQ(want, ConsistencyProof(l, v.m, v.n)) << v.m << "->" << v.n;
    ExpectConsistencyStrict(ESEAL__TLOG_SHA256, v.m, v.n, Hex(kSha256Roots[v.m]),
                            Hex(kSha256Roots[v.n]), want);
  }
}

TEST(TlogMerkle, EdgeCasesOfTheVerifiers) {
  const auto alg = ESEAL__TLOG_SHA256;
  Hash some = Hex("abacaba000000000000000000000000000000000000000000060061e00123456");
  Hash empty = Hex(kSha256Roots[0]);
  // No leaf is in an empty tree, and a one-leaf tree's root is its leaf.
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, 0, 0, some, {}, empty));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, 1, 1, some, {}, some));
  EXPECT_EQ(0, VerifyInclusion(alg, 0, 1, some, {}, some));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, 0, 1, some, {}, empty));
  // An index near 2^64 does not wrap.
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, UINT64_MAX, UINT64_MAX, some, {}, some));
  // Consistency: equal sizes need equal roots and no proof; no time travel.
  EXPECT_EQ(0, VerifyConsistency(alg, 0, 0, some, some, {}));
  EXPECT_EQ(0, VerifyConsistency(alg, 0, 5, some, empty, {}));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, 0, 5, some, empty, {empty}));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, 1, 1, some, empty, {}));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, 1, 1, some, some, {some}));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, 2, 1, some, some, {}));
  // A shrinking "new" tree whose proof the RFC 9162 loop alone would accept:
  // from 3 leaves (root a) to 2 (root NH(a, b)) with the path [a, b].
  Hash joined(32);
  ASSERT_EQ(0, eseal__merkle_node_hash(alg, some.data(), empty.data(), joined.data()));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, 3, 2, some, joined, {some, empty}));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, 1, 2, some, empty, {}));
  // Paths longer than any tree of 2^64 leaves can need are refused outright.
  Path long_path(ESEAL__MERKLE_PATH_MAX + 1, some);
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyInclusion(alg, 0, UINT64_MAX, some, long_path, some));
  EXPECT_EQ(ESEAL_ETAMPERED, VerifyConsistency(alg, 3, UINT64_MAX, some, some, long_path));
  // An unknown algorithm is an error, not a verdict.
  Hash out(32);
  EXPECT_EQ(ESEAL_EINVAL,
            eseal__merkle_leaf_hash(static_cast<eseal__tlog_hash>(9), nullptr, 0, out.data()));
}

TEST(TlogMerkle, GenerationRefusesBadSizesAndShortBuffers) {
  Leaves l = Synthetic(ESEAL__TLOG_SM3, 16);
  uint8_t p[4][32];
  size_t len = 99;
  EXPECT_EQ(ESEAL_EINVAL, eseal__merkle_inclusion_proof(l.alg, 16, 16, LeafFn, &l, p, 4, &len));
  EXPECT_EQ(ESEAL_EINVAL, eseal__merkle_consistency_proof(l.alg, 0, 16, LeafFn, &l, p, 4, &len));
  EXPECT_EQ(ESEAL_EINVAL, eseal__merkle_consistency_proof(l.alg, 9, 8, LeafFn, &l, p, 4, &len));
  // A 16-leaf path has 4 hashes; 3 slots are too few.
  EXPECT_EQ(ESEAL_ELIMIT, eseal__merkle_inclusion_proof(l.alg, 3, 16, LeafFn, &l, p, 3, &len));
  EXPECT_EQ(0, eseal__merkle_inclusion_proof(l.alg, 3, 16, LeafFn, &l, p, 4, &len));
  EXPECT_EQ(4u, len);
  // A failing leaf callback fails the call.
  EXPECT_EQ(ESEAL_ERROR, eseal__merkle_inclusion_proof(l.alg, 3, 17, LeafFn, &l, p, 4, &len));
  uint8_t root[32];
  EXPECT_EQ(ESEAL_ERROR, eseal__merkle_root(l.alg, 17, LeafFn, &l, root));
}

// All sizes 1..64: root, every inclusion proof and every consistency proof equal
// the naive recursion's, verify, and are refused once altered.
TEST(TlogMerkle, BruteForceAgainstNaiveRecursion) {
  for (auto alg : {ESEAL__TLOG_SHA256, ESEAL__TLOG_SM3}) {
    Leaves l = Synthetic(alg, 64);
    std::vector<Hash> roots{Hash{}};
    for (uint64_t n = 1; n <= 64; n++) {
      roots.push_back(Root(l, n));
      ASSERT_EQ(Mth(alg, l.data, 0, n), roots[n]) << "size " << n;
    }
    for (uint64_t n = 1; n <= 64; n++) {
      for (uint64_t i = 0; i < n; i++) {
        Path p = InclusionProof(l, i, n);
        ASSERT_EQ(NaivePath(alg, l.data, i, 0, n), p) << i << "/" << n;
        Hash leaf = NaiveLeaf(alg, l.data[i]);
        ASSERT_EQ(0, VerifyInclusion(alg, i, n, leaf, p, roots[n]));
        // The strict probes are O(n^2) per size; run them on a spread of cases.
        if ((i + n) % 7 == 0 || i == 0 || i == n - 1)
          ExpectInclusionStrict(alg, i, n, leaf, p, roots[n]);
      }
      for (uint64_t m = 1; m <= n; m++) {
        Path p = ConsistencyProof(l, m, n);
        ASSERT_EQ(NaiveSubproof(alg, l.data, m, 0, n, true), p) << m << "->" << n;
        ASSERT_EQ(0, VerifyConsistency(alg, m, n, roots[m], roots[n], p));
        if ((m + n) % 5 == 0 || m == 1 || m == n - 1)
          ExpectConsistencyStrict(alg, m, n, roots[m], roots[n], p);
        // A proof between other sizes never passes for this pair.
        if (m > 1 && m < n) {
          EXPECT_NE(0, VerifyConsistency(alg, m, n, roots[m], roots[n],
                                         ConsistencyProof(l, m - 1, n)));
        }
      }
    }
  }
}

// A rewritten leaf breaks consistency with the earlier root: the rollback/rewrite check.
TEST(TlogMerkle, RewrittenHistoryIsInconsistent) {
  Leaves l = Synthetic(ESEAL__TLOG_SM3, 20);
  Hash old_root = Root(l, 11);
  Leaves forged = l;
  forged.data[4][0] ^= 1;
  Hash new_root = Root(forged, 20);
  EXPECT_NE(0, VerifyConsistency(l.alg, 11, 20, old_root, new_root, ConsistencyProof(forged, 11, 20)));
  EXPECT_NE(0, VerifyConsistency(l.alg, 11, 20, old_root, new_root, ConsistencyProof(l, 11, 20)));
}

} // namespace
