// OFD verification on packages made here: one change per check, each asserting its check id.
#include <unistd.h>

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../support/ofd_package.h"

using namespace ofd;
using helpers::SealPtr;

namespace {

struct Fixture : ::testing::Test {
  pki::CtxPtr ctx = pki::Context();
  SealPtr seal;
  void SetUp() override { ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0) << helpers::LastError(); }
  Doc Signed(const std::vector<std::string> &skip = {}, bool annotations = false) {
    Doc d = Doc::Basic(annotations);
    d.Sign(ctx.get(), seal.p, "s1", "Sign_0", skip);
    return d;
  }
  void Check(OfdReportPtr &r, const Doc &d, const eseal_ofd_verify_options *o = nullptr) {
    Verify(r, ctx.get(), d.Package(), o);
  }
};

using OfdVerify = Fixture;

TEST_F(OfdVerify, SignedDocumentPasses) {
  OfdReportPtr r;
  Check(r, Signed());
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED) << ReportText(r.p);
  ASSERT_EQ(eseal_ofd_report_signature_count(r.p), 1u);
  EXPECT_STREQ(eseal_ofd_report_signature_id(r.p, 0), "s1");
  EXPECT_STREQ(eseal_ofd_report_signature_type(r.p, 0), "Seal");
  EXPECT_STREQ(eseal_ofd_report_signature_path(r.p, 0), "Doc_0/Signs/Sign_0/Signature.xml");
  for (const char *id : {"ofd.signature_file", "ofd.check_method", "ofd.reference", "ofd.signed_value",
                         "ofd.seal_file", "ofd.property_info", "data.hash", "signature.value"})
    EXPECT_EQ(SigStatus(r.p, 0, id), "OK") << id << "\n" << ReportText(r.p);
  for (const char *id : {"ofd.signatures", "ofd.modification", "ofd.coverage"})
    EXPECT_EQ(SigStatus(r.p, -1, id), "OK") << id;
  // The package checks come first in the signature's report.
  EXPECT_STREQ(eseal_report_check_id(eseal_ofd_report_signature(r.p, 0), 0), "ofd.signature_file");
}

TEST_F(OfdVerify, PageByteChangedFailsTheReference) {
  Doc d = Signed();
  d.files["Doc_0/Pages/Page_0/Content.xml"][200] ^= 1;
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
  EXPECT_EQ(eseal_ofd_report_sub_indication(r.p), ESEAL_SUB_HASH_FAILURE);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "NOT_OK");
  EXPECT_NE(Message(eseal_ofd_report_signature(r.p, 0), "ofd.reference").find("Page_0/Content.xml"),
            std::string::npos);
  // The SES signature itself is intact: it covers Signature.xml only.
  EXPECT_EQ(SigStatus(r.p, 0, "data.hash"), "OK");
  EXPECT_EQ(SigStatus(r.p, 0, "signature.value"), "OK");
}

TEST_F(OfdVerify, ResourceChangedFailsTheReference) {
  Doc d = Signed();
  d.files["Doc_0/Res/image_5.png"].push_back('!');
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST_F(OfdVerify, MissingReferencedFileFails) {
  Doc d = Signed();
  d.files.erase("Doc_0/Res/image_5.png");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "NOT_OK");
  EXPECT_NE(Message(eseal_ofd_report_signature(r.p, 0), "ofd.reference").find("is missing"),
            std::string::npos);
}

TEST_F(OfdVerify, SignatureWithoutReferencesFails) {
  Doc d = Doc::Basic();
  std::vector<std::string> all = {"Doc_0/Signs/Sign_0/Seal.esl"};
  for (const auto &f : d.files) all.push_back(f.first);
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0", all);
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "NOT_OK") << ReportText(r.p);
  EXPECT_EQ(SigStatus(r.p, 0, "data.hash"), "OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST_F(OfdVerify, PageWithoutReferenceIsIndeterminate) {
  OfdReportPtr r;
  Check(r, Signed({"Doc_0/Pages/Page_0/Content.xml"}));
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK");
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.coverage"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_INDETERMINATE);
  EXPECT_EQ(eseal_ofd_report_sub_indication(r.p), ESEAL_SUB_SIGNED_DATA_NOT_FOUND);
}

TEST_F(OfdVerify, ResourceOfAPageWithoutReferenceIsIndeterminate) {
  OfdReportPtr r;
  Check(r, Signed({"Doc_0/Res/image_5.png"}));
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.coverage"), "NOT_OK");
  EXPECT_NE(Message(eseal_ofd_report_document(r.p), "ofd.coverage").find("image_5.png"), std::string::npos);
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_INDETERMINATE);
}

TEST_F(OfdVerify, UnrenderedFileWithoutReferenceIsAWarning) {
  OfdReportPtr r;
  Check(r, Signed({"OFD.xml"}));
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.coverage"), "WARNING");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED) << ReportText(r.p);
}

TEST_F(OfdVerify, RenderedFileAddedAfterSigningIsIndeterminate) {
  // Document.xml names an annotation list that did not exist when it was signed.
  Doc d = Signed({}, true);
  d.files["Doc_0/Annots/Annotations.xml"] = Text(
      "<ofd:Annotations xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Page PageID=\"1\">"
      "<ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>");
  d.files["Doc_0/Annots/Page_0/Annotation.xml"] = Text(
      "<ofd:PageAnnot xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Annot ID=\"9\" Type=\"Stamp\"/>"
      "</ofd:PageAnnot>");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK");
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.coverage"), "NOT_OK");
  std::string m = Message(eseal_ofd_report_document(r.p), "ofd.coverage");
  EXPECT_NE(m.find("Annotations.xml"), std::string::npos) << m;
  EXPECT_NE(m.find("Annotation.xml"), std::string::npos) << m;
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_INDETERMINATE);
}

TEST_F(OfdVerify, UnrenderedFileAddedAfterSigningIsAWarning) {
  Doc d = Signed();
  d.files["Doc_0/Attachs/note.txt"] = Text("added later");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.coverage"), "WARNING");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED);
}

TEST_F(OfdVerify, SwappedSealFileFails) {
  // Seal.esl left out of the References, so that only ofd.seal_file can see the swap.
  Doc d = Signed({"Doc_0/Signs/Sign_0/Seal.esl"});
  SealPtr other;
  ASSERT_EQ(workflow::MakeSeal(other, ctx.get(), [](eseal_seal_builder *b) {
              eseal_seal_builder_set_name(b, "another seal");
            }), 0) << helpers::LastError();
  size_t len = 0;
  const uint8_t *p = eseal_seal_bytes(other.p, &len);
  d.files["Doc_0/Signs/Sign_0/Seal.esl"] = Bytes(p, p + len);
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.seal_file"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST_F(OfdVerify, SealFileOfTheSameLengthWithOneByteChangedFails) {
  Doc d = Signed({"Doc_0/Signs/Sign_0/Seal.esl"});
  d.files["Doc_0/Signs/Sign_0/Seal.esl"].back() ^= 1;
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.seal_file"), "NOT_OK");
}

TEST_F(OfdVerify, LaterSignatureMayNotChangeWhatAnEarlierCovered) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0", {}, /*cover_list=*/true);
  d.Sign(ctx.get(), seal.p, "s2", "Sign_1");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "NOT_OK");
  EXPECT_EQ(SigStatus(r.p, 1, "ofd.reference"), "OK");
  EXPECT_EQ(eseal_report_indication(eseal_ofd_report_signature(r.p, 1)), ESEAL_TOTAL_PASSED);
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.modification"), "NOT_OK");
  std::string m = Message(eseal_ofd_report_document(r.p), "ofd.modification");
  EXPECT_NE(m.find("Signatures.xml, covered by signature s1"), std::string::npos) << m;
  EXPECT_NE(m.find("signature s2"), std::string::npos) << m;
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST_F(OfdVerify, TwoSignaturesInOfdrwStyleBothPass) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  d.Sign(ctx.get(), seal.p, "s2", "Sign_1");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED) << ReportText(r.p);
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.modification"), "OK");
}

TEST_F(OfdVerify, CheckMethodAbsentAssumesSm3WithAWarning) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0", {}, false, "");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.check_method"), "WARNING");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK");
}

TEST_F(OfdVerify, CheckMethodByName) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0", {}, false, "SM3");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.check_method"), "OK");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK");
}

TEST_F(OfdVerify, Sm3WithZ) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0", {}, false, "1.2.156.10197.1.401.2");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.check_method"), "WARNING");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "OK") << ReportText(r.p);
  d.files["Doc_0/Document.xml"].push_back(' ');
  OfdReportPtr changed;
  Check(changed, d);
  EXPECT_EQ(SigStatus(changed.p, 0, "ofd.reference"), "NOT_OK");
}

TEST_F(OfdVerify, Md5OnlyUnderTheLegacyPolicy) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0", {}, false, "MD5");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.check_method"), "NOT_OK");
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "SKIPPED");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_INDETERMINATE);
  EXPECT_EQ(eseal_ofd_report_sub_indication(r.p), ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE);

  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  vo.crypto_policy = ESEAL_CRYPTO_POLICY_LEGACY;
  eseal_ofd_verify_options o = ESEAL_OFD_VERIFY_OPTIONS_INIT;
  o.verify = &vo;
  OfdReportPtr legacy;
  Check(legacy, d, &o);
  EXPECT_EQ(SigStatus(legacy.p, 0, "ofd.check_method"), "WARNING");
  EXPECT_EQ(SigStatus(legacy.p, 0, "ofd.reference"), "OK");
}

// A weak CheckMethod under the default policy leaves the References unchecked
// (the signature is INDETERMINATE, not failed): their digests match, yet they
// cover nothing, so the rendered files count as uncovered. Under the legacy
// policy the same References cover the document.
TEST_F(OfdVerify, UncheckedWeakReferencesOfAnIndeterminateSignatureCoverNothing) {
  for (const char *method : {"MD5", "SHA1"}) {
    Doc d = Doc::Basic();
    d.Sign(ctx.get(), seal.p, "s1", "Sign_0", {}, false, method);
    OfdReportPtr r;
    Check(r, d);
    EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "SKIPPED") << method;
    EXPECT_EQ(eseal_report_indication(eseal_ofd_report_signature(r.p, 0)), ESEAL_INDETERMINATE) << method;
    EXPECT_EQ(SigStatus(r.p, -1, "ofd.coverage"), "NOT_OK") << method << "\n" << ReportText(r.p);
    EXPECT_NE(Message(eseal_ofd_report_document(r.p), "ofd.coverage").find("Doc_0/Pages/Page_0/Content.xml"),
              std::string::npos) << ReportText(r.p);

    eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
    vo.crypto_policy = ESEAL_CRYPTO_POLICY_LEGACY;
    eseal_ofd_verify_options o = ESEAL_OFD_VERIFY_OPTIONS_INIT;
    o.verify = &vo;
    OfdReportPtr legacy;
    Check(legacy, d, &o);
    EXPECT_EQ(SigStatus(legacy.p, 0, "ofd.reference"), "OK") << method;
    EXPECT_EQ(SigStatus(legacy.p, -1, "ofd.coverage"), "OK") << method << "\n" << ReportText(legacy.p);
  }
}

TEST_F(OfdVerify, UnknownCheckMethodIsIndeterminate) {
  Doc e = Doc::Basic();
  e.Sign(ctx.get(), seal.p, "s1", "Sign_0", {}, false, "1.2.3.4");
  OfdReportPtr r;
  Check(r, e);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.check_method"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_INDETERMINATE);
}

TEST_F(OfdVerify, EditedSignatureXmlFailsTheDataHash) {
  Doc d = Signed();
  auto &xml = d.files["Doc_0/Signs/Sign_0/Signature.xml"];
  std::string s = Str(xml);
  size_t at = s.find("libeseal tests");
  ASSERT_NE(at, std::string::npos);
  xml[at] = 'L';
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "data.hash"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST_F(OfdVerify, MissingSignedValueFails) {
  Doc d = Signed();
  d.files.erase("Doc_0/Signs/Sign_0/SignedValue.dat");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.signed_value"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST_F(OfdVerify, MissingSignatureXmlFails) {
  Doc d = Signed();
  d.files.erase("Doc_0/Signs/Sign_0/Signature.xml");
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.signature_file"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST_F(OfdVerify, UnknownTypeFails) {
  Doc d = Signed();
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  list.replace(list.find("Type=\"Seal\""), 11, "Type=\"Odd\"");
  d.files["Doc_0/Signs/Signatures.xml"] = Text(list);
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.signature_type"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST_F(OfdVerify, SealSignedValueUnderTypeSignIsNotValid) {
  // An SES signature where a SignedData is expected never passes.
  Doc d = Signed();
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  list.replace(list.find("Type=\"Seal\""), 11, "Type=\"Sign\"");
  d.files["Doc_0/Signs/Signatures.xml"] = Text(list);
  OfdReportPtr r;
  Check(r, d);
  EXPECT_NE(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED) << ReportText(r.p);
  EXPECT_STREQ(eseal_ofd_report_signature_type(r.p, 0), "Sign");
}

TEST_F(OfdVerify, NoSignatureIsIndeterminate) {
  Doc d = Doc::Basic();
  std::string x = Str(d.files["OFD.xml"]);
  x.erase(x.find("<ofd:Signatures>"), x.find("</ofd:Signatures>") + 17 - x.find("<ofd:Signatures>"));
  d.files["OFD.xml"] = Text(x);
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(eseal_ofd_report_signature_count(r.p), 0u);
  EXPECT_EQ(SigStatus(r.p, -1, "ofd.signatures"), "NOT_OK");
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_INDETERMINATE);
}

TEST_F(OfdVerify, SelectsOneSignature) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  d.Sign(ctx.get(), seal.p, "s2", "Sign_1");
  eseal_ofd_verify_options o = ESEAL_OFD_VERIFY_OPTIONS_INIT;
  o.signature_id = "s2";
  OfdReportPtr r;
  Check(r, d, &o);
  ASSERT_EQ(eseal_ofd_report_signature_count(r.p), 1u);
  EXPECT_STREQ(eseal_ofd_report_signature_id(r.p, 0), "s2");
  EXPECT_EQ(eseal_ofd_report_find_signature(r.p, "s2"), 0);
  EXPECT_EQ(eseal_ofd_report_find_signature(r.p, "s1"), -1);
  o.signature_id = "nope";
  OfdReportPtr none;
  Bytes zip = d.Package();
  EXPECT_EQ(eseal_ofd_verify_bytes(&none.p, ctx.get(), zip.data(), zip.size(), &o), ESEAL_ENOTFOUND);
  EXPECT_EQ(none.p, nullptr);
}

TEST_F(OfdVerify, RelativePathsAndKoalNamespace) {
  Doc d = Signed();
  for (auto *name : {"OFD.xml", "Doc_0/Signs/Signatures.xml"}) {
    std::string x = Str(d.files[name]);
    x.replace(x.find("http://www.ofdspec.org/2016"), 27, "http://www.ofdspec.org");
    d.files[name] = Text(x);
  }
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  list.replace(list.find("/Doc_0/Signs/Sign_0/Signature.xml"), 33, "Sign_0/Signature.xml");
  d.files["Doc_0/Signs/Signatures.xml"] = Text(list);
  OfdReportPtr r;
  Check(r, d);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.reference"), "NOT_OK");  // OFD.xml was covered and changed
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.signature_file"), "OK");
  EXPECT_STREQ(eseal_ofd_report_signature_path(r.p, 0), "Doc_0/Signs/Sign_0/Signature.xml");
}

TEST_F(OfdVerify, ForeignNamespaceIsNotOfd) {
  Doc d = Signed();
  std::string x = Str(d.files["OFD.xml"]);
  x.replace(x.find("http://www.ofdspec.org/2016"), 27, "urn:not-ofd");
  d.files["OFD.xml"] = Text(x);
  Bytes zip = d.Package();
  OfdReportPtr r;
  EXPECT_EQ(eseal_ofd_verify_bytes(&r.p, ctx.get(), zip.data(), zip.size(), nullptr), ESEAL_EFORMAT);
}

TEST_F(OfdVerify, JsonAndText) {
  OfdReportPtr r;
  Check(r, Signed());
  eseal_buf j = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_ofd_report_to_json(r.p, &j), 0);
  std::string json(reinterpret_cast<char *>(j.ptr), j.size);
  eseal_buf_dispose(&j);
  EXPECT_EQ(json.rfind("{\"schema\":\"eseal-ofd-report/1\",\"kind\":\"ofd\",\"indication\":\"TOTAL_PASSED\"", 0), 0u) << json;
  size_t doc = json.find("\"document\":{");
  ASSERT_NE(doc, std::string::npos) << json;
  EXPECT_LT(json.find("\"kind\":\"unknown\"", doc), json.find("\"signatures\":[", doc));
  EXPECT_NE(json.find("\"signatures\":[{\"id\":\"s1\",\"type\":\"Seal\""), std::string::npos);
  EXPECT_NE(json.find("\"id\":\"ofd.reference\""), std::string::npos);
  std::string text = ReportText(r.p);
  EXPECT_NE(text.find("Result: TOTAL_PASSED"), std::string::npos) << text;
  EXPECT_NE(text.find("=== Signature s1"), std::string::npos) << text;
}

TEST_F(OfdVerify, SignaturesXmlNamedButAbsentIsAnError) {
  Doc d = Doc::Basic();
  Bytes zip = d.Package();
  OfdReportPtr r;
  EXPECT_EQ(eseal_ofd_verify_bytes(&r.p, ctx.get(), zip.data(), zip.size(), nullptr), ESEAL_EFORMAT);
}

TEST_F(OfdVerify, FromAFile) {
  Bytes zip = Signed().Package();
  char path[] = "/tmp/eseal-ofd-file-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, zip.data(), zip.size()), (ssize_t)zip.size());
  close(fd);
  OfdReportPtr r;
  EXPECT_EQ(eseal_ofd_verify(&r.p, ctx.get(), path, nullptr), 0) << helpers::LastError();
  unlink(path);
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED);
  EXPECT_EQ(eseal_ofd_sniff(zip.data(), zip.size()), 1);
  Bytes not_zip = Text("<ofd:OFD/> not a zip at all, padding padding padding");
  EXPECT_EQ(eseal_ofd_sniff(not_zip.data(), not_zip.size()), 0);
}

// Packages verified from several threads at once, one context shared (as
// context.h allows): libxml2 is set up once for all of them, and every
// thread gets the verdict a single thread gets. (Under ThreadSanitizer this
// also shows the set-up is race-free.)
TEST_F(OfdVerify, ThreadsVerifyAtTheSameTime) {
  Bytes zip = Signed().Package();
  std::vector<int> passed(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < passed.size(); t++)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; round++) {
        eseal_ofd_report *r = nullptr;
        if (eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), nullptr) == 0 &&
            eseal_ofd_report_indication(r) == ESEAL_TOTAL_PASSED)
          passed[t]++;
        eseal_ofd_report_free(r);
      }
    });
  for (auto &t : threads) t.join();
  for (size_t t = 0; t < passed.size(); t++) EXPECT_EQ(passed[t], 3) << "thread " << t;
}

}  // namespace
