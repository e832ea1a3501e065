// SM2 through a real PKCS#11 module: tests/pkcs11-sm2/ signs with OpenSSL
// under a vendor mechanism, signing e or the message, answering r ‖ s or DER.
// It is loaded through the same URI and module code as SoftHSM2; every stamp
// verifies with libeseal and with `openssl dgst -sm3 -verify` over the
// TBS_Sign bytes. Mismatched settings, a wrong vendor mechanism and a locked
// PIN are refused with their codes.
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include <eseal.h>

#include "../support/openssl_pki.h"
#include "../support/workflow.h"

using namespace workflow;
using openssl_pki::Party;
using openssl_pki::Role;

namespace {

constexpr unsigned long kVendorMech = 0x80000101UL;

struct Mode {
  const char *name;
  const char *input, *output;  // module settings
  int sm2_input, sm2_output;   // what libeseal is told
};

const Mode kModes[] = {
    {"DigestRaw", "e", "raw", ESEAL_PKCS11_SM2_SIGNS_DIGEST, ESEAL_PKCS11_SM2_RAW},
    {"DigestDer", "e", "der", ESEAL_PKCS11_SM2_SIGNS_DIGEST, ESEAL_PKCS11_SM2_DER},
    {"MessageRaw", "message", "raw", ESEAL_PKCS11_SM2_SIGNS_MESSAGE, ESEAL_PKCS11_SM2_RAW},
    {"MessageDer", "message", "der", ESEAL_PKCS11_SM2_SIGNS_MESSAGE, ESEAL_PKCS11_SM2_DER},
};

class Pkcs11Sm2 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char *m = std::getenv("ESEAL_TEST_PKCS11_SM2_MODULE");
    module_ = m ? m : "";
    if (module_.empty())
      return;
    dir_ = new openssl_pki::TempDir();
    const std::string &d = dir_->path();
    root_ = openssl_pki::Issue(d, "root", "SM2 Root", "SM2", Role::kCa, nullptr);
    maker_ = openssl_pki::Issue(d, "maker", "SM2 Maker", "SM2", Role::kLeaf, &root_);
    signer_ = openssl_pki::Issue(d, "signer", "SM2 Token Signer", "SM2", Role::kLeaf, &root_);
    openssl_pki::Openssl(d, "pkey -in " + openssl_pki::Quote(signer_.key_file) + " -pubout -out " +
                                openssl_pki::Quote(d + "/pub.pem"));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (module_.empty())
      GTEST_SKIP() << "ESEAL_TEST_PKCS11_SM2_MODULE is not set (the test module is not built)";
    now_ = static_cast<int64_t>(std::time(nullptr)) + 60;
    conf_ = dir_->path() + "/module.conf";
    setenv("ESEAL_SM2_MODULE_CONF", conf_.c_str(), 1);
  }

  // Writes the module's configuration; `extra` lines are appended.
  void Configure(const char *input, const char *output, const std::string &extra = "") {
    std::ofstream(conf_) << "key=" << signer_.key_file << "\ncert=" << signer_.cert_file
                         << "\nmechanism=0x80000101\ninput=" << input << "\noutput=" << output
                         << "\npin=1234\n"
                         << extra;
  }

  std::string Uri() const {
    return "pkcs11:token=SM2%20Token;object=sm2-signer?module-path=" + module_;
  }

  int Open(pki::KeyPtr &out, const Mode &mode, const char *pin = "1234",
           unsigned long mech = kVendorMech, pki::CertPtr *cert = nullptr) {
    out.reset();
    eseal_pkcs11_options o = ESEAL_PKCS11_OPTIONS_INIT;
    o.pin = pin;
    o.sm2_mechanism = mech;
    o.sm2_input = mode.sm2_input;
    o.sm2_output = mode.sm2_output;
    eseal_key *k = nullptr;
    eseal_cert *c = nullptr;
    int rc = eseal_key_from_pkcs11(&k, &c, Uri().c_str(), &o);
    out.reset(k);
    if (cert)
      cert->reset(c);
    else
      eseal_cert_free(c);
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

  // A seal made in software listing the signer, then kDocument stamped with
  // the token `key`; the code of that stamping.
  int TokenStamp(eseal_ctx *ctx, eseal_key *key, SignaturePtr &sig) {
    auto maker_key = LoadKey(maker_.key_file);
    auto soft_signer = LoadKey(signer_.key_file);
    SignaturePtr soft;
    MakeSealAndStampWithKeys(ctx, maker_key.get(), maker_.cert_file, soft_signer.get(),
                             signer_.cert_file, now_, seal_, soft);
    if (HasFatalFailure())
      return ESEAL_ERROR;
    auto cert = LoadCert(signer_.cert_file);
    DataPtr data;
    EXPECT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);
    return eseal_stamp(&sig.p, ctx, seal_.p, key, cert.get(), data.p, nullptr);
  }

  // `openssl dgst -sm3 -verify` over the signature's TBS_Sign bytes ("" when OK).
  std::string OpensslVerify(const eseal_signature *sig, bool flip_tbs = false) {
    size_t tbs_len = 0, der_len = 0;
    const uint8_t *tbs = eseal_signature_tbs_bytes(sig, &tbs_len);
    const uint8_t *der = eseal_signature_value_der(sig, &der_len);
    std::string d = dir_->path();
    Bytes t(tbs, tbs + tbs_len);
    if (flip_tbs)
      t[t.size() / 2] ^= 1;
    std::ofstream(d + "/tbs.bin", std::ios::binary)
        .write(reinterpret_cast<const char *>(t.data()), static_cast<std::streamsize>(t.size()));
    std::ofstream(d + "/sig.der", std::ios::binary)
        .write(reinterpret_cast<const char *>(der), static_cast<std::streamsize>(der_len));
    std::string out = openssl_pki::Capture(
        "openssl dgst -sm3 -verify " + openssl_pki::Quote(d + "/pub.pem") +
        " -sigopt distid:1234567812345678 -signature " + openssl_pki::Quote(d + "/sig.der") +
        " " + openssl_pki::Quote(d + "/tbs.bin") + " 2>&1");
    return out.find("Verified OK") != std::string::npos ? "" : out;
  }

  static std::string module_;
  static openssl_pki::TempDir *dir_;
  static Party root_, maker_, signer_;
  std::string conf_;
  int64_t now_ = 0;
  SealPtr seal_;
};

std::string Pkcs11Sm2::module_;
openssl_pki::TempDir *Pkcs11Sm2::dir_;
Party Pkcs11Sm2::root_, Pkcs11Sm2::maker_, Pkcs11Sm2::signer_;

TEST_F(Pkcs11Sm2, EveryModeStampsAndVerifiesWithLibesealAndOpenssl) {
  for (const Mode &mode : kModes) {
    SCOPED_TRACE(mode.name);
    Configure(mode.input, mode.output);
    pki::KeyPtr key;
    pki::CertPtr token_cert;
    ASSERT_EQ(Open(key, mode, "1234", kVendorMech, &token_cert), 0) << LastError();
    EXPECT_STREQ(eseal_key_algorithm(key.get()), "SM2-SM3");
    EXPECT_EQ(eseal_key_pkcs11_non_extractable(key.get()), 1);
    ASSERT_NE(token_cert, nullptr);  // the module holds the certificate
    auto ctx = Context();
    SignaturePtr sig;
    ASSERT_EQ(TokenStamp(ctx.get(), key.get(), sig), 0) << LastError();
    ReportPtr r;
    Verify(r, ctx.get(), sig.p, &kDocument);
    ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
    EXPECT_EQ(OpensslVerify(sig.p), "");
    // The independent verifier is not fooled by other bytes.
    EXPECT_NE(OpensslVerify(sig.p, true), "");
  }
}

TEST_F(Pkcs11Sm2, MismatchedSettingsAreCaughtAtSigning) {
  // The module signs the message, libeseal is told it signs e (and the
  // reverse; and DER against raw): no stamp comes out, rather than one that never verifies.
  struct Case {
    const char *input, *output;
    int sm2_input, sm2_output;
  } cases[] = {
      {"message", "raw", ESEAL_PKCS11_SM2_SIGNS_DIGEST, ESEAL_PKCS11_SM2_RAW},
      {"e", "raw", ESEAL_PKCS11_SM2_SIGNS_MESSAGE, ESEAL_PKCS11_SM2_RAW},
      {"e", "der", ESEAL_PKCS11_SM2_SIGNS_DIGEST, ESEAL_PKCS11_SM2_RAW},
      {"e", "raw", ESEAL_PKCS11_SM2_SIGNS_DIGEST, ESEAL_PKCS11_SM2_DER},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(std::string(c.input) + "/" + c.output);
    Configure(c.input, c.output);
    Mode told = {"told", "", "", c.sm2_input, c.sm2_output};
    pki::KeyPtr key;
    ASSERT_EQ(Open(key, told), 0) << LastError();
    auto ctx = Context();
    SignaturePtr sig;
    EXPECT_EQ(TokenStamp(ctx.get(), key.get(), sig), ESEAL_ECRYPTO);
    EXPECT_EQ(sig.p, nullptr);
  }
}

TEST_F(Pkcs11Sm2, WrongVendorMechanismAndMissingMechanismAreRefused) {
  Configure("e", "raw");
  pki::KeyPtr key;
  EXPECT_EQ(Open(key, kModes[0], "1234", 0), ESEAL_EUNSUPPORTED);  // none configured
  ASSERT_EQ(Open(key, kModes[0], "1234", kVendorMech + 1), 0) << LastError();
  auto ctx = Context();
  SignaturePtr sig;
  EXPECT_EQ(TokenStamp(ctx.get(), key.get(), sig), ESEAL_EUNSUPPORTED);
  EXPECT_EQ(sig.p, nullptr);
}

TEST_F(Pkcs11Sm2, MessageModeRefusesAnotherSm2Id) {
  // A token that hashes the message itself uses the default ID; a context
  // with another ID must not get a signature made under the default one.
  Configure("message", "raw");
  pki::KeyPtr key;
  ASSERT_EQ(Open(key, kModes[2]), 0) << LastError();
  auto ctx = Context();
  SignaturePtr sig;
  auto maker_key = LoadKey(maker_.key_file);
  auto soft_signer = LoadKey(signer_.key_file);
  SignaturePtr soft;
  static const uint8_t other_id[] = {'A', 'L', 'I', 'C', 'E'};
  ASSERT_EQ(eseal_ctx_set_sm2_id(ctx.get(), other_id, sizeof other_id), 0);
  ASSERT_NO_FATAL_FAILURE(MakeSealAndStampWithKeys(ctx.get(), maker_key.get(), maker_.cert_file,
                                                   soft_signer.get(), signer_.cert_file, now_,
                                                   seal_, soft));
  auto cert = LoadCert(signer_.cert_file);
  DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);
  EXPECT_EQ(eseal_stamp(&sig.p, ctx.get(), seal_.p, key.get(), cert.get(), data.p, nullptr),
            ESEAL_EUNSUPPORTED);
}

TEST_F(Pkcs11Sm2, PinLocksAfterThreeWrongTries) {
  std::string state = dir_->path() + "/pin.state";
  std::remove(state.c_str());
  Configure("e", "raw", "tries=3\nstate=" + state + "\n");
  pki::KeyPtr key;
  EXPECT_EQ(Open(key, kModes[0], "0000"), ESEAL_EPASSWORD);
  EXPECT_EQ(Open(key, kModes[0], "0000"), ESEAL_EPASSWORD);
  EXPECT_EQ(Open(key, kModes[0], "0000"), ESEAL_ELOCKED);
  // Locked: even the right PIN is refused, before any login is tried.
  EXPECT_EQ(Open(key, kModes[0], "1234"), ESEAL_ELOCKED);
  EXPECT_EQ(key, nullptr);
  std::remove(state.c_str());
  EXPECT_EQ(Open(key, kModes[0], "1234"), 0) << LastError();
}

}  // namespace
