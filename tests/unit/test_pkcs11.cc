// The PKCS#11 backend against SoftHSM2, initialised here in a temporary
// directory: seals made and stamped with token keys (P-256, RSA) verify; the
// private value cannot be read; each failure (wrong PIN, missing module, a URI
// matching nothing or two keys or two tokens) has its own code; two threads
// stamp with one key. And the pkcs11: URI parser, which needs no token.
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <eseal.h>

extern "C" {
#include "crypto/pkcs11_uri.h"
}

#include "../support/openssl_pki.h"
#include "../support/softhsm.h"
#include "../support/workflow.h"

using namespace workflow;
using openssl_pki::Party;
using openssl_pki::Role;

namespace {

// ---- the URI parser ----

struct Uri {
  eseal__p11uri u;
  int rc;
  explicit Uri(const char *text) { rc = eseal__p11uri_parse(&u, text); }
  ~Uri() { eseal__p11uri_clear(&u); }
};

TEST(Pkcs11Uri, ParsesPathAndQueryAttributes) {
  Uri x("pkcs11:token=My%20Token;object=signer;id=%01%02;type=private;slot-id=7"
        "?pin-value=12%2634&module-path=/usr/lib/m.so&x-vendor=1");
  ASSERT_EQ(x.rc, 0) << LastError();
  EXPECT_STREQ(x.u.token.value, "My Token");
  EXPECT_STREQ(x.u.object.value, "signer");
  ASSERT_EQ(x.u.id.len, 2u);
  EXPECT_EQ(x.u.id.value[0], 1);
  EXPECT_EQ(x.u.id.value[1], 2);
  EXPECT_EQ(x.u.type, static_cast<long>(CKO_PRIVATE_KEY));
  EXPECT_TRUE(x.u.has_slot_id);
  EXPECT_EQ(x.u.slot_id, 7u);
  EXPECT_STREQ(x.u.pin_value.value, "12&34");
  EXPECT_STREQ(x.u.module_path.value, "/usr/lib/m.so");
}

TEST(Pkcs11Uri, RefusesWhatCouldSelectAnotherKey) {
  // Each of these, ignored, would widen the match: all refused.
  for (const char *bad : {"pkcs11:object=a;object=b", "pkcs11:objekt=a", "pkcs11:id=%0",
                          "pkcs11:id=%zz", "pkcs11:type=privat", "pkcs11:slot-id=1x",
                          "pkcs11:type=private;type=cert", "pkcs11:token", "file:object=a",
                          "pkcs11:object=a?pin-value=1&pin-value=2"}) {
    Uri x(bad);
    EXPECT_EQ(x.rc, ESEAL_EFORMAT) << bad;
  }
  std::string huge = "pkcs11:object=" + std::string(5000, 'a');
  Uri x(huge.c_str());
  EXPECT_EQ(x.rc, ESEAL_ELIMIT);
}

TEST(Pkcs11Uri, MatchesBlankPaddedFields) {
  const uint8_t field[8] = {'a', 'b', ' ', ' ', ' ', ' ', ' ', ' '};
  eseal__p11uri_text ab = {const_cast<char *>("ab"), 2}, a = {const_cast<char *>("a"), 1},
                     absent = {nullptr, 0};
  EXPECT_TRUE(eseal__p11uri_match_field(&ab, field, sizeof field));
  EXPECT_TRUE(eseal__p11uri_match_field(&absent, field, sizeof field));
  EXPECT_FALSE(eseal__p11uri_match_field(&a, field, sizeof field));  // a prefix is not a match
}

// ---- SoftHSM2 ----

constexpr const char *kPin = "1234";

// One token store for the suite: a P-256 root, maker and signer keys of both
// kinds on token "Seals", a key imported twice under one label, a second token.
class Pkcs11 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    module_ = softhsm::ModulePath();
    if (module_.empty())
      return;
    dir_ = new openssl_pki::TempDir();
    const std::string &d = dir_->path();
    store_ = new softhsm::Store(d);
    root_ = openssl_pki::Issue(d, "root", "Token Root", "EC", Role::kCa, nullptr);
    const char *kinds[] = {"EC", "RSA"};
    for (int i = 0; i < 2; i++) {
      std::string k = kinds[i];
      makers_[i] = openssl_pki::Issue(d, "maker" + k, k + " Maker", k, Role::kLeaf, &root_);
      signers_[i] = openssl_pki::Issue(d, "signer" + k, k + " Signer", k, Role::kLeaf, &root_);
    }
    store_->InitToken("Seals", kPin);
    store_->InitToken("Other", kPin);
    store_->Import(makers_[0].key_file, "Seals", "ec-maker", "01", kPin);
    store_->Import(signers_[0].key_file, "Seals", "ec-signer", "02", kPin);
    store_->Import(makers_[1].key_file, "Seals", "rsa-maker", "03", kPin);
    store_->Import(signers_[1].key_file, "Seals", "rsa-signer", "04", kPin);
    store_->Import(signers_[0].key_file, "Seals", "twin", "05", kPin);
    store_->Import(signers_[0].key_file, "Seals", "twin", "06", kPin);
    store_->Import(signers_[0].key_file, "Other", "ec-signer", "02", kPin);
  }
  static void TearDownTestSuite() {
    delete store_;
    delete dir_;
    store_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (module_.empty())
      GTEST_SKIP() << "SoftHSM2 (libsofthsm2.so and softhsm2-util) is not installed";
    now_ = static_cast<int64_t>(std::time(nullptr)) + 60;
  }

  static std::string Uri(const std::string &path_attrs, const std::string &token = "Seals") {
    return "pkcs11:token=" + token + ";" + path_attrs + "?module-path=" + module_;
  }

  // Opens `uri` with the PIN; the code, the key into `out`. The key held in
  // `out` before is freed first: while a key of the process is open the token
  // stays logged in, and a second login is not checked again.
  static int Open(pki::KeyPtr &out, const std::string &uri, const char *pin = kPin,
                  eseal_pkcs11_options *opts = nullptr) {
    out.reset();
    eseal_pkcs11_options o = ESEAL_PKCS11_OPTIONS_INIT;
    if (opts)
      o = *opts;
    if (pin)
      o.pin = pin;
    eseal_key *k = nullptr;
    int rc = eseal_key_from_pkcs11(&k, nullptr, uri.c_str(), &o);
    out.reset(k);
    return rc;
  }

  pki::CtxPtr Context() {
    eseal_ctx *raw = nullptr;
    EXPECT_EQ(eseal_ctx_new(&raw), 0);
    pki::CtxPtr ctx(raw);
    EXPECT_EQ(eseal_ctx_set_fixed_time(raw, now_), 0);
    EXPECT_EQ(eseal_ctx_add_trust_path(raw, root_.cert_file.c_str()), 0) << LastError();
    return ctx;
  }

  void ExpectPasses(eseal_ctx *ctx, const eseal_signature *sig) {
    ReportPtr r;
    Verify(r, ctx, sig, &kDocument);
    ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
    EXPECT_EQ(Status(r.p, "seal.signature"), "OK") << Text(r.p);
  }

  static std::string module_;
  static openssl_pki::TempDir *dir_;
  static softhsm::Store *store_;
  static Party root_, makers_[2], signers_[2];
  int64_t now_ = 0;
};

std::string Pkcs11::module_;
openssl_pki::TempDir *Pkcs11::dir_;
softhsm::Store *Pkcs11::store_;
Party Pkcs11::root_, Pkcs11::makers_[2], Pkcs11::signers_[2];

TEST_F(Pkcs11, EcdsaSealAndStampFromTokenKeysVerify) {
  pki::KeyPtr maker, signer;
  ASSERT_EQ(Open(maker, Uri("object=ec-maker")), 0) << LastError();
  ASSERT_EQ(Open(signer, Uri("id=%02;type=private")), 0) << LastError();
  EXPECT_STREQ(eseal_key_algorithm(signer.get()), "ECDSA-SHA256");
  EXPECT_STREQ(eseal_key_backend_name(signer.get()), "pkcs11");
  auto ctx = Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeSealAndStampWithKeys(ctx.get(), maker.get(), makers_[0].cert_file,
                                                   signer.get(), signers_[0].cert_file, now_,
                                                   seal, sig));
  ExpectPasses(ctx.get(), sig.p);
  // The same signature over other data fails: the token signed this document.
  Bytes changed = kDocument;
  changed[0] ^= 1;
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &changed);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "data.hash");
}

TEST_F(Pkcs11, RsaSealAndStampFromTokenKeysVerify) {
  pki::KeyPtr maker, signer;
  ASSERT_EQ(Open(maker, Uri("object=rsa-maker")), 0) << LastError();
  ASSERT_EQ(Open(signer, Uri("object=rsa-signer")), 0) << LastError();
  EXPECT_STREQ(eseal_key_algorithm(signer.get()), "RSA-SHA256");
  auto ctx = Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeSealAndStampWithKeys(ctx.get(), maker.get(), makers_[1].cert_file,
                                                   signer.get(), signers_[1].cert_file, now_,
                                                   seal, sig));
  ExpectPasses(ctx.get(), sig.p);
}

TEST_F(Pkcs11, TokenKeyWithAnotherKeysCertificateIsRefused) {
  // The maker's token key offered with the signer's certificate: no stamp.
  pki::KeyPtr maker, signer;
  ASSERT_EQ(Open(maker, Uri("object=ec-maker")), 0) << LastError();
  ASSERT_EQ(Open(signer, Uri("object=ec-signer")), 0) << LastError();
  auto ctx = Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeSealAndStampWithKeys(ctx.get(), maker.get(), makers_[0].cert_file,
                                                   signer.get(), signers_[0].cert_file, now_,
                                                   seal, sig));
  auto cert = LoadCert(signers_[0].cert_file);
  EXPECT_EQ(eseal_key_matches_cert(maker.get(), cert.get()), 0);
  DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);
  eseal_signature *forged = nullptr;
  EXPECT_EQ(eseal_stamp(&forged, ctx.get(), seal.p, maker.get(), cert.get(), data.p, nullptr),
            ESEAL_ECRYPTO);
  EXPECT_EQ(forged, nullptr);
}

TEST_F(Pkcs11, PrivateValueCannotBeRead) {
  pki::KeyPtr key;
  ASSERT_EQ(Open(key, Uri("object=ec-signer")), 0) << LastError();
  EXPECT_EQ(eseal_key_pkcs11_non_extractable(key.get()), 1);
  softhsm::Session s(module_, "Seals", kPin);
  CK_OBJECT_HANDLE priv = s.Find(CKO_PRIVATE_KEY, "ec-signer");
  ASSERT_NE(priv, CK_INVALID_HANDLE);
  std::vector<uint8_t> value;
  EXPECT_EQ(s.Attribute(priv, CKA_VALUE, &value), CKR_ATTRIBUTE_SENSITIVE);
  // A software key is not a token key.
  auto soft = LoadKey(signers_[0].key_file);
  EXPECT_EQ(eseal_key_pkcs11_non_extractable(soft.get()), ESEAL_EINVAL);
}

TEST_F(Pkcs11, ExtractableKeyIsReportedAndRefusedByPolicy) {
  {
    softhsm::Session s(module_, "Other", kPin);
    if (s.Find(CKO_PRIVATE_KEY, "loose") == CK_INVALID_HANDLE)
      s.GenerateExtractableEc("loose", {0x09});
  }
  pki::KeyPtr key;
  ASSERT_EQ(Open(key, Uri("object=loose", "Other")), 0) << LastError();
  EXPECT_EQ(eseal_key_pkcs11_non_extractable(key.get()), 0);
  eseal_pkcs11_options o = ESEAL_PKCS11_OPTIONS_INIT;
  o.require_non_extractable = 1;
  EXPECT_EQ(Open(key, Uri("object=loose", "Other"), kPin, &o), ESEAL_EUNSUPPORTED);
  EXPECT_EQ(key, nullptr);
  // The policy lets a sensitive, non-extractable key through.
  EXPECT_EQ(Open(key, Uri("object=ec-signer"), kPin, &o), 0) << LastError();
}

TEST_F(Pkcs11, EachFailureHasItsCode) {
  pki::KeyPtr key;
  EXPECT_EQ(Open(key, Uri("object=ec-signer"), "9999"), ESEAL_EPASSWORD);
  EXPECT_EQ(Open(key, Uri("object=ec-signer"), nullptr), ESEAL_EPASSWORD);  // no PIN at all
  EXPECT_EQ(Open(key, "pkcs11:object=ec-signer?module-path=" + dir_->path() + "/absent.so"),
            ESEAL_EMODULE);
  EXPECT_EQ(Open(key, "pkcs11:token=Seals;object=ec-signer"), ESEAL_EMODULE);  // none given
  // A file that is no module.
  EXPECT_EQ(Open(key, "pkcs11:object=x?module-path=" + root_.cert_file), ESEAL_EMODULE);
  EXPECT_EQ(Open(key, Uri("object=nobody")), ESEAL_ENOTFOUND);
  EXPECT_EQ(Open(key, Uri("object=ec-signer", "Nowhere")), ESEAL_ENOTFOUND);
  EXPECT_EQ(Open(key, Uri("object=twin")), ESEAL_EAMBIGUOUS);
  // Without token=, two tokens hold an ec-signer: refused, not the first one taken.
  EXPECT_EQ(Open(key, "pkcs11:object=ec-signer?module-path=" + module_), ESEAL_EAMBIGUOUS);
  EXPECT_EQ(Open(key, Uri("object=ec-signer;type=cert")), ESEAL_EINVAL);
  EXPECT_EQ(key, nullptr);
  // The twins are told apart by their ids.
  EXPECT_EQ(Open(key, Uri("object=twin;id=%06")), 0) << LastError();
}

TEST_F(Pkcs11, ModuleByNameThroughP11KitConfiguration) {
  pki::KeyPtr key;
  // A module name is a file name: a configuration outside p11-kit's folders,
  // reached with ../, is not read even though it names a working module.
  std::ofstream(dir_->path() + "/evil.module") << "module: " << module_ << "\n";
  std::string escape = "../../../.." + dir_->path() + "/evil";  // up from /usr/share/p11-kit/…
  EXPECT_EQ(Open(key, "pkcs11:token=Seals;object=ec-signer?module-name=" + escape),
            ESEAL_EMODULE);
  EXPECT_EQ(Open(key, "pkcs11:token=Seals;object=ec-signer?module-name=no-such-module"),
            ESEAL_EMODULE);
  if (access("/usr/share/p11-kit/modules/softhsm2.module", R_OK) != 0)
    GTEST_SKIP() << "p11-kit has no softhsm2.module here";
  EXPECT_EQ(Open(key, "pkcs11:token=Seals;object=ec-signer?module-name=softhsm2"), 0)
      << LastError();
}

TEST_F(Pkcs11, PinSources) {
  const std::string uri = Uri("object=ec-signer");
  eseal_pkcs11_options o = ESEAL_PKCS11_OPTIONS_INIT;
  pki::KeyPtr key;
  std::string file = dir_->path() + "/pin.txt";
  std::ofstream(file) << kPin << "\n";
  o.pin_file = file.c_str();
  EXPECT_EQ(Open(key, uri, nullptr, &o), 0) << LastError();
  std::ofstream(file) << "0000\n";
  EXPECT_EQ(Open(key, uri, nullptr, &o), ESEAL_EPASSWORD);
  o = ESEAL_PKCS11_OPTIONS_INIT;
  setenv("ESEAL_TEST_TOKEN_PIN", kPin, 1);
  o.pin_env = "ESEAL_TEST_TOKEN_PIN";
  EXPECT_EQ(Open(key, uri, nullptr, &o), 0) << LastError();
  o.pin_env = "ESEAL_TEST_TOKEN_PIN_UNSET";
  EXPECT_EQ(Open(key, uri, nullptr, &o), ESEAL_EPASSWORD);
  unsetenv("ESEAL_TEST_TOKEN_PIN");
  o = ESEAL_PKCS11_OPTIONS_INIT;
  o.pin_callback = [](void *, const char *label, char *pin, size_t size) {
    if (std::string(label) != "Seals")
      return -1;
    snprintf(pin, size, "%s", kPin);
    return 0;
  };
  EXPECT_EQ(Open(key, uri, nullptr, &o), 0) << LastError();
  o.pin_callback = [](void *, const char *, char *, size_t) { return -1; };
  EXPECT_EQ(Open(key, uri, nullptr, &o), ESEAL_EPASSWORD);
  EXPECT_EQ(Open(key, uri + "&pin-value=1234", nullptr), 0) << LastError();
  std::ofstream(file) << kPin;
  EXPECT_EQ(Open(key, uri + "&pin-source=file:" + file, nullptr), 0) << LastError();
}

TEST_F(Pkcs11, CertificateFromTheToken) {
  auto cert = LoadCert(signers_[0].cert_file);
  size_t len = 0;
  const uint8_t *der = eseal_cert_der(cert.get(), &len);
  {
    softhsm::Session s(module_, "Other", kPin);
    if (s.Find(CKO_CERTIFICATE, "ec-signer") == CK_INVALID_HANDLE)
      s.AddCertificate("ec-signer", {0x02}, std::vector<uint8_t>(der, der + len));
  }
  eseal_pkcs11_options o = ESEAL_PKCS11_OPTIONS_INIT;
  o.pin = kPin;
  eseal_key *k = nullptr;
  eseal_cert *c = nullptr;
  ASSERT_EQ(eseal_key_from_pkcs11(&k, &c, Uri("object=ec-signer", "Other").c_str(), &o), 0)
      << LastError();
  pki::KeyPtr key(k);
  pki::CertPtr token_cert(c);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(eseal_key_matches_cert(k, c), 1);
  size_t len2 = 0;
  const uint8_t *der2 = eseal_cert_der(c, &len2);
  EXPECT_EQ(Bytes(der, der + len), Bytes(der2, der2 + len2));
  // A key on "Seals" without a certificate object gives none.
  ASSERT_EQ(eseal_key_from_pkcs11(&k, &c, Uri("object=ec-maker").c_str(), &o), 0);
  key.reset(k);
  EXPECT_EQ(c, nullptr);
}

TEST_F(Pkcs11, TokenCertificateOfAnotherKeyIsRefused) {
  // A certificate object carrying the key's CKA_ID but another public key.
  auto other = LoadCert(makers_[0].cert_file);
  size_t len = 0;
  const uint8_t *der = eseal_cert_der(other.get(), &len);
  {
    softhsm::Session s(module_, "Other", kPin);
    if (s.Find(CKO_PRIVATE_KEY, "lying") == CK_INVALID_HANDLE) {
      s.GenerateExtractableEc("lying", {0x0A});
      s.AddCertificate("lying", {0x0A}, std::vector<uint8_t>(der, der + len));
    }
  }
  pki::KeyPtr key;
  EXPECT_EQ(Open(key, Uri("object=lying", "Other")), ESEAL_ECRYPTO);
  EXPECT_EQ(key, nullptr);
}

TEST_F(Pkcs11, TwoThreadsStampWithOneTokenKey) {
  pki::KeyPtr maker, signer;
  ASSERT_EQ(Open(maker, Uri("object=ec-maker")), 0) << LastError();
  ASSERT_EQ(Open(signer, Uri("object=ec-signer")), 0) << LastError();
  auto ctx = Context();
  SealPtr seal;
  SignaturePtr first;
  ASSERT_NO_FATAL_FAILURE(MakeSealAndStampWithKeys(ctx.get(), maker.get(), makers_[0].cert_file,
                                                   signer.get(), signers_[0].cert_file, now_,
                                                   seal, first));
  auto cert = LoadCert(signers_[0].cert_file);
  constexpr int kRounds = 25;
  std::vector<eseal_signature *> sigs[2];
  int failures[2] = {0, 0};
  auto work = [&](int t) {
    for (int i = 0; i < kRounds; i++) {
      eseal_data *data = nullptr;
      eseal_signature *sig = nullptr;
      if (eseal_data_from_bytes(&data, kDocument.data(), kDocument.size()) != 0 ||
          eseal_stamp(&sig, ctx.get(), seal.p, signer.get(), cert.get(), data, nullptr) != 0)
        failures[t]++;
      else
        sigs[t].push_back(sig);
      eseal_data_free(data);
    }
  };
  std::thread a(work, 0), b(work, 1);
  a.join();
  b.join();
  EXPECT_EQ(failures[0] + failures[1], 0);
  for (auto &list : sigs)
    for (eseal_signature *sig : list) {
      ExpectPasses(ctx.get(), sig);
      eseal_signature_free(sig);
    }
  EXPECT_EQ(sigs[0].size() + sigs[1].size(), 2u * kRounds);
}

}  // namespace
