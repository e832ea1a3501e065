// Certificates and CRLs built with OpenSSL's C API for the CRL tests: every
// field and extension the checks read can be set, so each forgery changes
// exactly one thing. SM2 signatures use the ID given (GM/T 0009's by default).
// Also a CRL made by the `openssl ca -gencrl` command, as CAs make them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "openssl_pki.h"

namespace crl_builder {

struct KeyFree {
  void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509 *x) const { X509_free(x); }
};
struct CrlFree {
  void operator()(X509_CRL *c) const { X509_CRL_free(c); }
};
using Key = std::shared_ptr<EVP_PKEY>;
using Cert = std::shared_ptr<X509>;
using Crl = std::shared_ptr<X509_CRL>;

constexpr char kSm2Id[] = "1234567812345678";

// A fresh key: "RSA" (2048), "EC" (P-256) or "SM2".
Key NewKey(const std::string &type);

// A distribution point: fullName URIs or a name relative to the CRL issuer
// (a CN), cRLIssuer directory names (CNs), reasons (ReasonFlags bit numbers).
struct DistPoint {
  std::vector<std::string> uris;
  std::string relative_cn;
  std::vector<std::string> crl_issuers;
  std::vector<int> reasons;
};

struct CertSpec {
  std::string cn;
  bool ca = false;
  int key_usage = -1;  // KU_* bits; -1: keyCertSign|cRLSign for a CA, digitalSignature otherwise; 0: none
  long serial = 1;
  int64_t not_before = 0;
  int64_t not_after = 0;
  bool skid = true;
  std::vector<DistPoint> crldps;
  bool ocsp_signing = false;  // extendedKeyUsage id-kp-OCSPSigning
  bool ocsp_nocheck = false;  // id-pkix-ocsp-nocheck
};

// A certificate for `key`, signed by `issuer_key` (self-signed when `issuer` is null).
Cert IssueCert(const CertSpec &spec, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
               const std::string &sm2_id = kSm2Id);

struct Entry {
  long serial = 0;
  int64_t revoked_at = 0;
  int reason = -1;             // CRLReason; -1: no reasonCode
  int64_t invalidity_date = 0; // 0: none
  std::string certificate_issuer;  // a CN: certificateIssuer extension
  bool unknown_critical = false;   // a critical entry extension nobody knows
};

struct Idp {
  bool present = false;
  std::vector<std::string> uris;
  std::string relative_cn;
  bool only_user = false, only_ca = false, only_attr = false, indirect = false;
  std::vector<int> only_some_reasons;
};

struct CrlSpec {
  std::string issuer_cn;  // empty: the signer's subject
  int64_t this_update = 0;
  int64_t next_update = 0;  // 0: no nextUpdate
  std::string this_update_raw;  // when set, the UTCTime text of thisUpdate as it is
  long number = 1;      // -1: no cRLNumber
  long delta_base = -1; // >= 0: a delta CRL on this base number
  std::vector<Entry> entries;
  bool akid = true;          // from the signer's subjectKeyIdentifier
  bool akid_wrong = false;   // a keyIdentifier that is not the signer's
  Idp idp;
  bool unknown_critical = false;
  std::string sm2_id = kSm2Id;
};

// A CRL signed by `key`; AKID from `signer`'s SKID, issuer from `signer` unless spec.issuer_cn.
Crl MakeCrl(const CrlSpec &spec, X509 *signer, EVP_PKEY *key);

// X509_NAME "O=libeseal tests, CN=<cn>" as the builders write it.
X509_NAME *Name(const std::string &cn);

std::string Der(X509_CRL *crl);
std::string Pem(X509_CRL *crl);
// A copy decoded from DER, as a relying party receives it.
Crl Reread(X509_CRL *crl);

// `openssl ca -revoke` then `-gencrl` (7 days, keyCompromise): the CRL as PEM.
std::string GenCrlWithCommand(const std::string &dir, const openssl_pki::Party &ca,
                              const openssl_pki::Party &revoked);

}  // namespace crl_builder
