// PKIs made by the `openssl` command at test time, as PEM files in a temporary
// directory: RSA-2048, EC P-256 and SM2 keys, CA and leaf certificates issued
// by any of them (SM2 CAs sign with the GM/T 0009 default ID). The command is a
// required test dependency: when it cannot run, these helpers throw, so the
// test fails instead of being skipped.
#pragma once

#include <cstdint>
#include <string>

namespace openssl_pki {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::string &path() const { return path_; }

 private:
  std::string path_;
};

// A key and its certificate, as PEM files.
struct Party {
  std::string key_file;
  std::string cert_file;
  std::string key_type;  // "RSA", "EC" or "SM2"
};

enum class Role {
  kCa,    // basicConstraints CA:TRUE, keyUsage keyCertSign and cRLSign
  kLeaf,  // CA:FALSE, keyUsage digitalSignature and nonRepudiation
  // A TSA: a leaf with extendedKeyUsage timeStamping, critical (RFC 3161 §2.3) or not.
  kTimestamp,
  kTimestampNonCritical,
};

// A new key of `key_type` in `dir` and a certificate for it with subject
// CN=`name`, valid from now for `days`, issued by `issuer` (nullptr:
// self-signed). `file_stem` names the files (<stem>.key, <stem>.pem).
Party Issue(const std::string &dir, const std::string &file_stem, const std::string &name,
            const std::string &key_type, Role role, const Party *issuer, int days = 3650);

// `s` quoted for the shell.
std::string Quote(const std::string &s);

// Runs `openssl <args>` with its output in <dir>/openssl.log; throws on failure.
void Openssl(const std::string &dir, const std::string &args);

// The standard output of the shell command `cmd` ("" when it cannot run).
std::string Capture(const std::string &cmd);

// UTC seconds as "YYMMDDhhmmssZ", the time form of an `openssl ca` index.
std::string IndexTime(int64_t utc);

// The certificate's serial number in upper-case hex, as `openssl x509 -serial` prints it.
std::string Serial(const Party &p);

}  // namespace openssl_pki
