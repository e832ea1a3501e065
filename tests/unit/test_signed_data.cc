// GB/T 35275 SignedData of OFD Type="Sign" signatures: SignedData built byte
// by byte (tests/support/signed_data_builder.h: attached and detached; SM2-SM3,
// ECDSA and RSA with SHA-256),
// the valid forms, and one forgery around each check; then the attached
// signature of a real OFD from the shared vectors.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <zip.h>

#include <map>

#include "../support/signed_data_builder.h"
#include "../support/vectors.h"
#include "../support/workflow.h"

extern "C" {
#include "asn1/timefmt.h"
#include "ofd/signed_data.h"
}

using namespace workflow;
using der::Bytes;
using pki::kDay;
using pki::kNow;
using pki::kYear;

namespace {

using signed_data::Build;
using signed_data::Digest;
using signed_data::kXml;
using signed_data::Spec;

const char kSha256[] = "2.16.840.1.101.3.4.2.1";

void Verify(ReportPtr &r, const Bytes &sd, const Bytes *xml = &kXml,
            const eseal_verify_options *opts = nullptr, const int64_t *xml_time = nullptr,
            int64_t at = kNow + kDay) {
  auto ctx = pki::Context(at);
  ASSERT_EQ(eseal_ofd__verify_signed_data(&r.p, ctx.get(), sd.data(), sd.size(),
                                          xml ? xml->data() : nullptr, xml ? xml->size() : 0,
                                          xml_time, opts),
            0)
      << LastError();
}

// The verdict of `s` and the check that leads to it.
void ExpectForged(const Spec &s, eseal_indication ind, eseal_sub_indication sub,
                  const std::string &check) {
  ReportPtr r;
  Verify(r, Build(s));
  ExpectVerdict(r.p, ind, sub, check);
}

void ExpectPassed(const Spec &s) {
  ReportPtr r;
  Verify(r, Build(s));
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
  for (const char *id : {"ofd.sign.format", "ofd.sign.signer", "ofd.sign.digest",
                         "ofd.sign.signature", "ofd.sign.chain", "ofd.sign.role",
                         "ofd.sign.validity", "crypto.policy"})
    EXPECT_EQ(Status(r.p, id), "OK") << id << "\n" << Text(r.p);
}

// `s` passes detached and attached.
void ExpectPassedBothWays(Spec s) {
  s.attached = false;
  ExpectPassed(s);
  s.attached = true;
  ExpectPassed(s);
}

const sm2::Identity &Issued(const std::string &cn, const pki::CertOptions &o,
                            const sm2::Identity *issuer = &pki::Root()) {
  static std::map<std::string, sm2::Identity> made;
  auto it = made.find(cn);
  if (it == made.end()) it = made.emplace(cn, pki::Issue(cn, o, issuer)).first;
  return it->second;
}

// Valid for two years until the day before pki::kNow.
const sm2::Identity &ExpiredSigner() {
  pki::CertOptions o;
  o.not_before = kNow - 2 * kYear;
  o.not_after = kNow - kDay;
  return Issued("Expired Signer", o);
}

const sm2::Identity &EcSigner() {
  pki::CertOptions o;
  o.key_type = "EC";
  return Issued("EC Signer", o);
}

const sm2::Identity &RsaSigner() {
  pki::CertOptions o;
  o.key_type = "RSA";
  return Issued("RSA Signer", o);
}

}  // namespace

TEST(SignedData, Sm2OverSignatureXmlPassesDetachedAndAttached) { ExpectPassedBothWays(Spec()); }

TEST(SignedData, Pkcs7ObjectIdentifiersAreAccepted) {
  Spec s;
  s.sm2_oids = false;
  ExpectPassedBothWays(s);
}

TEST(SignedData, EcdsaAndRsaWithSha256Pass) {
  Spec ec;
  ec.signer = &EcSigner();
  ec.alg = "ECDSA-SHA256";
  ExpectPassedBothWays(ec);
  Spec rsa;
  rsa.signer = &RsaSigner();
  rsa.alg = "RSA-SHA256";
  ExpectPassedBothWays(rsa);
}

TEST(SignedData, WithoutSignedAttributesTheSignatureCoversTheContent) {
  Spec s;
  s.attrs = false;
  ExpectPassedBothWays(s);
  s.attached = true;
  // What a real vendor writes: the content is SM3(Signature.xml), reported.
  s.content = Digest(EVP_sm3(), kXml);
  ReportPtr r;
  Verify(r, Build(s));
  EXPECT_EQ(Status(r.p, "ofd.sign.digest"), "WARNING") << Text(r.p);
  EXPECT_EQ(Status(r.p, "ofd.sign.signature"), "OK") << Text(r.p);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
}

TEST(SignedData, DetachedSignatureXmlChangedAfterSigningFailsTheDigest) {
  Bytes edited = kXml;
  edited[edited.size() / 2] ^= 1;
  ReportPtr r;
  Verify(r, Build(Spec()), &edited);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "ofd.sign.digest");
  // Without signed attributes the signature itself covers Signature.xml.
  Spec bare;
  bare.attrs = false;
  ReportPtr b;
  Verify(b, Build(bare), &edited);
  ExpectVerdict(b.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "ofd.sign.signature");
}

TEST(SignedData, MessageDigestOfOtherBytesFails) {
  Spec s;
  s.digest_value = Digest(EVP_sm3(), Bytes{'x'});
  ExpectForged(s, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "ofd.sign.digest");
  // Every byte counts, the last one too.
  Bytes near = Digest(EVP_sm3(), kXml);
  near.back() ^= 1;
  s.digest_value = near;
  ReportPtr n;
  Verify(n, Build(s));
  ExpectVerdict(n.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "ofd.sign.digest");
}

TEST(SignedData, AttachedContentOtherThanSignatureXmlFails) {
  Spec s;
  s.attached = true;
  s.content = Bytes{'o', 't', 'h', 'e', 'r'};
  ExpectForged(s, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "ofd.sign.digest");
  s.attrs = false;
  ReportPtr b;
  Verify(b, Build(s));
  ExpectVerdict(b.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "ofd.sign.digest");
  // Signature.xml's length, its last byte changed, signed consistently.
  Bytes edited = kXml;
  edited.back() ^= 1;
  s.content = edited;
  s.attrs = true;
  ReportPtr e;
  Verify(e, Build(s));
  ExpectVerdict(e.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "ofd.sign.digest");
}

TEST(SignedData, ACertificateTheSignerInfoDoesNotNameIsNotUsed) {
  Spec s;
  s.certs = {pki::Maker().cert};
  ReportPtr r;
  Verify(r, Build(s));
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "ofd.sign.signer");
  EXPECT_EQ(Status(r.p, "ofd.sign.signature"), "SKIPPED") << Text(r.p);
}

TEST(SignedData, ASubjectKeyIdentifierNamesTheSignerToo) {
  Spec s;
  s.key_id = true;
  ExpectPassedBothWays(s);
  s.certs = {pki::Maker().cert, pki::Root().cert};
  ExpectForged(s, ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "ofd.sign.signer");
}

TEST(SignedData, ASignatureByAnotherKeyThanTheNamedCertificateFails) {
  // Names and carries the maker's certificate, signed with the signer's key.
  sm2::Identity impostor{sm2::Key(EVP_PKEY_dup(pki::Signer().key.get())), pki::Maker().cert};
  Spec s;
  s.signer = &impostor;
  ReportPtr r;
  Verify(r, Build(s));
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "ofd.sign.signature");
  EXPECT_EQ(Status(r.p, "ofd.sign.signer"), "OK");
}

TEST(SignedData, SignedAttributesChangedAfterSigningFail) {
  Spec s;
  s.signed_time = kNow;  // signed with one signingTime, written with another
  ExpectForged(s, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CRYPTO_FAILURE, "ofd.sign.signature");
}

TEST(SignedData, SignedAttributesWithoutMessageDigestFail) {
  Spec s;
  s.message_digest = false;
  ExpectForged(s, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "ofd.sign.digest");
}

TEST(SignedData, AContentTypeAttributeThatDisagreesFails) {
  Spec s;
  s.attr_content_type = "1.2.840.113549.1.7.2";
  ExpectForged(s, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "ofd.sign.format");
}

TEST(SignedData, ADigestAlgorithmTheSignatureDoesNotUseFails) {
  Spec s;
  s.digest_oid = kSha256;  // SM2-1 with SHA-256 named, SM3 used
  s.digest_value = Digest(EVP_sha256(), kXml);
  ExpectForged(s, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "ofd.sign.signature");
}

TEST(SignedData, AnUntrustedChainIsIndeterminate) {
  pki::CertOptions root;
  root.ca = true;
  root.key_usage = 0x04 | 0x02;
  const sm2::Identity &other_root = Issued("Other Root", root, nullptr);
  Spec s;
  s.signer = &Issued("Signer Of Another Root", pki::CertOptions(), &other_root);
  ReportPtr r;
  Verify(r, Build(s));
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_NO_CERTIFICATE_CHAIN_FOUND, "ofd.sign.chain");
  EXPECT_EQ(Status(r.p, "ofd.sign.signature"), "OK") << Text(r.p);
}

TEST(SignedData, ACaCertificateMayNotSign) {
  pki::CertOptions ca;
  ca.ca = true;
  ca.key_usage = 0x80 | 0x40 | 0x04;
  Spec s;
  s.signer = &Issued("Signing CA", ca);
  ExpectForged(s, ESEAL_TOTAL_FAILED, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "ofd.sign.role");
}

TEST(SignedData, ACertificateExpiredAtTheSigningTimeFails) {
  Spec s;
  s.signer = &ExpiredSigner();
  ExpectForged(s, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, "ofd.sign.validity");
}

TEST(SignedData, WithoutSigningTimeSignatureXmlsTimeIsTheClaim) {
  Spec s;
  s.signer = &ExpiredSigner();
  s.signing_time.reset();
  // No time at all: judged at the validation time, when it had expired.
  ReportPtr now;
  Verify(now, Build(s));
  ExpectVerdict(now.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_EXPIRED, "ofd.sign.validity");
  // Signature.xml's (signed) SignatureDateTime inside the validity: valid then,
  // but nothing proves the signature existed before the expiry.
  int64_t claimed = kNow - 30 * kDay;
  ReportPtr then;
  Verify(then, Build(s), &kXml, nullptr, &claimed);
  ExpectVerdict(then.p, ESEAL_INDETERMINATE, ESEAL_SUB_OUT_OF_BOUNDS_NO_POE, "ofd.sign.validity");
  EXPECT_EQ(Status(then.p, "ofd.sign.time"), "OK");
  int64_t t = 0;
  ASSERT_EQ(eseal_report_time_get(then.p, ESEAL_TIME_CLAIMED_SIGNING, &t), 0);
  EXPECT_EQ(t, claimed);
}

TEST(SignedData, ASigningTimeInTheFutureIsRefused) {
  Spec s;
  s.signing_time = kNow + 10 * kDay;
  ExpectForged(s, ESEAL_INDETERMINATE, ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "ofd.sign.time");
}

TEST(SignedData, Sha1IsBelowTheDefaultCryptoPolicy) {
  Spec s;
  s.signer = &RsaSigner();
  s.alg = "RSA-SHA1";
  ReportPtr r;
  Verify(r, Build(s));
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "crypto.policy");
  EXPECT_EQ(Status(r.p, "ofd.sign.signature"), "OK") << Text(r.p);
  eseal_verify_options legacy = ESEAL_VERIFY_OPTIONS_INIT;
  legacy.crypto_policy = ESEAL_CRYPTO_POLICY_LEGACY;
  ReportPtr l;
  Verify(l, Build(s), &kXml, &legacy);
  EXPECT_EQ(Status(l.p, "crypto.policy"), "WARNING") << Text(l.p);
  EXPECT_EQ(eseal_report_indication(l.p), ESEAL_TOTAL_PASSED) << Text(l.p);
}

TEST(SignedData, RawSignatureValuesAreAQuirkRefusedInStrictMode) {
  Spec s;
  s.raw_signature = true;
  ReportPtr r;
  Verify(r, Build(s));
  EXPECT_EQ(Status(r.p, "ofd.sign.format"), "WARNING") << Text(r.p);
  EXPECT_EQ(Status(r.p, "ofd.sign.signature"), "OK") << Text(r.p);
  eseal_verify_options strict = ESEAL_VERIFY_OPTIONS_INIT;
  strict.flags = ESEAL_VERIFY_STRICT;
  ReportPtr st;
  Verify(st, Build(s), &kXml, &strict);
  ExpectVerdict(st.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "ofd.sign.format");
}

TEST(SignedData, TrailingBytesAreAQuirk) {
  Spec s;
  s.trailing = Bytes{0, 0};
  ReportPtr r;
  Verify(r, Build(s));
  EXPECT_EQ(Status(r.p, "ofd.sign.format"), "WARNING") << Text(r.p);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
}

TEST(SignedData, RevocationRequiredWithoutASourceIsIndeterminate) {
  eseal_verify_options o = ESEAL_VERIFY_OPTIONS_INIT;
  o.flags = ESEAL_VERIFY_REQUIRE_REVOCATION;
  ReportPtr r;
  Verify(r, Build(Spec()), &kXml, &o);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "ofd.sign.revocation");
}

TEST(SignedData, WithoutSignatureXmlTheResultStaysOpen) {
  ReportPtr r;
  Verify(r, Build(Spec()), nullptr);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_SIGNED_DATA_NOT_FOUND, "ofd.sign.digest");
}

TEST(SignedData, MalformedInputIsAFormatFailure) {
  Bytes good = Build(Spec());
  std::vector<Bytes> bad = {
      Bytes(),
      Bytes(good.begin(), good.begin() + good.size() / 2),
      der::Seq({der::Oid("1.2.840.113549.1.7.1"), der::Tlv(0xA0, der::Octets(kXml))}),
      Bytes(ESEAL_OFD__SIGNED_DATA_MAX_BYTES + 1, 0x30),
  };
  for (const Bytes &b : bad) {
    ReportPtr r;
    Verify(r, b);
    ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "ofd.sign.format");
  }
}

TEST(SignedData, TooManyCertificatesAreRefused) {
  Spec s;
  s.certs.assign(ESEAL_OFD__SIGNED_DATA_MAX_CERTS + 1, pki::Signer().cert);
  ExpectForged(s, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "ofd.sign.format");
  s.certs.resize(ESEAL_OFD__SIGNED_DATA_MAX_CERTS);
  ReportPtr ok;
  Verify(ok, Build(s));
  EXPECT_EQ(eseal_report_indication(ok.p), ESEAL_TOTAL_PASSED) << Text(ok.p);
}

namespace {

// One entry of a zip file, read with libzip.
Bytes ZipEntry(const std::string &path, const std::string &name) {
  int err = 0;
  zip_t *z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (z == nullptr) return {};
  Bytes out;
  zip_stat_t st;
  zip_file_t *f = nullptr;
  if (zip_stat(z, name.c_str(), 0, &st) == 0 && (f = zip_fopen(z, name.c_str(), 0)) != nullptr) {
    out.resize(st.size);
    if (zip_fread(f, out.data(), st.size) != (zip_int64_t)st.size) out.clear();
    zip_fclose(f);
  }
  zip_close(z);
  return out;
}

}  // namespace

TEST(SignedDataVectors, TheAttachedSignatureOfTheKeywordOfdVerifies) {
  ESEAL_REQUIRE_VECTORS();
  std::string ofd = vectors::Dir() + "/tongz_keyword.ofd";
  Bytes sd = ZipEntry(ofd, "Doc_0/Signs/Sign_3/SignedValue.dat");
  Bytes xml = ZipEntry(ofd, "Doc_0/Signs/Sign_3/Signature.xml");
  ASSERT_FALSE(sd.empty());
  ASSERT_FALSE(xml.empty());
  // Its SignatureDateTime, "2020-06-20 17:18:49" (China Standard Time).
  eseal__time t;
  const char *why = nullptr;
  ASSERT_EQ(eseal__time_parse_text("2020-06-20 17:18:49", 19, &t, &why), 0);
  ReportPtr r;
  Verify(r, sd, &xml, nullptr, &t.utc, kNow);
  // SM2 over the attached content, which is SM3(Signature.xml); raw r‖s.
  EXPECT_EQ(Status(r.p, "ofd.sign.format"), "WARNING") << Text(r.p);
  EXPECT_EQ(Status(r.p, "ofd.sign.signer"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "ofd.sign.digest"), "WARNING") << Text(r.p);
  EXPECT_EQ(Status(r.p, "ofd.sign.signature"), "OK") << Text(r.p);
  // Valid at the claimed time (2020-05-26..2021-05-26), expired since.
  EXPECT_EQ(eseal_report_check_sub_indication(
                r.p, (size_t)eseal_report_find_check(r.p, "ofd.sign.validity")),
            ESEAL_SUB_OUT_OF_BOUNDS_NO_POE)
      << Text(r.p);
  // Its CA is not among the test anchors.
  EXPECT_EQ(Status(r.p, "ofd.sign.chain"), "NOT_OK");
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_INDETERMINATE);

  Bytes edited = xml;
  edited[edited.size() / 2] ^= 1;
  ReportPtr e;
  Verify(e, sd, &edited, nullptr, &t.utc, kNow);
  ExpectVerdict(e.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "ofd.sign.digest");
}

TEST(SignedDataVectors, AnSesSignatureIsNotASignedData) {
  ESEAL_REQUIRE_VECTORS();
  std::string ofd = vectors::Dir() + "/tongz_keyword.ofd";
  Bytes ses = ZipEntry(ofd, "Doc_0/Signs/Sign_1/SignedValue.dat");
  Bytes xml = ZipEntry(ofd, "Doc_0/Signs/Sign_1/Signature.xml");
  ASSERT_FALSE(ses.empty());
  ReportPtr r;
  Verify(r, ses, &xml, nullptr, nullptr, kNow);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "ofd.sign.format");
}
