// Writes the seed corpus of fuzz/signed_data_fuzzer.c into a folder: GB/T 35275
// SignedData of every form the verifier accepts or reports, each prefixed with
// the Signature.xml it signs (two bytes of length, big-endian, then the XML).
#include <cstdio>
#include <string>

#include "../support/signed_data_builder.h"

using signed_data::Bytes;
using signed_data::Spec;

namespace {

bool Write(const std::string &dir, const std::string &name, const Spec &s) {
  const Bytes &xml = signed_data::kXml;
  Bytes out{static_cast<uint8_t>(xml.size() >> 8), static_cast<uint8_t>(xml.size())};
  out.insert(out.end(), xml.begin(), xml.end());
  Bytes sd = signed_data::Build(s);
  out.insert(out.end(), sd.begin(), sd.end());
  std::string path = dir + "/" + name + ".bin";
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(out.data(), 1, out.size(), f) != out.size()) {
    std::perror(path.c_str());
    if (f) std::fclose(f);
    return false;
  }
  return std::fclose(f) == 0;
}

const sm2::Identity &Issued(const std::string &key_type) {
  static sm2::Identity ec, rsa;
  sm2::Identity &id = key_type == "EC" ? ec : rsa;
  if (!id.key) {
    pki::CertOptions o;
    o.key_type = key_type;
    id = pki::Issue(key_type + " Signer", o, &pki::Root());
  }
  return id;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_signed_data_seeds DIR\n");
    return 64;
  }
  std::string dir = argv[1];
  Spec detached, attached, pkcs7, bare, raw, no_digest, ecdsa, rsa, sha1;
  attached.attached = true;
  pkcs7.sm2_oids = false;
  pkcs7.attached = true;
  bare.attrs = false;  // the real-vendor form: content = SM3(Signature.xml), raw r‖s
  bare.attached = true;
  bare.raw_signature = true;
  bare.content = signed_data::Digest(EVP_sm3(), signed_data::kXml);
  raw.raw_signature = true;
  raw.signing_time.reset();
  no_digest.message_digest = false;
  ecdsa.signer = &Issued("EC");
  ecdsa.alg = "ECDSA-SHA256";
  rsa.signer = &Issued("RSA");
  rsa.alg = "RSA-SHA256";
  sha1.signer = &Issued("RSA");
  sha1.alg = "RSA-SHA1";
  bool ok = Write(dir, "sm2_detached", detached) && Write(dir, "sm2_attached", attached) &&
            Write(dir, "pkcs7_oids_attached", pkcs7) && Write(dir, "no_attributes_digest", bare) &&
            Write(dir, "raw_rs_no_time", raw) && Write(dir, "no_message_digest", no_digest) &&
            Write(dir, "ecdsa_sha256", ecdsa) && Write(dir, "rsa_sha256", rsa) &&
            Write(dir, "rsa_sha1", sha1);
  return ok ? 0 : 1;
}
