// OCSP (src/revocation/ocsp*.c) and the URLs certificates name
// (src/revocation/urls.c). Real responses come from the `openssl ocsp`
// responder answering requests the library made; forged ones from
// tests/support/ocsp_builder, each negative test changing exactly one thing
// the checks read and asserting the status and the reason given.
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "../support/ocsp_builder.h"
#include "../support/openssl_pki.h"
#include "../support/pki.h"

extern "C" {
#include "revocation/ocsp.h"
#include "revocation/urls.h"
}

using ocsp_builder::Bytes;
using pki::kDay;
using pki::kNow;
using pki::kYear;

namespace {

const uint8_t kSm2Id[] = "1234567812345678";
constexpr int64_t kSkew = 300;
constexpr int64_t kMaxAge = 7 * kDay;

struct X509Free {
  void operator()(X509 *x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr FromDer(const der::Bytes &der) {
  const unsigned char *p = der.data();
  X509 *x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (x == nullptr) throw std::runtime_error("certificate");
  return X509Ptr(x);
}

// A key and its certificate, in memory.
struct Party {
  sm2::Identity id;
  X509Ptr x;
  EVP_PKEY *key() const { return id.key.get(); }
  X509 *cert() const { return x.get(); }
};

std::string SigningAlgorithm(const std::string &key_type) {
  if (key_type == "EC") return "ECDSA-SHA256";
  if (key_type == "RSA") return "RSA-SHA256";
  return "";  // SM2-SM3
}

struct PartyOptions {
  std::string key_type = "EC";
  bool ca = false;
  std::string eku;
  int64_t not_before = kNow - kYear;
  int64_t not_after = kNow + kYear;
};

std::unique_ptr<Party> Make(const std::string &name, const PartyOptions &po, const Party *issuer,
                            const std::string &issuer_type = "EC") {
  pki::CertOptions o;
  o.key_type = po.key_type;
  o.ca = po.ca;
  o.key_usage = po.ca ? 0x04 | 0x02 : 0x80;
  o.extended_key_usage = po.eku;
  o.not_before = po.not_before;
  o.not_after = po.not_after;
  o.algorithm = SigningAlgorithm(issuer ? issuer_type : po.key_type);
  auto p = std::make_unique<Party>();
  p->id = pki::Issue(name, o, issuer ? &issuer->id : nullptr);
  p->x = FromDer(p->id.cert);
  return p;
}

PartyOptions Ca(const std::string &key_type = "EC") {
  PartyOptions o;
  o.key_type = key_type;
  o.ca = true;
  return o;
}

PartyOptions Leaf(const std::string &key_type = "EC") {
  PartyOptions o;
  o.key_type = key_type;
  return o;
}

PartyOptions Responder(const std::string &eku = "OCSPSigning") {
  PartyOptions o;
  o.eku = eku;
  return o;
}

// `check_responder` (optional) gets the delegated responder whose own status is to be checked.
eseal__rev_answer Status(const Bytes &der, X509 *cert, X509 *issuer, int64_t at = kNow,
                         const Bytes *nonce = nullptr, STACK_OF(X509) *trusted = nullptr,
                         const uint8_t *sm2_id = kSm2Id, X509Ptr *check_responder = nullptr) {
  eseal__rev_answer a;
  X509 *responder = nullptr;
  int rc = eseal__ocsp_status(der.data(), der.size(), cert, issuer, trusted, sm2_id, 16, at, kSkew,
                              kMaxAge, nonce ? nonce->data() : nullptr, nonce ? nonce->size() : 0,
                              &a, &responder);
  if (check_responder)
    check_responder->reset(responder);
  else
    X509_free(responder);
  EXPECT_EQ(rc, 0);
  EXPECT_STREQ(a.source, "ocsp");
  return a;
}

::testing::AssertionResult Says(const eseal__rev_answer &a, eseal__rev_status status,
                                const std::string &words) {
  if (a.status != status)
    return ::testing::AssertionFailure()
           << "status " << a.status << " instead of " << status << ": " << a.detail;
  if (std::string(a.detail).find(words) == std::string::npos)
    return ::testing::AssertionFailure() << "detail \"" << a.detail << "\" lacks \"" << words
                                         << "\"";
  return ::testing::AssertionSuccess();
}

// --- Forged responses --------------------------------------------------------

class OcspForged : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ca_ = Make("OCSP Test CA", Ca(), nullptr).release();
    leaf_ = Make("OCSP Test Leaf", Leaf(), ca_).release();
    sibling_ = Make("OCSP Test Sibling", Leaf(), ca_).release();
    other_ca_ = Make("Other CA", Ca(), nullptr).release();
    responder_ = Make("OCSP Responder", Responder(), ca_).release();
    no_eku_ = Make("Responder Without EKU", Responder(""), ca_).release();
    server_eku_ = Make("Responder With serverAuth", Responder("serverAuth"), ca_).release();
    other_ca_responder_ = Make("Other CA Responder", Responder(), other_ca_).release();
    // The same name as the CA, another key: what it issues names the CA as issuer.
    fake_ca_ = Make("OCSP Test CA", Ca(), nullptr).release();
    forged_responder_ = Make("Forged Responder", Responder(), fake_ca_).release();
    PartyOptions expired = Responder();
    expired.not_before = kNow - 2 * kYear;
    expired.not_after = kNow - kDay;
    expired_ = Make("Expired Responder", expired, ca_).release();
    PartyOptions future = Responder();
    future.not_before = kNow + kDay;
    future_ = Make("Future Responder", future, ca_).release();
  }
  static void TearDownTestSuite() {
    for (Party *p : {ca_, leaf_, sibling_, other_ca_, responder_, no_eku_, server_eku_,
                     other_ca_responder_, fake_ca_, forged_responder_, expired_, future_})
      delete p;
  }

  static ocsp_builder::Single Good() {
    ocsp_builder::Single s;
    s.cert = leaf_->cert();
    s.issuer = ca_->cert();
    s.this_update = kNow - 3600;
    s.next_update = kNow + kDay;
    return s;
  }
  static ocsp_builder::Single Revoked() {
    ocsp_builder::Single s = Good();
    s.status = V_OCSP_CERTSTATUS_REVOKED;
    s.reason = OCSP_REVOKED_STATUS_KEYCOMPROMISE;
    s.revoked_at = kNow - 10 * kDay;
    return s;
  }
  // Signed by `signer` (the CA by default), which is carried when it is not the CA.
  static ocsp_builder::Response By(const Party *signer,
                                   std::vector<ocsp_builder::Single> singles) {
    ocsp_builder::Response r;
    r.singles = std::move(singles);
    r.signer = signer->cert();
    r.key = signer->key();
    if (signer != ca_) r.certs = {signer->cert()};
    r.produced_at = kNow - 3600;
    return r;
  }
  static eseal__rev_answer Check(const ocsp_builder::Response &r, int64_t at = kNow,
                                 const Bytes *nonce = nullptr) {
    return Status(ocsp_builder::Build(r), leaf_->cert(), ca_->cert(), at, nonce);
  }

  static Party *ca_, *leaf_, *sibling_, *other_ca_, *responder_, *no_eku_, *server_eku_,
      *other_ca_responder_, *fake_ca_, *forged_responder_, *expired_, *future_;
};

Party *OcspForged::ca_, *OcspForged::leaf_, *OcspForged::sibling_, *OcspForged::other_ca_,
    *OcspForged::responder_, *OcspForged::no_eku_, *OcspForged::server_eku_,
    *OcspForged::other_ca_responder_, *OcspForged::fake_ca_, *OcspForged::forged_responder_,
    *OcspForged::expired_, *OcspForged::future_;

TEST_F(OcspForged, GoodFromTheIssuerByName) {
  eseal__rev_answer a = Check(By(ca_, {Good()}));
  EXPECT_TRUE(Says(a, ESEAL__REV_GOOD, "signed by the issuer"));
  EXPECT_EQ(a.this_update, kNow - 3600);
  EXPECT_EQ(a.next_update, kNow + kDay);
  EXPECT_EQ(a.produced_at, kNow - 3600);
  EXPECT_EQ(a.nonce, ESEAL__NONCE_NOT_ASKED);
}

TEST_F(OcspForged, GoodFromTheIssuerByKeyHash) {
  ocsp_builder::Response r = By(ca_, {Good()});
  r.by_key = true;
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_GOOD, "signed by the issuer"));
}

TEST_F(OcspForged, GoodFromADelegatedResponder) {
  EXPECT_TRUE(Says(Check(By(responder_, {Good()})), ESEAL__REV_GOOD, "delegated responder"));
  ocsp_builder::Response r = By(responder_, {Good()});
  r.by_key = true;
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_GOOD, "delegated responder"));
}

// RFC 6960 §4.2.2.2.1: a delegated responder without id-pkix-ocsp-nocheck is
// handed to the caller for its own status check; the issuer and a trusted
// responder are not.
TEST_F(OcspForged, DelegatedResponderIsHandedOverForItsStatusCheck) {
  X509Ptr handed;
  Bytes der = ocsp_builder::Build(By(responder_, {Good()}));
  Status(der, leaf_->cert(), ca_->cert(), kNow, nullptr, nullptr, kSm2Id, &handed);
  ASSERT_NE(handed.get(), nullptr);
  EXPECT_EQ(X509_cmp(handed.get(), responder_->cert()), 0);
  Bytes revoked = ocsp_builder::Build(By(responder_, {Revoked()}));
  Status(revoked, leaf_->cert(), ca_->cert(), kNow, nullptr, nullptr, kSm2Id, &handed);
  EXPECT_NE(handed.get(), nullptr);
  Bytes by_ca = ocsp_builder::Build(By(ca_, {Good()}));
  Status(by_ca, leaf_->cert(), ca_->cert(), kNow, nullptr, nullptr, kSm2Id, &handed);
  EXPECT_EQ(handed.get(), nullptr);
  Bytes by_trusted = ocsp_builder::Build(By(other_ca_, {Good()}));
  STACK_OF(X509) *trusted = sk_X509_new_null();
  sk_X509_push(trusted, other_ca_->cert());
  Status(by_trusted, leaf_->cert(), ca_->cert(), kNow, nullptr, trusted, kSm2Id, &handed);
  EXPECT_EQ(handed.get(), nullptr);
  sk_X509_free(trusted);
}

TEST_F(OcspForged, GoodFromATrustedResponder) {
  // The other CA answers for this issuer only because the caller trusts it.
  Bytes der = ocsp_builder::Build(By(other_ca_, {Good()}));
  STACK_OF(X509) *trusted = sk_X509_new_null();
  sk_X509_push(trusted, other_ca_->cert());
  EXPECT_TRUE(Says(Status(der, leaf_->cert(), ca_->cert(), kNow, nullptr, trusted),
                   ESEAL__REV_GOOD, "trusted responder"));
  sk_X509_free(trusted);
}

TEST_F(OcspForged, SingleResponsesWithSha256AndSm3CertIds) {
  for (const EVP_MD *md : {EVP_sha256(), EVP_sm3()}) {
    ocsp_builder::Single s = Good();
    s.md = md;
    EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_GOOD, "issuer")) << EVP_MD_get0_name(md);
  }
}

TEST_F(OcspForged, RevokedWithReasonAndDate) {
  eseal__rev_answer a = Check(By(ca_, {Revoked()}));
  EXPECT_TRUE(Says(a, ESEAL__REV_REVOKED, "signed by the issuer"));
  EXPECT_EQ(a.revocation_time, kNow - 10 * kDay);
  EXPECT_EQ(a.reason, OCSP_REVOKED_STATUS_KEYCOMPROMISE);
  EXPECT_EQ(a.invalidity_date, 0);
}

TEST_F(OcspForged, RevokedWithInvalidityDate) {
  ocsp_builder::Single s = Revoked();
  s.invalidity_date = kNow - 20 * kDay;
  eseal__rev_answer a = Check(By(ca_, {s}));
  EXPECT_TRUE(Says(a, ESEAL__REV_REVOKED, "issuer"));
  EXPECT_EQ(a.invalidity_date, kNow - 20 * kDay);
}

TEST_F(OcspForged, UnknownStatus) {
  ocsp_builder::Single s = Good();
  s.status = V_OCSP_CERTSTATUS_UNKNOWN;
  EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_UNKNOWN, "issuer"));
}

// --- The responder (RFC 6960 §4.2.2.2) ---

TEST_F(OcspForged, AnotherCaIsNoResponder) {
  EXPECT_TRUE(Says(Check(By(other_ca_, {Good()})), ESEAL__REV_UNUSABLE,
                   "is not authorised to answer for the issuer: it was not issued by the "
                   "certificate's issuer"));
  ocsp_builder::Response bare = By(other_ca_, {Good()});
  bare.certs.clear();
  EXPECT_TRUE(Says(Check(bare), ESEAL__REV_UNUSABLE, "no certificate matches the responderID"));
}

TEST_F(OcspForged, DelegatedResponderNeedsTheOcspSigningEku) {
  EXPECT_TRUE(Says(Check(By(no_eku_, {Good()})), ESEAL__REV_UNUSABLE, "lacks id-kp-OCSPSigning"));
  EXPECT_TRUE(
      Says(Check(By(server_eku_, {Good()})), ESEAL__REV_UNUSABLE, "lacks id-kp-OCSPSigning"));
}

TEST_F(OcspForged, DelegatedResponderOfAnotherCa) {
  EXPECT_TRUE(Says(Check(By(other_ca_responder_, {Good()})), ESEAL__REV_UNUSABLE,
                   "not issued by the certificate's issuer"));
}

TEST_F(OcspForged, DelegatedResponderNamingTheIssuerButSignedByAnotherKey) {
  EXPECT_TRUE(Says(Check(By(forged_responder_, {Good()})), ESEAL__REV_UNUSABLE,
                   "not signed by the issuer's key"));
}

TEST_F(OcspForged, DelegatedResponderMustBeValidAtTheTime) {
  EXPECT_TRUE(Says(Check(By(expired_, {Good()})), ESEAL__REV_UNUSABLE, "not valid at the time"));
  EXPECT_TRUE(Says(Check(By(future_, {Good()})), ESEAL__REV_UNUSABLE, "not valid at the time"));
  // Valid up to and including its notAfter second.
  ocsp_builder::Single earlier = Good();
  earlier.this_update = kNow - kDay - 3600;
  ocsp_builder::Response r = By(expired_, {earlier});
  r.produced_at = earlier.this_update;
  EXPECT_TRUE(Says(Check(r, kNow - kDay), ESEAL__REV_GOOD, "delegated"));
  EXPECT_TRUE(Says(Check(r, kNow - kDay + 1), ESEAL__REV_UNUSABLE, "not valid at the time"));
}

TEST_F(OcspForged, AtMostEightCarriedCertificatesAreTriedAsTheSigner) {
  // Decoys with the responder's name and other keys, before the responder.
  std::vector<std::unique_ptr<Party>> decoys;
  for (int i = 0; i < 8; i++) decoys.push_back(Make("OCSP Responder", Responder(), ca_));
  ocsp_builder::Response r = By(responder_, {Good()});
  r.certs.clear();
  for (int i = 0; i < 7; i++) r.certs.push_back(decoys[i]->cert());
  r.certs.push_back(responder_->cert());
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_GOOD, "delegated responder"));
  r.certs.insert(r.certs.begin() + 7, decoys[7]->cert());
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_UNUSABLE, "signature fails"));
}

TEST_F(OcspForged, ResponderIdByKeyHashOfAnotherKey) {
  ocsp_builder::Response r = By(ca_, {Good()});
  r.by_key = true;
  r.responder_id_of = other_ca_->cert();
  r.responder_id_key = other_ca_->key();
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_UNUSABLE, "no certificate matches the responderID"));
}

TEST_F(OcspForged, ResponderIdNamingTheIssuerOverAnotherSignature) {
  // Named as the CA, signed by the other CA's key.
  ocsp_builder::Response r = By(other_ca_, {Good()});
  r.certs.clear();
  r.responder_id_of = ca_->cert();
  r.responder_id_key = ca_->key();
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_UNUSABLE, "signature fails"));
}

TEST_F(OcspForged, AlteredSignature) {
  ocsp_builder::Response r = By(ca_, {Good()});
  r.flip_signature = true;
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_UNUSABLE, "signature fails"));
  ocsp_builder::Response d = By(responder_, {Good()});
  d.flip_signature = true;
  EXPECT_TRUE(Says(Check(d), ESEAL__REV_UNUSABLE, "signature fails"));
}

TEST_F(OcspForged, SignatureWithUnusedBits) {
  // Whether or not the cleared bit was set, the signature is refused for its form.
  ocsp_builder::Response r = By(ca_, {Good()});
  r.signature_unused_bits = 1;
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_UNUSABLE, "unused bits"));
}

// --- CertID ---

TEST_F(OcspForged, CertIdHashAlgorithmMismatch) {
  ocsp_builder::Single sha256_named = Good();
  sha256_named.hash_oid = "2.16.840.1.101.3.4.2.1";  // SHA-256 named over SHA-1 hashes
  EXPECT_TRUE(Says(Check(By(ca_, {sha256_named})), ESEAL__REV_UNUSABLE, "issuerNameHash"));
  ocsp_builder::Single md5 = Good();
  md5.md = EVP_md5();
  EXPECT_TRUE(Says(Check(By(ca_, {md5})), ESEAL__REV_UNUSABLE,
                   "hash algorithm is not SHA-1, SHA-256 or SM3"));
}

TEST_F(OcspForged, CertIdIssuerNameHashMismatch) {
  ocsp_builder::Single s = Good();
  s.name_hash_of = other_ca_->cert();
  EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_UNUSABLE, "issuerNameHash"));
}

TEST_F(OcspForged, CertIdIssuerKeyHashMismatch) {
  ocsp_builder::Single s = Good();
  s.key_hash_of = fake_ca_->cert();  // the same name, another key
  EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_UNUSABLE, "issuerKeyHash"));
}

TEST_F(OcspForged, CertIdSerialMismatch) {
  ocsp_builder::Single s = Good();
  s.next_serial = true;
  EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_UNUSABLE, "serialNumber"));
}

TEST_F(OcspForged, AResponseAboutAnotherCertificate) {
  ocsp_builder::Single s = Good();
  s.cert = sibling_->cert();
  EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_UNUSABLE,
                   "no SingleResponse is about this certificate"));
  // An entry about the certificate among others is found.
  EXPECT_TRUE(Says(Check(By(ca_, {s, Good()})), ESEAL__REV_GOOD, "issuer"));
}

TEST_F(OcspForged, GoodAndRevokedForTheSameCertIdIsRevoked) {
  EXPECT_TRUE(Says(Check(By(ca_, {Good(), Revoked()})), ESEAL__REV_REVOKED, "issuer"));
  EXPECT_TRUE(Says(Check(By(ca_, {Revoked(), Good()})), ESEAL__REV_REVOKED, "issuer"));
  ocsp_builder::Single unknown = Good();
  unknown.status = V_OCSP_CERTSTATUS_UNKNOWN;
  EXPECT_TRUE(Says(Check(By(ca_, {unknown, Good()})), ESEAL__REV_GOOD, "issuer"));
  // The same certificate named with SHA-256 in the second entry.
  ocsp_builder::Single revoked256 = Revoked();
  revoked256.md = EVP_sha256();
  EXPECT_TRUE(Says(Check(By(ca_, {Good(), revoked256})), ESEAL__REV_REVOKED, "issuer"));
}

// --- responseStatus and form ---

TEST_F(OcspForged, TransientResponseStatusesAreTryLater) {
  for (int st : {OCSP_RESPONSE_STATUS_TRYLATER, OCSP_RESPONSE_STATUS_INTERNALERROR,
                 OCSP_RESPONSE_STATUS_UNAUTHORIZED, OCSP_RESPONSE_STATUS_SIGREQUIRED}) {
    eseal__rev_answer a = Status(ocsp_builder::Unsuccessful(st), leaf_->cert(), ca_->cert());
    EXPECT_TRUE(Says(a, ESEAL__REV_TRY_LATER, "the responder answered")) << st;
  }
}

TEST_F(OcspForged, MalformedRequestIsUnusable) {
  eseal__rev_answer a = Status(ocsp_builder::Unsuccessful(OCSP_RESPONSE_STATUS_MALFORMEDREQUEST),
                               leaf_->cert(), ca_->cert());
  EXPECT_TRUE(Says(a, ESEAL__REV_UNUSABLE, "malformedRequest"));
}

TEST_F(OcspForged, TrailingBytes) {
  Bytes der = ocsp_builder::Build(By(ca_, {Good()}));
  der.push_back(0);
  EXPECT_TRUE(Says(Status(der, leaf_->cert(), ca_->cert()), ESEAL__REV_UNUSABLE, "trailing bytes"));
}

TEST_F(OcspForged, NonBasicResponseType) {
  Bytes der = ocsp_builder::Build(By(ca_, {Good()}));
  // id-pkix-ocsp-basic becomes id-pkix-ocsp-nonce (…48.1.2).
  const Bytes basic = {0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01};
  auto at = std::search(der.begin(), der.end(), basic.begin(), basic.end());
  ASSERT_NE(at, der.end());
  at[10] = 0x02;
  EXPECT_TRUE(Says(Status(der, leaf_->cert(), ca_->cert()), ESEAL__REV_UNUSABLE,
                   "not id-pkix-ocsp-basic"));
}

TEST_F(OcspForged, TooLarge) {
  Bytes der(ESEAL__OCSP_MAX_BYTES + 1, 0x30);
  EXPECT_TRUE(Says(Status(der, leaf_->cert(), ca_->cert()), ESEAL__REV_UNUSABLE, "more than"));
}

TEST_F(OcspForged, NotAnOcspResponse) {
  Bytes der = {0x30, 0x03, 0x0a, 0x01, 0x00};
  EXPECT_TRUE(Says(Status(der, leaf_->cert(), ca_->cert()), ESEAL__REV_UNUSABLE, "responseBytes"));
  Bytes empty;
  EXPECT_TRUE(Says(Status(empty, leaf_->cert(), ca_->cert()), ESEAL__REV_UNUSABLE,
                   "not a DER OCSPResponse"));
}

// --- Times ---

TEST_F(OcspForged, ThisUpdateInTheFuture) {
  ocsp_builder::Single s = Good();
  s.this_update = kNow + kSkew + 1;
  EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_UNUSABLE, "is after the time of the check"));
  s.this_update = kNow + kSkew;  // within the skew
  ocsp_builder::Response r = By(ca_, {s});
  r.produced_at = kNow;
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_GOOD, "issuer"));
  // A revocation from the future is no more believed.
  ocsp_builder::Single rev = Revoked();
  rev.this_update = kNow + kSkew + 1;
  EXPECT_TRUE(Says(Check(By(ca_, {rev})), ESEAL__REV_UNUSABLE, "is after the time of the check"));
}

TEST_F(OcspForged, NextUpdatePassed) {
  ocsp_builder::Single s = Good();
  s.this_update = kNow - 3 * kDay;
  s.next_update = kNow - kSkew - 1;
  ocsp_builder::Response r = By(ca_, {s});
  r.produced_at = kNow - 3 * kDay;
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_UNUSABLE, "stale"));
  // A revocation stands in a stale response.
  ocsp_builder::Single rev = Revoked();
  rev.this_update = s.this_update;
  rev.next_update = s.next_update;
  ocsp_builder::Response rr = By(ca_, {rev});
  rr.produced_at = r.produced_at;
  eseal__rev_answer a = Check(rr);
  EXPECT_TRUE(Says(a, ESEAL__REV_REVOKED, "stale"));
  EXPECT_EQ(a.revocation_time, kNow - 10 * kDay);
  // Within the skew, still current.
  r.singles[0].next_update = kNow - kSkew;
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_GOOD, "issuer"));
}

TEST_F(OcspForged, NextUpdateBeforeThisUpdate) {
  ocsp_builder::Single s = Good();
  s.this_update = kNow - 100;
  s.next_update = kNow - 101;
  ocsp_builder::Response r = By(ca_, {s});
  r.produced_at = kNow - 100;
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_UNUSABLE, "is before thisUpdate"));
  r.singles[0].next_update = kNow - 100;  // an empty window is a window
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_GOOD, "issuer"));
}

TEST_F(OcspForged, NoNextUpdateWithinAndBeyondMaxAge) {
  ocsp_builder::Single s = Good();
  s.next_update = 0;
  s.this_update = kNow - kMaxAge;
  ocsp_builder::Response r = By(ca_, {s});
  r.produced_at = s.this_update;
  eseal__rev_answer a = Check(r);
  EXPECT_TRUE(Says(a, ESEAL__REV_GOOD, "issuer"));
  EXPECT_EQ(a.next_update, 0);
  r.singles[0].this_update = kNow - kMaxAge - 1;
  r.produced_at = kNow - kMaxAge - 1;
  EXPECT_TRUE(Says(Check(r), ESEAL__REV_UNUSABLE, "no nextUpdate"));
}

TEST_F(OcspForged, ProducedAtOutsideTheWindow) {
  ocsp_builder::Response early = By(ca_, {Good()});
  early.produced_at = kNow - 3600 - kSkew - 1;
  EXPECT_TRUE(Says(Check(early), ESEAL__REV_UNUSABLE, "producedAt"));
  early.produced_at = kNow - 3600 - kSkew;
  EXPECT_TRUE(Says(Check(early), ESEAL__REV_GOOD, "issuer"));
  ocsp_builder::Response late = By(ca_, {Good()});
  late.produced_at = kNow + kDay + 1;
  EXPECT_TRUE(Says(Check(late), ESEAL__REV_UNUSABLE, "is after nextUpdate"));
}

TEST_F(OcspForged, NonCanonicalThisUpdateIsNotInRange) {
  // 2025-12-31T23:30:00Z written with an offset: lenient readers take it as current.
  ocsp_builder::Single s = Good();
  s.this_update_text = "20260101073000+0800";
  EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_UNUSABLE, "not a DER GeneralizedTime"));
  s.this_update_text = "20251231233000.5Z";
  EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_UNUSABLE, "not a DER GeneralizedTime"));
}

// --- Nonce and extensions ---

TEST_F(OcspForged, Nonce) {
  Bytes sent(ESEAL__OCSP_NONCE_LEN, 0x5a);
  ocsp_builder::Response r = By(ca_, {Good()});
  r.has_nonce = true;
  r.nonce = sent;
  eseal__rev_answer a = Check(r, kNow, &sent);
  EXPECT_TRUE(Says(a, ESEAL__REV_GOOD, "issuer"));
  EXPECT_EQ(a.nonce, ESEAL__NONCE_MATCHED);
  // Not asked: the nonce in the answer is not read.
  EXPECT_EQ(Check(r).nonce, ESEAL__NONCE_NOT_ASKED);
  // Another nonce.
  r.nonce.back() ^= 1;
  EXPECT_TRUE(Says(Check(r, kNow, &sent), ESEAL__REV_UNUSABLE, "nonce is not the one sent"));
  // None: accepted, with the warning.
  r.has_nonce = false;
  a = Check(r, kNow, &sent);
  EXPECT_TRUE(Says(a, ESEAL__REV_GOOD, "issuer"));
  EXPECT_EQ(a.nonce, ESEAL__NONCE_ABSENT);
}

TEST_F(OcspForged, UnknownCriticalResponseExtension) {
  ocsp_builder::Response r = By(ca_, {Good()});
  r.critical_extension = true;
  EXPECT_TRUE(
      Says(Check(r), ESEAL__REV_UNUSABLE, "unknown critical extension 1.3.6.1.4.1.55555.7"));
}

TEST_F(OcspForged, UnknownCriticalSingleExtension) {
  ocsp_builder::Single s = Good();
  s.critical_extension = true;
  EXPECT_TRUE(Says(Check(By(ca_, {s})), ESEAL__REV_UNUSABLE,
                   "SingleResponse has the unknown critical extension"));
}

// --- Signature algorithms ---

TEST(OcspAlgorithms, RsaSignedResponse) {
  auto ca = Make("RSA OCSP CA", Ca("RSA"), nullptr);
  auto leaf = Make("RSA OCSP Leaf", Leaf("EC"), ca.get(), "RSA");
  ocsp_builder::Response r;
  ocsp_builder::Single s;
  s.cert = leaf->cert();
  s.issuer = ca->cert();
  s.this_update = kNow - 60;
  s.next_update = kNow + kDay;
  r.singles = {s};
  r.signer = ca->cert();
  r.key = ca->key();
  r.produced_at = kNow - 60;
  Bytes der = ocsp_builder::Build(r);
  EXPECT_TRUE(Says(Status(der, leaf->cert(), ca->cert()), ESEAL__REV_GOOD, "issuer"));
  der[der.size() - 5] ^= 1;  // inside the RSA signature
  EXPECT_TRUE(Says(Status(der, leaf->cert(), ca->cert()), ESEAL__REV_UNUSABLE, "signature"));
}

TEST(OcspAlgorithms, Sm2SignedResponseWithTheSm2Id) {
  auto ca = Make("SM2 OCSP CA", Ca("SM2"), nullptr);
  auto leaf = Make("SM2 OCSP Leaf", Leaf("SM2"), ca.get(), "SM2");
  auto responder = Make("SM2 OCSP Responder", [] {
    PartyOptions o = Responder();
    o.key_type = "SM2";
    return o;
  }(), ca.get(), "SM2");
  ocsp_builder::Single s;
  s.cert = leaf->cert();
  s.issuer = ca->cert();
  s.md = EVP_sm3();
  s.this_update = kNow - 60;
  s.next_update = kNow + kDay;
  for (const Party *signer : {ca.get(), responder.get()}) {
    ocsp_builder::Response r;
    r.singles = {s};
    r.signer = signer->cert();
    r.key = signer->key();
    if (signer != ca.get()) r.certs = {signer->cert()};
    r.produced_at = kNow - 60;
    Bytes der = ocsp_builder::Build(r);
    EXPECT_TRUE(Says(Status(der, leaf->cert(), ca->cert()), ESEAL__REV_GOOD, "signed by"));
    // Checked with another SM2 ID, the signature fails.
    static const uint8_t other_id[] = "8765432187654321";
    EXPECT_TRUE(Says(Status(der, leaf->cert(), ca->cert(), kNow, nullptr, nullptr, other_id),
                     ESEAL__REV_UNUSABLE, "signature"));
  }
}

// --- The request ---

TEST_F(OcspForged, RequestNamesTheCertificateWithSha1AndCarriesTheNonce) {
  Bytes nonce(ESEAL__OCSP_NONCE_LEN, 0x42);
  eseal_buf der = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal__ocsp_request(leaf_->cert(), ca_->cert(), nonce.data(), nonce.size(), &der), 0);
  const unsigned char *p = der.ptr;
  OCSP_REQUEST *req = d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(der.size));
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(p, der.ptr + der.size);
  ASSERT_EQ(OCSP_request_onereq_count(req), 1);
  OCSP_CERTID *want = OCSP_cert_to_id(EVP_sha1(), leaf_->cert(), ca_->cert());
  EXPECT_EQ(OCSP_id_cmp(OCSP_onereq_get0_id(OCSP_request_onereq_get0(req, 0)), want), 0);
  OCSP_CERTID_free(want);
  // The nonce, wrapped in an OCTET STRING (RFC 8954).
  int at = OCSP_REQUEST_get_ext_by_NID(req, NID_id_pkix_OCSP_Nonce, -1);
  ASSERT_GE(at, 0);
  const ASN1_OCTET_STRING *v = X509_EXTENSION_get_data(OCSP_REQUEST_get_ext(req, at));
  Bytes got(ASN1_STRING_get0_data(v), ASN1_STRING_get0_data(v) + ASN1_STRING_length(v));
  Bytes wrapped = nonce;
  wrapped.insert(wrapped.begin(), {0x04, ESEAL__OCSP_NONCE_LEN});
  EXPECT_EQ(got, wrapped);
  OCSP_REQUEST_free(req);
  eseal_buf_dispose(&der);
  // Without a nonce, none is sent.
  ASSERT_EQ(eseal__ocsp_request(leaf_->cert(), ca_->cert(), nullptr, 0, &der), 0);
  p = der.ptr;
  req = d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(der.size));
  ASSERT_NE(req, nullptr);
  EXPECT_LT(OCSP_REQUEST_get_ext_by_NID(req, NID_id_pkix_OCSP_Nonce, -1), 0);
  OCSP_REQUEST_free(req);
  eseal_buf_dispose(&der);
}

// --- Real responses: the `openssl ocsp` responder answering the library's requests ---

void Openssl(const std::string &dir, const std::string &args) {
  std::string cmd = "cd '" + dir + "' && openssl " + args + " >openssl-ocsp.log 2>&1";
  int status = std::system(cmd.c_str());
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream log(dir + "/openssl-ocsp.log");
    std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    throw std::runtime_error("openssl " + args + " failed: " + text);
  }
}

X509Ptr ReadPem(const std::string &file) {
  FILE *f = std::fopen(file.c_str(), "r");
  if (f == nullptr) throw std::runtime_error(file);
  X509 *x = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (x == nullptr) throw std::runtime_error(file);
  return X509Ptr(x);
}

Bytes ReadFile(const std::string &file) {
  std::ifstream in(file, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// UTC seconds of an ASN1 time, read with OpenSSL.
int64_t Seconds(const ASN1_TIME *t) {
  struct tm tm = {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) throw std::runtime_error("time");
  return static_cast<int64_t>(timegm(&tm));
}

int64_t ProducedAt(const Bytes &der) {
  const unsigned char *p = der.data();
  OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size()));
  OCSP_BASICRESP *bs = resp ? OCSP_response_get1_basic(resp) : nullptr;
  if (bs == nullptr) throw std::runtime_error("response");
  int64_t t = Seconds(OCSP_resp_get0_produced_at(bs));
  OCSP_BASICRESP_free(bs);
  OCSP_RESPONSE_free(resp);
  return t;
}

std::string SerialHex(X509 *x) {
  BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), nullptr);
  char *hex = BN_bn2hex(bn);
  std::string out = hex;
  OPENSSL_free(hex);
  BN_free(bn);
  return out;
}

std::string Subject(X509 *x) {
  char *s = X509_NAME_oneline(X509_get_subject_name(x), nullptr, 0);
  std::string out = s;
  OPENSSL_free(s);
  return out;
}

class OcspOpenssl : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string &d = dir_.path();
    ca_ = openssl_pki::Issue(d, "ca", "OCSP Interop CA", "RSA", openssl_pki::Role::kCa, nullptr);
    good_ = openssl_pki::Issue(d, "good", "Good Leaf", "EC", openssl_pki::Role::kLeaf, &ca_);
    using openssl_pki::Role;
    revoked_ = openssl_pki::Issue(d, "revoked", "Revoked Leaf", "EC", Role::kLeaf, &ca_);
    unknown_ = openssl_pki::Issue(d, "unknown", "Unknown Leaf", "EC", Role::kLeaf, &ca_);
    // The delegated responder: issued by the CA for OCSP signing, with id-pkix-ocsp-nocheck.
    std::ofstream(d + "/responder.cnf") << "[ocsp]\nbasicConstraints = CA:FALSE\n"
                                           "keyUsage = critical,digitalSignature\n"
                                           "extendedKeyUsage = OCSPSigning\n"
                                           "noCheck = ignored\n";
    Openssl(d, "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out responder.key");
    Openssl(d, "req -new -key responder.key -subj '/O=libeseal tests/CN=OCSP Interop Responder' "
               "-out responder.csr");
    Openssl(d, "x509 -req -in responder.csr -CA ca.pem -CAkey ca.key -set_serial 4242 -days 30 "
               "-sha256 -extfile responder.cnf -extensions ocsp -out responder.pem");
    ca_x_ = ReadPem(ca_.cert_file);
    good_x_ = ReadPem(good_.cert_file);
    revoked_x_ = ReadPem(revoked_.cert_file);
    unknown_x_ = ReadPem(unknown_.cert_file);
    // The `openssl ca` database: the good and the revoked certificate.
    std::ofstream(d + "/index.txt")
        << "V\t361231000000Z\t\t" << SerialHex(good_x_.get()) << "\tunknown\t"
        << Subject(good_x_.get()) << "\n"
        << "R\t361231000000Z\t260115103000Z,keyCompromise\t" << SerialHex(revoked_x_.get())
        << "\tunknown\t" << Subject(revoked_x_.get()) << "\n";
  }

  // The responder's answer to the library's request about `cert`.
  Bytes Answer(X509 *cert, bool delegated, const Bytes &nonce) {
    eseal_buf req = ESEAL_BUF_INIT;
    if (eseal__ocsp_request(cert, ca_x_.get(), nonce.data(), nonce.size(), &req) != 0)
      throw std::runtime_error("request");
    const std::string &d = dir_.path();
    std::ofstream(d + "/req.der", std::ios::binary)
        .write(reinterpret_cast<const char *>(req.ptr), static_cast<std::streamsize>(req.size));
    eseal_buf_dispose(&req);
    std::string signer = delegated ? "-rsigner responder.pem -rkey responder.key"
                                   : "-rsigner ca.pem -rkey ca.key";
    Openssl(d, "ocsp -index index.txt -CA ca.pem " + signer +
                   " -reqin req.der -respout resp.der -ndays 1");
    return ReadFile(d + "/resp.der");
  }

  eseal__rev_answer Check(X509 *cert, bool delegated) {
    Bytes nonce(ESEAL__OCSP_NONCE_LEN);
    for (size_t i = 0; i < nonce.size(); i++) nonce[i] = static_cast<uint8_t>(i * 7 + 1);
    Bytes der = Answer(cert, delegated, nonce);
    X509Ptr handed;
    eseal__rev_answer a =
        Status(der, cert, ca_x_.get(), ProducedAt(der), &nonce, nullptr, kSm2Id, &handed);
    // The responder carries id-pkix-ocsp-nocheck: its status is not the caller's to check.
    EXPECT_EQ(handed.get(), nullptr);
    EXPECT_EQ(a.nonce, ESEAL__NONCE_MATCHED);
    EXPECT_EQ(a.produced_at, ProducedAt(der));
    EXPECT_EQ(a.next_update, a.this_update + kDay);
    return a;
  }

  openssl_pki::TempDir dir_;
  openssl_pki::Party ca_, good_, revoked_, unknown_;
  X509Ptr ca_x_, good_x_, revoked_x_, unknown_x_;
};

TEST_F(OcspOpenssl, TheCaAnswersGoodRevokedUnknown) {
  EXPECT_TRUE(Says(Check(good_x_.get(), false), ESEAL__REV_GOOD, "signed by the issuer"));
  eseal__rev_answer r = Check(revoked_x_.get(), false);
  EXPECT_TRUE(Says(r, ESEAL__REV_REVOKED, "signed by the issuer"));
  EXPECT_EQ(r.reason, OCSP_REVOKED_STATUS_KEYCOMPROMISE);
  EXPECT_EQ(r.revocation_time, 1768473000);  // 2026-01-15T10:30:00Z
  EXPECT_TRUE(Says(Check(unknown_x_.get(), false), ESEAL__REV_UNKNOWN, "signed by the issuer"));
}

TEST_F(OcspOpenssl, ADelegatedResponderAnswers) {
  EXPECT_TRUE(Says(Check(good_x_.get(), true), ESEAL__REV_GOOD,
                   "signed by a delegated responder, CN=OCSP Interop Responder"));
  EXPECT_TRUE(Says(Check(good_x_.get(), true), ESEAL__REV_GOOD, "id-pkix-ocsp-nocheck"));
  EXPECT_TRUE(Says(Check(revoked_x_.get(), true), ESEAL__REV_REVOKED, "delegated responder"));
  EXPECT_TRUE(Says(Check(unknown_x_.get(), true), ESEAL__REV_UNKNOWN, "delegated responder"));
}

TEST_F(OcspOpenssl, AnAnswerAboutOneCertificateSaysNothingOfAnother) {
  Bytes nonce(ESEAL__OCSP_NONCE_LEN, 1);
  Bytes der = Answer(good_x_.get(), false, nonce);
  EXPECT_TRUE(Says(Status(der, revoked_x_.get(), ca_x_.get(), ProducedAt(der), &nonce),
                   ESEAL__REV_UNUSABLE, "serialNumber"));
}

// --- URLs ---

X509Ptr WithExtensions(const std::vector<std::pair<int, std::string>> &exts) {
  X509Ptr x(X509_new());
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
  for (const auto &[nid, value] : exts) {
    X509_EXTENSION *e = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (e == nullptr || X509_add_ext(x.get(), e, -1) != 1) throw std::runtime_error(value);
    X509_EXTENSION_free(e);
  }
  return x;
}

std::vector<std::string> Urls(X509 *x, eseal__url_kind kind, size_t cap = 8) {
  char urls[8][ESEAL__URL_MAX];
  size_t n = eseal__cert_urls(x, kind, urls, cap);
  return std::vector<std::string>(urls, urls + n);
}

TEST(CertUrls, SeveralDistributionPointsAndAccessDescriptions) {
  std::string overlong = "http://crl.example.org/" + std::string(ESEAL__URL_MAX, 'a');
  std::string longest = "http://crl.example.org/" + std::string(ESEAL__URL_MAX - 24, 'b');
  std::string no_room = "http://crl.example.org/" + std::string(ESEAL__URL_MAX - 23, 'c');
  X509Ptr x = WithExtensions({
      {NID_crl_distribution_points,
       "URI:http://crl.example.org/a.crl,DNS:crl.example.org,URI:" + overlong +
           ",email:crl@example.org,URI:ldap://ldap.example.org/cn=CA,URI:" + longest +
           ",URI:" + no_room},
      {NID_info_access,
       "OCSP;URI:http://ocsp1.example.org,caIssuers;URI:http://ca.example.org/ca.crt,"
       "OCSP;email:ocsp@example.org,OCSP;URI:http://ocsp2.example.org,"
       "caIssuers;DNS:ca.example.org"},
  });
  EXPECT_EQ(Urls(x.get(), ESEAL__URL_CRL_DP),
            (std::vector<std::string>{"http://crl.example.org/a.crl",
                                      "ldap://ldap.example.org/cn=CA", longest}));
  EXPECT_EQ(Urls(x.get(), ESEAL__URL_OCSP),
            (std::vector<std::string>{"http://ocsp1.example.org", "http://ocsp2.example.org"}));
  EXPECT_EQ(Urls(x.get(), ESEAL__URL_CA_ISSUERS),
            (std::vector<std::string>{"http://ca.example.org/ca.crt"}));
  // More than the caller's room: the first ones, in order.
  EXPECT_EQ(Urls(x.get(), ESEAL__URL_OCSP, 1),
            (std::vector<std::string>{"http://ocsp1.example.org"}));
  EXPECT_TRUE(Urls(x.get(), ESEAL__URL_CRL_DP, 0).empty());
}

TEST(CertUrls, NoExtensionsAndNulBytes) {
  X509Ptr bare(X509_new());
  EXPECT_TRUE(Urls(bare.get(), ESEAL__URL_CRL_DP).empty());
  EXPECT_TRUE(Urls(bare.get(), ESEAL__URL_OCSP).empty());
  EXPECT_TRUE(Urls(bare.get(), ESEAL__URL_CA_ISSUERS).empty());
  // A URI with a NUL byte would be read shorter than it is: skipped.
  AUTHORITY_INFO_ACCESS *aia = AUTHORITY_INFO_ACCESS_new();
  for (const std::string &uri : {std::string("http://evil.example\0.org/", 25),
                                 std::string("http://ocsp.example.org")}) {
    ACCESS_DESCRIPTION *ad = ACCESS_DESCRIPTION_new();
    ASN1_OBJECT_free(ad->method);
    ad->method = OBJ_nid2obj(NID_ad_OCSP);
    ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
    ASN1_STRING_set(ia5, uri.data(), static_cast<int>(uri.size()));
    GENERAL_NAME_set0_value(ad->location, GEN_URI, ia5);
    sk_ACCESS_DESCRIPTION_push(aia, ad);
  }
  X509Ptr x(X509_new());
  ASSERT_EQ(X509_add1_ext_i2d(x.get(), NID_info_access, aia, 0, 0), 1);
  AUTHORITY_INFO_ACCESS_free(aia);
  EXPECT_EQ(Urls(x.get(), ESEAL__URL_OCSP), (std::vector<std::string>{"http://ocsp.example.org"}));
}

}  // namespace
