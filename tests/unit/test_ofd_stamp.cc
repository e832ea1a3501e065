// Stamping OFD packages: placement (position, keyword, cross-page), References,
// continued signing, the covering-signature refusal and atomic output. Every
// stamped package is checked here without the library's OFD code: its entries
// are unzipped with libzip, every Reference recomputed with OpenSSL's SM3, and
// SignedValue.dat verified with eseal_verify() over Signature.xml's bytes.
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <zip.h>

#include <eseal/ofd.h>
#include <eseal/sys/fetcher.h>

#include "../support/ofd_package.h"
#include "../support/openssl_pki.h"
#include "../support/workflow.h"

extern "C" {
#include "ofd/stamp_parts.h"
#include "timestamp/tst.h"
}

using namespace workflow;

namespace {

using Files = std::map<std::string, std::string>;

std::string Page(const std::string &texts) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer ID=\"9\">" +
         texts + "</ofd:Layer></ofd:Content></ofd:Page>";
}

std::string TextObj(int id, const std::string &boundary, const std::string &code_attrs,
                 const std::string &text, const std::string &extra = "") {
  return "<ofd:TextObject ID=\"" + std::to_string(id) + "\" Boundary=\"" + boundary +
         "\" Font=\"5\" Size=\"4\"" + extra + "><ofd:TextCode " + code_attrs + ">" + text +
         "</ofd:TextCode></ofd:TextObject>";
}

// A small OFD: OFD.xml without Signatures, Document.xml, PublicRes.xml with a
// picture resource, and `pages` (Content.xml texts).
Files MakeOfd(const std::vector<std::string> &pages) {
  Files f;
  f["OFD.xml"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" DocType=\"OFD\">"
      "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0123456789abcdef</ofd:DocID></ofd:DocInfo>"
      "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
  std::string list;
  for (size_t i = 0; i < pages.size(); i++) {
    list += "<ofd:Page ID=\"" + std::to_string(10 + i) + "\" BaseLoc=\"Pages/Page_" +
            std::to_string(i) + "/Content.xml\"/>";
    f["Doc_0/Pages/Page_" + std::to_string(i) + "/Content.xml"] = pages[i];
  }
  f["Doc_0/Document.xml"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:CommonData>"
      "<ofd:MaxUnitID>20</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
      "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
      "</ofd:CommonData><ofd:Pages>" +
      list + "</ofd:Pages></ofd:Document>";
  f["Doc_0/PublicRes.xml"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ofd:Res xmlns:ofd=\"http://www.ofdspec.org/2016\" BaseLoc=\"Res\"><ofd:Fonts>"
      "<ofd:Font ID=\"5\" FontName=\"宋体\"/></ofd:Fonts><ofd:MultiMedias>"
      "<ofd:MultiMedia ID=\"6\" Type=\"Image\"><ofd:MediaFile>logo.png</ofd:MediaFile>"
      "</ofd:MultiMedia></ofd:MultiMedias></ofd:Res>";
  f["Doc_0/Res/logo.png"] = std::string("\x89PNG\r\n\x1a\n-a-logo-", 16);
  return f;
}

std::vector<std::string> ThreePages() {
  return {Page(TextObj(1, "20 20 100 10", "X=\"0\" Y=\"4\"", "合同正文第一页")),
          Page(TextObj(2, "20 20 100 10", "X=\"0\" Y=\"4\"", "第二页")),
          Page(TextObj(3, "20 20 100 10", "X=\"0\" Y=\"4\"", "第三页"))};
}

helpers::Bytes Zip(const Files &files) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  EXPECT_NE(za, nullptr);
  zip_source_keep(src);
  for (const auto &[name, data] : files) {
    zip_source_t *s = zip_source_buffer(za, data.data(), data.size(), 0);
    EXPECT_GE(zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8), 0);
  }
  EXPECT_EQ(zip_close(za), 0);
  zip_stat_t st;
  zip_source_open(src);
  zip_source_stat(src, &st);
  helpers::Bytes out(st.size);
  EXPECT_EQ(zip_source_read(src, out.data(), st.size), (zip_int64_t)st.size);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

Files Unzip(const helpers::Bytes &bytes) {
  Files f;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &err);
  EXPECT_NE(za, nullptr);
  if (za == nullptr) return f;
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); i++) {
    zip_stat_t st;
    zip_stat_index(za, i, 0, &st);
    zip_file_t *zf = zip_fopen_index(za, i, 0);
    std::string data(st.size, '\0');
    EXPECT_EQ(zip_fread(zf, data.data(), st.size), (zip_int64_t)st.size);
    zip_fclose(zf);
    f[st.name] = data;
  }
  zip_discard(za);
  zip_error_fini(&err);
  return f;
}

std::string Sm3Base64(const std::string &data) {
  unsigned char md[32], b64[48];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sm3(), nullptr);
  EVP_EncodeBlock(b64, md, 32);
  return reinterpret_cast<char *>(b64);
}

std::vector<std::string> All(const std::string &text, const std::string &re, int group = 1) {
  std::vector<std::string> out;
  std::regex r(re);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), r); it != std::sregex_iterator();
       ++it)
    out.push_back((*it)[group]);
  return out;
}

struct Stamper {
  pki::CtxPtr ctx = pki::Context();
  SealPtr seal;
  pki::KeyPtr key = pki::Key(pki::Signer());
  pki::CertPtr cert = pki::Cert(pki::Signer());
  Stamper() { EXPECT_EQ(MakeSeal(seal, ctx.get()), 0) << LastError(); }

  int Stamp(helpers::Bytes &out, const helpers::Bytes &in, const eseal_ofd_stamp_options &o) {
    Buf b;
    int rc = eseal_ofd_stamp_bytes(&b.b, ctx.get(), in.data(), in.size(), seal.p, key.get(),
                                   cert.get(), &o);
    out = b.bytes();
    return rc;
  }
};

eseal_ofd_stamp_options At(unsigned page, double x, double y) {
  eseal_ofd_stamp_options o = ESEAL_OFD_STAMP_OPTIONS_INIT;
  o.page = page;
  o.x_mm = x;
  o.y_mm = y;
  return o;
}

// One signature as the package lists it, checked without the library's OFD code.
struct Checked {
  std::string id, xml;
  std::vector<std::string> refs, annots;
};

// Checks every signature of `f`: each Reference's SM3, and SignedValue.dat
// over Signature.xml through eseal_verify() (TOTAL_PASSED under the test PKI).
std::vector<Checked> CheckAll(eseal_ctx *ctx, const Files &f) {
  std::vector<Checked> out;
  auto list = f.find("Doc_0/Signs/Signatures.xml");
  EXPECT_NE(list, f.end());
  if (list == f.end()) return out;
  std::regex sig_re("<ofd:Signature ID=\"([^\"]+)\" Type=\"Seal\" BaseLoc=\"/([^\"]+)\"/>");
  for (auto it = std::sregex_iterator(list->second.begin(), list->second.end(), sig_re);
       it != std::sregex_iterator(); ++it) {
    Checked c;
    c.id = (*it)[1];
    std::string path = (*it)[2];
    EXPECT_EQ(f.count(path), 1u) << path;
    c.xml = f.at(path);
    std::regex ref_re("<ofd:Reference FileRef=\"/([^\"]+)\"><ofd:CheckValue>([^<]+)</");
    for (auto r = std::sregex_iterator(c.xml.begin(), c.xml.end(), ref_re);
         r != std::sregex_iterator(); ++r) {
      std::string file = (*r)[1];
      c.refs.push_back(file);
      EXPECT_EQ(f.count(file), 1u) << file;
      if (f.count(file)) {
        EXPECT_EQ(Sm3Base64(f.at(file)), (*r)[2].str()) << c.id << " " << file;
      }
    }
    c.annots = All(c.xml, "<ofd:StampAnnot ([^>]*)/>");
    std::string dir = path.substr(0, path.rfind('/') + 1);
    EXPECT_EQ(f.count(dir + "SignedValue.dat"), 1u);
    const std::string &sv = f.at(dir + "SignedValue.dat");
    helpers::Bytes value(sv.begin(), sv.end()), data(c.xml.begin(), c.xml.end());
    ReportPtr report;
    VerifyBytes(report, ctx, value, &data);
    EXPECT_EQ(eseal_report_indication(report.p), ESEAL_TOTAL_PASSED) << Text(report.p);
    SignaturePtr sig;
    EXPECT_EQ(helpers::ParseSignature(sig, value), 0);
    EXPECT_STREQ(eseal_signature_property_info(sig.p), ("/" + path).c_str());
    size_t n = 0;
    const uint8_t *seal = eseal_seal_bytes(eseal_signature_seal(sig.p), &n);
    EXPECT_EQ(f.at(dir + "Seal.esl"), std::string(reinterpret_cast<const char *>(seal), n));
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The entries a signature must cover: all but Signatures.xml and its own two files.
std::vector<std::string> Expected(const Files &f, const std::string &own_dir, bool with_list) {
  std::vector<std::string> v;
  for (const auto &[name, data] : f)
    if ((with_list || name != "Doc_0/Signs/Signatures.xml") &&
        name != own_dir + "Signature.xml" && name != own_dir + "SignedValue.dat")
      v.push_back(name);
  return Sorted(v);
}

std::string Attr(const std::string &attrs, const std::string &name) {
  std::smatch m;
  std::regex r(name + "=\"([^\"]*)\"");
  return std::regex_search(attrs, m, r) ? m[1].str() : "(absent)";
}

std::string TempDir() {
  char tmpl[] = "/tmp/ofd_stamp_XXXXXX";
  EXPECT_NE(mkdtemp(tmpl), nullptr);
  return tmpl;
}

void WriteFile(const std::string &path, const helpers::Bytes &b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(b.data()), b.size());
}

helpers::Bytes ReadFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return helpers::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool Exists(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

}  // namespace

TEST(OfdStamp, ByPositionAddsASealSignatureCoveringEveryFile) {
  Stamper s;
  helpers::Bytes out;
  ASSERT_EQ(s.Stamp(out, Zip(MakeOfd(ThreePages())), At(2, 20, 30.5)), 0) << LastError();
  Files f = Unzip(out);
  // OFD.xml now names the new Signatures.xml, the rest of its bytes unchanged.
  EXPECT_NE(f["OFD.xml"].find("<ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures>"
                              "</ofd:DocBody>"),
            std::string::npos)
      << f["OFD.xml"];
  auto sigs = CheckAll(s.ctx.get(), f);
  ASSERT_EQ(sigs.size(), 1u);
  EXPECT_EQ(sigs[0].id, "s001");
  EXPECT_EQ(Sorted(sigs[0].refs), Expected(f, "Doc_0/Signs/Sign_0/", false));
  EXPECT_NE(sigs[0].xml.find("<ofd:References CheckMethod=\"1.2.156.10197.1.401\">"),
            std::string::npos);
  EXPECT_NE(sigs[0].xml.find("<ofd:Seal><ofd:BaseLoc>/Doc_0/Signs/Sign_0/Seal.esl</ofd:BaseLoc>"),
            std::string::npos);
  ASSERT_EQ(sigs[0].annots.size(), 1u);
  EXPECT_EQ(Attr(sigs[0].annots[0], "PageRef"), "11");  // the second page's ID
  EXPECT_EQ(Attr(sigs[0].annots[0], "Boundary"), "20 30.5 40 40");  // the picture's 40x40 mm
  EXPECT_EQ(Attr(sigs[0].annots[0], "Clip"), "(absent)");
  EXPECT_NE(f["Doc_0/Signs/Signatures.xml"].find("<ofd:MaxSignId>s002</ofd:MaxSignId>"),
            std::string::npos);
}

TEST(OfdStamp, PositionsOutsideThePageAreRefused) {
  Stamper s;
  helpers::Bytes in = Zip(MakeOfd(ThreePages())), out;
  EXPECT_EQ(s.Stamp(out, in, At(4, 10, 10)), ESEAL_EINVAL);
  EXPECT_EQ(s.Stamp(out, in, At(0, 10, 10)), ESEAL_EINVAL);
  EXPECT_EQ(s.Stamp(out, in, At(1, 171, 10)), ESEAL_EINVAL);  // 171 + 40 > 210
  EXPECT_EQ(s.Stamp(out, in, At(1, 10, 258)), ESEAL_EINVAL);  // 258 + 40 > 297
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s.Stamp(out, in, At(1, 170, 257)), 0) << LastError();  // exactly fits
}

TEST(OfdStamp, ByKeywordCentresOnTheTextEvenSplitOverTextObjects) {
  // "盖章处" on page 2: 盖章 in one object, 处 in another. With DeltaX "g 2 5"
  // the first two characters advance 5 mm and the others the font size, 4 mm:
  // 甲 100, 方 105, 盖 110..114, 章 114..118; 处 (own object) 110..114. Baseline
  // y 200, font size 4: y 196..200. Centre (114, 198).
  std::vector<std::string> pages = ThreePages();
  pages[1] = Page(TextObj(1, "20 20 100 10", "X=\"0\" Y=\"4\"", "第二页") +
                  TextObj(2, "90 190 20 10", "X=\"10\" Y=\"10\" DeltaX=\"g 2 5\"", "甲方盖章") +
                  TextObj(3, "110 190 10 10", "X=\"0\" Y=\"10\"", "处"));
  pages[2] = Page(TextObj(4, "50 50 60 10", "X=\"0\" Y=\"5\" DeltaX=\"4 4\"", "请盖章处"));
  Stamper s;
  helpers::Bytes in = Zip(MakeOfd(pages)), out;
  eseal_ofd_stamp_options o = ESEAL_OFD_STAMP_OPTIONS_INIT;
  o.placement = ESEAL_OFD_PLACE_KEYWORD;
  o.keyword = "盖章处";
  ASSERT_EQ(s.Stamp(out, in, o), 0) << LastError();
  auto sigs = CheckAll(s.ctx.get(), Unzip(out));
  ASSERT_EQ(sigs.size(), 1u);
  ASSERT_EQ(sigs[0].annots.size(), 1u);
  EXPECT_EQ(Attr(sigs[0].annots[0], "PageRef"), "11");
  EXPECT_EQ(Attr(sigs[0].annots[0], "Boundary"), "94 178 40 40");
  // Every occurrence: one more on page 3 (请 50..54, 盖 54..58, 章 58..62, 处 62..66; y 51..55).
  o.all_occurrences = 1;
  ASSERT_EQ(s.Stamp(out, in, o), 0) << LastError();
  sigs = CheckAll(s.ctx.get(), Unzip(out));
  ASSERT_EQ(sigs[0].annots.size(), 2u);
  EXPECT_EQ(Attr(sigs[0].annots[1], "PageRef"), "12");
  EXPECT_EQ(Attr(sigs[0].annots[1], "Boundary"), "40 33 40 40");
  EXPECT_NE(Attr(sigs[0].annots[0], "ID"), Attr(sigs[0].annots[1], "ID"));
}

TEST(OfdStamp, AKeywordOnNoPageIsNotFound) {
  Stamper s;
  helpers::Bytes out;
  eseal_ofd_stamp_options o = ESEAL_OFD_STAMP_OPTIONS_INIT;
  o.placement = ESEAL_OFD_PLACE_KEYWORD;
  o.keyword = "盖章处";
  EXPECT_EQ(s.Stamp(out, Zip(MakeOfd(ThreePages())), o), ESEAL_ENOTFOUND);
  o.keyword = "";
  EXPECT_EQ(s.Stamp(out, Zip(MakeOfd(ThreePages())), o), ESEAL_EINVAL);
}

TEST(OfdStamp, CrossPageSealShowsOneSliceAtEachRightEdge) {
  Stamper s;
  helpers::Bytes out;
  eseal_ofd_stamp_options o = ESEAL_OFD_STAMP_OPTIONS_INIT;
  o.placement = ESEAL_OFD_PLACE_CROSS_PAGE;
  o.page = 0;  // first..last: all three pages
  o.width_mm = 42;
  o.height_mm = 42;
  ASSERT_EQ(s.Stamp(out, Zip(MakeOfd(ThreePages())), o), 0) << LastError();
  auto sigs = CheckAll(s.ctx.get(), Unzip(out));
  ASSERT_EQ(sigs.size(), 1u);
  ASSERT_EQ(sigs[0].annots.size(), 3u);
  const char *bounds[] = {"196 127.5 42 42", "182 127.5 42 42", "168 127.5 42 42"};
  const char *clips[] = {"0 0 14 42", "14 0 14 42", "28 0 14 42"};
  for (int i = 0; i < 3; i++) {
    EXPECT_EQ(Attr(sigs[0].annots[i], "PageRef"), std::to_string(10 + i));
    EXPECT_EQ(Attr(sigs[0].annots[i], "Boundary"), bounds[i]);
    EXPECT_EQ(Attr(sigs[0].annots[i], "Clip"), clips[i]);
  }
  // Pages 2-3 only, top at 10 mm.
  o.page = 2;
  o.last_page = 3;
  o.y_mm = 10;
  ASSERT_EQ(s.Stamp(out, Zip(MakeOfd(ThreePages())), o), 0) << LastError();
  sigs = CheckAll(s.ctx.get(), Unzip(out));
  ASSERT_EQ(sigs[0].annots.size(), 2u);
  EXPECT_EQ(Attr(sigs[0].annots[0], "Boundary"), "189 10 42 42");
  EXPECT_EQ(Attr(sigs[0].annots[1], "Clip"), "21 0 21 42");
  // One page is no cross-page seal.
  o.page = 3;
  EXPECT_EQ(s.Stamp(out, Zip(MakeOfd(ThreePages())), o), ESEAL_EINVAL);
}

TEST(OfdStamp, StampingTwiceKeepsTheFirstSignatureValid) {
  Stamper s;
  helpers::Bytes once, twice;
  ASSERT_EQ(s.Stamp(once, Zip(MakeOfd(ThreePages())), At(1, 10, 10)), 0) << LastError();
  ASSERT_EQ(s.Stamp(twice, once, At(1, 100, 100)), 0) << LastError();
  Files f1 = Unzip(once), f2 = Unzip(twice);
  // Every file of the first package is unchanged but Signatures.xml.
  for (const auto &[name, data] : f1)
    if (name != "Doc_0/Signs/Signatures.xml") {
      EXPECT_EQ(f2[name], data) << name;
    }
  auto sigs = CheckAll(s.ctx.get(), f2);
  ASSERT_EQ(sigs.size(), 2u);
  EXPECT_EQ(sigs[0].id, "s001");
  EXPECT_EQ(sigs[1].id, "s003");  // s002 is the first signature's StampAnnot
  EXPECT_EQ(Attr(sigs[1].annots[0], "ID"), "s004");
  // The second covers the first's files too.
  EXPECT_EQ(Sorted(sigs[1].refs), Expected(f2, "Doc_0/Signs/Sign_1/", false));
  const std::string &list = f2["Doc_0/Signs/Signatures.xml"];
  EXPECT_EQ(All(list, "<ofd:MaxSignId>([^<]*)</").size(), 1u) << list;
  EXPECT_NE(list.find("<ofd:MaxSignId>s004</ofd:MaxSignId>"), std::string::npos) << list;
  // The first signature's part of Signatures.xml is kept byte for byte.
  EXPECT_EQ(list.find(f1["Doc_0/Signs/Signatures.xml"].substr(0, 60)), 0u);
}

TEST(OfdStamp, ACoveringSignatureForbidsAnyLaterOneAndIsNamed) {
  Stamper s;
  helpers::Bytes once, twice;
  eseal_ofd_stamp_options o = At(1, 10, 10);
  o.cover_signatures = 1;
  ASSERT_EQ(s.Stamp(once, Zip(MakeOfd(ThreePages())), o), 0) << LastError();
  Files f = Unzip(once);
  auto sigs = CheckAll(s.ctx.get(), f);
  ASSERT_EQ(sigs.size(), 1u);
  EXPECT_EQ(Sorted(sigs[0].refs), Expected(f, "Doc_0/Signs/Sign_0/", true));
  EXPECT_EQ(s.Stamp(twice, once, At(1, 100, 100)), ESEAL_EINVAL);
  EXPECT_NE(LastError().find("signature s001 covers Doc_0/Signs/Signatures.xml"),
            std::string::npos)
      << LastError();
  EXPECT_TRUE(twice.empty());
}

TEST(OfdStamp, ACoveringReferenceSpelledDifferentlyIsStillRefused) {
  // Forge around the refusal: the first signature's Reference to Signatures.xml
  // written with a double slash, then relative to nothing ("./"); the package
  // reader resolves both to the same file.
  Stamper s;
  helpers::Bytes once, out;
  eseal_ofd_stamp_options o = At(1, 10, 10);
  o.cover_signatures = 1;
  ASSERT_EQ(s.Stamp(once, Zip(MakeOfd(ThreePages())), o), 0) << LastError();
  for (const std::string spelling : {"//Doc_0/Signs/Signatures.xml", "/Doc_0/Signs/../Signs/Signatures.xml"}) {
    Files f = Unzip(once);
    std::string &x = f["Doc_0/Signs/Sign_0/Signature.xml"];
    size_t at = x.find("FileRef=\"/Doc_0/Signs/Signatures.xml\"");
    ASSERT_NE(at, std::string::npos);
    x.replace(at, std::string("FileRef=\"/Doc_0/Signs/Signatures.xml\"").size(),
              "FileRef=\"" + spelling + "\"");
    EXPECT_EQ(s.Stamp(out, Zip(f), At(1, 100, 100)), ESEAL_EINVAL) << spelling;
    EXPECT_NE(LastError().find("s001 covers"), std::string::npos) << LastError();
  }
}

// Stamps with a seal whose picture is `type` / `bytes`: the code, with output only on success.
int StampWithPicture(const char *type, const std::string &bytes) {
  auto ctx = pki::Context();
  SealPtr seal;
  EXPECT_EQ(MakeSeal(seal, ctx.get(),
                     [&](eseal_seal_builder *b) {
                       ASSERT_EQ(eseal_seal_builder_set_picture(
                                     b, type, reinterpret_cast<const uint8_t *>(bytes.data()),
                                     bytes.size(), 40, 40),
                                 0);
                     }),
            0)
      << LastError();
  helpers::Bytes in = Zip(MakeOfd(ThreePages()));
  Buf out;
  eseal_ofd_stamp_options o = At(1, 10, 10);
  int rc = eseal_ofd_stamp_bytes(&out.b, ctx.get(), in.data(), in.size(), seal.p,
                                 pki::Key(pki::Signer()).get(), pki::Cert(pki::Signer()).get(), &o);
  EXPECT_EQ(out.b.ptr != nullptr, rc == 0);
  return rc;
}

TEST(OfdStamp, AnSvgPictureIsUnsupportedAndSaysWhy) {
  EXPECT_EQ(StampWithPicture("SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            ESEAL_EUNSUPPORTED);
  EXPECT_NE(LastError().find("make the seal with a PNG picture"), std::string::npos) << LastError();
  EXPECT_EQ(StampWithPicture("GIF", std::string("GIF89a\0\0", 8)), ESEAL_EUNSUPPORTED);
  // A real JPEG start passes the picture check (and the stamp is made).
  EXPECT_EQ(StampWithPicture("JPG", std::string("\xff\xd8\xff\xe0", 4)), 0);
}

TEST(OfdStamp, APictureLabelledPngThatIsNotIsRefused) {
  EXPECT_EQ(StampWithPicture("PNG", std::string("GIF89a\0\0", 8)), ESEAL_EUNSUPPORTED);
  EXPECT_NE(LastError().find("labelled PNG"), std::string::npos) << LastError();
}

TEST(OfdStamp, FilesAreWrittenAtomicallyAndFailuresLeaveNothing) {
  Stamper s;
  std::string dir = TempDir(), in = dir + "/in.ofd", out = dir + "/out.ofd";
  helpers::Bytes original = Zip(MakeOfd(ThreePages()));
  WriteFile(in, original);
  eseal_ofd_stamp_options o = At(1, 10, 10);
  // A key that is not the signer's: refused after all the work, nothing written.
  auto other = pki::Key(pki::Maker());
  EXPECT_EQ(eseal_ofd_stamp(out.c_str(), s.ctx.get(), in.c_str(), s.seal.p, other.get(),
                            s.cert.get(), &o),
            ESEAL_ECRYPTO)
      << LastError();
  EXPECT_FALSE(Exists(out));
  // An output folder that does not exist.
  std::string nowhere = dir + "/no/such/folder/out.ofd";
  EXPECT_EQ(eseal_ofd_stamp(nowhere.c_str(), s.ctx.get(), in.c_str(), s.seal.p, s.key.get(),
                            s.cert.get(), &o),
            ESEAL_EIO);
  // A read-only folder (skipped as root, who may write anywhere).
  std::string ro = dir + "/ro";
  ASSERT_EQ(mkdir(ro.c_str(), 0555), 0);
  if (geteuid() != 0) {
    EXPECT_EQ(eseal_ofd_stamp((ro + "/out.ofd").c_str(), s.ctx.get(), in.c_str(), s.seal.p,
                              s.key.get(), s.cert.get(), &o),
              ESEAL_EIO);
  }
  EXPECT_EQ(ReadFile(in), original);
  // Success, then stamping in place replaces the file only when done.
  ASSERT_EQ(eseal_ofd_stamp(out.c_str(), s.ctx.get(), in.c_str(), s.seal.p, s.key.get(),
                            s.cert.get(), &o),
            0)
      << LastError();
  EXPECT_EQ(CheckAll(s.ctx.get(), Unzip(ReadFile(out))).size(), 1u);
  EXPECT_EQ(ReadFile(in), original);
  o.x_mm = 100;
  ASSERT_EQ(eseal_ofd_stamp(out.c_str(), s.ctx.get(), out.c_str(), s.seal.p, s.key.get(),
                            s.cert.get(), &o),
            0)
      << LastError();
  EXPECT_EQ(CheckAll(s.ctx.get(), Unzip(ReadFile(out))).size(), 2u);
  // No temporary file is left beside the output: in.ofd, out.ofd and ro only.
  FILE *ls = popen(("ls -A " + dir + " | wc -l").c_str(), "r");
  int count = 0;
  ASSERT_EQ(fscanf(ls, "%d", &count), 1);
  pclose(ls);
  EXPECT_EQ(count, 3);
  EXPECT_EQ(std::system(("chmod -R u+w " + dir + " && rm -rf " + dir).c_str()), 0);
}

TEST(OfdStamp, OptionsAreVersioned) {
  eseal_ofd_stamp_options o;
  EXPECT_EQ(eseal_ofd_stamp_options_init(&o, ESEAL_OFD_STAMP_OPTIONS_VERSION), 0);
  EXPECT_EQ(o.placement, ESEAL_OFD_PLACE_AT);
  EXPECT_EQ(o.page, 1u);
  EXPECT_EQ(eseal_ofd_stamp_options_init(&o, 99), ESEAL_EVERSION);
  Stamper s;
  helpers::Bytes out;
  o.version = 99;
  EXPECT_EQ(s.Stamp(out, Zip(MakeOfd(ThreePages())), o), ESEAL_EVERSION);
}

// A TSA answering each request with `openssl ts -reply` (a P-256 TSA under its own root).
struct OpensslTsa {
  eseal_fetcher base = {ESEAL_FETCHER_VERSION, Fetch, nullptr};
  openssl_pki::TempDir tmp;
  std::string dir = tmp.path();
  openssl_pki::Party root = openssl_pki::Issue(dir, "root", "OFD TSA Root", "EC",
                                               openssl_pki::Role::kCa, nullptr);
  openssl_pki::Party tsa = openssl_pki::Issue(dir, "tsa", "OFD TSA", "EC",
                                              openssl_pki::Role::kTimestamp, &root);
  int asked = 0;
  std::string url;
  static int Fetch(eseal_fetcher *self, const eseal_fetch_request *req, eseal_buf *response,
                   char *, size_t) {
    auto *me = reinterpret_cast<OpensslTsa *>(self);
    me->asked++;
    me->url = req->url;
    using openssl_pki::Quote;
    std::ofstream(me->dir + "/tsa.cnf")
        << "[tsa]\nserial = " << me->dir << "/serial\ncrypto_device = builtin\nsigner_cert = "
        << me->tsa.cert_file << "\nsigner_key = " << me->tsa.key_file << "\ncerts = "
        << me->root.cert_file << "\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n"
        << "digests = sha256, sm3\ness_cert_id_alg = sha256\n";
    std::ofstream(me->dir + "/q.tsq", std::ios::binary)
        .write(reinterpret_cast<const char *>(req->body), static_cast<std::streamsize>(req->body_len));
    openssl_pki::Openssl(me->dir, "ts -reply -queryfile " + Quote(me->dir + "/q.tsq") +
                                      " -config " + Quote(me->dir + "/tsa.cnf") +
                                      " -section tsa -out " + Quote(me->dir + "/r.tsr"));
    std::ifstream in(me->dir + "/r.tsr", std::ios::binary);
    std::string r((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return eseal_buf_set(response, reinterpret_cast<const uint8_t *>(r.data()), r.size());
  }
  // A token over `data` (SHA-256, the TSA certificate carried), as an archive keeps one.
  helpers::Bytes Token(const std::string &data) {
    using openssl_pki::Quote;
    std::ofstream(dir + "/data.bin", std::ios::binary) << data;
    openssl_pki::Openssl(dir, "ts -query -data " + Quote(dir + "/data.bin") +
                                  " -sha256 -cert -no_nonce -out " + Quote(dir + "/p.tsq"));
    std::ifstream q(dir + "/p.tsq", std::ios::binary);
    std::string query((std::istreambuf_iterator<char>(q)), std::istreambuf_iterator<char>());
    eseal_fetch_request req{};
    req.url = "";
    req.body = reinterpret_cast<const uint8_t *>(query.data());
    req.body_len = query.size();
    eseal_buf resp = ESEAL_BUF_INIT, token = ESEAL_BUF_INIT;
    EXPECT_EQ(Fetch(&base, &req, &resp, nullptr, 0), 0);
    EXPECT_EQ(eseal__tsa_response_token(resp.ptr, resp.size, &token), 0);
    helpers::Bytes out(token.ptr, token.ptr + token.size);
    eseal_buf_dispose(&resp);
    eseal_buf_dispose(&token);
    return out;
  }
};

// With a TSA, the new signature's value carries the TSA's token over it.
TEST(OfdStamp, WithATsaTheSignatureCarriesItsToken) {
  OpensslTsa tsa;
  Stamper s;
  ASSERT_EQ(eseal_ctx_set_fetcher(s.ctx.get(), &tsa.base), 0);
  eseal_ofd_stamp_options o = At(1, 20, 30);
  o.tsa_url = "http://tsa.example/";
  helpers::Bytes out;
  int rc = s.Stamp(out, Zip(MakeOfd(ThreePages())), o);
  eseal_ctx_set_fetcher(s.ctx.get(), nullptr);
  ASSERT_EQ(rc, 0) << LastError();
  EXPECT_EQ(tsa.asked, 1);
  EXPECT_EQ(tsa.url, "http://tsa.example/");
  Files f = Unzip(out);
  const std::string &sv = f.at("Doc_0/Signs/Sign_0/SignedValue.dat");
  SignaturePtr sig;
  ASSERT_EQ(helpers::ParseSignature(sig, helpers::Bytes(sv.begin(), sv.end())), 0);
  size_t len = 0;
  EXPECT_NE(eseal_signature_timestamp(sig.p, &len), nullptr);
  EXPECT_GT(len, 0u);
  // Without a TSA (and a version 1 caller, whose struct has no TSA fields): no token, no request.
  eseal_ofd_stamp_options v1 = At(1, 20, 30);
  v1.version = 1;
  ASSERT_EQ(s.Stamp(out, Zip(MakeOfd(ThreePages())), v1), 0) << LastError();
  Files g = Unzip(out);
  const std::string &plain = g.at("Doc_0/Signs/Sign_0/SignedValue.dat");
  SignaturePtr untimed;
  ASSERT_EQ(helpers::ParseSignature(untimed, helpers::Bytes(plain.begin(), plain.end())), 0);
  EXPECT_EQ(eseal_signature_timestamp(untimed.p, &len), nullptr);
  EXPECT_EQ(tsa.asked, 1);
}

// A POE token covers one signature: with two in the document, verification
// wants to be told which (else ESEAL_EINVAL); told, that signature's token holds.
TEST(OfdStamp, PoeTokensNameTheirSignature) {
  OpensslTsa tsa;
  Stamper s;
  helpers::Bytes once, twice;
  ASSERT_EQ(s.Stamp(once, Zip(MakeOfd(ThreePages())), At(1, 20, 30)), 0) << LastError();
  ASSERT_EQ(s.Stamp(twice, once, At(2, 20, 30)), 0) << LastError();
  Files f = Unzip(twice);
  helpers::Bytes token = tsa.Token(f.at("Doc_0/Signs/Sign_0/SignedValue.dat"));
  eseal_cert *root = nullptr;
  ASSERT_EQ(eseal_cert_load_file(&root, tsa.root.cert_file.c_str()), 0);
  ASSERT_EQ(eseal_ctx_add_trust_cert_roles(s.ctx.get(), root, ESEAL_ROLE_TIMESTAMP_AUTHORITY), 0);
  eseal_cert_free(root);
  const uint8_t *tokens[] = {token.data()};
  const size_t lens[] = {token.size()};
  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  vo.poe_tokens = tokens;
  vo.poe_token_lens = lens;
  vo.poe_token_count = 1;
  eseal_ofd_verify_options o = ESEAL_OFD_VERIFY_OPTIONS_INIT;
  o.verify = &vo;
  eseal_ofd_report *r = nullptr;
  EXPECT_EQ(eseal_ofd_verify_bytes(&r, s.ctx.get(), twice.data(), twice.size(), &o),
            ESEAL_EINVAL);
  EXPECT_EQ(r, nullptr);
  o.signature_id = "s001";
  ASSERT_EQ(eseal_ofd_verify_bytes(&r, s.ctx.get(), twice.data(), twice.size(), &o), 0)
      << LastError();
  EXPECT_EQ(ofd::SigStatus(r, 0, "poe.token"), "OK") << ofd::ReportText(r);
  eseal_ofd_report_free(r);
}

// A TSA that cannot be reached fails the stamp: nothing is produced.
TEST(OfdStamp, AFailingTsaFailsTheStamp) {
  Stamper s;
  eseal_ofd_stamp_options o = At(1, 20, 30);
  std::string url = "http://127.0.0.1:9/";  // loopback, not allowed: refused before any request
  o.tsa_url = url.c_str();
  helpers::Bytes out;
  EXPECT_NE(s.Stamp(out, Zip(MakeOfd(ThreePages())), o), 0);
  EXPECT_TRUE(out.empty());
}

TEST(OfdStampParts, KeywordHitsFollowDeltaXCompressionAndTheCtm) {
  // "g 3 2" = 2 2 2; then 6. The CTM doubles x and moves by (1, 0).
  std::string page = Page(TextObj(1, "10 20 100 10", "X=\"0\" Y=\"4\" DeltaX=\"g 3 2 6\"",
                               "abcXYZ", " CTM=\"2 0 0 1 1 0\""));
  eseal_ofd__hit hits[4];
  size_t n = 0;
  ASSERT_EQ(eseal_ofd__keyword_find(reinterpret_cast<const uint8_t *>(page.data()), page.size(),
                                    "cX", 0, hits, 4, &n),
            0)
      << LastError();
  ASSERT_EQ(n, 1u);
  // c at 4..6, X at 6..12 in object space; doubled and moved: 9..25, centre 17, +10 origin.
  EXPECT_DOUBLE_EQ(hits[0].x, 27);
  EXPECT_DOUBLE_EQ(hits[0].y, 22);  // baseline 4, size 4: 0..4, +20
  std::string bad = "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><unclosed>";
  EXPECT_EQ(eseal_ofd__keyword_find(reinterpret_cast<const uint8_t *>(bad.data()), bad.size(), "a",
                                    0, hits, 4, &n),
            ESEAL_EFORMAT);
}

TEST(OfdStampParts, MillimetresAreWrittenWithAPointAndNoTrailingZeros) {
  struct {
    double v;
    const char *text;
  } cases[] = {{0, "0"}, {40, "40"}, {30.5, "30.5"}, {127.25, "127.25"}, {0.0004, "0"},
               {1.2345, "1.235"}, {-2.5, "-2.5"}};
  for (const auto &c : cases) {
    eseal__dbuf b = ESEAL__DBUF_INIT;
    eseal_ofd__append_mm(&b, c.v);
    EXPECT_EQ(std::string(reinterpret_cast<char *>(b.ptr), b.len), c.text) << c.v;
    eseal__dbuf_release(&b);
  }
}

TEST(OfdStampParts, SignaturesXmlEditsKeepEveryOtherByte) {
  std::string list =
      "<?xml version=\"1.0\"?>\n<x:Signatures xmlns:x=\"http://www.ofdspec.org\">"
      "<!-- kept -->\n  <x:Signature ID=\"7\" BaseLoc=\"Sign_0/Signature.xml\"/>\n</x:Signatures>\n";
  Buf out;
  ASSERT_EQ(eseal_ofd__signatures_add(&out.b, reinterpret_cast<const uint8_t *>(list.data()),
                                      list.size(), 8, 9, "/Doc_0/Signs/Sign_1/Signature.xml"),
            0);
  std::string s(reinterpret_cast<char *>(out.b.ptr), out.b.size);
  EXPECT_EQ(s,
            "<?xml version=\"1.0\"?>\n<x:Signatures xmlns:x=\"http://www.ofdspec.org\">"
            "<x:MaxSignId>s009</x:MaxSignId><!-- kept -->\n  <x:Signature ID=\"7\" "
            "BaseLoc=\"Sign_0/Signature.xml\"/>\n<x:Signature ID=\"s008\" Type=\"Seal\" "
            "BaseLoc=\"/Doc_0/Signs/Sign_1/Signature.xml\"/></x:Signatures>\n");
  std::string trailing = list + "<!-- after the root -->";
  EXPECT_EQ(eseal_ofd__signatures_add(&out.b, reinterpret_cast<const uint8_t *>(trailing.data()),
                                      trailing.size(), 8, 9, "/a"),
            ESEAL_EUNSUPPORTED);
}

TEST(OfdStamp, TheLibraryVerifierPassesWhatWasStamped) {
  Stamper s;
  helpers::Bytes once, twice, covered;
  ASSERT_EQ(s.Stamp(once, Zip(MakeOfd(ThreePages())), At(1, 10, 10)), 0) << LastError();
  eseal_ofd_stamp_options o = ESEAL_OFD_STAMP_OPTIONS_INIT;
  o.placement = ESEAL_OFD_PLACE_CROSS_PAGE;
  o.page = 0;
  ASSERT_EQ(s.Stamp(twice, once, o), 0) << LastError();
  o.cover_signatures = 1;
  ASSERT_EQ(s.Stamp(covered, once, o), 0) << LastError();
  for (const auto *pkg : {&once, &twice, &covered}) {
    eseal_ofd_report *r = nullptr;
    ASSERT_EQ(eseal_ofd_verify_bytes(&r, s.ctx.get(), pkg->data(), pkg->size(), nullptr), 0)
        << LastError();
    Buf text;
    eseal_ofd_report_to_text(r, &text.b);
    EXPECT_EQ(eseal_ofd_report_indication(r), ESEAL_TOTAL_PASSED)
        << std::string(reinterpret_cast<char *>(text.b.ptr), text.b.size);
    EXPECT_EQ(eseal_ofd_report_signature_count(r), pkg == &once ? 1u : 2u);
    eseal_ofd_report_free(r);
  }
  // And a page changed after stamping fails there.
  Files f = Unzip(twice);
  f["Doc_0/Pages/Page_1/Content.xml"].replace(f["Doc_0/Pages/Page_1/Content.xml"].find("第二页"),
                                              strlen("第二页"), "第2页");
  helpers::Bytes edited = Zip(f);
  eseal_ofd_report *r = nullptr;
  ASSERT_EQ(eseal_ofd_verify_bytes(&r, s.ctx.get(), edited.data(), edited.size(), nullptr), 0);
  EXPECT_EQ(eseal_ofd_report_indication(r), ESEAL_TOTAL_FAILED);
  eseal_ofd_report_free(r);
}

TEST(OfdStamp, AnEditThatDoesNotReadBackIsRefusedAndNothingIsWritten) {
  // A comment inside DocBody holding its end tag: the byte-level insertion of
  // <Signatures> lands in the comment, the package reader then finds no
  // signature, and the read-back check refuses instead of writing it.
  Files f = MakeOfd(ThreePages());
  std::string &ofd = f["OFD.xml"];
  ofd.insert(ofd.find("<ofd:DocRoot>"), "<!-- </ofd:DocBody> -->");
  Stamper s;
  helpers::Bytes out;
  EXPECT_EQ(s.Stamp(out, Zip(f), At(1, 10, 10)), ESEAL_ERROR) << LastError();
  EXPECT_NE(LastError().find("does not read back"), std::string::npos) << LastError();
  EXPECT_TRUE(out.empty());
}
