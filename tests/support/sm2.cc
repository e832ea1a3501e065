#include "sm2.h"

#include <stdexcept>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/x509.h>

namespace sm2 {

static void Check(int ok, const char *what) {
  if (ok <= 0) throw std::runtime_error(what);
}

// The documented OpenSSL 3.0 way to set the SM2 ID: on a PKEY context that the
// digest context adopts before its init.
static EVP_MD_CTX *DigestContext(EVP_PKEY *key, const std::string &id, bool sign) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, nullptr);
  Check(pctx != nullptr, "EVP_PKEY_CTX_new");
  Check(EVP_PKEY_CTX_set1_id(pctx, id.data(), static_cast<int>(id.size())), "set1_id");
  EVP_MD_CTX_set_pkey_ctx(ctx, pctx);
  Check(sign ? EVP_DigestSignInit(ctx, nullptr, EVP_sm3(), nullptr, key)
             : EVP_DigestVerifyInit(ctx, nullptr, EVP_sm3(), nullptr, key),
        "DigestInit");
  return ctx;
}

static void FreeDigestContext(EVP_MD_CTX *ctx) {
  // EVP_MD_CTX_set_pkey_ctx() leaves the PKEY context to the caller.
  EVP_PKEY_CTX *pctx = EVP_MD_CTX_get_pkey_ctx(ctx);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_CTX_free(pctx);
}

Identity MakeIdentity(const std::string &common_name) {
  Identity id;
  id.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"));
  Check(id.key != nullptr, "SM2 keygen");
  X509 *x = X509_new();
  Check(X509_set_version(x, 2), "version");
  ASN1_INTEGER_set(X509_get_serialNumber(x), 0x1234);
  X509_NAME *name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, (const unsigned char *)"CN", -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             (const unsigned char *)common_name.c_str(), -1, -1, 0);
  X509_set_issuer_name(x, name);
  ASN1_TIME_set_string(X509_getm_notBefore(x), "20200101000000Z");
  ASN1_TIME_set_string(X509_getm_notAfter(x), "20400101000000Z");
  X509_set_pubkey(x, id.key.get());
  EVP_MD_CTX *ctx = DigestContext(id.key.get(), kDefaultId, true);
  Check(X509_sign_ctx(x, ctx), "X509_sign_ctx");
  FreeDigestContext(ctx);
  unsigned char *out = nullptr;
  int n = i2d_X509(x, &out);
  Check(n, "i2d_X509");
  id.cert.assign(out, out + n);
  OPENSSL_free(out);
  X509_free(x);
  return id;
}

der::Bytes Sign(EVP_PKEY *key, const der::Bytes &message, const std::string &id) {
  EVP_MD_CTX *ctx = DigestContext(key, id, true);
  size_t n = 0;
  Check(EVP_DigestSign(ctx, nullptr, &n, message.data(), message.size()), "sign size");
  der::Bytes sig(n);
  Check(EVP_DigestSign(ctx, sig.data(), &n, message.data(), message.size()), "sign");
  sig.resize(n);
  FreeDigestContext(ctx);
  return sig;
}

bool Verify(const der::Bytes &cert_der, const der::Bytes &message, const der::Bytes &sig_der,
            const std::string &id) {
  const unsigned char *p = cert_der.data();
  X509 *x = d2i_X509(nullptr, &p, static_cast<long>(cert_der.size()));
  if (!x) return false;
  EVP_PKEY *pub = X509_get0_pubkey(x);
  bool ok = false;
  try {
    if (pub) {
      EVP_MD_CTX *ctx = DigestContext(pub, id, false);
      ok = EVP_DigestVerify(ctx, sig_der.data(), sig_der.size(), message.data(), message.size()) == 1;
      FreeDigestContext(ctx);
    }
  } catch (const std::runtime_error &) {
    ok = false;  // not an SM2 key
  }
  X509_free(x);
  return ok;
}

der::Bytes ToRaw(const der::Bytes &sig_der) {
  const unsigned char *p = sig_der.data();
  ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig_der.size()));
  Check(sig != nullptr, "d2i_ECDSA_SIG");
  der::Bytes raw(64);
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + 32, 32);
  ECDSA_SIG_free(sig);
  return raw;
}

const Identity &Maker() {
  static const Identity maker = MakeIdentity("libeseal test seal maker");
  return maker;
}

const Identity &Signer() {
  static const Identity signer = MakeIdentity("libeseal test signer 签章人");
  return signer;
}

}  // namespace sm2
