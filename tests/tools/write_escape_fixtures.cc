// Writes the hostile seals and signatures of support/hostile.h into a folder,
// with what verifying them takes, for the escaping tests of the eseal command:
//   hostile_signature.dat   V4 signature, every text field hostile
//   hostile_seal.esl        its seal
//   hostile_v1_seal_ids.esl V1 seal listing hostile certificate IDs
//   root.pem                the trust anchor (its name is hostile too)
//   document.bin            the signed data
//   at.txt                  a validation time for `eseal verify --at`
#include <cstdio>
#include <string>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "../support/hostile.h"

namespace {

bool Write(const std::string &path, const der::Bytes &bytes) {
  FILE *out = std::fopen(path.c_str(), "wb");
  bool ok = out && std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  ok = out && std::fclose(out) == 0 && ok;
  if (!ok) std::perror(path.c_str());
  return ok;
}

der::Bytes Pem(const der::Bytes &cert) {
  const unsigned char *p = cert.data();
  X509 *x = d2i_X509(nullptr, &p, static_cast<long>(cert.size()));
  BIO *bio = BIO_new(BIO_s_mem());
  der::Bytes out;
  if (x && bio && PEM_write_bio_X509(bio, x)) {
    char *data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    out.assign(data, data + n);
  }
  BIO_free(bio);
  X509_free(x);
  return out;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_escape_fixtures DIR\n");
    return 64;
  }
  const std::string dir = std::string(argv[1]) + "/";
  const fixtures::SigSpec spec = hostile::SignatureSpec();
  const der::Bytes root = Pem(hostile::Pki().root.cert);
  const std::string at = "@" + std::to_string(hostile::kSigningTime + pki::kDay);
  bool ok = !root.empty() &&
            Write(dir + "hostile_signature.dat", fixtures::BuildSignature(spec).bytes) &&
            Write(dir + "hostile_seal.esl", fixtures::BuildSeal(spec.seal).bytes) &&
            Write(dir + "hostile_v1_seal_ids.esl",
                  fixtures::BuildSeal(hostile::V1SealWithIdsSpec()).bytes) &&
            Write(dir + "root.pem", root) && Write(dir + "document.bin", workflow::kDocument) &&
            Write(dir + "at.txt", der::Bytes(at.begin(), at.end()));
  return ok ? 0 : 1;
}
