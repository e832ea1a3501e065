// RFC 3161 timestamp tokens (src/timestamp/): tokens and responses from the
// real `openssl ts` command (RSA and P-256 TSAs with a critical
// extendedKeyUsage timeStamping, queries made by `openssl ts -query` and by
// eseal__tsa_request), SM2 tokens built here byte by byte, and one forgery
// around each check.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "../support/der_builder.h"
#include "../support/openssl_pki.h"
#include "../support/sm2.h"

extern "C" {
#include "eseal/errors.h"
#include "eseal/trust.h"
#include "timestamp/tst.h"
}

using der::Bytes;
using openssl_pki::Party;
using openssl_pki::Role;

namespace {

const char kTstInfo[] = "1.2.840.113549.1.9.16.1.4";

Bytes ReadFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteFile(const std::string &path, const Bytes &b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(b.data()),
                                              static_cast<std::streamsize>(b.size()));
}

Bytes Text(const std::string &s) { return Bytes(s.begin(), s.end()); }

// The TSAs, made once: an RSA and a P-256 one for `openssl ts -reply`, an
// SM2 one, and P-256 leaves without the EKU and with a non-critical one.
struct Pki {
  openssl_pki::TempDir tmp;
  std::string dir = tmp.path();
  Party rsa_ca = openssl_pki::Issue(dir, "rsa-ca", "TSA Root RSA", "RSA", Role::kCa, nullptr);
  Party rsa_tsa =
      openssl_pki::Issue(dir, "rsa-tsa", "TSA RSA", "RSA", Role::kTimestamp, &rsa_ca);
  Party ec_ca = openssl_pki::Issue(dir, "ec-ca", "TSA Root EC", "EC", Role::kCa, nullptr);
  Party ec_tsa = openssl_pki::Issue(dir, "ec-tsa", "TSA EC", "EC", Role::kTimestamp, &ec_ca);
  Party ec_no_eku = openssl_pki::Issue(dir, "ec-leaf", "Not a TSA", "EC", Role::kLeaf, &ec_ca);
  Party ec_noncritical = openssl_pki::Issue(dir, "ec-tsa-nc", "TSA EC non-critical", "EC",
                                            Role::kTimestampNonCritical, &ec_ca);
  Party sm2_ca = openssl_pki::Issue(dir, "sm2-ca", "TSA Root SM2", "SM2", Role::kCa, nullptr);
  Party sm2_tsa = openssl_pki::Issue(dir, "sm2-tsa", "TSA SM2", "SM2", Role::kTimestamp, &sm2_ca);
  std::string config = dir + "/tsa.cnf";
  int files = 0;

  Party ec_server_auth{dir + "/ec-server.key", dir + "/ec-server.pem", "EC"};
  Party ec_two_purposes{dir + "/ec-two.key", dir + "/ec-two.pem", "EC"};

  Pki() {
    // The RSA TSA takes SHA-1 and SM3 imprints too; the EC one only SHA-256.
    std::ofstream(config) << "[tsa_rsa]\n" << Section(rsa_tsa, rsa_ca, "sha256, sha1, sm3")
                          << "[tsa_ec]\n" << Section(ec_tsa, ec_ca, "sha256");
    // A leaf whose critical extendedKeyUsage names another purpose.
    std::string ext = dir + "/server.cnf";
    std::ofstream(ext) << "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n"
                       << "[x]\nbasicConstraints = CA:FALSE\n"
                       << "extendedKeyUsage = critical,serverAuth\n";
    IssueWith(ext, "x", "Server", ec_server_auth);
    // A leaf whose critical extendedKeyUsage names timeStamping and another purpose.
    std::string two = dir + "/two.cnf";
    std::ofstream(two) << "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n"
                       << "[x]\nbasicConstraints = CA:FALSE\n"
                       << "extendedKeyUsage = critical,timeStamping,serverAuth\n";
    IssueWith(two, "x", "Two Purposes", ec_two_purposes);
  }
  // A P-256 key and a certificate for it by ec_ca, with the extensions of `section` in `cnf`.
  void IssueWith(const std::string &cnf, const std::string &section, const std::string &cn,
                 const Party &p) {
    openssl_pki::Openssl(dir, "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " +
                                  openssl_pki::Quote(p.key_file));
    openssl_pki::Openssl(dir, "req -x509 -new -config " + openssl_pki::Quote(cnf) +
                                  " -extensions " + section + " -key " +
                                  openssl_pki::Quote(p.key_file) + " -subj " +
                                  openssl_pki::Quote("/CN=" + cn) + " -days 3650 -sha256 -CA " +
                                  openssl_pki::Quote(ec_ca.cert_file) + " -CAkey " +
                                  openssl_pki::Quote(ec_ca.key_file) + " -out " +
                                  openssl_pki::Quote(p.cert_file));
  }
  std::string Section(const Party &tsa, const Party &ca, const std::string &digests) {
    return "serial = " + dir + "/serial-" + tsa.key_type + "\ncrypto_device = builtin\n" +
           "signer_cert = " + tsa.cert_file + "\nsigner_key = " + tsa.key_file +
           "\ncerts = " + ca.cert_file + "\nsigner_digest = sha256\n" +
           "default_policy = 1.2.3.4.1\ndigests = " + digests +
           "\naccuracy = secs:1, millisecs:500\nordering = yes\ntsa_name = yes\n" +
           "ess_cert_id_chain = no\ness_cert_id_alg = sha1\n";
  }
  std::string Next(const std::string &ext) { return dir + "/f" + std::to_string(files++) + ext; }

  // `openssl ts -query` over `data` with `-<digest>` and `options`.
  Bytes Query(const Bytes &data, const std::string &digest, const std::string &options) {
    std::string in = Next(".dat"), out = Next(".tsq");
    WriteFile(in, data);
    openssl_pki::Openssl(dir, "ts -query -data " + openssl_pki::Quote(in) + " -" + digest + " " +
                                  options + " -out " + openssl_pki::Quote(out));
    return ReadFile(out);
  }
  // The TimeStampResp of TSA `section` to `query`.
  Bytes Reply(const Bytes &query, const std::string &section) {
    std::string in = Next(".tsq"), out = Next(".tsr");
    WriteFile(in, query);
    openssl_pki::Openssl(dir, "ts -reply -queryfile " + openssl_pki::Quote(in) + " -config " +
                                  openssl_pki::Quote(config) + " -section " + section +
                                  " -out " + openssl_pki::Quote(out));
    return ReadFile(out);
  }
};

Pki &P() {
  static Pki pki;
  return pki;
}

Bytes CertDer(const Party &p) {
  FILE *f = fopen(p.cert_file.c_str(), "r");
  X509 *x = f ? PEM_read_X509(f, nullptr, nullptr, nullptr) : nullptr;
  if (f) fclose(f);
  unsigned char *out = nullptr;
  int n = x ? i2d_X509(x, &out) : 0;
  Bytes b(out, out + (n > 0 ? n : 0));
  OPENSSL_free(out);
  X509_free(x);
  return b;
}

sm2::Key PrivateKey(const Party &p) {
  FILE *f = fopen(p.key_file.c_str(), "r");
  EVP_PKEY *k = f ? PEM_read_PrivateKey(f, nullptr, nullptr, nullptr) : nullptr;
  if (f) fclose(f);
  return sm2::Key(k);
}

struct CtxDeleter {
  void operator()(eseal_ctx *c) const { eseal_ctx_free(c); }
};
using Ctx = std::unique_ptr<eseal_ctx, CtxDeleter>;

// A context trusting `anchors` for `roles`, with `intermediates` offered.
Ctx Context(const std::vector<const Party *> &anchors,
            unsigned roles = ESEAL_ROLE_TIMESTAMP_AUTHORITY,
            const std::vector<const Party *> &intermediates = {}) {
  eseal_ctx *c = nullptr;
  EXPECT_EQ(eseal_ctx_new(&c), 0);
  for (const Party *a : anchors)
    EXPECT_EQ(eseal_ctx_add_trust_path_roles(c, a->cert_file.c_str(), roles), 0);
  for (const Party *i : intermediates)
    EXPECT_EQ(eseal_ctx_add_intermediate_path(c, i->cert_file.c_str()), 0);
  return Ctx(c);
}

// The token of a granted TimeStampResp.
Bytes TokenOf(const Bytes &resp) {
  eseal_buf token = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal__tsa_response_token(resp.data(), resp.size(), &token), 0)
      << eseal_error_last()->message;
  Bytes out(token.ptr, token.ptr + token.size);
  eseal_buf_dispose(&token);
  return out;
}

const Bytes kData = Text("the signature value a timestamp vouches for");

// Real tokens, made once each.
const Bytes &RsaToken() {
  static Bytes t = TokenOf(P().Reply(P().Query(kData, "sha256", "-cert -no_nonce"), "tsa_rsa"));
  return t;
}
const Bytes &EcToken() {
  static Bytes t = TokenOf(P().Reply(P().Query(kData, "sha256", "-cert -no_nonce"), "tsa_ec"));
  return t;
}

// A token built byte by byte, signed with any key; each knob forges one thing.
struct Spec {
  const Party *tsa = &P().sm2_tsa;
  std::string alg = "SM2-SM3";  // or "ECDSA-SHA256", "RSA-SHA256"
  bool sm2_oids = true;
  Bytes data = kData;
  std::string imprint = "SM3";  // or "SHA256"
  std::optional<Bytes> nonce;
  std::string gen_time;  // default: an hour into the TSA certificate's validity, with a fraction
  const Party *ess_names = nullptr;  // the certificate ESSCertIDv2 names; default the TSA's
  bool ess = true;
  bool alter_signature = false;
  bool alter_message_digest = false;
  bool carry_cert = true;
  bool ess_hash_last_byte = false;  // flip the last byte of the ESSCertIDv2 hash
  int ess_issuer_serial = 0;  // 0: none; 1: the TSA's; 2: another serial number
  bool message_digest = true;
  std::string attr_content_type = kTstInfo;
  std::string econtent_type = kTstInfo;
  int version = 1;
  std::string signer_md;  // the SignerInfo's digestAlgorithm; default the algorithm's
  Bytes tst_tail;     // appended to the TSTInfo fields
  Bytes extra_attrs;  // appended to the signed attributes
  Bytes trailing;
};

const EVP_MD *Md(const std::string &name) {
  if (name == "SM3") return EVP_sm3();
  return name == "SHA1" ? EVP_sha1() : EVP_sha256();
}

std::string MdOid(const std::string &name) {
  if (name == "SM3") return "1.2.156.10197.1.401";
  return name == "SHA1" ? "1.3.14.3.2.26" : "2.16.840.1.101.3.4.2.1";
}

Bytes Hash(const std::string &md, const Bytes &data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &n, Md(md), nullptr);
  out.resize(n);
  return out;
}

Bytes Attr(const std::string &oid, const Bytes &value) {
  return der::Seq({der::Oid(oid), der::Tlv(0x31, value)});
}

// The issuer Name and the serial INTEGER of a certificate, as DER.
std::pair<Bytes, Bytes> IssuerAndSerial(const Bytes &cert) {
  const unsigned char *p = cert.data();
  X509 *x = d2i_X509(nullptr, &p, static_cast<long>(cert.size()));
  unsigned char *name = nullptr, *serial = nullptr;
  int nl = i2d_X509_NAME(X509_get_issuer_name(x), &name);
  int sl = i2d_ASN1_INTEGER(X509_get0_serialNumber(x), &serial);
  std::pair<Bytes, Bytes> out{Bytes(name, name + nl), Bytes(serial, serial + sl)};
  OPENSSL_free(name);
  OPENSSL_free(serial);
  X509_free(x);
  return out;
}

Bytes SignWith(const Spec &s, const Bytes &msg) {
  sm2::Key key = PrivateKey(*s.tsa);
  if (s.alg == "SM2-SM3") return sm2::Sign(key.get(), msg);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  size_t n = 0;
  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key.get());
  EVP_DigestSign(ctx, nullptr, &n, msg.data(), msg.size());
  Bytes sig(n);
  EVP_DigestSign(ctx, sig.data(), &n, msg.data(), msg.size());
  sig.resize(n);
  EVP_MD_CTX_free(ctx);
  return sig;
}

// The certificate's notBefore (or notAfter) in seconds since the epoch.
int64_t Validity(const Party &p, bool not_after) {
  Bytes der = CertDer(p);
  const unsigned char *q = der.data();
  X509 *x = d2i_X509(nullptr, &q, static_cast<long>(der.size()));
  struct tm tm {};
  ASN1_TIME_to_tm(not_after ? X509_get0_notAfter(x) : X509_get0_notBefore(x), &tm);
  X509_free(x);
  return static_cast<int64_t>(timegm(&tm));
}

std::string GenTime(int64_t t, const char *suffix) {
  time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  gmtime_r(&tt, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf + std::string(suffix);
}

Bytes Build(const Spec &s) {
  Bytes cert = CertDer(*s.tsa);
  std::string gen_time =
      s.gen_time.empty() ? GenTime(Validity(*s.tsa, false) + 3600, ".25Z") : s.gen_time;
  std::string sig_md = !s.signer_md.empty() ? s.signer_md : s.alg == "SM2-SM3" ? "SM3" : "SHA256";
  Bytes tst_info = der::Seq({
      der::Int(s.version), der::Oid("1.2.156.1.8888.1"),
      der::Seq({der::Seq({der::Oid(MdOid(s.imprint)), der::Tlv(0x05, {})}),
                der::Octets(Hash(s.imprint, s.data))}),
      der::Int(0x1234), der::GenTime(gen_time),
      s.nonce ? der::UInt(*s.nonce) : Bytes(), s.tst_tail,
  });
  Bytes digest = Hash(sig_md, tst_info);
  if (s.alter_message_digest) digest[0] ^= 1;
  Bytes named = s.ess_names ? CertDer(*s.ess_names) : cert;
  auto [issuer, serial] = IssuerAndSerial(cert);
  // IssuerSerial: GeneralNames { directoryName [4] issuer }, serialNumber.
  Bytes issuer_serial =
      s.ess_issuer_serial == 0
          ? Bytes()
          : der::Seq({der::Seq({der::Tlv(0xA4, issuer)}),
                      s.ess_issuer_serial == 1 ? serial : der::Int(7)});
  Bytes cert_hash = Hash("SHA256", named);
  if (s.ess_hash_last_byte) cert_hash.back() ^= 1;
  Bytes attrs = der::Cat({
      Attr("1.2.840.113549.1.9.3", der::Oid(s.attr_content_type)),
      s.message_digest ? Attr("1.2.840.113549.1.9.4", der::Octets(digest)) : Bytes(),
      s.ess ? Attr("1.2.840.113549.1.9.16.2.47",
                   der::Seq({der::Seq({der::Seq({der::Octets(cert_hash),
                                                 issuer_serial})})}))
            : Bytes(),
      s.extra_attrs,
  });
  Bytes sig = SignWith(s, der::Tlv(0x31, attrs));
  if (s.alter_signature) sig[sig.size() / 2] ^= 1;
  std::string sig_oid = s.alg == "SM2-SM3"        ? "1.2.156.10197.1.501"
                        : s.alg == "ECDSA-SHA256" ? "1.2.840.10045.4.3.2"
                                                  : "1.2.840.113549.1.1.1";
  Bytes signer_info = der::Seq({der::Int(1), der::Seq({issuer, serial}),
                                der::Seq({der::Oid(MdOid(sig_md))}), der::Tlv(0xA0, attrs),
                                der::Seq({der::Oid(sig_oid)}), der::Octets(sig)});
  Bytes signed_data = der::Seq({
      der::Int(3), der::Tlv(0x31, der::Seq({der::Oid(MdOid(sig_md))})),
      der::Seq({der::Oid(s.econtent_type), der::Tlv(0xA0, der::Octets(tst_info))}),
      s.carry_cert ? der::Tlv(0xA0, cert) : Bytes(),
      der::Tlv(0x31, signer_info),
  });
  Bytes token = der::Seq({der::Oid(s.sm2_oids ? "1.2.156.10197.6.1.4.2.2" : "1.2.840.113549.1.7.2"),
                          der::Tlv(0xA0, signed_data)});
  token.insert(token.end(), s.trailing.begin(), s.trailing.end());
  return token;
}

class Timestamp : public ::testing::Test {
 protected:
  void TearDown() override { eseal__tst_result_release(&r_); }

  // Verifies `token` over `data` in `ctx`; the verdict in r_.
  void Verify(const eseal_ctx *ctx, const Bytes &token, const Bytes &data = kData,
              const std::optional<Bytes> &nonce = std::nullopt) {
    eseal__tst_result_release(&r_);
    ASSERT_EQ(eseal__tst_verify(ctx, token.data(), token.size(), data.data(), data.size(),
                                nonce ? nonce->data() : nullptr, nonce ? nonce->size() : 0,
                                &r_),
              0);
  }
  void ExpectOk() {
    EXPECT_EQ(r_.status, ESEAL_CHECK_OK) << r_.message;
    EXPECT_EQ(r_.indication, ESEAL_TOTAL_PASSED);
    EXPECT_NE(r_.tsa_cert, nullptr);
    EXPECT_NE(r_.chain, nullptr);
  }
  void ExpectRefused(eseal_indication indication, eseal_sub_indication sub,
                     const std::string &words) {
    EXPECT_EQ(r_.status, ESEAL_CHECK_NOT_OK) << r_.message;
    EXPECT_EQ(r_.indication, indication) << r_.message;
    EXPECT_EQ(r_.sub, sub) << r_.message;
    EXPECT_NE(std::string(r_.message).find(words), std::string::npos) << r_.message;
  }

  eseal__tst_result r_{};
};

// --- Real tokens ----------------------------------------------------------

TEST_F(Timestamp, RsaTokenFromOpensslVerifies) {
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), RsaToken());
  ExpectOk();
  EXPECT_STREQ(r_.digest, "SHA256");
  EXPECT_STREQ(r_.signature, "RSA-SHA256");
  EXPECT_STREQ(r_.policy, "1.2.3.4.1");
  EXPECT_GT(r_.gen_time, 1767225600);
  EXPECT_EQ(X509_cmp(r_.tsa_cert, sk_X509_value(r_.chain, 0)), 0);
  EXPECT_EQ(sk_X509_num(r_.chain), 2);
}

TEST_F(Timestamp, EcTokenFromOpensslVerifies) {
  auto ctx = Context({&P().ec_ca});
  Verify(ctx.get(), EcToken());
  ExpectOk();
  EXPECT_STREQ(r_.signature, "ECDSA-SHA256");
}

TEST_F(Timestamp, OurRequestAnsweredByOpensslVerifiesWithItsNonce) {
  const Bytes nonce = {0x9a, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
  eseal_buf req = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal__tsa_request(kData.data(), kData.size(), "SHA256", "1.2.3.4.1", nonce.data(),
                               nonce.size(), 1, &req),
            0);
  Bytes query(req.ptr, req.ptr + req.size);
  eseal_buf_dispose(&req);
  Bytes token = TokenOf(P().Reply(query, "tsa_rsa"));
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), token, kData, nonce);
  ExpectOk();

  // Forged: another nonce than the one asked for (a replayed answer).
  Bytes other = nonce;
  other.back() ^= 1;
  Verify(ctx.get(), token, kData, other);
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "nonce");
}

TEST_F(Timestamp, OurSm3RequestAnsweredByOpensslVerifies) {
  eseal_buf req = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal__tsa_request(kData.data(), kData.size(), "SM3", nullptr, nullptr, 0, 1, &req),
            0);
  Bytes token = TokenOf(P().Reply(Bytes(req.ptr, req.ptr + req.size), "tsa_rsa"));
  eseal_buf_dispose(&req);
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), token);
  ExpectOk();
  EXPECT_STREQ(r_.digest, "SM3");
}

TEST_F(Timestamp, RequestIsTheBytesOpensslWrites) {
  Bytes theirs = P().Query(kData, "sha256", "-cert -no_nonce");
  eseal_buf ours = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal__tsa_request(kData.data(), kData.size(), "SHA256", nullptr, nullptr, 0, 1,
                               &ours),
            0);
  EXPECT_EQ(Bytes(ours.ptr, ours.ptr + ours.size), theirs);
  eseal_buf_dispose(&ours);
}

TEST_F(Timestamp, RequestRefusesUnknownDigestAndBadPolicy) {
  eseal_buf req = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal__tsa_request(kData.data(), kData.size(), "MD5", nullptr, nullptr, 0, 0, &req),
            ESEAL_EINVAL);
  EXPECT_EQ(eseal__tsa_request(kData.data(), kData.size(), "SM3", "not.an.oid", nullptr, 0, 0,
                               &req),
            ESEAL_EINVAL);
  EXPECT_EQ(req.ptr, nullptr);
}

TEST_F(Timestamp, TokenWithoutCertificatesUsesTheContextIntermediates) {
  Bytes token = TokenOf(P().Reply(P().Query(kData, "sha256", "-no_nonce"), "tsa_rsa"));
  auto ctx = Context({&P().rsa_ca}, ESEAL_ROLE_TIMESTAMP_AUTHORITY, {&P().rsa_tsa});
  Verify(ctx.get(), token);
  ExpectOk();
  auto bare = Context({&P().rsa_ca});
  Verify(bare.get(), token);
  ExpectRefused(ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "neither in the token");
}

TEST_F(Timestamp, CachedCertificatesAndChainsGiveTheVerdictsOfAContextWithout) {
  // The TSA's certificates and chain come from the context's caches: a warm
  // context must judge every token as one without caches does.
  Bytes bare_token = TokenOf(P().Reply(P().Query(kData, "sha256", "-no_nonce"), "tsa_rsa"));
  Bytes forged = RsaToken();
  forged.back() ^= 0x01;
  struct Case {
    const char *name;
    Bytes token;
    bool passes;
  };
  const std::vector<Case> cases = {{"good", RsaToken(), true},
                                   {"altered signature", forged, false},
                                   {"no certificates carried", bare_token, true},
                                   {"EC token, another root", EcToken(), false}};
  auto on = Context({&P().rsa_ca}, ESEAL_ROLE_TIMESTAMP_AUTHORITY, {&P().rsa_tsa});
  auto off = Context({&P().rsa_ca}, ESEAL_ROLE_TIMESTAMP_AUTHORITY, {&P().rsa_tsa});
  ASSERT_EQ(eseal_ctx_set_caches(off.get(), 0), 0);
  for (int round = 0; round < 2; round++) {
    for (const Case &c : cases) {
      Verify(off.get(), c.token);
      const eseal_check_status status = r_.status;
      const eseal_indication indication = r_.indication;
      const eseal_sub_indication sub = r_.sub;
      const std::string message = r_.message;
      Verify(on.get(), c.token);
      EXPECT_EQ(r_.status, status) << c.name << " " << round;
      EXPECT_EQ(r_.indication, indication) << c.name;
      EXPECT_EQ(r_.sub, sub) << c.name;
      EXPECT_EQ(std::string(r_.message), message) << c.name;
      EXPECT_EQ(r_.indication == ESEAL_TOTAL_PASSED, c.passes) << c.name << ": " << r_.message;
      if (c.passes) {
        EXPECT_EQ(sk_X509_num(r_.chain), 2) << c.name;
      }
    }
  }
  eseal_cache_stats chains{}, certs{};
  ASSERT_EQ(eseal_ctx_cache_stats(on.get(), ESEAL_CACHE_CHAINS, &chains), 0);
  ASSERT_EQ(eseal_ctx_cache_stats(on.get(), ESEAL_CACHE_CERTS, &certs), 0);
  EXPECT_GT(chains.hits, 0u);
  EXPECT_GT(certs.hits, 0u);
}

// --- Forgeries of real tokens -----------------------------------------------

TEST_F(Timestamp, WrongImprintIsRefused) {
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), RsaToken(), Text("other bytes than those timestamped"));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "messageImprint");
}

TEST_F(Timestamp, NonceAskedButAbsentIsRefused) {
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), RsaToken(), kData, Bytes{0x01, 0x02});
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "no nonce");
}

TEST_F(Timestamp, AnchorWithoutTheTimestampRoleIsNotEnough) {
  auto ctx = Context({&P().rsa_ca}, ESEAL_ROLE_SIGNER_CA | ESEAL_ROLE_SEAL_MAKER);
  Verify(ctx.get(), RsaToken());
  ExpectRefused(ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "timestamp-authority");
}

TEST_F(Timestamp, NoAnchorAtAll) {
  auto ctx = Context({});
  Verify(ctx.get(), RsaToken());
  ExpectRefused(ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "does not chain");
}

TEST_F(Timestamp, AnotherTsaRootDoesNotVouch) {
  auto ctx = Context({&P().ec_ca});
  Verify(ctx.get(), RsaToken());
  ExpectRefused(ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "does not chain");
}

TEST_F(Timestamp, AlteredSignatureIsRefused) {
  // OpenSSL's SignerInfo ends with the signature value: the token's last byte.
  Bytes token = RsaToken();
  token.back() ^= 0x01;
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), token);
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "does not verify");
}

TEST_F(Timestamp, AlteredTstInfoBreaksTheMessageDigest) {
  // The genTime's last digit before 'Z', inside the eContent.
  Bytes token = RsaToken();
  size_t at = 0;
  for (size_t i = 0; i + 17 < token.size(); i++)
    if (token[i] == 0x18 && token[i + 1] == 0x0f && token[i + 16] == 'Z') at = i + 15;
  ASSERT_NE(at, 0u);
  token[at] = token[at] == '0' ? '1' : '0';
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), token);
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "messageDigest");
}

TEST_F(Timestamp, Sha1ImprintIsRefused) {
  Bytes token = TokenOf(P().Reply(P().Query(kData, "sha1", "-cert -no_nonce"), "tsa_rsa"));
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), token);
  ExpectRefused(ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "SHA-1");
}

TEST_F(Timestamp, TrailingBytesAreRefused) {
  Bytes token = RsaToken();
  token.push_back(0x00);
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), token);
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "bytes follow");
}

TEST_F(Timestamp, MalformedDerIsRefused) {
  auto ctx = Context({&P().rsa_ca});
  Bytes truncated(RsaToken().begin(), RsaToken().end() - 1);
  Verify(ctx.get(), truncated);
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "not a well-formed");
  Verify(ctx.get(), Text("not DER at all"));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "not a well-formed");
  Verify(ctx.get(), Bytes{});
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "not a well-formed");
}

TEST_F(Timestamp, OversizedTokenIsRefusedUnread) {
  Bytes big(ESEAL__TST_MAX_BYTES + 1, 0x30);
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), big);
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "limit");
}

// --- TimeStampResp ----------------------------------------------------------

TEST_F(Timestamp, RejectionResponseNamesStatusAndFailInfo) {
  // The EC TSA takes SHA-256 imprints only: an SM3 one is refused with badAlg.
  Bytes resp = P().Reply(P().Query(kData, "sm3", "-cert"), "tsa_ec");
  eseal_buf token = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal__tsa_response_token(resp.data(), resp.size(), &token), ESEAL_ERROR);
  std::string message = eseal_error_last()->message;
  EXPECT_NE(message.find("rejection (2)"), std::string::npos) << message;
  EXPECT_NE(message.find("badAlg"), std::string::npos) << message;
  EXPECT_EQ(token.ptr, nullptr);
}

TEST_F(Timestamp, MalformedResponsesAreFormatErrors) {
  Bytes resp = P().Reply(P().Query(kData, "sha256", "-cert -no_nonce"), "tsa_rsa");
  eseal_buf token = ESEAL_BUF_INIT;
  Bytes trailing = resp;
  trailing.push_back(0);
  EXPECT_EQ(eseal__tsa_response_token(trailing.data(), trailing.size(), &token), ESEAL_EFORMAT);
  Bytes truncated(resp.begin(), resp.end() - 1);
  EXPECT_EQ(eseal__tsa_response_token(truncated.data(), truncated.size(), &token),
            ESEAL_EFORMAT);
  // Granted, without a token.
  Bytes empty = der::Seq({der::Seq({der::Int(0)})});
  EXPECT_EQ(eseal__tsa_response_token(empty.data(), empty.size(), &token), ESEAL_EFORMAT);
  // grantedWithMods carries the token too.
  Bytes mods = der::Seq({der::Seq({der::Int(1)}), RsaToken()});
  EXPECT_EQ(eseal__tsa_response_token(mods.data(), mods.size(), &token), 0);
  EXPECT_EQ(Bytes(token.ptr, token.ptr + token.size), RsaToken());
  eseal_buf_dispose(&token);
  // Larger than the limit: refused unread.
  Bytes big(ESEAL__TST_MAX_BYTES + 1, 0x30);
  EXPECT_EQ(eseal__tsa_response_token(big.data(), big.size(), &token), ESEAL_ELIMIT);
  // waiting (3), with a status text and no token.
  Bytes waiting = der::Seq({der::Seq({der::Int(3), der::Seq({der::Utf8("later")})})});
  EXPECT_EQ(eseal__tsa_response_token(waiting.data(), waiting.size(), &token), ESEAL_ERROR);
  EXPECT_NE(std::string(eseal_error_last()->message).find("waiting (3), \"later\""),
            std::string::npos)
      << eseal_error_last()->message;
}

// --- Tokens built here --------------------------------------------------------

TEST_F(Timestamp, Sm2TokenVerifies) {
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(Spec{}));
  ExpectOk();
  EXPECT_STREQ(r_.signature, "SM2-SM3");
  EXPECT_STREQ(r_.digest, "SM3");
  EXPECT_STREQ(r_.serial_hex, "1234");
  EXPECT_STREQ(r_.policy, "1.2.156.1.8888.1");
  EXPECT_EQ(r_.gen_time, Validity(P().sm2_tsa, false) + 3600);
}

TEST_F(Timestamp, Sm2TokenWithPkcs7OidsAndNonceVerifies) {
  Spec s;
  s.sm2_oids = false;
  s.nonce = Bytes{0x00, 0x80, 0x11};
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s), kData, Bytes{0x80, 0x11});
  ExpectOk();
}

TEST_F(Timestamp, Sm2TokenWithAnotherSm2IdIsRefused) {
  auto ctx = Context({&P().sm2_ca});
  const uint8_t id[] = "another ID";
  ASSERT_EQ(eseal_ctx_set_sm2_id(ctx.get(), id, sizeof id - 1), 0);
  Verify(ctx.get(), Build(Spec{}));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "does not verify");
}

TEST_F(Timestamp, AlteredSm2SignatureIsRefused) {
  Spec s;
  s.alter_signature = true;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "does not verify");
}

TEST_F(Timestamp, AlteredMessageDigestIsRefused) {
  // Signed as altered: only the messageDigest check can see it.
  Spec s;
  s.alter_message_digest = true;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "messageDigest");
}

TEST_F(Timestamp, EssCertIdOfAnotherCertificateIsRefused) {
  Spec s;
  s.ess_names = &P().sm2_ca;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "another certificate");
}

TEST_F(Timestamp, EssCertIdHashIsComparedInFull) {
  Spec s;
  s.ess_hash_last_byte = true;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "another certificate");
}

// RFC 3161 §2.4.1: without signingCertificate(V2) nothing binds the token to
// its TSA certificate (another certificate of the same key could stand in).
TEST_F(Timestamp, TokenWithoutEssCertIdIsRefused) {
  Spec s;
  s.ess = false;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                "no signingCertificate or signingCertificateV2");
}

TEST_F(Timestamp, TsaWithoutTheTimestampingEkuIsRefused) {
  Spec s;
  s.tsa = &P().ec_no_eku;
  s.alg = "ECDSA-SHA256";
  s.imprint = "SHA256";
  auto ctx = Context({&P().ec_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE, "id-kp-timeStamping");
}

TEST_F(Timestamp, TsaWithAnotherExtendedKeyUsageIsRefused) {
  Spec s;
  s.tsa = &P().ec_server_auth;
  s.alg = "ECDSA-SHA256";
  auto ctx = Context({&P().ec_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE, "id-kp-timeStamping");
}

TEST_F(Timestamp, Sha1SignerDigestIsRefused) {
  Spec s;
  s.tsa = &P().rsa_tsa;
  s.alg = "RSA-SHA256";
  s.signer_md = "SHA1";
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "not supported");
}

// RFC 3161 §2.3: the extendedKeyUsage must be critical.
TEST_F(Timestamp, NonCriticalEkuIsRefused) {
  Spec s;
  s.tsa = &P().ec_noncritical;
  s.alg = "ECDSA-SHA256";
  auto ctx = Context({&P().ec_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE, "not critical");
}

// RFC 3161 §2.3: id-kp-timeStamping and nothing else, even with timeStamping first.
TEST_F(Timestamp, EkuWithAnotherPurposeBesideTimestampingIsRefused) {
  Spec s;
  s.tsa = &P().ec_two_purposes;
  s.alg = "ECDSA-SHA256";
  auto ctx = Context({&P().ec_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE,
                "other than id-kp-timeStamping alone");
}

TEST_F(Timestamp, RsaBuiltTokenVerifies) {
  Spec s;
  s.tsa = &P().rsa_tsa;
  s.alg = "RSA-SHA256";
  s.imprint = "SHA256";
  auto ctx = Context({&P().rsa_ca});
  Verify(ctx.get(), Build(s));
  ExpectOk();
}

TEST_F(Timestamp, TsaCertificateExpiredAtGenTime) {
  Spec s;
  s.gen_time = GenTime(Validity(P().sm2_tsa, true) + 1, "Z");
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_INDETERMINATE, ESEAL_SUB_EXPIRED, "expired at genTime");
}

TEST_F(Timestamp, TsaCertificateNotYetValidAtGenTime) {
  Spec s;
  s.gen_time = GenTime(Validity(P().sm2_tsa, false) - 1, "Z");
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_INDETERMINATE, ESEAL_SUB_NOT_YET_VALID, "not yet valid at genTime");
}

TEST_F(Timestamp, NonCanonicalGenTimeIsRefused) {
  int64_t t = Validity(P().sm2_tsa, false) + 3600;
  for (const std::string &when :
       {GenTime(t, ".50Z"), GenTime(t, "+0000"), GenTime(t, "Z").erase(12, 2)}) {
    Spec s;
    s.gen_time = when;
    auto ctx = Context({&P().sm2_ca});
    Verify(ctx.get(), Build(s));
    ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "genTime");
  }
}

TEST_F(Timestamp, Sm2TrailingBytesAreRefused) {
  Spec s;
  s.trailing = {0x05, 0x00};
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "bytes follow");
}

TEST_F(Timestamp, TsaCertificateNotCarriedIsNotFound) {
  Spec s;
  s.carry_cert = false;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "neither in the token");
}

TEST_F(Timestamp, EssIssuerSerialMustNameTheTsaCertificate) {
  Spec s;
  s.ess_issuer_serial = 1;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectOk();
  s.ess_issuer_serial = 2;
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "issuer and serial");
}

TEST_F(Timestamp, RepeatedEssAttributeIsRefused) {
  // A second signingCertificateV2 that names the CA: both must not be read as one.
  Spec s;
  s.extra_attrs = Attr("1.2.840.113549.1.9.16.2.47",
                       der::Seq({der::Seq({der::Seq({der::Octets(
                           Hash("SHA256", CertDer(P().sm2_ca)))})})}));
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "appears twice");
}

TEST_F(Timestamp, MissingMessageDigestIsRefused) {
  Spec s;
  s.message_digest = false;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "messageDigest");
}

TEST_F(Timestamp, ContentTypeAttributeMustBeTstInfo) {
  Spec s;
  s.attr_content_type = "1.2.840.113549.1.7.1";
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "contentType attribute");
}

TEST_F(Timestamp, EncapsulatedDataIsNotATstInfo) {
  Spec s;
  s.econtent_type = "1.2.156.10197.6.1.4.2.1";
  s.attr_content_type = s.econtent_type;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "not TSTInfo");
}

TEST_F(Timestamp, TstInfoVersionTwoIsRefused) {
  Spec s;
  s.version = 2;
  auto ctx = Context({&P().sm2_ca});
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "version");
}

TEST_F(Timestamp, TstInfoExtensions) {
  auto ext = [](bool critical) {
    return der::Tlv(0xA1, der::Seq({der::Oid("1.2.3.4"),
                                    critical ? der::Bool(0xff) : Bytes(), der::Octets({0x05, 0x00})}));
  };
  auto ctx = Context({&P().sm2_ca});
  Spec s;
  s.tst_tail = ext(false);
  Verify(ctx.get(), Build(s));
  ExpectOk();
  s.tst_tail = ext(true);
  Verify(ctx.get(), Build(s));
  ExpectRefused(ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "critical extension");
}

}  // namespace
