// OCSP responses forged with OpenSSL's C API, for the tests of
// src/revocation/ocsp*.c: every field the checks read can be set, and each
// negative test changes exactly one of them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <openssl/ocsp.h>

namespace ocsp_builder {

using Bytes = std::vector<uint8_t>;

// One SingleResponse.
struct Single {
  X509 *cert = nullptr;    // the CertID's serialNumber
  X509 *issuer = nullptr;  // its issuerNameHash and issuerKeyHash
  const EVP_MD *md = EVP_sha1();  // the CertID hash algorithm and hashes
  // Changes to one CertID field: the algorithm OID named instead of md's
  // (the hashes stay md's), the name or key hash of another certificate,
  // serialNumber + 1.
  std::string hash_oid;
  X509 *name_hash_of = nullptr;
  X509 *key_hash_of = nullptr;
  bool next_serial = false;
  int status = V_OCSP_CERTSTATUS_GOOD;
  int reason = -1;  // CRLReason of a revocation; -1: none
  int64_t revoked_at = 0;
  int64_t invalidity_date = 0;  // 0: no invalidityDate singleExtension
  int64_t this_update = 0;
  std::string this_update_text;  // when set, written as it is instead ("…+0800")
  int64_t next_update = 0;  // 0: absent
  bool critical_extension = false;  // an unknown critical singleExtension
};

struct Response {
  std::vector<Single> singles;
  X509 *signer = nullptr;  // the responderID names it
  EVP_PKEY *key = nullptr;  // signs (SM2 keys with sm2_id and SM3, others with SHA-256)
  std::string sm2_id = "1234567812345678";
  bool by_key = false;  // responderID byKey instead of byName
  // Name another certificate in the responderID (its key is needed for
  // OpenSSL's first signature, which the one by `key` replaces).
  X509 *responder_id_of = nullptr;
  EVP_PKEY *responder_id_key = nullptr;
  std::vector<X509 *> certs;  // carried in the response
  int64_t produced_at = 0;
  bool has_nonce = false;
  Bytes nonce;
  bool critical_extension = false;  // an unknown critical responseExtension
  bool flip_signature = false;      // one bit of the signature changed after signing
  int signature_unused_bits = 0;    // the signature BIT STRING's unused-bits count
};

// The DER OCSPResponse (successful, basic); throws on failure.
Bytes Build(const Response &r);

// A DER OCSPResponse with only a responseStatus (tryLater, …).
Bytes Unsuccessful(int response_status);

}  // namespace ocsp_builder
