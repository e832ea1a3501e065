// SoftHSM2 token stores and direct PKCS#11 sessions for tests (see softhsm.h).
#include "softhsm.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <openssl/x509.h>

#include "openssl_pki.h"

namespace softhsm {

std::string ModulePath() {
  const char *env = std::getenv("ESEAL_SOFTHSM2_MODULE");
  std::string path = env && *env ? env : "/usr/lib/softhsm/libsofthsm2.so";
  if (access(path.c_str(), R_OK) != 0)
    return "";
  if (openssl_pki::Capture("command -v softhsm2-util").empty())
    return "";
  return path;
}

Store::Store(const std::string &dir) : dir_(dir) {
  std::string tokens = dir + "/tokens";
  std::string conf = dir + "/softhsm2.conf";
  if (system(("mkdir -p " + openssl_pki::Quote(tokens)).c_str()) != 0)
    throw std::runtime_error("cannot make " + tokens);
  std::ofstream(conf) << "directories.tokendir = " << tokens
                      << "\nobjectstore.backend = file\nlog.level = ERROR\n";
  const char *old = std::getenv("SOFTHSM2_CONF");
  had_conf_ = old != nullptr;
  old_conf_ = old ? old : "";
  setenv("SOFTHSM2_CONF", conf.c_str(), 1);
}

Store::~Store() {
  if (had_conf_)
    setenv("SOFTHSM2_CONF", old_conf_.c_str(), 1);
  else
    unsetenv("SOFTHSM2_CONF");
}

static void Run(const std::string &dir, const std::string &cmd) {
  std::string log = dir + "/softhsm2-util.log";
  if (system((cmd + " >" + openssl_pki::Quote(log) + " 2>&1").c_str()) != 0) {
    std::ifstream in(log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    throw std::runtime_error(cmd + " failed: " + text);
  }
}

void Store::InitToken(const std::string &label, const std::string &pin) const {
  Run(dir_, "softhsm2-util --init-token --free --label " + openssl_pki::Quote(label) +
                " --so-pin 000000 --pin " + openssl_pki::Quote(pin));
}

void Store::Import(const std::string &key_file, const std::string &token,
                   const std::string &label, const std::string &id_hex,
                   const std::string &pin) const {
  std::string p8 = dir_ + "/" + label + ".p8";
  openssl_pki::Openssl(dir_, "pkcs8 -topk8 -nocrypt -in " + openssl_pki::Quote(key_file) +
                                 " -out " + openssl_pki::Quote(p8));
  Run(dir_, "softhsm2-util --import " + openssl_pki::Quote(p8) + " --token " +
                openssl_pki::Quote(token) + " --label " + openssl_pki::Quote(label) + " --id " +
                id_hex + " --pin " + openssl_pki::Quote(pin));
  unlink(p8.c_str());
}

Session::Session(const std::string &module, const std::string &token, const std::string &pin) {
  dl_ = dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (dl_ == nullptr)
    throw std::runtime_error("dlopen " + module);
  auto get = reinterpret_cast<CK_C_GetFunctionList>(dlsym(dl_, "C_GetFunctionList"));
  if (get == nullptr || get(&f_) != CKR_OK)
    throw std::runtime_error("C_GetFunctionList");
  CK_C_INITIALIZE_ARGS args{};
  args.flags = CKF_OS_LOCKING_OK;
  CK_RV rv = f_->C_Initialize(&args);
  if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
    throw std::runtime_error("C_Initialize");
  finalise_ = rv == CKR_OK;
  CK_SLOT_ID slots[64];
  CK_ULONG n = 64;
  if (f_->C_GetSlotList(CK_TRUE, slots, &n) != CKR_OK)
    throw std::runtime_error("C_GetSlotList");
  for (CK_ULONG i = 0; i < n && s_ == CK_INVALID_HANDLE; i++) {
    CK_TOKEN_INFO ti;
    if (f_->C_GetTokenInfo(slots[i], &ti) != CKR_OK)
      continue;
    std::string label(reinterpret_cast<char *>(ti.label), sizeof ti.label);
    label.erase(label.find_last_not_of(' ') + 1);
    if (label == token &&
        f_->C_OpenSession(slots[i], CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s_) !=
            CKR_OK)
      throw std::runtime_error("C_OpenSession");
  }
  if (s_ == CK_INVALID_HANDLE)
    throw std::runtime_error("no token " + token);
  rv = f_->C_Login(s_, CKU_USER, (CK_UTF8CHAR *)pin.data(), pin.size());
  if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
    throw std::runtime_error("C_Login");
}

Session::~Session() {
  if (s_ != CK_INVALID_HANDLE)
    f_->C_CloseSession(s_);
  if (finalise_)
    f_->C_Finalize(nullptr);
  if (dl_)
    dlclose(dl_);
}

CK_OBJECT_HANDLE Session::Find(CK_OBJECT_CLASS cko, const std::string &label) const {
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &cko, sizeof cko},
                      {CKA_LABEL, const_cast<char *>(label.data()), label.size()}};
  CK_OBJECT_HANDLE found[2];
  CK_ULONG count = 0;
  if (f_->C_FindObjectsInit(s_, t, 2) != CKR_OK)
    return CK_INVALID_HANDLE;
  f_->C_FindObjects(s_, found, 2, &count);
  f_->C_FindObjectsFinal(s_);
  return count == 1 ? found[0] : CK_INVALID_HANDLE;
}

CK_RV Session::Attribute(CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_TYPE type,
                         std::vector<uint8_t> *out) const {
  CK_ATTRIBUTE a = {type, nullptr, 0};
  CK_RV rv = f_->C_GetAttributeValue(s_, obj, &a, 1);
  if (rv != CKR_OK)
    return rv;
  out->resize(a.ulValueLen);
  a.pValue = out->data();
  return f_->C_GetAttributeValue(s_, obj, &a, 1);
}

void Session::AddCertificate(const std::string &label, const std::vector<uint8_t> &id,
                             const std::vector<uint8_t> &der) const {
  // PKCS#11 requires the subject on a new certificate object.
  const unsigned char *p = der.data();
  X509 *x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  unsigned char *name = nullptr;
  int name_len = x ? i2d_X509_NAME(X509_get_subject_name(x), &name) : -1;
  X509_free(x);
  if (name_len <= 0)
    throw std::runtime_error("AddCertificate: not a certificate");
  std::vector<uint8_t> subject(name, name + name_len);
  OPENSSL_free(name);
  CK_OBJECT_CLASS cko = CKO_CERTIFICATE;
  CK_CERTIFICATE_TYPE x509 = CKC_X_509;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &cko, sizeof cko},
                      {CKA_CERTIFICATE_TYPE, &x509, sizeof x509},
                      {CKA_TOKEN, &yes, sizeof yes},
                      {CKA_LABEL, const_cast<char *>(label.data()), label.size()},
                      {CKA_ID, const_cast<uint8_t *>(id.data()), id.size()},
                      {CKA_SUBJECT, subject.data(), subject.size()},
                      {CKA_VALUE, const_cast<uint8_t *>(der.data()), der.size()}};
  CK_OBJECT_HANDLE obj;
  if (f_->C_CreateObject(s_, t, sizeof t / sizeof t[0], &obj) != CKR_OK)
    throw std::runtime_error("C_CreateObject(certificate)");
}

void Session::GenerateExtractableEc(const std::string &label,
                                    const std::vector<uint8_t> &id) const {
  static const uint8_t p256[] = {0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_ATTRIBUTE pub[] = {{CKA_TOKEN, &yes, sizeof yes},
                        {CKA_EC_PARAMS, const_cast<uint8_t *>(p256), sizeof p256},
                        {CKA_LABEL, const_cast<char *>(label.data()), label.size()},
                        {CKA_ID, const_cast<uint8_t *>(id.data()), id.size()},
                        {CKA_VERIFY, &yes, sizeof yes}};
  CK_ATTRIBUTE priv[] = {{CKA_TOKEN, &yes, sizeof yes},
                         {CKA_PRIVATE, &yes, sizeof yes},
                         {CKA_SENSITIVE, &no, sizeof no},
                         {CKA_EXTRACTABLE, &yes, sizeof yes},
                         {CKA_LABEL, const_cast<char *>(label.data()), label.size()},
                         {CKA_ID, const_cast<uint8_t *>(id.data()), id.size()},
                         {CKA_SIGN, &yes, sizeof yes}};
  CK_MECHANISM mech = {CKM_EC_KEY_PAIR_GEN, nullptr, 0};
  CK_OBJECT_HANDLE a, b;
  if (f_->C_GenerateKeyPair(s_, &mech, pub, sizeof pub / sizeof pub[0], priv,
                            sizeof priv / sizeof priv[0], &a, &b) != CKR_OK)
    throw std::runtime_error("C_GenerateKeyPair");
}

CK_RV Session::Sign(CK_OBJECT_HANDLE key, CK_MECHANISM_TYPE mech_type,
                    const std::vector<uint8_t> &in, std::vector<uint8_t> *sig) const {
  CK_MECHANISM mech = {mech_type, nullptr, 0};
  CK_RV rv = f_->C_SignInit(s_, &mech, key);
  if (rv != CKR_OK)
    return rv;
  sig->resize(1024);
  CK_ULONG len = sig->size();
  rv = f_->C_Sign(s_, const_cast<uint8_t *>(in.data()), in.size(), sig->data(), &len);
  sig->resize(rv == CKR_OK ? len : 0);
  return rv;
}

}  // namespace softhsm
