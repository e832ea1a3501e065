// The OFD verdicts of ../shared/vectors/README.txt (sections C and E), per
// signature and for the document, through eseal_ofd_verify(). A bare context
// (no trust anchors) is used: the README states integrity results, so chain
// checks are not asserted, and no vector may pass as a whole without anchors.
#include <gtest/gtest.h>

#include "../support/ofd_package.h"
#include "../support/vectors.h"

using namespace ofd;

namespace {

pki::CtxPtr BareContext() {
  eseal_ctx *ctx = nullptr;
  EXPECT_EQ(eseal_ctx_new(&ctx), 0);
  return pki::CtxPtr(ctx);
}

void VerifyVector(OfdReportPtr &r, const std::string &file) {
  auto ctx = BareContext();
  std::string path = vectors::Dir() + "/" + file;
  ASSERT_EQ(eseal_ofd_verify(&r.p, ctx.get(), path.c_str(), nullptr), 0) << file << ": " << helpers::LastError();
  ASSERT_NE(r.p, nullptr);
}

long Find(const eseal_ofd_report *r, const char *id) {
  long i = eseal_ofd_report_find_signature(r, id);
  EXPECT_GE(i, 0) << id;
  return i;
}

// The SES integrity checks the README reports as "OK".
void ExpectSesIntact(const eseal_ofd_report *r, long i) {
  for (const char *id : {"signature.value", "data.hash", "seal.signature"})
    EXPECT_EQ(SigStatus(r, i, id), "OK") << id << "\n" << ReportText(r);
}

std::string RefMessage(const eseal_ofd_report *r, long i) {
  return Message(eseal_ofd_report_signature(r, (size_t)i), "ofd.reference");
}

TEST(OfdVectors, GomainTaxInvoiceIsCryptoValid) {
  ESEAL_REQUIRE_VECTORS();
  OfdReportPtr r;
  VerifyVector(r, "gomain_tax_1.ofd");
  ASSERT_EQ(eseal_ofd_report_signature_count(r.p), 1u);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.check_method"), "OK");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK");
  EXPECT_NE(RefMessage(r.p, 0).find("all 13"), std::string::npos);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.seal_file"), "INFO");  // no Seal element
  ExpectSesIntact(r.p, 0);
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.coverage"), "OK");
  // Crypto-valid, but with no anchors and long-expired certificates it cannot pass.
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_INDETERMINATE);
}

TEST(OfdVectors, GomainInvoiceExampleDocumentXmlEdited) {
  ESEAL_REQUIRE_VECTORS();
  OfdReportPtr r;
  VerifyVector(r, "gomain_invoice_example.ofd");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "NOT_OK");
  EXPECT_NE(RefMessage(r.p, 0).find("1 of 13 references fail: Doc_0/Document.xml was changed"),
            std::string::npos) << RefMessage(r.p, 0);
  ExpectSesIntact(r.p, 0);
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
  EXPECT_EQ(eseal_ofd_report_sub_indication(r.p), ESEAL_SUB_HASH_FAILURE);
}

TEST(OfdVectors, TongzKeywordSealEditedAndAttachedSignedData) {
  ESEAL_REQUIRE_VECTORS();
  OfdReportPtr r;
  VerifyVector(r, "tongz_keyword.ofd");
  ASSERT_EQ(eseal_ofd_report_signature_count(r.p), 2u);
  long seal = Find(r.p, "2"), sign = Find(r.p, "4");
  ASSERT_GE(seal, 0);
  ASSERT_GE(sign, 0);
  EXPECT_STREQ(eseal_ofd_report_signature_type(r.p, (size_t)seal), "Seal");
  EXPECT_STREQ(eseal_ofd_report_signature_type(r.p, (size_t)sign), "Sign");
  // Sign_1: the raw r||s signature verifies; three references were changed later.
  ExpectSesIntact(r.p, seal);
  EXPECT_EQ(SigStatus(r.p, seal, "ofd.check_method"), "OK");  // "SM3" by name
  EXPECT_EQ(SigStatus(r.p, seal, "ofd.reference"), "NOT_OK");
  std::string m = RefMessage(r.p, seal);
  EXPECT_NE(m.find("3 of 7"), std::string::npos) << m;
  for (const char *f : {"OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml"})
    EXPECT_NE(m.find(f), std::string::npos) << f;
  EXPECT_EQ(SigStatus(r.p, seal, "ofd.seal_file"), "OK");
  // Sign_3: the attached SignedData itself verifies.
  EXPECT_EQ(SigStatus(r.p, sign, "ofd.sign.signature"), "OK") << ReportText(r.p);
  EXPECT_EQ(SigStatus(r.p, sign, "ofd.sign.signer"), "OK");
  EXPECT_NE(SigStatus(r.p, sign, "ofd.sign.digest"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST(OfdVectors, KoalRelativePathsAndDoubleSlashVerify) {
  ESEAL_REQUIRE_VECTORS();
  OfdReportPtr r;
  VerifyVector(r, "koal_test.ofd");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.signature_file"), "OK");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK");
  EXPECT_NE(RefMessage(r.p, 0).find("all 4"), std::string::npos);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.seal_file"), "OK");
  ExpectSesIntact(r.p, 0);
  // OFD.xml is not covered: a warning, since readers do not render it.
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.coverage"), "WARNING");
  EXPECT_NE(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED) << ReportText(r.p);
}

TEST(OfdVectors, KoalTamperedPageIsCaughtThroughItsReference) {
  ESEAL_REQUIRE_VECTORS();
  OfdReportPtr r;
  VerifyVector(r, "koal_test-1_tampered.ofd");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "NOT_OK");
  EXPECT_NE(RefMessage(r.p, 0).find("Doc_0/Pages/Page_0/Content.xml was changed"), std::string::npos);
  ExpectSesIntact(r.p, 0);
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
  EXPECT_EQ(eseal_ofd_report_sub_indication(r.p), ESEAL_SUB_HASH_FAILURE);
}

TEST(OfdVectors, Dms360SignatureInvalidAndXmlRewritten) {
  ESEAL_REQUIRE_VECTORS();
  OfdReportPtr r;
  VerifyVector(r, "dms360_v1_n.ofd");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.check_method"), "WARNING");  // 401.2 read as SM3(Z || file)
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "NOT_OK");
  // The binary Seal.esl reproduces under SM3-with-Z; every XML file fails.
  std::string m = RefMessage(r.p, 0);
  EXPECT_NE(m.find("5 of 6"), std::string::npos) << m;
  EXPECT_EQ(m.find("Seal.esl"), std::string::npos) << m;
  EXPECT_EQ(SigStatus(r.p, 0, "signature.value"), "NOT_OK");
  EXPECT_EQ(SigStatus(r.p, 0, "data.hash"), "NOT_OK");
  EXPECT_EQ(SigStatus(r.p, 0, "seal.signature"), "OK");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.seal_file"), "OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST(OfdVectors, OfdrwSignDocExpiredSealAndSigner) {
  ESEAL_REQUIRE_VECTORS();
  OfdReportPtr r;
  VerifyVector(r, "ofdrw_SESV4SignDoc.ofd");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.seal_file"), "OK");
  ExpectSesIntact(r.p, 0);
  EXPECT_EQ(SigStatus(r.p, 0, "seal.validity"), "NOT_OK");
  EXPECT_EQ(SigStatus(r.p, 0, "signer.validity"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
  EXPECT_EQ(eseal_ofd_report_sub_indication(r.p), ESEAL_SUB_EXPIRED);
}

TEST(OfdVectors, OfdrwTwoSealsLaterSignatureChangedProtectedList) {
  ESEAL_REQUIRE_VECTORS();
  OfdReportPtr r;
  VerifyVector(r, "ofdrw_h_two_seals.ofd");
  long first = Find(r.p, "s001"), second = Find(r.p, "s007");
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  EXPECT_EQ(SigStatus(r.p, first, "ofd.reference"), "NOT_OK");
  EXPECT_NE(RefMessage(r.p, first).find("1 of 9 references fail: Doc_0/Signs/Signatures.xml"),
            std::string::npos);
  EXPECT_EQ(SigStatus(r.p, second, "ofd.reference"), "OK");
  ExpectSesIntact(r.p, first);
  ExpectSesIntact(r.p, second);
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.modification"), "NOT_OK");
  std::string m = Message(eseal_ofd_report_document(r.p), "ofd.modification");
  EXPECT_NE(m.find("Signatures.xml, covered by signature s001"), std::string::npos) << m;
  EXPECT_NE(m.find("s007"), std::string::npos) << m;
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST(OfdVectors, EveryVectorFromBytesToo) {
  ESEAL_REQUIRE_VECTORS();
  // The in-memory entry point gives the same document verdict as the path one.
  for (const char *f : {"gomain_tax_1.ofd", "koal_test.ofd", "ofdrw_h_two_seals.ofd", "tongz_keyword.ofd"}) {
    OfdReportPtr a, b;
    VerifyVector(a, f);
    Bytes bytes = vectors::Read(f);
    auto ctx = BareContext();
    ASSERT_EQ(eseal_ofd_verify_bytes(&b.p, ctx.get(), bytes.data(), bytes.size(), nullptr), 0);
    EXPECT_EQ(eseal_ofd_report_indication(a.p), eseal_ofd_report_indication(b.p)) << f;
    EXPECT_EQ(eseal_ofd_report_signature_count(a.p), eseal_ofd_report_signature_count(b.p)) << f;
  }
}

}  // namespace
