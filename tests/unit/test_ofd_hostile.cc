// Hostile OFD packages: each is refused with a clean error within the limits of doc/ofd.md.
#include <gtest/gtest.h>

#include <cstring>

#include "../support/ofd_package.h"

// libxml2 first, outside the C block: it pulls in C++ headers of ICU.
#include <libxml/tree.h>

extern "C" {
#include "ofd/package.h"
#include "ofd/xml.h"
}

using namespace ofd;

namespace {

const char kOfdXml[] =
    "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml"
    "</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>";

int Open(const Bytes &zip) {
  eseal__ofd_pkg *pkg = nullptr;
  int rc = eseal__ofd_pkg_open_bytes(&pkg, zip.data(), zip.size());
  eseal__ofd_pkg_free(pkg);
  return rc;
}

int VerifyRc(const Bytes &zip) {
  pki::CtxPtr ctx = pki::Context();
  eseal_ofd_report *r = nullptr;
  int rc = eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), nullptr);
  eseal_ofd_report_free(r);
  return rc;
}

// Sets the inflated size the local header and the central directory state for every entry.
Bytes WithStatedSize(Bytes zip, uint32_t size) {
  for (size_t i = 0; i + 46 <= zip.size(); i++) {
    size_t at = 0;
    if (memcmp(&zip[i], "PK\x03\x04", 4) == 0)
      at = i + 22;
    else if (memcmp(&zip[i], "PK\x01\x02", 4) == 0)
      at = i + 24;
    else
      continue;
    for (int k = 0; k < 4; k++) zip[at + k] = static_cast<uint8_t>(size >> (8 * k));
  }
  return zip;
}

TEST(OfdHostile, NotAZip) {
  EXPECT_EQ(Open(Text("PK\x03\x04 but nothing more, only a few bytes of padding")), ESEAL_EFORMAT);
  EXPECT_EQ(VerifyRc(Text("plain text")), ESEAL_EFORMAT);
}

TEST(OfdHostile, ZipWithoutOfdXml) {
  EXPECT_EQ(VerifyRc(Zip({{"hello.txt", Text("hi")}})), ESEAL_EFORMAT);
}

TEST(OfdHostile, ZipBombByRatio) {
  Bytes zeros(ESEAL__OFD_RATIO_FLOOR + 4096, 0);
  EXPECT_EQ(Open(Zip({{"OFD.xml", Text(kOfdXml)}, {"Doc_0/bomb.bin", zeros}})), ESEAL_ELIMIT);
  EXPECT_NE(helpers::LastError().find("inflates more than"), std::string::npos) << helpers::LastError();
  // Below the floor the ratio does not count; stored, a large entry is fine.
  Bytes small(ESEAL__OFD_RATIO_FLOOR, 0);
  EXPECT_EQ(Open(Zip({{"a.bin", small}})), 0) << helpers::LastError();
  EXPECT_EQ(Open(Zip({{"a.bin", zeros}}, /*stored=*/true)), 0) << helpers::LastError();
}

TEST(OfdHostile, EntryLargerThanTheLimit) {
  // A stored entry whose headers claim 3 GiB: refused before anything is inflated.
  Bytes zip = WithStatedSize(Zip({{"OFD.xml", Text(kOfdXml)}}, true), 0xC0000000u);
  EXPECT_EQ(Open(zip), ESEAL_ELIMIT) << helpers::LastError();
}

TEST(OfdHostile, EntriesLargerTogetherThanTheLimit) {
  // Six stored entries of 5.5 MiB that claim 400 MiB each: under the entry and
  // ratio limits, over the total after six.
  Entries e;
  Bytes noise(ESEAL__OFD_MAX_TOTAL_SIZE / 100 / 4 + 4096);
  for (size_t i = 0; i < noise.size(); i++) noise[i] = static_cast<uint8_t>(i * 2654435761u >> 13);
  for (int i = 0; i < 6; i++) e.push_back({"f" + std::to_string(i), noise});
  Bytes zip = WithStatedSize(Zip(e, true), 400u << 20);
  EXPECT_EQ(Open(zip), ESEAL_ELIMIT);
  EXPECT_NE(helpers::LastError().find("inflate to more than"), std::string::npos) << helpers::LastError();
}

TEST(OfdHostile, LyingSizeIsCorruptNotMoreData) {
  // The directory says 2 bytes; the data holds more: reading stops with an error.
  Bytes zip = WithStatedSize(Zip({{"OFD.xml", Text(kOfdXml)}}, true), 2);
  eseal__ofd_pkg *pkg = nullptr;
  int rc = eseal__ofd_pkg_open_bytes(&pkg, zip.data(), zip.size());
  if (rc == 0) {
    eseal_buf out = ESEAL_BUF_INIT;
    EXPECT_EQ(eseal__ofd_pkg_read(pkg, "OFD.xml", 1 << 20, &out), ESEAL_EFORMAT);
    eseal_buf_dispose(&out);
  } else {
    EXPECT_EQ(rc, ESEAL_EFORMAT);
  }
  eseal__ofd_pkg_free(pkg);
}

TEST(OfdHostile, TooManyEntries) {
  Entries e;
  for (int i = 0; i <= ESEAL__OFD_MAX_ENTRIES; i++) e.push_back({"e" + std::to_string(i), Bytes()});
  EXPECT_EQ(Open(Zip(e, true)), ESEAL_ELIMIT);
}

TEST(OfdHostile, Traversal) {
  for (const char *name : {"../evil.xml", "Doc_0/../../evil.xml", "Doc_0/../OFD2.xml", "..",
                           "a\\..\\b", "C:/evil", "a/\x01/b"}) {
    EXPECT_EQ(Open(Zip({{"OFD.xml", Text(kOfdXml)}, {name, Text("x")}})), ESEAL_EFORMAT) << name;
  }
}

TEST(OfdHostile, Duplicates) {
  for (const char *name : {"/OFD.xml", "ofd.xml", "./OFD.xml", "//OFD.xml"}) {
    EXPECT_EQ(Open(Zip({{"OFD.xml", Text(kOfdXml)}, {name, Text("x")}})), ESEAL_EFORMAT) << name;
  }
  EXPECT_EQ(Open(Zip({{"Doc_0/a.xml", Text("1")}, {"Doc_0//a.xml", Text("2")}})), ESEAL_EFORMAT);
  EXPECT_EQ(Open(Zip({{"Doc_0/a.xml", Text("1")}, {"Doc_0/b.xml", Text("2")}})), 0);
}

TEST(OfdHostile, AbsoluteEntryNamesAreNormalised) {
  eseal__ofd_pkg *pkg = nullptr;
  Bytes zip = Zip({{"/OFD.xml", Text(kOfdXml)}, {"Doc_0//./x.xml", Text("x")}});
  ASSERT_EQ(eseal__ofd_pkg_open_bytes(&pkg, zip.data(), zip.size()), 0) << helpers::LastError();
  EXPECT_GE(eseal__ofd_pkg_find(pkg, "OFD.xml"), 0);
  EXPECT_GE(eseal__ofd_pkg_find(pkg, "Doc_0/x.xml"), 0);
  eseal__ofd_pkg_free(pkg);
}

Bytes WithOfdXml(const std::string &xml) { return Zip({{"OFD.xml", Text(xml)}}); }

TEST(OfdHostile, EntityExpansionIsRefused) {
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  laughs += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">";
  for (int i = 2; i <= 9; i++)
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"" + [&] {
      std::string s;
      for (int k = 0; k < 10; k++) s += "&lol" + std::to_string(i - 1) + ";";
      return s;
    }() + "\">";
  laughs += "]>\n<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody><ofd:DocRoot>&lol9;"
            "</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
  EXPECT_EQ(VerifyRc(WithOfdXml(laughs)), ESEAL_EFORMAT);
  EXPECT_NE(helpers::LastError().find("DOCTYPE"), std::string::npos) << helpers::LastError();
}

TEST(OfdHostile, ExternalEntityIsRefused) {
  std::string xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE x SYSTEM \"file:///etc/passwd\">\n"
                    "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>";
  EXPECT_EQ(VerifyRc(WithOfdXml(xxe)), ESEAL_EFORMAT);
  std::string xxe2 = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
                     "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\">&e;</ofd:OFD>";
  EXPECT_EQ(VerifyRc(WithOfdXml(xxe2)), ESEAL_EFORMAT);
}

TEST(OfdHostile, DoctypeIsRefusedBeforeItsSubsetIsRead) {
  // The refusal comes at the DOCTYPE itself: the internal subset (here not even
  // well-formed) is never parsed, so no declaration in it can cost anything.
  std::string early = "<!DOCTYPE a [<!ENTITY x \"never closed>]>\n"
                      "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"/>";
  EXPECT_EQ(VerifyRc(WithOfdXml(early)), ESEAL_EFORMAT);
  EXPECT_NE(helpers::LastError().find("DOCTYPE"), std::string::npos) << helpers::LastError();
}

TEST(OfdHostile, DeepNesting) {
  std::string deep = "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\">";
  for (int i = 0; i < ESEAL__XML_MAX_DEPTH; i++) deep += "<a>";
  for (int i = 0; i < ESEAL__XML_MAX_DEPTH; i++) deep += "</a>";
  deep += "</ofd:OFD>";
  EXPECT_EQ(VerifyRc(WithOfdXml(deep)), ESEAL_ELIMIT);
  EXPECT_NE(helpers::LastError().find("nested deeper"), std::string::npos) << helpers::LastError();
}

TEST(OfdHostile, HugeAttribute) {
  std::string big = "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"" +
                    std::string(ESEAL__XML_MAX_ATTR + 1, 'v') + "\"/>";
  EXPECT_EQ(VerifyRc(WithOfdXml(big)), ESEAL_ELIMIT);
  std::string fits = "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"" +
                     std::string(ESEAL__XML_MAX_ATTR, 'v') + "\"/>";
  // Within the limit: a readable OFD.xml without signatures.
  pki::CtxPtr ctx = pki::Context();
  eseal_ofd_report *r = nullptr;
  Bytes zip = WithOfdXml(fits);
  EXPECT_EQ(eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), nullptr), 0) << helpers::LastError();
  eseal_ofd_report_free(r);
}

TEST(OfdHostile, HostileSignatureXmlFailsOnlyItsSignature) {
  pki::CtxPtr ctx = pki::Context();
  helpers::SealPtr seal;
  ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0);
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  d.files["Doc_0/Signs/Sign_0/Signature.xml"] =
      Text("<!DOCTYPE a [<!ENTITY a \"aaaa\">]><ofd:Signature xmlns:ofd=\"http://www.ofdspec.org/2016\"/>");
  OfdReportPtr r;
  Verify(r, ctx.get(), d.Package());
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.signature_file"), "NOT_OK");
  EXPECT_NE(Message(eseal_ofd_report_signature(r.p, 0), "ofd.signature_file").find("DOCTYPE"),
            std::string::npos);
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED);
}

TEST(OfdPaths, Resolve) {
  char out[ESEAL__OFD_MAX_PATH + 1];
  struct Case { const char *base, *ref, *want; } ok[] = {
      {"Doc_0/Signs/Signatures.xml", "Sign_0/Signature.xml", "Doc_0/Signs/Sign_0/Signature.xml"},
      {"Doc_0/Signs/Signatures.xml", "/Doc_0/Signs/Sign_0/Signature.xml", "Doc_0/Signs/Sign_0/Signature.xml"},
      {"Doc_0/Signs/Sign_0/Signature.xml", "//Doc_0/Signs/Sign_0/Seal.esl", "Doc_0/Signs/Sign_0/Seal.esl"},
      {"Doc_0/Signs/Sign_0/Signature.xml", "SignedValue.dat", "Doc_0/Signs/Sign_0/SignedValue.dat"},
      {"Doc_0/Signs/Sign_0/Signature.xml", "./a//b.dat", "Doc_0/Signs/Sign_0/a/b.dat"},
      {"Doc_0/Pages/Page_0/Content.xml", "../../Res/x.png", "Doc_0/Res/x.png"},
      {nullptr, "Doc_0/Document.xml", "Doc_0/Document.xml"},
      {"OFD.xml", "Doc_0/Document.xml", "Doc_0/Document.xml"},
  };
  for (const auto &c : ok) {
    ASSERT_EQ(eseal__ofd_path_resolve(out, c.base, c.ref), 0) << c.ref;
    EXPECT_STREQ(out, c.want) << c.ref;
  }
  EXPECT_EQ(eseal__ofd_path_resolve(out, "Doc_0/a.xml", "../../x"), ESEAL_EFORMAT);
  EXPECT_EQ(eseal__ofd_path_resolve(out, nullptr, ""), ESEAL_EFORMAT);
  EXPECT_EQ(eseal__ofd_path_resolve(out, nullptr, "/"), ESEAL_EFORMAT);
  EXPECT_EQ(eseal__ofd_path_resolve(out, nullptr, "a\\b"), ESEAL_EFORMAT);
  EXPECT_EQ(eseal__ofd_path_resolve(out, nullptr, std::string(ESEAL__OFD_MAX_PATH + 1, 'a').c_str()),
            ESEAL_ELIMIT);
}

TEST(OfdXml, Base64) {
  eseal__arena a = {nullptr};
  size_t n = 0;
  uint8_t *p = eseal__base64_decode(&a, " AQID\nBA== ", &n);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(Bytes(p, p + n), (Bytes{1, 2, 3, 4}));
  EXPECT_EQ(eseal__base64_decode(&a, "AQID!A==", &n), nullptr);
  EXPECT_EQ(eseal__base64_decode(&a, "AQIDBA=", &n), nullptr);
  EXPECT_EQ(eseal__base64_decode(&a, "AQ==AQ==", &n), nullptr);
  EXPECT_EQ(eseal__base64_decode(&a, "", &n), nullptr);
  eseal__arena_release(&a);
}

}  // namespace
