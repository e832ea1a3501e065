// GB/T 35275 SignedData built byte by byte, as OFD Type="Sign" signatures
// carry them: attached or detached, SM2 or PKCS#7 OIDs, SM2-SM3, ECDSA or RSA,
// with knobs to break each rule the verifier checks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <openssl/evp.h>

#include "pki.h"

namespace signed_data {

using der::Bytes;

// The Signature.xml the SignedData signs unless told otherwise.
extern const Bytes kXml;

struct Spec {
  const sm2::Identity *signer = &pki::Signer();
  std::string alg = "SM2-SM3";  // "SM2-SM3", "ECDSA-SHA256", "RSA-SHA256", "RSA-SHA1"
  bool attached = false;
  bool sm2_oids = true;
  bool attrs = true;
  bool message_digest = true;
  bool raw_signature = false;  // SM2 value as 64 bytes r‖s
  bool key_id = false;         // name the signer by subjectKeyIdentifier (CMS version 3)
  std::optional<int64_t> signing_time = pki::kNow + 8 * 3600;
  std::optional<Bytes> content;       // what is signed; default kXml
  std::optional<Bytes> digest_value;  // messageDigest; default the digest of the content
  std::optional<std::string> attr_content_type;
  std::optional<std::string> digest_oid;  // digestAlgorithm; default the algorithm's
  std::vector<Bytes> certs;               // carried; default the signer's
  // A signingTime for the attributes as signed, when it should differ from the one written.
  std::optional<int64_t> signed_time;
  Bytes trailing;
};

// The digest `alg` signs with.
const EVP_MD *Md(const std::string &alg);
Bytes Digest(const EVP_MD *md, const Bytes &data);
// The SignedValue.dat of `s`.
Bytes Build(const Spec &s);

}  // namespace signed_data
