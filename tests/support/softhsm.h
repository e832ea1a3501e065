// SoftHSM2 tokens made at test time in a temporary directory, and direct
// PKCS#11 calls for what the library never does (reading a private value,
// creating objects, raw C_Sign). Tests that need SoftHSM2 skip when
// ModulePath() is empty.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <p11-kit/pkcs11.h>

namespace softhsm {

// $ESEAL_SOFTHSM2_MODULE, else the Debian path of libsofthsm2.so; "" when the
// module or softhsm2-util is missing.
std::string ModulePath();

// A token store under `dir`: writes <dir>/softhsm2.conf and points
// SOFTHSM2_CONF at it (process-wide) until destroyed.
class Store {
 public:
  explicit Store(const std::string &dir);
  ~Store();
  Store(const Store &) = delete;
  Store &operator=(const Store &) = delete;

  // softhsm2-util --init-token --free; throws on failure.
  void InitToken(const std::string &label, const std::string &pin) const;
  // Imports the private key in `key_file` (PEM, any form openssl reads) as a
  // key pair with CKA_LABEL `label` and CKA_ID `id_hex`; throws on failure.
  void Import(const std::string &key_file, const std::string &token, const std::string &label,
              const std::string &id_hex, const std::string &pin) const;

 private:
  std::string dir_, old_conf_;
  bool had_conf_ = false;
};

// The module loaded and initialised directly, with one logged-in session on a token.
class Session {
 public:
  // Throws when the module, token or login fails.
  Session(const std::string &module, const std::string &token, const std::string &pin);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  CK_FUNCTION_LIST *f() const { return f_; }
  CK_SESSION_HANDLE handle() const { return s_; }
  // The one object of class `cko` with this label (CK_INVALID_HANDLE when not exactly one).
  CK_OBJECT_HANDLE Find(CK_OBJECT_CLASS cko, const std::string &label) const;
  // C_GetAttributeValue of one attribute; the CK_RV, the value into `out`.
  CK_RV Attribute(CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_TYPE type, std::vector<uint8_t> *out) const;
  // A certificate object (token object) with `id` bytes and DER `der`; throws on failure.
  void AddCertificate(const std::string &label, const std::vector<uint8_t> &id,
                      const std::vector<uint8_t> &der) const;
  // A P-256 key pair generated on the token that may be extracted (CKA_SENSITIVE false).
  void GenerateExtractableEc(const std::string &label, const std::vector<uint8_t> &id) const;
  // C_SignInit + C_Sign; the CK_RV.
  CK_RV Sign(CK_OBJECT_HANDLE key, CK_MECHANISM_TYPE mech, const std::vector<uint8_t> &in,
             std::vector<uint8_t> *sig) const;

 private:
  void *dl_ = nullptr;
  CK_FUNCTION_LIST *f_ = nullptr;
  CK_SESSION_HANDLE s_ = CK_INVALID_HANDLE;
  bool finalise_ = false;
};

}  // namespace softhsm
