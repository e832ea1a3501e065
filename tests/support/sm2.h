// SM2 keys, self-signed certificates, signing and verification through
// OpenSSL, with the standard distinguishing ID — the independent side of the tests.
#pragma once

#include <memory>
#include <string>

#include <openssl/evp.h>

#include "der_builder.h"

namespace sm2 {

constexpr char kDefaultId[] = "1234567812345678";

struct KeyDeleter {
  void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;

struct Identity {
  Key key;
  der::Bytes cert;  // DER, self-signed with SM2-SM3
};

Identity MakeIdentity(const std::string &common_name);
der::Bytes Sign(EVP_PKEY *key, const der::Bytes &message, const std::string &id = kDefaultId);
bool Verify(const der::Bytes &cert_der, const der::Bytes &message, const der::Bytes &sig_der,
            const std::string &id = kDefaultId);
// r‖s (32 + 32 bytes) from a DER signature.
der::Bytes ToRaw(const der::Bytes &sig_der);

// A maker and a signer made once per process.
const Identity &Maker();
const Identity &Signer();

}  // namespace sm2
