#include "openssl_pki.h"

#include <sys/wait.h>

#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace openssl_pki {

namespace {

// Extension sections for `openssl req -x509 -extensions`; a config of our own
// keeps the system's openssl.cnf defaults (v3_ca on every certificate) out.
const char kConfig[] = R"([req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[tsa]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[tsa_noncritical]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
)";

const char *Section(Role role) {
  switch (role) {
    case Role::kCa: return "ca";
    case Role::kLeaf: return "leaf";
    case Role::kTimestamp: return "tsa";
    case Role::kTimestampNonCritical: return "tsa_noncritical";
  }
  return "leaf";
}

std::string Tail(const std::string &path) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

std::string KeyOptions(const std::string &type) {
  if (type == "RSA") return "-algorithm RSA -pkeyopt rsa_keygen_bits:2048";
  if (type == "EC") return "-algorithm EC -pkeyopt ec_paramgen_curve:P-256";
  if (type == "SM2") return "-algorithm SM2";
  throw std::invalid_argument("key type " + type);
}

// The digest options for a signature by a `type` key.
std::string SignOptions(const std::string &type) {
  return type == "SM2" ? "-sm3 -sigopt distid:1234567812345678" : "-sha256";
}

}  // namespace

std::string Quote(const std::string &s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void Openssl(const std::string &dir, const std::string &args) {
  std::string log = dir + "/openssl.log";
  int status = std::system(("openssl " + args + " >" + Quote(log) + " 2>&1").c_str());
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) == 127)
    throw std::runtime_error("the openssl command could not be run; these tests require it");
  if (WEXITSTATUS(status) != 0)
    throw std::runtime_error("openssl " + args + " failed:\n" + Tail(log));
}

TempDir::TempDir() {
  const char *base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/eseal-pki-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp " + tmpl);
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Party Issue(const std::string &dir, const std::string &file_stem, const std::string &name,
            const std::string &key_type, Role role, const Party *issuer, int days) {
  std::string config = dir + "/openssl.cnf";
  if (!std::filesystem::exists(config)) std::ofstream(config) << kConfig;
  Party p{dir + "/" + file_stem + ".key", dir + "/" + file_stem + ".pem", key_type};
  Openssl(dir, "genpkey " + KeyOptions(key_type) + " -out " + Quote(p.key_file));
  std::string args = "req -x509 -new -config " + Quote(config) + " -extensions " +
                     Section(role) + " -key " + Quote(p.key_file) +
                     " -subj " + Quote("/O=libeseal tests/CN=" + name) + " -days " +
                     std::to_string(days) + " -out " + Quote(p.cert_file) + " " +
                     SignOptions(issuer ? issuer->key_type : key_type);
  if (issuer) args += " -CA " + Quote(issuer->cert_file) + " -CAkey " + Quote(issuer->key_file);
  Openssl(dir, args);
  return p;
}

std::string Capture(const std::string &cmd) {
  std::string out;
  FILE *p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  return out;
}

std::string IndexTime(int64_t utc) {
  time_t tt = static_cast<time_t>(utc);
  struct tm tm;
  gmtime_r(&tt, &tm);
  char buf[16];
  strftime(buf, sizeof buf, "%y%m%d%H%M%SZ", &tm);
  return buf;
}

std::string Serial(const Party &p) {
  std::string out = Capture("openssl x509 -noout -serial -in " + Quote(p.cert_file));
  std::string serial = out.substr(out.find('=') + 1);
  while (!serial.empty() && (serial.back() == '\n' || serial.back() == '\r')) serial.pop_back();
  return serial;
}

}  // namespace openssl_pki
