// Writes library-made usage-log evidence into DIR for the independent checker
// (tests/interop/tlog_check.py) and the fuzz seeds (fuzz/corpus/checkpoint,
// fuzz/corpus/bundle):
//   root.pem          the anchor trusted for the log-signer role
//   other-root.pem    a root that never certified the log key
//   bundle.cbor       records 2, 7 and 12 of a 13-record SM3 log, with proofs
//   checkpoint-8.txt  checkpoint-13.txt   signed checkpoints of sizes 8 and 13
//   log.pem           the log signer's certificate
//   consistency.json  {"old_size", "new_size", "old_root", "new_root", "path"}
//   forged-*.{cbor,txt,json}   altered copies the checker must refuse
#include <cstdio>
#include <fstream>
#include <string>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../unit/tlog_bundle.h"

namespace {

void Write(const std::string &path, const tlog::Bytes &b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(b.data()),
                                              static_cast<std::streamsize>(b.size()));
}

tlog::Bytes Pem(const tlog::Bytes &der) {
  const unsigned char *p = der.data();
  X509 *x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  BIO *bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, x);
  char *data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  tlog::Bytes out(data, data + n);
  BIO_free(bio);
  X509_free(x);
  return out;
}

std::string Hex(const uint8_t *p, size_t n) {
  std::string s;
  char h[3];
  for (size_t i = 0; i < n; i++) {
    snprintf(h, sizeof h, "%02x", p[i]);
    s += h;
  }
  return s;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  auto ctx = tlog::LogContext();
  sm2::Identity key = tlog::LogKey("Sample log key");
  tlog::Log log = tlog::MakeLog(13);
  eseal__checkpoint cp8 = tlog::CheckpointOf(log, 8), cp13 = tlog::CheckpointOf(log, 13);
  tlog::Bytes note8 = tlog::Sign(ctx.get(), cp8, {&key}, {"log.example.org/sample"});
  tlog::Bytes note13 = tlog::Sign(ctx.get(), cp13, {&key}, {"log.example.org/sample"});
  tlog::BundleParts parts = tlog::Parts(log, note13, 13, {2, 7, 12}, {&key});
  parts.other_certs.push_back(pki::Signer().cert);
  Write(dir + "/root.pem", Pem(tlog::LogRoot().cert));
  Write(dir + "/log.pem", Pem(key.cert));
  Write(dir + "/other-root.pem", Pem(pki::Root().cert));
  Write(dir + "/bundle.cbor", tlog::Encode(parts));
  Write(dir + "/checkpoint-8.txt", note8);
  Write(dir + "/checkpoint-13.txt", note13);

  uint8_t path[ESEAL__MERKLE_PATH_MAX][32];
  size_t len = 0;
  if (eseal__merkle_consistency_proof(ESEAL__TLOG_SM3, 8, 13, tlog::LeafAt, &log, path,
                                      ESEAL__MERKLE_PATH_MAX, &len) != 0)
    return 1;
  auto json = [&](const uint8_t *old_root) {
    std::string s = "{\"old_size\": 8, \"new_size\": 13, \"old_root\": \"" + Hex(old_root, 32) +
                    "\", \"new_root\": \"" + Hex(cp13.root, 32) + "\", \"path\": [";
    for (size_t i = 0; i < len; i++)
      s += (i ? ", \"" : "\"") + Hex(path[i], 32) + "\"";
    s += "]}\n";
    return tlog::Bytes(s.begin(), s.end());
  };
  Write(dir + "/consistency.json", json(cp8.root));

  // Forgeries: a record altered, a path hash flipped, a rewritten old tree.
  tlog::BundleParts forged = parts;
  forged.records[1] = tlog::Record(7, pki::kNow);
  Write(dir + "/forged-record.cbor", tlog::Encode(forged));
  forged = parts;
  forged.paths[0][5] ^= 1;
  Write(dir + "/forged-path.cbor", tlog::Encode(forged));
  tlog::Log rewritten = tlog::MakeLog(13);
  rewritten.records[3] = tlog::Record(3, pki::kNow);
  eseal__merkle_leaf_hash(ESEAL__TLOG_SM3, rewritten.records[3].data(), rewritten.records[3].size(),
                          rewritten.leaves[3].data());
  eseal__checkpoint cp8x = tlog::CheckpointOf(rewritten, 8);
  Write(dir + "/forged-checkpoint-8.txt",
        tlog::Sign(ctx.get(), cp8x, {&key}, {"log.example.org/sample"}));
  std::string text(note13.begin(), note13.end());
  text.replace(text.find("\n13\n"), 4, "\n14\n");
  Write(dir + "/forged-checkpoint-13.txt", tlog::Bytes(text.begin(), text.end()));
  return 0;
}
