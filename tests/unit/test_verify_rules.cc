// Verification rules that a one-line change in the verifier broke without any
// other test noticing (tests/mutation/ lists those changes). Each test states
// one rule and checks it through the public API: a verdict that is not
// TOTAL_PASSED, the check that fails, its status and, where the rule fixes
// it, the sub-indication.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include <stdlib.h>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "../support/fixtures.h"
#include "../support/workflow.h"

using namespace workflow;
using pki::kDay;
using pki::kNow;
using pki::kYear;

namespace {

// Signed 8 hours after kNow; verified a day after kNow unless a test says otherwise.
constexpr int64_t kSigningTime = kNow + 8 * 3600;
constexpr int64_t kSealCreated = kNow - 30 * kDay;

// A V4 signature of the test PKI over kDocument, built byte by byte so that it
// can break rules eseal_stamp() refuses to break.
fixtures::SigSpec Spec(const sm2::Identity &signer = pki::Signer(),
                       const sm2::Identity &maker = pki::Maker()) {
  fixtures::SigSpec s;
  s.seal.maker = &maker;
  s.signer = &signer;
  s.seal.certs = {signer.cert};
  s.seal.create = pki::GenTime(kSealCreated);
  s.seal.start = pki::GenTime(kSealCreated);
  s.seal.end = pki::GenTime(kNow + kYear);
  s.time = pki::GenTime(kSigningTime);
  s.data_hash = Bytes(32);
  unsigned int n = 0;
  EVP_Digest(kDocument.data(), kDocument.size(), s.data_hash.data(), &n, EVP_sm3(), nullptr);
  return s;
}

// The same signature in the V1 layout (GM/T 0031-2014).
fixtures::SigSpec V1Spec() {
  fixtures::SigSpec s = Spec();
  s.format = 1;
  s.tbs_version = 1;
  s.seal.format = 1;
  s.seal.header_version = 1;
  std::string t = pki::GenTime(kSigningTime);  // YYYYMMDDhhmmssZ
  s.v1_time = der::Str(t.substr(0, 4) + "-" + t.substr(4, 2) + "-" + t.substr(6, 2) + "T" +
                       t.substr(8, 2) + ":" + t.substr(10, 2) + ":" + t.substr(12, 2) + "Z");
  return s;
}

void VerifySpec(ReportPtr &out, const fixtures::SigSpec &spec, eseal_ctx *ctx) {
  VerifyBytes(out, ctx, fixtures::BuildSignature(spec).bytes, &kDocument);
}

void VerifySpec(ReportPtr &out, const fixtures::SigSpec &spec, int64_t at = kNow + kDay) {
  auto ctx = pki::Context(at);
  VerifySpec(out, spec, ctx.get());
}

std::string SubName(eseal_sub_indication sub) {
  const char *name = eseal_sub_indication_name(sub);
  return name && *name ? name : "NONE";
}

// Sub-indications by name, so that the names of newer time policies can be
// listed without depending on the header that declares them.
using Subs = std::set<std::string>;

// The input is refused: the verdict is not TOTAL_PASSED, check `id` is NOT_OK and
// carries one of `subs`, and so does the whole report.
void ExpectRefused(const eseal_report *r, const std::string &id, const Subs &subs) {
  ASSERT_NE(r, nullptr);
  EXPECT_NE(eseal_report_indication(r), ESEAL_TOTAL_PASSED) << Text(r);
  long i = eseal_report_find_check(r, id.c_str());
  ASSERT_GE(i, 0) << id << " missing\n" << Text(r);
  EXPECT_EQ(Status(r, id), "NOT_OK") << Text(r);
  EXPECT_NE(eseal_report_check_indication(r, (size_t)i), ESEAL_TOTAL_PASSED) << Text(r);
  std::string check_sub = SubName(eseal_report_check_sub_indication(r, (size_t)i));
  EXPECT_TRUE(subs.count(check_sub)) << id << ": " << check_sub << "\n" << Text(r);
  std::string sub = SubName(eseal_report_sub_indication(r));
  EXPECT_TRUE(subs.count(sub)) << sub << "\n" << Text(r);
}

// Expiry and not-yet-valid as the time policies may report them.
const Subs kExpired = {"EXPIRED", "OUT_OF_BOUNDS_NO_POE"};
const Subs kNotYetValid = {"NOT_YET_VALID"};
const Subs kNotBound = {"SIG_CONSTRAINTS_FAILURE"};
const Subs kBadAlgorithm = {"CRYPTO_CONSTRAINTS_FAILURE", "SIG_CRYPTO_FAILURE"};

pki::CertOptions CaOptions(int64_t not_before, int64_t not_after) {
  pki::CertOptions o;
  o.ca = true;
  o.key_usage = 0x04 | 0x02;  // keyCertSign, cRLSign
  o.not_before = not_before;
  o.not_after = not_after;
  return o;
}

pki::CertOptions LeafOptions(int64_t not_before, int64_t not_after) {
  pki::CertOptions o;
  o.not_before = not_before;
  o.not_after = not_after;
  return o;
}

// A context at `at` trusting the test root, with `intermediate` available to
// build chains (written to a PEM file, as a platform would configure it).
pki::CtxPtr ContextWithIntermediate(const sm2::Identity &intermediate, int64_t at) {
  auto ctx = pki::Context(at);
  char tmpl[] = "/tmp/eseal-rules-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string path = dir + "/intermediate.pem";
  FILE *f = std::fopen(path.c_str(), "w");
  EXPECT_NE(f, nullptr) << path;
  if (f) {
    const unsigned char *p = intermediate.cert.data();
    X509 *x = d2i_X509(nullptr, &p, static_cast<long>(intermediate.cert.size()));
    EXPECT_NE(x, nullptr);
    PEM_write_X509(f, x);
    X509_free(x);
    std::fclose(f);
  }
  EXPECT_EQ(eseal_ctx_add_intermediate_path(ctx.get(), path.c_str()), 0) << LastError();
  std::filesystem::remove_all(dir);
  return ctx;
}

}  // namespace

// --- Validity of every certificate at the time it is judged at ---

TEST(VerifyRules, SignerCertificateNotYetValidAtSigningTimeFails) {
  static const auto signer =
      pki::Issue("Early Signer", LeafOptions(kSigningTime + kDay, kNow + kYear), &pki::Root());
  ReportPtr r;
  VerifySpec(r, Spec(signer), kNow + 30 * kDay);  // valid by the validation time
  ExpectRefused(r.p, "signer.validity", kNotYetValid);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_FAILED) << Text(r.p);
}

// Not yet valid when the seal was made, nor when it was used.
TEST(VerifyRules, MakerCertificateNotYetValidAtCreationFails) {
  static const auto maker =
      pki::Issue("Early Maker", LeafOptions(kSigningTime + kDay, kNow + kYear), &pki::Root());
  ReportPtr r;
  VerifySpec(r, Spec(pki::Signer(), maker), kNow + 30 * kDay);
  ExpectRefused(r.p, "seal.maker_validity", kNotYetValid);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_FAILED) << Text(r.p);
}

// Validity includes its first second (RFC 5280 §4.1.2.5: "inclusive").
TEST(VerifyRules, SignerCertificateValidFromTheSigningSecondPasses) {
  static const auto signer =
      pki::Issue("Punctual Signer", LeafOptions(kSigningTime, kNow + kYear), &pki::Root());
  ReportPtr r;
  VerifySpec(r, Spec(signer));
  EXPECT_EQ(Status(r.p, "signer.validity"), "OK") << Text(r.p);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signer.validity");
}

// root -> intermediate CA -> signer: the intermediate must have been valid at
// the signing time too, whatever the leaf says.
TEST(VerifyRules, SignerChainCaExpiredAtSigningTimeFails) {
  static const auto ca =
      pki::Issue("Expired Signer CA", CaOptions(kNow - 3 * kYear, kSigningTime - kDay), &pki::Root());
  static const auto signer =
      pki::Issue("Signer Under Expired CA", LeafOptions(kNow - kYear, kNow + kYear), &ca);
  auto ctx = ContextWithIntermediate(ca, kNow + kDay);
  ReportPtr r;
  VerifySpec(r, Spec(signer), ctx.get());
  ExpectRefused(r.p, "signer.validity", kExpired);
  EXPECT_EQ(eseal_report_check_sub_indication(
                r.p, (size_t)eseal_report_find_check(r.p, "signer.validity")),
            ESEAL_SUB_EXPIRED)
      << Text(r.p);
}

TEST(VerifyRules, SignerChainCaNotYetValidAtSigningTimeFails) {
  // Valid by the validation time: only a check at the signing time sees it.
  static const auto ca =
      pki::Issue("Late Signer CA", CaOptions(kSigningTime + kDay, kNow + 3 * kYear), &pki::Root());
  static const auto signer =
      pki::Issue("Signer Under Late CA", LeafOptions(kNow - kYear, kNow + kYear), &ca);
  auto ctx = ContextWithIntermediate(ca, kNow + 30 * kDay);
  ReportPtr r;
  VerifySpec(r, Spec(signer), ctx.get());
  ExpectRefused(r.p, "signer.validity", kNotYetValid);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_FAILED) << Text(r.p);
}

TEST(VerifyRules, MakerChainCaExpiredAtCreationFails) {
  static const auto ca =
      pki::Issue("Expired Maker CA", CaOptions(kNow - 3 * kYear, kSealCreated - kDay), &pki::Root());
  static const auto maker =
      pki::Issue("Maker Under Expired CA", LeafOptions(kNow - kYear, kNow + kYear), &ca);
  auto ctx = ContextWithIntermediate(ca, kNow + kDay);
  ReportPtr r;
  VerifySpec(r, Spec(pki::Signer(), maker), ctx.get());
  ExpectRefused(r.p, "seal.maker_validity", kExpired);
  EXPECT_EQ(eseal_report_check_sub_indication(
                r.p, (size_t)eseal_report_find_check(r.p, "seal.maker_validity")),
            ESEAL_SUB_EXPIRED)
      << Text(r.p);
}

// The control: the same chain with a CA valid throughout passes, so the
// failures above come from the CA's dates and nothing else.
TEST(VerifyRules, SignerChainWithAValidCaPasses) {
  static const auto ca =
      pki::Issue("Good Signer CA", CaOptions(kNow - 3 * kYear, kNow + 3 * kYear), &pki::Root());
  static const auto signer =
      pki::Issue("Signer Under Good CA", LeafOptions(kNow - kYear, kNow + kYear), &ca);
  auto ctx = ContextWithIntermediate(ca, kNow + kDay);
  ReportPtr r;
  VerifySpec(r, Spec(signer), ctx.get());
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signer.validity");
  EXPECT_NE(Text(r.p).find("(3 certificates)"), std::string::npos) << Text(r.p);
}

// --- Binding of the signer certificate to the seal ---

// Every byte counts: another certificate of the same DER length does not bind.
TEST(VerifyRules, SignerCertificateOfTheSameLengthIsNotBound) {
  // Same name length, same key type: the DER lengths differ only by the
  // signature's INTEGER padding, so a few issues usually find one of equal
  // length. When the signer's own signature has a rare length (an INTEGER of
  // 31 bytes, about 1 in 128), 64 tries missed it now and then: try enough
  // for that case too.
  static const sm2::Identity other = [] {
    for (int i = 0; i < 4096; i++) {
      auto id = pki::Issue("Test Signex", pki::CertOptions(), &pki::Root());
      if (id.cert.size() == pki::Signer().cert.size()) return id;
    }
    return sm2::Identity{};
  }();
  ASSERT_EQ(other.cert.size(), pki::Signer().cert.size()) << "no certificate of equal length";
  ASSERT_NE(other.cert, pki::Signer().cert);
  auto spec = Spec();
  spec.seal.certs = {other.cert};
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectRefused(r.p, "signer.binding", kNotBound);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_FAILED) << Text(r.p);
}

// A certList entry equal to the signer certificate but for its last byte does not bind.
TEST(VerifyRules, CertListEntryDifferingInTheLastByteIsNotBound) {
  for (size_t at : {pki::Signer().cert.size() - 1, size_t{0}, pki::Signer().cert.size() / 2}) {
    Bytes entry = pki::Signer().cert;
    entry[at] ^= 0x01;
    auto spec = Spec();
    spec.seal.certs = {entry};
    ReportPtr r;
    VerifySpec(r, spec);
    SCOPED_TRACE("byte " + std::to_string(at));
    ExpectRefused(r.p, "signer.binding", kNotBound);
  }
}

// A certList entry that is the signer certificate cut short does not bind it.
TEST(VerifyRules, CertListEntryThatIsAPrefixOfTheSignerCertificateIsNotBound) {
  Bytes entry(pki::Signer().cert.begin(), pki::Signer().cert.end() - 1);
  auto spec = Spec();
  spec.seal.certs = {entry};
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectRefused(r.p, "signer.binding", kNotBound);
}

// A certDigestList entry is compared with the digest it names: the SM3 digest
// of the signer certificate labelled as SHA-256 or SHA-1 does not bind.
TEST(VerifyRules, DigestListEntryLabelledWithAnotherDigestIsNotBound) {
  Bytes sm3(32);
  unsigned int n = 0;
  EVP_Digest(pki::Signer().cert.data(), pki::Signer().cert.size(), sm3.data(), &n, EVP_sm3(),
             nullptr);
  for (const char *label : {"SHA-256", "SHA1"}) {
    SCOPED_TRACE(label);
    auto spec = Spec();
    spec.seal.cert_list_type = 2;
    spec.seal.digest_type = label;
    // The fixture writes the SM3 digest under labels it does not know.
    SealPtr seal;
    ASSERT_EQ(ParseSeal(seal, fixtures::BuildSeal(spec.seal).bytes), 0) << LastError();
    size_t len = 0;
    const uint8_t *entry = eseal_seal_cert(seal.p, 0, &len);
    ASSERT_EQ(View(entry, len), sm3) << "the fixture no longer writes SM3 under " << label;
    ReportPtr r;
    VerifySpec(r, spec);
    ExpectRefused(r.p, "signer.binding", kNotBound);
  }
  // The control: labelled sm3, the same entry binds.
  auto spec = Spec();
  spec.seal.cert_list_type = 2;
  ReportPtr ok;
  VerifySpec(ok, spec);
  EXPECT_EQ(Status(ok.p, "signer.binding"), "OK") << Text(ok.p);
}

// V1 certList of certificate IDs (IA5String): nothing to compare, so never bound.
TEST(VerifyRules, CertificateIdListNeverBinds) {
  auto spec = V1Spec();
  spec.seal.cert_list_type = 3;
  spec.seal.certs = {der::Str("Test Signer"), der::Str("1")};
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectRefused(r.p, "signer.binding", kNotBound);
  // Every other check passes: the verdict rests on the binding alone.
  EXPECT_EQ(Status(r.p, "signature.value"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "seal.signature"), "OK") << Text(r.p);
  // The control: the same V1 signature with the certificate itself passes.
  ReportPtr ok;
  VerifySpec(ok, V1Spec());
  ExpectVerdict(ok.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signer.binding");
}

// --- The signature algorithm must fit the key ---

const char *const kForeignAlgorithms[] = {
    "1.2.840.113549.1.1.11",  // sha256WithRSAEncryption
    "1.2.156.10197.1.504",    // RSA with SM3
    "1.2.840.10045.4.3.2",    // ecdsa-with-SHA256 (P-256, not the SM2 curve)
};

// An SM2 signature labelled with an RSA or ECDSA algorithm is not a valid signature.
TEST(VerifyRules, SignatureAlgorithmThatDoesNotFitTheSignerKeyIsNotValid) {
  for (const char *oid : kForeignAlgorithms) {
    SCOPED_TRACE(oid);
    auto spec = Spec();
    spec.algorithm = oid;
    ReportPtr r;
    VerifySpec(r, spec);
    ExpectRefused(r.p, "signature.value", kBadAlgorithm);
    // Not a signature that failed: one that cannot be checked with this key.
    EXPECT_EQ(SubName(eseal_report_check_sub_indication(
                  r.p, (size_t)eseal_report_find_check(r.p, "signature.value"))),
              "CRYPTO_CONSTRAINTS_FAILURE")
        << Text(r.p);
  }
}

TEST(VerifyRules, SealAlgorithmThatDoesNotFitTheMakerKeyIsNotValid) {
  for (const char *oid : kForeignAlgorithms) {
    SCOPED_TRACE(oid);
    auto spec = Spec();
    spec.seal.algorithm = oid;
    ReportPtr r;
    VerifySpec(r, spec);
    ExpectRefused(r.p, "seal.signature", kBadAlgorithm);
    EXPECT_EQ(SubName(eseal_report_check_sub_indication(
                  r.p, (size_t)eseal_report_find_check(r.p, "seal.signature"))),
              "CRYPTO_CONSTRAINTS_FAILURE")
        << Text(r.p);
  }
}

// --- A signature and its seal are of one format ---

TEST(VerifyRules, V4SignatureAroundAV1SealIsAFormatFailure) {
  auto spec = Spec();
  spec.seal.format = 1;
  spec.seal.header_version = 4;  // equal to the TBS version: only the layouts disagree
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "version");
  EXPECT_EQ(Status(r.p, "version"), "NOT_OK");
}

TEST(VerifyRules, V1SignatureAroundAV4SealIsAFormatFailure) {
  auto spec = V1Spec();
  spec.seal.format = 4;
  spec.seal.header_version = 1;
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_FORMAT_FAILURE, "version");
  EXPECT_EQ(Status(r.p, "version"), "NOT_OK");
}

// --- dataHash against the data ---

Bytes Digest(const EVP_MD *md, const Bytes &data) {
  Bytes out(EVP_MD_get_size(md));
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &n, md, nullptr);
  return out;
}

// Every byte of dataHash counts, whichever digest it is: one differing in its
// last byte only is HASH_FAILURE.
TEST(VerifyRules, DataHashDifferingInItsLastByteIsAHashFailure) {
  for (const EVP_MD *md : {EVP_sm3(), EVP_sha256(), EVP_sha1()}) {
    SCOPED_TRACE(EVP_MD_get0_name(md));
    auto spec = Spec();
    spec.data_hash = Digest(md, kDocument);
    ReportPtr exact;
    VerifySpec(exact, spec);
    EXPECT_EQ(Status(exact.p, "data.hash"), "OK") << Text(exact.p);
    spec.data_hash.back() ^= 0x01;
    ReportPtr r;
    VerifySpec(r, spec);
    ExpectRefused(r.p, "data.hash", {"HASH_FAILURE"});
    EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_FAILED) << Text(r.p);
  }
}

// A precomputed hash given by the caller must equal dataHash too.
TEST(VerifyRules, PrecomputedHashThatDiffersIsAHashFailure) {
  auto spec = Spec();
  auto ctx = pki::Context(kNow + kDay);
  Bytes hash = Digest(EVP_sm3(), kDocument);
  hash.back() ^= 0x01;
  DataPtr d;
  ASSERT_EQ(eseal_data_from_hash(&d.p, hash.data(), hash.size()), 0);
  Bytes bytes = fixtures::BuildSignature(spec).bytes;
  ReportPtr r;
  ASSERT_EQ(eseal_verify_bytes(&r.p, ctx.get(), bytes.data(), bytes.size(), d.p, nullptr), 0);
  ExpectRefused(r.p, "data.hash", {"HASH_FAILURE"});
}

// --- Certificates are DER, whole ---

// Bytes after a certificate are covered by no CA signature: such a signer or
// maker certificate cannot be read, whatever the seal lists.
TEST(VerifyRules, CertificateFollowedByExtraBytesIsRefused) {
  static const sm2::Identity padded_signer = [] {
    sm2::Identity id = pki::Issue("Padded Signer", pki::CertOptions(), &pki::Root());
    id.cert.push_back(0x00);
    return id;
  }();
  ReportPtr r;
  VerifySpec(r, Spec(padded_signer));
  ExpectRefused(r.p, "signer.chain", {"FORMAT_FAILURE"});

  static const sm2::Identity padded_maker = [] {
    sm2::Identity id = pki::Issue("Padded Maker", pki::CertOptions(), &pki::Root());
    id.cert.push_back(0x00);
    return id;
  }();
  ReportPtr m;
  VerifySpec(m, Spec(pki::Signer(), padded_maker));
  ExpectRefused(m.p, "seal.maker_chain", {"FORMAT_FAILURE"});
}

// --- One signature, one encoding ---

// A seal whose signature value is `value` (the BIT STRING contents), verified alone.
void VerifySealWithSignatureValue(ReportPtr &out, const Bytes &value) {
  fixtures::SealSpec s = Spec().seal;
  s.signature_override = value;
  auto ctx = pki::Context(kNow + kDay);
  VerifyBytes(out, ctx.get(), fixtures::BuildSeal(s).bytes, nullptr);
}

// The maker's DER signature over the default crafted seal.
Bytes MakerSignature() {
  fixtures::SealSpec s = Spec().seal;
  return sm2::Sign(pki::Maker().key.get(), fixtures::BuildSeal(s).signed_range);
}

TEST(VerifyRules, SignatureValueEncodingsOutsideTheToleratedOnesAreFormatFailures) {
  Bytes der = MakerSignature();
  Bytes raw = sm2::ToRaw(der);
  ReportPtr control;
  VerifySealWithSignatureValue(control, der);
  EXPECT_EQ(Status(control.p, "seal.signature"), "OK") << Text(control.p);

  struct Case {
    const char *name;
    Bytes value;
  };
  Bytes der_trailing = der;
  der_trailing.push_back(0x00);
  Bytes raw_trailing = raw;
  raw_trailing.push_back(0x00);
  Bytes padded(128, 0x01);  // r and s padded to 64 bytes each, with ones instead of zeros
  std::copy(raw.begin(), raw.begin() + 32, padded.begin() + 32);
  std::copy(raw.begin() + 32, raw.end(), padded.begin() + 96);
  Bytes r_zeros(3 + 32, 0x00);  // r after three zero bytes: at least two superfluous
  std::copy(raw.begin(), raw.begin() + 32, r_zeros.begin() + 3);
  Bytes s_magnitude(raw.begin() + 32, raw.end());
  Bytes two_zeros = der::Seq({der::Tlv(0x02, r_zeros), der::UInt(s_magnitude)});
  for (const Case &c : {Case{"DER followed by a byte", der_trailing},
                        Case{"r||s followed by a byte", raw_trailing},
                        Case{"r||s padded with non-zero bytes", padded},
                        Case{"r with superfluous zero bytes", two_zeros}}) {
    SCOPED_TRACE(c.name);
    ReportPtr r;
    VerifySealWithSignatureValue(r, c.value);
    ExpectRefused(r.p, "format", {"FORMAT_FAILURE"});
  }
}

// The element TLVs inside a DER SEQUENCE `seq` (test input: well-formed DER).
std::vector<Bytes> Elements(const Bytes &seq) {
  auto header = [&](size_t at, size_t *len) {
    size_t n = seq[at + 1];
    if (n < 0x80) {
      *len = n;
      return size_t{2};
    }
    *len = 0;
    for (size_t i = 0; i < (n & 0x7f); i++) *len = (*len << 8) | seq[at + 2 + i];
    return 2 + (n & 0x7f);
  };
  size_t len = 0, at = header(0, &len);
  std::vector<Bytes> out;
  while (at < seq.size()) {
    size_t n = 0, h = header(at, &n);
    out.emplace_back(seq.begin() + at, seq.begin() + at + h + n);
    at += h + n;
  }
  return out;
}

// A V4 seal, properly signed by the maker, whose picture data (of `size` bytes)
// has its length written as `length` (the bytes after the tag).
Bytes SealWithPictureLength(size_t size, const Bytes &length) {
  fixtures::SealSpec spec = Spec().seal;
  spec.picture = Bytes(size, 0x42);
  std::vector<Bytes> info = Elements(fixtures::BuildSeal(spec).info_or_tbs);
  std::vector<Bytes> picture = Elements(info.at(3));
  Bytes data = der::Cat({Bytes{0x04}, length, spec.picture});
  info[3] = der::Seq({picture.at(0), data, picture.at(2), picture.at(3)});
  Bytes signed_info = der::Seq({info.at(0), info.at(1), info.at(2), info.at(3)});
  Bytes value = sm2::Sign(pki::Maker().key.get(), signed_info);
  return der::Seq({signed_info, der::Octets(pki::Maker().cert), der::Oid(spec.algorithm),
                   der::Bits(value)});
}

// DER has one length encoding: the shortest. A longer one makes a second
// encoding of the same seal, so it is refused even when the maker signed it.
TEST(VerifyRules, NonMinimalLengthsAreFormatFailures) {
  auto ctx = pki::Context(kNow + kDay);
  ReportPtr control;
  VerifyBytes(control, ctx.get(), SealWithPictureLength(127, {0x7f}), nullptr);
  ExpectVerdict(control.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.signature");
  ReportPtr long_form;  // 127 in the long form: 0x81 0x7f
  VerifyBytes(long_form, ctx.get(), SealWithPictureLength(127, {0x81, 0x7f}), nullptr);
  ExpectRefused(long_form.p, "format", {"FORMAT_FAILURE"});
  ReportPtr leading_zero;  // 200 with a leading zero octet: 0x82 0x00 0xc8
  VerifyBytes(leading_zero, ctx.get(), SealWithPictureLength(200, {0x82, 0x00, 0xc8}), nullptr);
  ExpectRefused(leading_zero.p, "format", {"FORMAT_FAILURE"});
}

Bytes SeqOf(const std::vector<Bytes> &items) {
  Bytes contents;
  for (const auto &item : items) contents.insert(contents.end(), item.begin(), item.end());
  return der::Tlv(0x30, contents);
}

// A certDigestList entry equal to the signer certificate's SM3 digest but for
// its last byte does not bind. The seal and the signature around it are signed
// over the changed entry, so only the binding can refuse it.
TEST(VerifyRules, DigestListEntryDifferingInTheLastByteIsNotBound) {
  auto spec = Spec();
  spec.seal.cert_list_type = 2;
  std::vector<Bytes> info = Elements(fixtures::BuildSeal(spec.seal).info_or_tbs);
  std::vector<Bytes> property = Elements(info.at(2));
  std::vector<Bytes> entry = Elements(Elements(property.at(3)).at(0));  // {digest type, digest}
  Bytes digest = entry.at(1);
  digest.back() ^= 0x01;
  property[3] = SeqOf({SeqOf({entry.at(0), digest})});
  info[2] = SeqOf(property);
  Bytes seal_info = SeqOf(info);
  Bytes seal = der::Seq({seal_info, der::Octets(pki::Maker().cert), der::Oid(spec.seal.algorithm),
                         der::Bits(sm2::Sign(pki::Maker().key.get(), seal_info))});
  Bytes tbs = der::Seq({der::Int(4), seal, der::GenTime(spec.time), der::Bits(spec.data_hash),
                        der::Ia5(spec.property_info)});
  Bytes bytes = der::Seq({tbs, der::Octets(pki::Signer().cert), der::Oid(spec.algorithm),
                          der::Bits(sm2::Sign(pki::Signer().key.get(), tbs))});
  auto ctx = pki::Context(kNow + kDay);
  ReportPtr r;
  VerifyBytes(r, ctx.get(), bytes, &kDocument);
  ExpectRefused(r.p, "signer.binding", kNotBound);
  EXPECT_EQ(Status(r.p, "seal.signature"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "signature.value"), "OK") << Text(r.p);
}

// UTCTime years 50 to 99 are 1950 to 1999 (RFC 5280 §4.1.2.5.1): a V1 seal
// valid until "50…" ended in 1950.
TEST(VerifyRules, V1SealValidUntilUtcYear50EndedIn1950) {
  auto spec = V1Spec();
  spec.seal.end = "20500101000000Z";  // written as UTCTime "500101000000Z"
  ReportPtr r;
  VerifySpec(r, spec);
  ExpectRefused(r.p, "seal.validity", kExpired);
}

// --- Stamping refuses what verification would refuse ---

// A key matches a certificate only when it is that certificate's key; a key of
// another type (RSA for an SM2 certificate) is no match, and stamping with it is refused.
TEST(VerifyRules, KeyOfAnotherTypeDoesNotMatchTheSignerCertificate) {
  pki::CertOptions o;
  o.key_type = "RSA";
  static const auto rsa = pki::Issue("RSA Signer", o, &pki::Root());
  EXPECT_EQ(eseal_key_matches_cert(pki::Key(rsa).get(), pki::Cert(pki::Signer()).get()), 0);
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0) << LastError();
  DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);
  SignaturePtr sig;
  EXPECT_EQ(eseal_stamp(&sig.p, ctx.get(), seal.p, pki::Key(rsa).get(),
                        pki::Cert(pki::Signer()).get(), data.p, nullptr),
            ESEAL_ECRYPTO)
      << LastError();
  EXPECT_EQ(sig.p, nullptr);
}

TEST(VerifyRules, StampingWithASignerCertificateNotYetValidIsRefused) {
  static const auto signer =
      pki::Issue("Future Signer", LeafOptions(kNow + kDay, kNow + kYear), &pki::Root());
  auto ctx = pki::Context();  // kNow: before the certificate's notBefore
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get(), {}, pki::Maker(), signer), 0) << LastError();
  SignaturePtr sig;
  EXPECT_EQ(Stamp(sig, ctx.get(), seal.p, signer), ESEAL_ECERT) << LastError();
  EXPECT_EQ(sig.p, nullptr);
}

// A seal whose maker signature cannot be checked (its algorithm does not fit the
// maker's key) is no more usable than one whose signature fails.
TEST(VerifyRules, StampingWithASealWhoseMakerSignatureCannotBeCheckedIsRefused) {
  auto spec = Spec();
  spec.seal.algorithm = "1.2.840.113549.1.1.11";  // sha256WithRSAEncryption, SM2 maker key
  spec.seal.create = pki::GenTime(kNow - kDay);
  spec.seal.start = pki::GenTime(kNow - kDay);
  SealPtr seal;
  ASSERT_EQ(ParseSeal(seal, fixtures::BuildSeal(spec.seal).bytes), 0) << LastError();
  auto ctx = pki::Context();
  SignaturePtr sig;
  EXPECT_EQ(Stamp(sig, ctx.get(), seal.p), ESEAL_EBADSEAL) << LastError();
  EXPECT_EQ(sig.p, nullptr);
}
