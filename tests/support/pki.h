// A throwaway SM2 PKI for verification tests: certificates issued by a test
// root with chosen validity and key usage, and conversions to libeseal objects.
#pragma once

#include <memory>
#include <string>

#include <eseal.h>

#include "sm2.h"

namespace pki {

// 2026-01-01T00:00:00Z: "now" for the tests.
constexpr int64_t kNow = 1767225600;
constexpr int64_t kDay = 86400;
constexpr int64_t kYear = 365 * kDay;

// GeneralizedTime text of UTC seconds, "YYYYMMDDhhmmssZ".
std::string GenTime(int64_t utc);

struct CertOptions {
  int64_t not_before = kNow - 3 * kYear;
  int64_t not_after = kNow + 3 * kYear;
  bool ca = false;
  // digitalSignature | nonRepudiation by default; 0 omits the extension.
  unsigned int key_usage = 0x80 | 0x40;
  std::string key_type = "SM2";  // "SM2", "EC" or "RSA"
  std::string curve = "P-256";   // for "EC"
  int rsa_bits = 2048;           // for "RSA"
  std::string extended_key_usage;  // openssl.cnf form, e.g. "serverAuth"; empty: none
  std::string algorithm;           // the issuer's signing algorithm; empty: SM2-SM3
};

// A key pair and a certificate for it, issued by `issuer` (nullptr: self-signed CA).
sm2::Identity Issue(const std::string &common_name, const CertOptions &opts,
                    const sm2::Identity *issuer);

// The test root, maker and signer (issued once per process).
const sm2::Identity &Root();
const sm2::Identity &Maker();
const sm2::Identity &Signer();

struct CertDeleter { void operator()(eseal_cert *c) const { eseal_cert_free(c); } };
struct KeyDeleter { void operator()(eseal_key *k) const { eseal_key_free(k); } };
struct CtxDeleter { void operator()(eseal_ctx *c) const { eseal_ctx_free(c); } };
using CertPtr = std::unique_ptr<eseal_cert, CertDeleter>;
using KeyPtr = std::unique_ptr<eseal_key, KeyDeleter>;
using CtxPtr = std::unique_ptr<eseal_ctx, CtxDeleter>;

CertPtr Cert(const sm2::Identity &id);
KeyPtr Key(const sm2::Identity &id);
// A context at kNow trusting Root().
CtxPtr Context(int64_t now = kNow);

}  // namespace pki
