// CRL checking (src/revocation/crl*.c): reading DER and PEM, and the status of
// a certificate from candidate CRLs. Certificates and CRLs are built with
// OpenSSL's C API (tests/support/crl_builder.h) so that each negative test
// forges around exactly one rule, plus one CRL made by `openssl ca -gencrl`.
#include <ctime>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "../support/crl_builder.h"
#include "../support/openssl_pki.h"

extern "C" {
#include "eseal/errors.h"
#include "revocation/crl.h"
}

using namespace crl_builder;

namespace {

// The time checked: 2026-05-28T20:26:40Z.
constexpr int64_t kAt = 1780000000;
constexpr int64_t kDay = 86400;

// CRLReason values.
constexpr int kKeyCompromise = 1;
constexpr int kSuperseded = 4;
constexpr int kHold = 6;
constexpr int kRemove = 8;

// The answer's detail says `text`.
#define EXPECT_DETAIL(answer, text) \
  EXPECT_NE(std::string((answer).detail).find(text), std::string::npos) << (answer).detail

// Unusable, for the reason `text`.
#define EXPECT_UNUSABLE(answer, text)                                     \
  do {                                                                    \
    eseal__rev_answer answer_ = (answer);                                 \
    EXPECT_EQ(answer_.status, ESEAL__REV_UNUSABLE) << answer_.detail;     \
    EXPECT_DETAIL(answer_, text);                                         \
  } while (0)

std::string Text(const eseal__rev_answer &a) {
  return std::string(a.detail) + " [status " + std::to_string(a.status) + "]";
}

// A CA, the certificates it issues, and the CRLs it signs.
class CrlStatus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ca_key_ = new Key(NewKey("EC"));
    leaf_key_ = new Key(NewKey("EC"));
    other_key_ = new Key(NewKey("EC"));
  }
  static void TearDownTestSuite() {
    delete ca_key_;
    delete leaf_key_;
    delete other_key_;
  }

  void SetUp() override {
    ca_ = MakeCa("Test CA", ca_key());
    leaf_ = MakeLeaf(7);
  }

  static EVP_PKEY *ca_key() { return ca_key_->get(); }
  static EVP_PKEY *other_key() { return other_key_->get(); }

  static Cert MakeCa(const std::string &cn, EVP_PKEY *key, int key_usage = -1,
                     X509 *issuer = nullptr, EVP_PKEY *issuer_key = nullptr,
                     int64_t not_after = kAt + 365 * kDay) {
    CertSpec s;
    s.cn = cn;
    s.ca = true;
    s.key_usage = key_usage;
    s.serial = 1000;
    s.not_before = kAt - 365 * kDay;
    s.not_after = not_after;
    return IssueCert(s, key, issuer, issuer_key);
  }

  Cert MakeLeaf(long serial, std::vector<DistPoint> dps = {}, bool ca = false) {
    CertSpec s;
    s.cn = "Leaf " + std::to_string(serial);
    s.ca = ca;
    s.serial = serial;
    s.not_before = kAt - 100 * kDay;
    s.not_after = kAt + 100 * kDay;
    s.crldps = std::move(dps);
    return IssueCert(s, leaf_key_->get(), ca_.get(), ca_key());
  }

  static CrlSpec Spec(std::vector<Entry> entries = {}) {
    CrlSpec s;
    s.this_update = kAt - 3600;
    s.next_update = kAt + 7 * kDay;
    s.entries = std::move(entries);
    return s;
  }

  static Entry Revoked(long serial, int reason = -1) {
    Entry e;
    e.serial = serial;
    e.revoked_at = kAt - 2 * kDay;
    e.reason = reason;
    return e;
  }

  // A CRL of the CA.
  Crl Signed(const CrlSpec &spec) { return MakeCrl(spec, ca_.get(), ca_key()); }

  eseal__rev_answer Status(const std::vector<Crl> &crls, X509 *cert = nullptr,
                           const std::vector<Cert> &signers = {}, int64_t at = kAt,
                           int64_t skew = 0, const std::string &id = kSm2Id,
                           X509 *issuer = nullptr) {
    STACK_OF(X509_CRL) *stack = sk_X509_CRL_new_null();
    for (const auto &c : crls) sk_X509_CRL_push(stack, c.get());
    STACK_OF(X509) *sk = sk_X509_new_null();
    for (const auto &c : signers) sk_X509_push(sk, c.get());
    eseal__rev_answer a;
    int rc = eseal__crl_status(stack, cert ? cert : leaf_.get(), issuer ? issuer : ca_.get(),
                               signers.empty() ? nullptr : sk,
                               reinterpret_cast<const uint8_t *>(id.data()), id.size(), at, skew,
                               &a);
    sk_X509_free(sk);
    sk_X509_CRL_free(stack);
    EXPECT_EQ(rc, 0);
    return a;
  }

  static Key *ca_key_, *leaf_key_, *other_key_;
  Cert ca_, leaf_;
};

Key *CrlStatus::ca_key_ = nullptr;
Key *CrlStatus::leaf_key_ = nullptr;
Key *CrlStatus::other_key_ = nullptr;

// --- Reading -------------------------------------------------------------

class CrlRead : public CrlStatus {};

TEST_F(CrlRead, ReadsOneDerCrl) {
  std::string der = Der(Signed(Spec()).get());
  STACK_OF(X509_CRL) *crls = nullptr;
  ASSERT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(der.data()), der.size(), &crls), 0);
  ASSERT_NE(crls, nullptr);
  EXPECT_EQ(sk_X509_CRL_num(crls), 1);
  sk_X509_CRL_pop_free(crls, X509_CRL_free);
}

TEST_F(CrlRead, ReadsEveryCrlOfAPemBundleAndAppends) {
  CrlSpec second = Spec({Revoked(7)});
  second.number = 2;
  std::string pem = "a comment\n" + Pem(Signed(Spec()).get()) + Pem(Signed(second).get());
  Crl already = Signed(Spec());
  X509_CRL_up_ref(already.get());
  STACK_OF(X509_CRL) *crls = sk_X509_CRL_new_null();
  sk_X509_CRL_push(crls, already.get());
  ASSERT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(pem.data()), pem.size(), &crls), 0);
  ASSERT_EQ(sk_X509_CRL_num(crls), 3);
  // In order: the second block is the CRL listing the leaf.
  STACK_OF(X509_CRL) *just_second = sk_X509_CRL_new_null();
  sk_X509_CRL_push(just_second, sk_X509_CRL_value(crls, 2));
  eseal__rev_answer a;
  ASSERT_EQ(eseal__crl_status(just_second, leaf_.get(), ca_.get(), nullptr, nullptr, 0, kAt, 0, &a),
            0);
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  sk_X509_CRL_free(just_second);
  sk_X509_CRL_pop_free(crls, X509_CRL_free);
}

TEST_F(CrlRead, DamagedPemBlockIsRefusedAndNothingIsAppended) {
  std::string good = Pem(Signed(Spec()).get());
  std::string bad = good;
  bad[bad.find('\n') + 10] = '*';  // not base64
  std::string pem = good + bad;
  STACK_OF(X509_CRL) *crls = nullptr;
  EXPECT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(pem.data()), pem.size(), &crls),
            ESEAL_EFORMAT);
  EXPECT_EQ(crls, nullptr);
  // A block whose base64 is fine but whose bytes are no CRL.
  std::string cut = good;
  size_t body = cut.find('\n') + 1;
  cut.erase(body, 64 + 1);  // one whole line of base64 less
  EXPECT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(cut.data()), cut.size(), &crls),
            ESEAL_EFORMAT);
  EXPECT_EQ(crls, nullptr);
}

// One input (a file, a fetched body, a validation-data item) holds at most
// 64 CRLs: more is refused, and nothing is appended.
TEST_F(CrlRead, AtMost64CrlsAnInput) {
  std::string one = Pem(Signed(Spec()).get()), pem;
  for (int i = 0; i < 64; i++) pem += one;
  STACK_OF(X509_CRL) *crls = nullptr;
  ASSERT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(pem.data()), pem.size(), &crls), 0);
  EXPECT_EQ(sk_X509_CRL_num(crls), 64);
  sk_X509_CRL_pop_free(crls, X509_CRL_free);
  crls = nullptr;
  pem += one;
  EXPECT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(pem.data()), pem.size(), &crls),
            ESEAL_ELIMIT);
  EXPECT_EQ(crls, nullptr);
}

TEST_F(CrlRead, RefusesWhatIsNoCrl) {
  STACK_OF(X509_CRL) *crls = nullptr;
  std::string der = Der(Signed(Spec()).get());
  std::string trailing = der + "x";
  EXPECT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(trailing.data()), trailing.size(),
                            &crls),
            ESEAL_EFORMAT);
  std::string truncated = der.substr(0, der.size() - 1);
  EXPECT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(truncated.data()), truncated.size(),
                            &crls),
            ESEAL_EFORMAT);
  std::string other = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
  EXPECT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(other.data()), other.size(), &crls),
            ESEAL_EFORMAT);
  EXPECT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(""), 0, &crls), ESEAL_EFORMAT);
  EXPECT_EQ(crls, nullptr);
}

TEST_F(CrlRead, OversizeInputIsRefusedBeforeParsing) {
  std::vector<uint8_t> big(ESEAL__CRL_MAX_BYTES + 1, 0x30);
  STACK_OF(X509_CRL) *crls = nullptr;
  EXPECT_EQ(eseal__crl_read(big.data(), big.size(), &crls), ESEAL_ELIMIT);
  EXPECT_EQ(crls, nullptr);
}

// --- Signature algorithms ------------------------------------------------

TEST_F(CrlStatus, P256SignedCrl) {
  eseal__rev_answer good = Status({Signed(Spec({Revoked(8)}))});
  EXPECT_EQ(good.status, ESEAL__REV_GOOD) << Text(good);
  EXPECT_DETAIL(good, "not listed in the CRL of");
  EXPECT_STREQ(good.source, "crl");
  EXPECT_EQ(good.this_update, kAt - 3600);
  EXPECT_EQ(good.next_update, kAt + 7 * kDay);
  eseal__rev_answer bad = Status({Signed(Spec({Revoked(8), Revoked(7)}))});
  EXPECT_EQ(bad.status, ESEAL__REV_REVOKED) << Text(bad);
}

TEST_F(CrlStatus, RsaSignedCrl) {
  Key rsa = NewKey("RSA");
  Cert ca = MakeCa("RSA CA", rsa.get());
  CertSpec s;
  s.cn = "RSA leaf";
  s.serial = 3;
  s.not_before = kAt - kDay;
  s.not_after = kAt + kDay;
  Cert leaf = IssueCert(s, leaf_key_->get(), ca.get(), rsa.get());
  eseal__rev_answer good = Status({MakeCrl(Spec(), ca.get(), rsa.get())}, leaf.get(), {}, kAt, 0,
                                  kSm2Id, ca.get());
  EXPECT_EQ(good.status, ESEAL__REV_GOOD) << Text(good);
  eseal__rev_answer bad = Status({MakeCrl(Spec({Revoked(3)}), ca.get(), rsa.get())}, leaf.get(), {},
                                 kAt, 0, kSm2Id, ca.get());
  EXPECT_EQ(bad.status, ESEAL__REV_REVOKED) << Text(bad);
}

TEST_F(CrlStatus, Sm2SignedCrlNeedsTheRightId) {
  Key sm2 = NewKey("SM2");
  Cert ca = MakeCa("SM2 CA", sm2.get());
  CertSpec s;
  s.cn = "SM2 leaf";
  s.serial = 3;
  s.not_before = kAt - kDay;
  s.not_after = kAt + kDay;
  Key leaf_key = NewKey("SM2");
  Cert leaf = IssueCert(s, leaf_key.get(), ca.get(), sm2.get());
  Crl crl = MakeCrl(Spec(), ca.get(), sm2.get());
  eseal__rev_answer good = Status({crl}, leaf.get(), {}, kAt, 0, kSm2Id, ca.get());
  EXPECT_EQ(good.status, ESEAL__REV_GOOD) << Text(good);
  eseal__rev_answer listed =
      Status({MakeCrl(Spec({Revoked(3)}), ca.get(), sm2.get())}, leaf.get(), {}, kAt, 0, kSm2Id,
             ca.get());
  EXPECT_EQ(listed.status, ESEAL__REV_REVOKED) << Text(listed);
  // Forgery: checked with another SM2 ID, the signature does not verify.
  eseal__rev_answer other_id = Status({crl}, leaf.get(), {}, kAt, 0, "another-id", ca.get());
  EXPECT_EQ(other_id.status, ESEAL__REV_UNUSABLE);
  EXPECT_DETAIL(other_id, "signature does not verify");
}

TEST_F(CrlStatus, CrlMadeByOpensslCaGencrl) {
  openssl_pki::TempDir dir;
  auto ca = openssl_pki::Issue(dir.path(), "ca", "Command CA", "EC", openssl_pki::Role::kCa, nullptr);
  auto revoked = openssl_pki::Issue(dir.path(), "revoked", "Revoked", "EC", openssl_pki::Role::kLeaf, &ca);
  auto kept = openssl_pki::Issue(dir.path(), "kept", "Kept", "EC", openssl_pki::Role::kLeaf, &ca);
  std::string pem = GenCrlWithCommand(dir.path(), ca, revoked);
  STACK_OF(X509_CRL) *crls = nullptr;
  ASSERT_EQ(eseal__crl_read(reinterpret_cast<const uint8_t *>(pem.data()), pem.size(), &crls), 0);
  auto load = [](const std::string &file) {
    FILE *f = fopen(file.c_str(), "r");
    X509 *x = PEM_read_X509(f, nullptr, nullptr, nullptr);
    fclose(f);
    return Cert(x, CertFree());
  };
  Cert ca_cert = load(ca.cert_file), revoked_cert = load(revoked.cert_file),
       kept_cert = load(kept.cert_file);
  // The command dates the CRL now; checked an hour later.
  int64_t at = static_cast<int64_t>(time(nullptr)) + 3600;
  eseal__rev_answer a;
  ASSERT_EQ(eseal__crl_status(crls, revoked_cert.get(), ca_cert.get(), nullptr, nullptr, 0, at, 0,
                              &a),
            0);
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  EXPECT_EQ(a.reason, kKeyCompromise);
  EXPECT_DETAIL(a, "number 4096");
  ASSERT_EQ(eseal__crl_status(crls, kept_cert.get(), ca_cert.get(), nullptr, nullptr, 0, at, 0, &a),
            0);
  EXPECT_EQ(a.status, ESEAL__REV_GOOD) << Text(a);
  sk_X509_CRL_pop_free(crls, X509_CRL_free);
}

// --- Issuer, signer and signature ----------------------------------------

TEST_F(CrlStatus, CrlOfAnotherIssuerNameIsNotUsed) {
  CrlSpec spec = Spec();
  spec.issuer_cn = "Other CA";  // signed by the right key, under another name
  EXPECT_UNUSABLE(Status({Signed(spec)}), "is not the certificate issuer");
}

TEST_F(CrlStatus, CertificateOfAnotherIssuerIsNotJudged) {
  Cert other = MakeCa("Other CA", other_key());
  EXPECT_UNUSABLE(Status({Signed(Spec())}, nullptr, {}, kAt, 0, kSm2Id, other.get()),
                  "not the given issuer's subject");
}

TEST_F(CrlStatus, SignatureByAnotherKeyIsRefused) {
  // Same issuer name and AKID, signed with a key that is not the CA's.
  EXPECT_UNUSABLE(Status({MakeCrl(Spec(), ca_.get(), other_key())}), "signature does not verify");
}

TEST_F(CrlStatus, SignatureIsCheckedOverTheBytesReceived) {
  std::string der = Der(Signed(Spec({Revoked(8)})).get());
  // The serial 8 in the entry becomes 7: still a well-formed CRL, no longer the one signed.
  size_t at = der.find(std::string("\x02\x01\x08", 3));
  ASSERT_NE(at, std::string::npos);
  der[at + 2] = 7;
  const unsigned char *p = reinterpret_cast<const unsigned char *>(der.data());
  Crl tampered(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())), CrlFree());
  ASSERT_TRUE(tampered);
  EXPECT_UNUSABLE(Status({tampered}), "signature does not verify");
}

TEST_F(CrlStatus, SignatureAlgorithmMustMatchTheSignedOne) {
  std::string der = Der(Signed(Spec()).get());
  // The outer ecdsa-with-SHA256 becomes ecdsa-with-SHA384 (the last of the two copies).
  const std::string oid("\x06\x08\x2a\x86\x48\xce\x3d\x04\x03\x02", 10);
  size_t at = der.rfind(oid);
  ASSERT_NE(at, std::string::npos);
  ASSERT_NE(der.find(oid), at);
  der[at + oid.size() - 1] = 3;
  const unsigned char *p = reinterpret_cast<const unsigned char *>(der.data());
  Crl changed(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())), CrlFree());
  ASSERT_TRUE(changed);
  EXPECT_UNUSABLE(Status({changed}), "differs inside and outside");
}

TEST_F(CrlStatus, AuthorityKeyIdentifierMustMatchTheIssuer) {
  CrlSpec spec = Spec();
  spec.akid_wrong = true;
  EXPECT_UNUSABLE(Status({Signed(spec)}), "authorityKeyIdentifier does not match");
  spec.akid_wrong = false;
  spec.akid = false;  // none: nothing to compare
  EXPECT_EQ(Status({Signed(spec)}).status, ESEAL__REV_GOOD);
}

TEST_F(CrlStatus, IssuerWithoutCrlSignKeyUsageCannotSign) {
  Cert ca = MakeCa("Test CA", ca_key(), KU_KEY_CERT_SIGN);  // same name and key, no cRLSign
  EXPECT_UNUSABLE(Status({Signed(Spec())}, nullptr, {}, kAt, 0, kSm2Id, ca.get()),
                  "issuer's key usage does not allow cRLSign");
  Cert unrestricted = MakeCa("Test CA", ca_key(), 0);  // no keyUsage extension at all
  EXPECT_EQ(Status({Signed(Spec())}, nullptr, {}, kAt, 0, kSm2Id, unrestricted.get()).status,
            ESEAL__REV_GOOD);
}

TEST_F(CrlStatus, SeparateCrlSigningKeyOfTheIssuer) {
  // A certificate with the CA's name and another key, issued by the CA for CRLs.
  Cert crl_key = MakeCa("Test CA", other_key(), KU_CRL_SIGN, ca_.get(), ca_key());
  Crl crl = MakeCrl(Spec({Revoked(7)}), crl_key.get(), other_key());
  eseal__rev_answer a = Status({crl}, nullptr, {crl_key});
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  // Without it, only the CA's own key is tried.
  EXPECT_UNUSABLE(Status({crl}), "(signer: the issuer)");
}

// An indirect CRL: "CRL Signer" signs for the CA, which names it in the leaf's cRLIssuer.
class IndirectCrl : public CrlStatus {
 protected:
  void SetUp() override {
    CrlStatus::SetUp();
    DistPoint dp;
    dp.crl_issuers = {"CRL Signer"};
    leaf_ = MakeLeaf(7, {dp});
    signer_ = MakeCa("CRL Signer", other_key(), KU_CRL_SIGN, ca_.get(), ca_key());
  }
  Crl Indirect(CrlSpec spec, X509 *signer = nullptr, EVP_PKEY *key = nullptr) {
    spec.idp.present = true;
    spec.idp.indirect = true;
    return MakeCrl(spec, signer ? signer : signer_.get(), key ? key : other_key());
  }
  Cert signer_;
};

TEST_F(IndirectCrl, SignedByANamedSignerOfTheIssuer) {
  CrlSpec spec = Spec();
  Entry e = Revoked(7);
  e.certificate_issuer = "Test CA";
  spec.entries = {e};
  eseal__rev_answer a = Status({Indirect(spec)}, nullptr, {signer_});
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  EXPECT_DETAIL(a, "CRL Signer");
  EXPECT_EQ(Status({Indirect(Spec())}, nullptr, {signer_}).status, ESEAL__REV_GOOD);
}

TEST_F(IndirectCrl, MustBeMarkedIndirect) {
  CrlSpec spec = Spec();
  EXPECT_UNUSABLE(Status({MakeCrl(spec, signer_.get(), other_key())}, nullptr, {signer_}),
                  "not marked indirectCRL");
}

TEST_F(IndirectCrl, SignerMustBeAmongTheCrlSigners) {
  EXPECT_UNUSABLE(Status({Indirect(Spec())}), "no certificate of the CRL signers");
}

TEST_F(IndirectCrl, SignerMustBeNamedByTheCertificate) {
  leaf_ = MakeLeaf(7);  // no cRLIssuer
  EXPECT_UNUSABLE(Status({Indirect(Spec())}, nullptr, {signer_}), "names no cRLIssuer");
  DistPoint dp;
  dp.crl_issuers = {"Somebody Else"};
  leaf_ = MakeLeaf(7, {dp});
  EXPECT_UNUSABLE(Status({Indirect(Spec())}, nullptr, {signer_}),
                  "neither the certificate issuer nor a cRLIssuer");
}

TEST_F(IndirectCrl, SignerNeedsCrlSignKeyUsage) {
  Cert signer = MakeCa("CRL Signer", other_key(), KU_DIGITAL_SIGNATURE, ca_.get(), ca_key());
  EXPECT_UNUSABLE(Status({Indirect(Spec(), signer.get())}, nullptr, {signer}),
                  "signer's key usage does not allow cRLSign");
}

TEST_F(IndirectCrl, SignerMustBeIssuedByTheIssuer) {
  Key third = NewKey("EC");
  Cert elsewhere_ca = MakeCa("Elsewhere CA", third.get());
  Cert signer = MakeCa("CRL Signer", other_key(), KU_CRL_SIGN, elsewhere_ca.get(), third.get());
  EXPECT_UNUSABLE(Status({Indirect(Spec(), signer.get())}, nullptr, {signer}),
                  "not issued by the certificate issuer");
}

TEST_F(IndirectCrl, SignerMustBeSignedByTheIssuer) {
  // Names the CA as its issuer, but the CA's key did not sign it.
  Key third = NewKey("EC");
  Cert impostor_ca = MakeCa("Test CA", third.get());
  Cert signer = MakeCa("CRL Signer", other_key(), KU_CRL_SIGN, impostor_ca.get(), third.get());
  EXPECT_UNUSABLE(Status({Indirect(Spec(), signer.get())}, nullptr, {signer}),
                  "not signed by the certificate issuer");
}

TEST_F(IndirectCrl, SignerMustBeValidAtTheTimeChecked) {
  Cert signer = MakeCa("CRL Signer", other_key(), KU_CRL_SIGN, ca_.get(), ca_key(), kAt - 1);
  EXPECT_UNUSABLE(Status({Indirect(Spec(), signer.get())}, nullptr, {signer}),
                  "not valid at the time checked");
}

TEST_F(IndirectCrl, Sm2SignerCertificateIsCheckedWithTheSm2Id) {
  Key ca_key = NewKey("SM2"), signer_key = NewKey("SM2");
  Cert ca = MakeCa("Test CA", ca_key.get());
  Cert signer = MakeCa("CRL Signer", signer_key.get(), KU_CRL_SIGN, ca.get(), ca_key.get());
  DistPoint dp;
  dp.crl_issuers = {"CRL Signer"};
  CertSpec s;
  s.cn = "SM2 leaf";
  s.serial = 7;
  s.not_before = kAt - kDay;
  s.not_after = kAt + kDay;
  s.crldps = {dp};
  Cert leaf = IssueCert(s, leaf_key_->get(), ca.get(), ca_key.get());
  CrlSpec spec = Spec();
  Entry e = Revoked(7);
  e.certificate_issuer = "Test CA";
  spec.entries = {e};
  Crl crl = Indirect(spec, signer.get(), signer_key.get());
  eseal__rev_answer a = Status({crl}, leaf.get(), {signer}, kAt, 0, kSm2Id, ca.get());
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  EXPECT_UNUSABLE(Status({crl}, leaf.get(), {signer}, kAt, 0, "another-id", ca.get()),
                  "not signed by the certificate issuer");
}

TEST_F(IndirectCrl, CertificateIssuerExtensionAssignsTheEntriesAfterIt) {
  // Entries: 5 (the CRL signer's own), 7 and 9 of Other CA, then 11 of Test CA.
  CrlSpec spec = Spec();
  Entry own = Revoked(5), other7 = Revoked(7), other9 = Revoked(9), ours = Revoked(11);
  other7.certificate_issuer = "Other CA";
  ours.certificate_issuer = "Test CA";
  spec.entries = {own, other7, other9, ours};
  Crl crl = Indirect(spec);
  DistPoint dp;
  dp.crl_issuers = {"CRL Signer"};
  for (long serial : {5L, 7L, 9L}) {
    Cert cert = MakeLeaf(serial, {dp});
    eseal__rev_answer a = Status({crl}, cert.get(), {signer_});
    EXPECT_EQ(a.status, ESEAL__REV_GOOD) << "serial " << serial << ": " << Text(a);
  }
  Cert cert = MakeLeaf(11, {dp});
  EXPECT_EQ(Status({crl}, cert.get(), {signer_}).status, ESEAL__REV_REVOKED);
}

// --- Scope ---------------------------------------------------------------

TEST_F(CrlStatus, OnlyUserCertsDoesNotCoverACa) {
  Cert sub_ca = MakeLeaf(7, {}, true);
  CrlSpec spec = Spec();
  spec.idp.present = true;
  spec.idp.only_user = true;
  EXPECT_UNUSABLE(Status({Signed(spec)}, sub_ca.get()), "only end-entity certificates");
  EXPECT_EQ(Status({Signed(spec)}).status, ESEAL__REV_GOOD);
}

TEST_F(CrlStatus, OnlyCaCertsDoesNotCoverALeaf) {
  CrlSpec spec = Spec();
  spec.idp.present = true;
  spec.idp.only_ca = true;
  EXPECT_UNUSABLE(Status({Signed(spec)}), "only CA certificates");
  Cert sub_ca = MakeLeaf(7, {}, true);
  EXPECT_EQ(Status({Signed(spec)}, sub_ca.get()).status, ESEAL__REV_GOOD);
}

TEST_F(CrlStatus, OnlyAttributeCertsCoversNoPublicKeyCertificate) {
  CrlSpec spec = Spec({Revoked(7)});
  spec.idp.present = true;
  spec.idp.only_attr = true;
  EXPECT_UNUSABLE(Status({Signed(spec)}), "only attribute certificates");
}

TEST_F(CrlStatus, PartitionedByReasonProvesRevokedButNotGood) {
  CrlSpec spec = Spec();
  spec.idp.present = true;
  spec.idp.only_some_reasons = {1, 2};  // keyCompromise, cACompromise
  EXPECT_UNUSABLE(Status({Signed(spec)}), "only some revocation reasons");
  spec.entries = {Revoked(7, kKeyCompromise)};
  EXPECT_EQ(Status({Signed(spec)}).status, ESEAL__REV_REVOKED);
  spec.entries.clear();
  spec.idp.only_some_reasons = {1, 2, 3, 4, 5, 6, 7, 8};  // every reason
  EXPECT_EQ(Status({Signed(spec)}).status, ESEAL__REV_GOOD);
}

TEST_F(CrlStatus, DistributionPointReasonsLimitTheCoverage) {
  DistPoint dp;
  dp.uris = {"http://crl.example/ca.crl"};
  dp.reasons = {1};
  leaf_ = MakeLeaf(7, {dp});
  EXPECT_UNUSABLE(Status({Signed(Spec())}), "only some revocation reasons");
}

TEST_F(CrlStatus, DistributionPointMustBeOneOfTheCertificates) {
  DistPoint dp;
  dp.uris = {"http://crl.example/part1.crl"};
  leaf_ = MakeLeaf(7, {dp});
  CrlSpec spec = Spec();
  spec.idp.present = true;
  spec.idp.uris = {"http://crl.example/part2.crl"};
  EXPECT_UNUSABLE(Status({Signed(spec)}), "not one of the certificate's");
  spec.idp.uris = {"http://crl.example/part1.crl"};
  EXPECT_EQ(Status({Signed(spec)}).status, ESEAL__REV_GOOD);
}

TEST_F(CrlStatus, RelativeDistributionPointNames) {
  DistPoint dp;
  dp.relative_cn = "Partition 1";
  leaf_ = MakeLeaf(7, {dp});
  CrlSpec spec = Spec();
  spec.idp.present = true;
  spec.idp.relative_cn = "Partition 2";
  EXPECT_UNUSABLE(Status({Signed(spec)}), "not one of the certificate's");
  spec.idp.relative_cn = "Partition 1";
  EXPECT_EQ(Status({Signed(spec)}).status, ESEAL__REV_GOOD);
}

TEST_F(CrlStatus, DistributionPointCrlDoesNotCoverACertificateNamingNone) {
  CrlSpec spec = Spec();
  spec.idp.present = true;
  spec.idp.uris = {"http://crl.example/part1.crl"};
  EXPECT_UNUSABLE(Status({Signed(spec)}), "the certificate names none");
}

TEST_F(CrlStatus, UnknownCriticalCrlExtensionMakesItUnusable) {
  CrlSpec spec = Spec({Revoked(7)});
  spec.unknown_critical = true;
  EXPECT_UNUSABLE(Status({Signed(spec)}), "unknown critical CRL extension 1.3.6.1.4.1.55555.7.1");
}

TEST_F(CrlStatus, UnknownCriticalEntryExtensionMakesItUnusable) {
  Entry e = Revoked(99);  // another certificate's entry
  e.unknown_critical = true;
  EXPECT_UNUSABLE(Status({Signed(Spec({e}))}), "unknown critical entry extension");
}

// --- Windows -------------------------------------------------------------

TEST_F(CrlStatus, CrlFromTheFutureIsNotUsed) {
  CrlSpec spec = Spec({Revoked(7)});
  spec.this_update = kAt + 61;
  spec.next_update = kAt + 7 * kDay;
  EXPECT_UNUSABLE(Status({Signed(spec)}, nullptr, {}, kAt, 60), "from the future");
  spec.this_update = kAt + 60;  // within the skew
  EXPECT_EQ(Status({Signed(spec)}, nullptr, {}, kAt, 60).status, ESEAL__REV_REVOKED);
}

TEST_F(CrlStatus, TimeNotInDerFormIsNeverInRange) {
  CrlSpec spec = Spec({Revoked(7)});
  spec.this_update_raw = "2605280000+0800";  // an offset, no seconds
  Crl crl = Signed(spec);
  EXPECT_UNUSABLE(Status({crl}), "thisUpdate is not a DER");
}

TEST_F(CrlStatus, NextUpdateBeforeThisUpdateIsMalformed) {
  CrlSpec spec = Spec();
  spec.next_update = spec.this_update - 1;
  EXPECT_UNUSABLE(Status({Signed(spec)}, nullptr, {}, kAt, 7 * kDay), "nextUpdate is before thisUpdate");
}

TEST_F(CrlStatus, StaleCrlStillProvesARevocation) {
  CrlSpec spec = Spec({Revoked(7, kKeyCompromise)});
  spec.this_update = kAt - 30 * kDay;
  spec.next_update = kAt - 23 * kDay;
  eseal__rev_answer a = Status({Signed(spec)});
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
}

TEST_F(CrlStatus, StaleCrlCannotProveGood) {
  CrlSpec spec = Spec();
  spec.this_update = kAt - 30 * kDay;
  spec.next_update = kAt - 61;
  EXPECT_UNUSABLE(Status({Signed(spec)}, nullptr, {}, kAt, 60), "stale");
  spec.next_update = kAt - 60;  // the last second the skew allows
  EXPECT_EQ(Status({Signed(spec)}, nullptr, {}, kAt, 60).status, ESEAL__REV_GOOD);
}

TEST_F(CrlStatus, MissingNextUpdateIsNotedAndCountsAsCurrent) {
  CrlSpec spec = Spec();
  spec.next_update = 0;
  eseal__rev_answer a = Status({Signed(spec)});
  EXPECT_EQ(a.status, ESEAL__REV_GOOD) << Text(a);
  EXPECT_DETAIL(a, "no nextUpdate");
  EXPECT_EQ(a.next_update, 0);
}

// --- Entries -------------------------------------------------------------

TEST_F(CrlStatus, ReasonCodeAndInvalidityDateAreReported) {
  Entry e = Revoked(7, kSuperseded);
  e.invalidity_date = kAt - 10 * kDay;
  eseal__rev_answer a = Status({Signed(Spec({e}))});
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  EXPECT_EQ(a.reason, kSuperseded);
  EXPECT_EQ(a.revocation_time, kAt - 2 * kDay);
  EXPECT_EQ(a.invalidity_date, kAt - 10 * kDay);
  eseal__rev_answer plain = Status({Signed(Spec({Revoked(7)}))});
  EXPECT_EQ(plain.reason, -1);
  EXPECT_EQ(plain.invalidity_date, 0);
}

TEST_F(CrlStatus, HoldCountsOnlyWhileCurrent) {
  CrlSpec spec = Spec({Revoked(7, kHold)});
  eseal__rev_answer a = Status({Signed(spec)});
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  EXPECT_EQ(a.reason, kHold);
  spec.this_update = kAt - 30 * kDay;
  spec.next_update = kAt - 23 * kDay;
  EXPECT_UNUSABLE(Status({Signed(spec)}), "on hold, but is past its nextUpdate");
}

TEST_F(CrlStatus, HoldLiftedByANewerCompleteCrl) {
  CrlSpec held = Spec({Revoked(7, kHold)});
  held.number = 5;
  CrlSpec lifted = Spec();
  lifted.number = 6;
  eseal__rev_answer a = Status({Signed(held), Signed(lifted)});
  EXPECT_EQ(a.status, ESEAL__REV_GOOD) << Text(a);
  EXPECT_DETAIL(a, "number 6");
}

TEST_F(CrlStatus, RemoveFromCrlInACompleteCrlIsRefused) {
  EXPECT_UNUSABLE(Status({Signed(Spec({Revoked(7, kRemove)}))}), "only a delta CRL may");
}

// --- Delta CRLs ----------------------------------------------------------

class DeltaCrl : public CrlStatus {
 protected:
  Crl Base(long number, std::vector<Entry> entries = {}) {
    CrlSpec spec = Spec(std::move(entries));
    spec.number = number;
    spec.this_update = kAt - 5 * kDay;
    return Signed(spec);
  }
  CrlSpec DeltaSpec(long number, long base, std::vector<Entry> entries = {}) {
    CrlSpec spec = Spec(std::move(entries));
    spec.number = number;
    spec.delta_base = base;
    spec.next_update = kAt + kDay;
    return spec;
  }
  Crl Delta(long number, long base, std::vector<Entry> entries = {}) {
    return Signed(DeltaSpec(number, base, std::move(entries)));
  }
};

TEST_F(DeltaCrl, DeltaCompletesTheBase) {
  eseal__rev_answer a = Status({Base(10), Delta(12, 10, {Revoked(7, kKeyCompromise)})});
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  EXPECT_STREQ(a.source, "delta-crl");
  EXPECT_DETAIL(a, "delta CRL number 12");
  eseal__rev_answer good = Status({Base(10), Delta(12, 10, {Revoked(8)})});
  EXPECT_EQ(good.status, ESEAL__REV_GOOD) << Text(good);
  EXPECT_STREQ(good.source, "delta-crl");
  EXPECT_EQ(good.next_update, kAt + kDay);
}

// A good answer from a base and its delta holds until the earlier nextUpdate,
// whichever CRL has it (the answer is cached for that long).
TEST_F(DeltaCrl, GoodFromBaseAndDeltaEndsAtTheEarlierNextUpdate) {
  CrlSpec base = Spec();
  base.number = 10;
  base.this_update = kAt - 5 * kDay;
  base.next_update = kAt + 2 * kDay;
  CrlSpec delta = DeltaSpec(12, 10);
  delta.next_update = kAt + 5 * kDay;
  eseal__rev_answer a = Status({Signed(base), Signed(delta)});
  EXPECT_EQ(a.status, ESEAL__REV_GOOD) << Text(a);
  EXPECT_EQ(a.next_update, kAt + 2 * kDay);
  delta.next_update = kAt + kDay;
  EXPECT_EQ(Status({Signed(base), Signed(delta)}).next_update, kAt + kDay);
}

TEST_F(DeltaCrl, RemoveFromCrlLiftsAHold) {
  Crl base = Base(10, {Revoked(7, kHold)});
  EXPECT_EQ(Status({base}).status, ESEAL__REV_REVOKED);
  eseal__rev_answer a = Status({base, Delta(11, 10, {Revoked(7, kRemove)})});
  EXPECT_EQ(a.status, ESEAL__REV_GOOD) << Text(a);
  // A revocation for good is not undone.
  Crl revoked = Base(10, {Revoked(7, kKeyCompromise)});
  EXPECT_EQ(Status({revoked, Delta(11, 10, {Revoked(7, kRemove)})}).status, ESEAL__REV_REVOKED);
}

TEST_F(DeltaCrl, DeltaOnALaterBaseDoesNotApply) {
  Crl base = Base(10, {Revoked(7, kHold)});
  eseal__rev_answer a = Status({base, Delta(12, 11, {Revoked(7, kRemove)})});
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  EXPECT_STREQ(a.source, "crl");
}

TEST_F(DeltaCrl, DeltaNotNewerThanTheBaseDoesNotApply) {
  Crl base = Base(10, {Revoked(7, kHold)});
  eseal__rev_answer a = Status({base, Delta(10, 8, {Revoked(7, kRemove)})});
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
  EXPECT_STREQ(a.source, "crl");
}

TEST_F(DeltaCrl, DeltaOfAnotherScopeDoesNotApply) {
  Crl base = Base(10, {Revoked(7, kHold)});
  CrlSpec spec = DeltaSpec(11, 10, {Revoked(7, kRemove)});
  spec.idp.present = true;
  spec.idp.only_user = true;
  eseal__rev_answer a = Status({base, Signed(spec)});
  EXPECT_EQ(a.status, ESEAL__REV_REVOKED) << Text(a);
}

TEST_F(DeltaCrl, ForgedDeltaDoesNotApply) {
  Crl base = Base(10, {Revoked(7, kHold)});
  Crl forged = MakeCrl(DeltaSpec(11, 10, {Revoked(7, kRemove)}), ca_.get(), other_key());
  EXPECT_EQ(Status({base, forged}).status, ESEAL__REV_REVOKED);
}

TEST_F(DeltaCrl, StaleDeltaCannotProveGood) {
  CrlSpec spec = DeltaSpec(11, 10);
  spec.this_update = kAt - 3 * kDay;
  spec.next_update = kAt - 2 * kDay;
  EXPECT_UNUSABLE(Status({Base(10), Signed(spec)}), "stale");
}

TEST_F(DeltaCrl, DeltaAloneProvesARevocationOnly) {
  EXPECT_EQ(Status({Delta(11, 10, {Revoked(7, kKeyCompromise)})}).status, ESEAL__REV_REVOKED);
  EXPECT_UNUSABLE(Status({Delta(11, 10)}), "without a usable complete CRL");
}

TEST_F(DeltaCrl, DeltaWithoutNumberIsRefused) {
  CrlSpec spec = DeltaSpec(11, 10, {Revoked(7)});
  spec.number = -1;
  EXPECT_UNUSABLE(Status({Signed(spec)}), "without a cRLNumber");
}

// --- Several candidates ----------------------------------------------------

TEST_F(CrlStatus, BestAnswerWinsAndNamesItsCrl) {
  CrlSpec forged = Spec({Revoked(7)});
  forged.number = 3;
  CrlSpec good = Spec();
  good.number = 4;
  Crl bad_sig = MakeCrl(forged, ca_.get(), other_key());
  eseal__rev_answer a = Status({bad_sig, Signed(good)});
  EXPECT_EQ(a.status, ESEAL__REV_GOOD) << Text(a);
  EXPECT_DETAIL(a, "CN=Test CA");
  EXPECT_DETAIL(a, "number 4");
  CrlSpec listing = Spec({Revoked(7)});
  listing.number = 2;
  eseal__rev_answer revoked = Status({Signed(good), Signed(listing)});
  EXPECT_EQ(revoked.status, ESEAL__REV_REVOKED) << Text(revoked);
  EXPECT_DETAIL(revoked, "number 2");
}

TEST_F(CrlStatus, NoUsableCrlSaysWhyForEach) {
  CrlSpec other = Spec();
  other.issuer_cn = "Other CA";
  eseal__rev_answer a = Status({MakeCrl(Spec(), ca_.get(), other_key()), Signed(other)});
  EXPECT_UNUSABLE(a, "no usable CRL among 2");
  EXPECT_DETAIL(a, "signature does not verify");
  EXPECT_DETAIL(a, "is not the certificate issuer");
  EXPECT_UNUSABLE(Status({}), "no CRL");
  eseal__rev_answer none;
  ASSERT_EQ(eseal__crl_status(nullptr, leaf_.get(), ca_.get(), nullptr, nullptr, 0, kAt, 0, &none), 0);
  EXPECT_UNUSABLE(none, "no CRL to check against");
}

}  // namespace
