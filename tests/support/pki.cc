#include "pki.h"

#include <stdexcept>

#include <openssl/pem.h>
#include <openssl/x509.h>

extern "C" {
#include "asn1/timefmt.h"
#include "x509/issue.h"
}

namespace pki {

std::string GenTime(int64_t utc) {
  char text[16];
  if (eseal__time_format_generalized(utc, text) != 0) throw std::runtime_error("GenTime");
  return text;
}

static EVP_PKEY *Generate(const CertOptions &o) {
  if (o.key_type == "SM2") return EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
  if (o.key_type == "EC") return EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", o.curve.c_str());
  return EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", (size_t)o.rsa_bits);
}

sm2::Identity Issue(const std::string &common_name, const CertOptions &o,
                    const sm2::Identity *issuer) {
  static uint64_t serial = 100;
  sm2::Identity id;
  id.key.reset(Generate(o));
  if (!id.key) throw std::runtime_error("keygen");
  X509 *issuer_cert = nullptr;
  if (issuer) {
    const unsigned char *p = issuer->cert.data();
    issuer_cert = d2i_X509(nullptr, &p, static_cast<long>(issuer->cert.size()));
  }
  eseal__cert_spec spec = {common_name.c_str(), "测试单位", o.not_before, o.not_after, o.ca ? 1 : 0,
                           o.key_usage, serial++, id.key.get(), issuer_cert,
                           issuer ? issuer->key.get() : nullptr,
                           o.extended_key_usage.empty() ? nullptr : o.extended_key_usage.c_str(),
                           o.algorithm.empty() ? nullptr : o.algorithm.c_str()};
  X509 *x = eseal__issue_cert(&spec, reinterpret_cast<const uint8_t *>(sm2::kDefaultId), 16);
  X509_free(issuer_cert);
  if (!x) throw std::runtime_error("issue");
  unsigned char *der = nullptr;
  int n = i2d_X509(x, &der);
  id.cert.assign(der, der + n);
  OPENSSL_free(der);
  X509_free(x);
  return id;
}

const sm2::Identity &Root() {
  static const sm2::Identity root = [] {
    CertOptions o;
    o.ca = true;
    o.key_usage = 0x04 | 0x02;  // keyCertSign, cRLSign
    o.not_before = kNow - 10 * kYear;
    o.not_after = kNow + 10 * kYear;
    return Issue("Test Root", o, nullptr);
  }();
  return root;
}

const sm2::Identity &Maker() {
  static const sm2::Identity maker = Issue("Test Maker", CertOptions(), &Root());
  return maker;
}

const sm2::Identity &Signer() {
  static const sm2::Identity signer = Issue("Test Signer", CertOptions(), &Root());
  return signer;
}

CertPtr Cert(const sm2::Identity &id) {
  eseal_cert *c = nullptr;
  if (eseal_cert_load(&c, id.cert.data(), id.cert.size()) != 0) throw std::runtime_error("cert");
  return CertPtr(c);
}

KeyPtr Key(const sm2::Identity &id) {
  BIO *bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, id.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char *data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  eseal_key *k = nullptr;
  int rc = eseal_key_load(&k, nullptr, reinterpret_cast<const uint8_t *>(data), (size_t)n, nullptr);
  BIO_free(bio);
  if (rc != 0) throw std::runtime_error("key");
  return KeyPtr(k);
}

CtxPtr Context(int64_t now) {
  eseal_ctx *ctx = nullptr;
  if (eseal_ctx_new(&ctx) != 0) throw std::runtime_error("ctx");
  CtxPtr out(ctx);
  eseal_ctx_set_fixed_time(ctx, now);
  if (eseal_ctx_add_trust_cert(ctx, Cert(Root()).get()) != 0) throw std::runtime_error("trust");
  return out;
}

}  // namespace pki
