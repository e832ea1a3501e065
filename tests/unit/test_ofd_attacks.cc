// Hostile edits of genuinely signed OFD packages, each made at test time: an
// attacker who holds a signed document changes what readers see and wants the
// verdict to stay TOTAL_PASSED. Every test asserts the SAFE verdict, so a test
// that fails here is a hole in eseal_ofd_verify().
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "../support/ofd_package.h"

extern "C" {
#include "ofd/package.h"
}

using namespace ofd;
using helpers::SealPtr;

namespace {

struct OfdAttacks : ::testing::Test {
  pki::CtxPtr ctx = pki::Context();
  SealPtr seal;
  void SetUp() override { ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0) << helpers::LastError(); }
};

// ---- A minimal zip writer (stored entries) that can add extra fields libzip will not write. ----

struct RawEntry {
  RawEntry(std::string n, Bytes d, Bytes x = {}) : name(std::move(n)), data(std::move(d)), extra(std::move(x)) {}
  std::string name;  // the name bytes of both headers
  Bytes data;
  Bytes extra;       // the same extra field in the local and the central header
  // When set, what the local header says instead (the central directory keeps the above).
  std::optional<std::string> local_name;
  std::optional<Bytes> local_extra;
  uint16_t local_flags = 0;
};

// How RawZip ends the package.
struct RawEnd {
  bool zip64 = false;      // a Zip64 end record and locator, the classic record saying 0xffff…
  Bytes after;             // bytes after the end record (its comment length stays 0)
  uint32_t cd_offset_add = 0;  // added to the central directory offset the end record states
  // A second central directory without the last entry, whose end record is the
  // first end record's comment: two end records, each ending a plausible package.
  bool shadow = false;
};

// CRC-32 (zip's), bit by bit: the packages here are small.
uint32_t Crc32(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

void Put16(Bytes &b, uint32_t v) {
  b.push_back((uint8_t)v);
  b.push_back((uint8_t)(v >> 8));
}
void Put32(Bytes &b, uint32_t v) {
  Put16(b, v & 0xffff);
  Put16(b, v >> 16);
}
void Append(Bytes &b, const Bytes &x) { b.insert(b.end(), x.begin(), x.end()); }
void Append(Bytes &b, const std::string &x) { b.insert(b.end(), x.begin(), x.end()); }

Bytes RawZip(const std::vector<RawEntry> &entries, const RawEnd &end = {}) {
  Bytes out, central;
  for (const auto &e : entries) {
    uint32_t crc = Crc32(e.data.data(), e.data.size());
    uint32_t offset = (uint32_t)out.size();
    const std::string &local_name = e.local_name ? *e.local_name : e.name;
    const Bytes &local_extra = e.local_extra ? *e.local_extra : e.extra;
    Put32(out, 0x04034b50);
    Put16(out, 20), Put16(out, e.local_flags), Put16(out, 0), Put16(out, 0), Put16(out, 0x21);
    Put32(out, crc), Put32(out, (uint32_t)e.data.size()), Put32(out, (uint32_t)e.data.size());
    Put16(out, (uint32_t)local_name.size()), Put16(out, (uint32_t)local_extra.size());
    Append(out, local_name), Append(out, local_extra), Append(out, e.data);
    Put32(central, 0x02014b50);
    Put16(central, 20), Put16(central, 20), Put16(central, 0), Put16(central, 0);
    Put16(central, 0), Put16(central, 0x21);
    Put32(central, crc), Put32(central, (uint32_t)e.data.size()), Put32(central, (uint32_t)e.data.size());
    Put16(central, (uint32_t)e.name.size()), Put16(central, (uint32_t)e.extra.size());
    Put16(central, 0), Put16(central, 0), Put16(central, 0), Put32(central, 0), Put32(central, offset);
    Append(central, e.name), Append(central, e.extra);
  }
  uint32_t cd_offset = (uint32_t)out.size();
  Append(out, central);
  uint32_t count = (uint32_t)entries.size(), cd_size = (uint32_t)central.size();
  if (end.zip64) {
    uint32_t record = (uint32_t)out.size();
    Put32(out, 0x06064b50), Put32(out, 44), Put32(out, 0);  // size of the rest (64 bits)
    Put16(out, 45), Put16(out, 45), Put32(out, 0), Put32(out, 0);
    Put32(out, count), Put32(out, 0), Put32(out, count), Put32(out, 0);
    Put32(out, cd_size), Put32(out, 0), Put32(out, cd_offset + end.cd_offset_add), Put32(out, 0);
    Put32(out, 0x07064b50), Put32(out, 0), Put32(out, record), Put32(out, 0), Put32(out, 1);
    count = 0xffff, cd_size = 0xffffffffu, cd_offset = 0xffffffffu;
  } else {
    cd_offset += end.cd_offset_add;
  }
  Bytes shadow_end;
  if (end.shadow) {
    uint32_t at = (uint32_t)out.size(), last = 0;
    for (size_t i = 0, p = 0; i + 1 < entries.size(); i++) {
      last = (uint32_t)(p + 46 + entries[i].name.size() + entries[i].extra.size());
      p = last;
    }
    out.insert(out.end(), central.begin(), central.begin() + last);
    Put32(shadow_end, 0x06054b50);
    Put16(shadow_end, 0), Put16(shadow_end, 0), Put16(shadow_end, count - 1), Put16(shadow_end, count - 1);
    Put32(shadow_end, last), Put32(shadow_end, at), Put16(shadow_end, 0);
  }
  Put32(out, 0x06054b50);
  Put16(out, 0), Put16(out, 0), Put16(out, count), Put16(out, count);
  Put32(out, cd_size), Put32(out, cd_offset), Put16(out, (uint32_t)shadow_end.size());
  Append(out, shadow_end);
  Append(out, end.after);
  return out;
}

// Info-ZIP Unicode Path extra field (0x7075): "the name is really `unicode`".
Bytes UnicodePath(const std::string &raw_name, const std::string &unicode) {
  Bytes d;
  d.push_back(1);
  Put32(d, Crc32((const uint8_t *)raw_name.data(), raw_name.size()));
  Append(d, unicode);
  Bytes ef;
  Put16(ef, 0x7075), Put16(ef, (uint32_t)d.size());
  Append(ef, d);
  return ef;
}

std::string Insert(std::string s, const std::string &before, const std::string &what) {
  size_t at = s.find(before);
  EXPECT_NE(at, std::string::npos) << before;
  return at == std::string::npos ? s : s.insert(at, what);
}

const char kAddedPage[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\">"
    "<ofd:Content><ofd:Layer ID=\"2\"><ofd:TextObject ID=\"3\" Boundary=\"10 10 100 10\" Font=\"4\" "
    "Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\">Pay 100000 yuan</ofd:TextCode></ofd:TextObject>"
    "</ofd:Layer></ofd:Content></ofd:Page>\n";

// ---- Findings ----

// A package where a page's name is given twice: the header name (what readers that
// ignore extra field 0x7075, e.g. java.util.zip or Python's zipfile, show) and the
// Unicode Path field (what libzip uses). The page readers show is a forgery; the
// one the verifier hashes is the signed original, filed under another header name.
TEST_F(OfdAttacks, UnicodePathExtraFieldCannotSwapASignedPage) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  const std::string page = "Doc_0/Pages/Page_0/Content.xml";
  std::vector<RawEntry> entries;
  for (const auto &f : d.files)
    if (f.first != page) entries.push_back({f.first, f.second, {}});
  std::string forged = Str(d.files[page]);
  forged.replace(forged.find("Pay 100 yuan"), 12, "Pay 900 yuan");
  entries.push_back({page, Text(forged), UnicodePath(page, "Doc_0/Pages/Page_0/Old.xml")});
  entries.push_back({"Doc_0/Pages/Page_0/Z.xml", d.files[page],
                     UnicodePath("Doc_0/Pages/Page_0/Z.xml", page)});
  Bytes zip = RawZip(entries);
  // Control: the same writer without the trick verifies, so only the trick matters.
  std::vector<RawEntry> plain;
  for (const auto &f : d.files) plain.push_back({f.first, f.second, {}});
  Bytes good = RawZip(plain);
  OfdReportPtr ok;
  Verify(ok, ctx.get(), good);
  ASSERT_EQ(eseal_ofd_report_indication(ok.p), ESEAL_TOTAL_PASSED) << ReportText(ok.p);

  eseal_ofd_report *r = nullptr;
  int rc = eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), nullptr);
  OfdReportPtr keep;
  keep.p = r;
  if (rc == 0) {
    EXPECT_NE(eseal_ofd_report_indication(r), ESEAL_TOTAL_PASSED)
        << "readers show \"Pay 900 yuan\", the verifier hashed the original:\n" << ReportText(r);
  } else {
    EXPECT_EQ(rc, ESEAL_EFORMAT);
  }
}

// The document checks look at every signature, and coverage counts a file as
// covered when ANY listed signature names it, even one that fails. With
// signature_id, the failing decoy is left out of the document indication, so
// the decoy hides an uncovered rendered file.
TEST_F(OfdAttacks, SelectedSignatureCannotBorrowCoverageFromAFailingDecoy) {
  Doc d = Doc::Basic();
  // A signer that protects the page but not the picture it shows (vendors
  // cover subsets: tongz_keyword.ofd covers three files).
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0", {"Doc_0/Res/image_5.png"});
  d.files["Doc_0/Res/image_5.png"] = Text("\x89PNG\r\n\x1a\n a different picture");
  eseal_ofd_verify_options o = ESEAL_OFD_VERIFY_OPTIONS_INIT;
  o.signature_id = "s1";
  {
    // Control: without the decoy the swapped picture is caught.
    OfdReportPtr r;
    Verify(r, ctx.get(), d.Package(), &o);
    ASSERT_EQ(eseal_ofd_report_indication(r.p), ESEAL_INDETERMINATE) << ReportText(r.p);
  }
  // Signatures.xml is not covered: a decoy entry whose BaseLoc is the picture.
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  d.files["Doc_0/Signs/Signatures.xml"] = Text(
      Insert(list, "</ofd:Signatures>", "<ofd:Signature ID=\"x\" BaseLoc=\"/Doc_0/Res/image_5.png\"/>"));
  OfdReportPtr r;
  Verify(r, ctx.get(), d.Package(), &o);
  EXPECT_NE(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED) << ReportText(r.p);
  EXPECT_NE(SigStatus(r.p, -1, "ofd.coverage"), "OK") << ReportText(r.p);
}

// The same decoy, as a signature with a Reference (wrong digest) to a page added
// to an uncovered Document.xml's folder: a failing Reference still "covers".
TEST_F(OfdAttacks, AFailingReferenceDoesNotCoverAFile) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0", {"Doc_0/Res/image_5.png"});
  d.files["Doc_0/Res/image_5.png"] = Text("\x89PNG\r\n\x1a\n a different picture");
  d.files["Doc_0/Signs/Sign_9/Signature.xml"] = Text(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signature xmlns:ofd=\"http://www.ofdspec.org/2016\">"
      "<ofd:SignedInfo><ofd:References CheckMethod=\"1.2.156.10197.1.401\"><ofd:Reference "
      "FileRef=\"/Doc_0/Res/image_5.png\"><ofd:CheckValue>AAAA</ofd:CheckValue></ofd:Reference>"
      "</ofd:References></ofd:SignedInfo><ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>");
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  d.files["Doc_0/Signs/Signatures.xml"] = Text(Insert(
      list, "</ofd:Signatures>", "<ofd:Signature ID=\"x\" BaseLoc=\"Sign_9/Signature.xml\"/>"));
  eseal_ofd_verify_options o = ESEAL_OFD_VERIFY_OPTIONS_INIT;
  o.signature_id = "s1";
  OfdReportPtr r;
  Verify(r, ctx.get(), d.Package(), &o);
  EXPECT_NE(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED) << ReportText(r.p);
}

// A DocBody with two DocRoots: only the first is walked, so a second document
// (rendered by a reader that takes the last, or all) counts as "not rendered".
TEST_F(OfdAttacks, ASecondDocRootIsNotIgnored) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0", {"OFD.xml"});  // OFD.xml left uncovered
  d.files["OFD.xml"] = Text(Insert(Str(d.files["OFD.xml"]), "<ofd:Signatures>",
                                   "<ofd:DocRoot>Doc_1/Document.xml</ofd:DocRoot>"));
  std::string doc1 = Str(d.files["Doc_0/Document.xml"]);
  doc1.replace(doc1.find("<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"), 44, "");
  d.files["Doc_1/Document.xml"] = Text(doc1);
  d.files["Doc_1/Pages/Page_0/Content.xml"] = Text(kAddedPage);
  Bytes zip = d.Package();
  eseal_ofd_report *r = nullptr;
  int rc = eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), nullptr);
  OfdReportPtr keep;
  keep.p = r;
  if (rc == 0) {
    EXPECT_NE(eseal_ofd_report_indication(r), ESEAL_TOTAL_PASSED) << ReportText(r);
  } else {
    EXPECT_EQ(rc, ESEAL_EFORMAT);
  }
}

// A decoy signature (Signatures.xml is not covered, so anyone can add one) whose
// References name one 1 MB entry (a few KB deflated, under the ratio floor) over
// and over, with a CheckMethod the SM3 cache does not serve: every Reference
// inflates and hashes the entry again. 1000 References = 1 GB of SHA-256 (about
// 8 s here, against some 10 ms for hashing the entry once);
// the limits allow 100000 References to a 512 MB entry per signature.
TEST_F(OfdAttacks, RepeatedReferencesDoNotMultiplyTheWork) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  d.files["Doc_0/Res/zeros.bin"] = Bytes((size_t)1 << 20, 0);
  std::string refs;
  for (int i = 0; i < 1000; i++)
    refs += "<ofd:Reference FileRef=\"/Doc_0/Res/zeros.bin\"><ofd:CheckValue>AAAA</ofd:CheckValue></ofd:Reference>";
  d.files["Doc_0/Signs/Sign_9/Signature.xml"] = Text(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signature xmlns:ofd=\"http://www.ofdspec.org/2016\">"
      "<ofd:SignedInfo><ofd:References CheckMethod=\"SHA256\">" + refs +
      "</ofd:References></ofd:SignedInfo><ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>");
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  d.files["Doc_0/Signs/Signatures.xml"] = Text(Insert(
      list, "</ofd:Signatures>", "<ofd:Signature ID=\"x\" BaseLoc=\"Sign_9/Signature.xml\"/>"));
  Bytes zip = d.Package();
  ASSERT_LT(zip.size(), (size_t)1 << 20);
  // Refused before any hashing: the repeated file is named, and nothing passes.
  // (No wall-time assertion: the refusal is what bounds the work.)
  OfdReportPtr r;
  ASSERT_EQ(eseal_ofd_verify_bytes(&r.p, ctx.get(), zip.data(), zip.size(), nullptr), 0)
      << helpers::LastError();
  EXPECT_NE(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED);
  std::string text = ReportText(r.p);
  EXPECT_NE(text.find("zeros.bin is referenced more than once"), std::string::npos) << text;
}

// ---- Resource use: each entry is inflated once per digest, and a verification has a budget ----

// A decoy signature in Doc_0/Signs/<dir>/ whose References name `file` under
// `method`, listed in Signatures.xml (which no signature covers). `value` is
// its SignedValue (absent when empty).
void AddDecoy(Doc &d, const std::string &id, const std::string &dir, const std::string &file,
              const std::string &method, const std::string &value = "") {
  d.files["Doc_0/Signs/" + dir + "/Signature.xml"] = Text(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signature xmlns:ofd=\"http://www.ofdspec.org/2016\">"
      "<ofd:SignedInfo><ofd:References CheckMethod=\"" + method + "\"><ofd:Reference FileRef=\"/" + file +
      "\"><ofd:CheckValue>AAAA</ofd:CheckValue></ofd:Reference></ofd:References></ofd:SignedInfo>" +
      (value.empty() ? "" : "<ofd:SignedValue>" + value + "</ofd:SignedValue>") + "</ofd:Signature>");
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  d.files["Doc_0/Signs/Signatures.xml"] = Text(Insert(
      list, "</ofd:Signatures>", "<ofd:Signature ID=\"" + id + "\" BaseLoc=\"" + dir + "/Signature.xml\"/>"));
}

// Bytes inflated by one verification of `zip`, which must give a report.
uint64_t InflatedBy(eseal_ctx *ctx, const Bytes &zip, const eseal_ofd_verify_options *o = nullptr) {
  uint64_t before = eseal__ofd_inflated_bytes();
  OfdReportPtr r;
  Verify(r, ctx, zip, o);
  return eseal__ofd_inflated_bytes() - before;
}

// Six signatures name one 1 MiB entry, three under SM3 and three under
// SHA-256: it is inflated twice, once per digest, not six times. (Bytes are
// counted, not time.)
TEST_F(OfdAttacks, AnEntryIsInflatedOncePerDigestHoweverManySignaturesNameIt) {
  const std::string big = "Doc_0/Res/big.bin";
  const uint64_t mib = (uint64_t)1 << 20;
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  d.files[big] = Bytes(mib, 0);
  AddDecoy(d, "a", "Sign_1", big, "SHA256");
  uint64_t one = InflatedBy(ctx.get(), d.Package());
  // Control: one more digest of the entry costs one more inflation of it.
  AddDecoy(d, "b", "Sign_2", big, "SM3");
  uint64_t two = InflatedBy(ctx.get(), d.Package());
  EXPECT_GE(two - one, mib - 4096);
  // Four more signatures under the same two digests cost (next to) nothing.
  AddDecoy(d, "c", "Sign_3", big, "SHA256");
  AddDecoy(d, "e", "Sign_4", big, "1.2.156.10197.1.401");
  AddDecoy(d, "f", "Sign_5", big, "2.16.840.1.101.3.4.2.1");
  AddDecoy(d, "g", "Sign_6", big, "sm3");
  uint64_t six = InflatedBy(ctx.get(), d.Package());
  EXPECT_LT(six - two, mib / 4) << one << " " << two << " " << six;
}

// SM3 with Z (dms360's CheckMethod) is kept per signer key too.
TEST_F(OfdAttacks, AnEntryIsInflatedOncePerSignerKeyForSm3WithZ) {
  const std::string big = "Doc_0/Res/big.bin";
  const uint64_t mib = (uint64_t)1 << 20;
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  d.files[big] = Bytes(mib, 0);
  // The decoys borrow s1's SignedValue.dat: its signer key gives them a Z.
  AddDecoy(d, "a", "Sign_1", big, "1.2.156.10197.1.401.2", "/Doc_0/Signs/Sign_0/SignedValue.dat");
  uint64_t one = InflatedBy(ctx.get(), d.Package());
  EXPECT_GE(one, mib);
  AddDecoy(d, "b", "Sign_2", big, "1.2.156.10197.1.401.2", "/Doc_0/Signs/Sign_0/SignedValue.dat");
  AddDecoy(d, "c", "Sign_3", big, "1.2.156.10197.1.401.2", "/Doc_0/Signs/Sign_0/SignedValue.dat");
  uint64_t three = InflatedBy(ctx.get(), d.Package());
  EXPECT_LT(three - one, mib / 4) << one << " " << three;
  // Another signer's key gives another Z: the entry is hashed again for it.
  SealPtr other_seal;
  ASSERT_EQ(workflow::MakeSeal(other_seal, ctx.get(), {}, pki::Maker(), pki::Maker()), 0)
      << helpers::LastError();
  helpers::SignaturePtr other;
  ASSERT_EQ(workflow::Stamp(other, ctx.get(), other_seal.p, pki::Maker()), 0) << helpers::LastError();
  size_t len = 0;
  const uint8_t *p = eseal_signature_bytes(other.p, &len);
  d.files["Doc_0/Signs/Sign_9/SignedValue.dat"] = Bytes(p, p + len);
  AddDecoy(d, "e", "Sign_9", big, "1.2.156.10197.1.401.2", "SignedValue.dat");
  uint64_t four = InflatedBy(ctx.get(), d.Package());
  EXPECT_GE(four - three, mib - 4096) << three << " " << four;
}

// A 20 MiB entry (stored, so no ratio limit applies) named under five digests
// (SM3, SHA-256, SHA-1, MD5 under the legacy policy, SM3 with Z): 100 MiB of
// hashing, more than the budget of 4 times the package's 20 MiB plus 16 MiB.
// The package is refused with ESEAL_ELIMIT; under the default policy (three
// digests, 60 MiB) the same package is verified.
TEST_F(OfdAttacks, AVerificationPastItsInflationBudgetIsRefused) {
  const std::string big = "Doc_0/Res/big.bin";
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  d.files[big] = Bytes((size_t)20 << 20, 0);
  AddDecoy(d, "a", "Sign_1", big, "SM3");
  AddDecoy(d, "b", "Sign_2", big, "SHA256");
  AddDecoy(d, "c", "Sign_3", big, "SHA1");
  AddDecoy(d, "e", "Sign_4", big, "MD5");
  AddDecoy(d, "f", "Sign_5", big, "1.2.156.10197.1.401.2", "/Doc_0/Signs/Sign_0/SignedValue.dat");
  Bytes zip = Zip(Entries(d.files.begin(), d.files.end()), /*stored=*/true);
  {
    OfdReportPtr r;
    Verify(r, ctx.get(), zip);
    EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED) << ReportText(r.p);
  }
  eseal_verify_options vo = ESEAL_VERIFY_OPTIONS_INIT;
  vo.crypto_policy = ESEAL_CRYPTO_POLICY_LEGACY;
  eseal_ofd_verify_options o = ESEAL_OFD_VERIFY_OPTIONS_INIT;
  o.verify = &vo;
  eseal_ofd_report *r = nullptr;
  EXPECT_EQ(eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), &o), ESEAL_ELIMIT);
  EXPECT_EQ(r, nullptr);
  eseal_ofd_report_free(r);
  std::string why = helpers::LastError();
  EXPECT_NE(why.find("reading the package would inflate more than"), std::string::npos) << why;
}

// ---- Structures readers disagree on: refused, so that what is verified is what is shown ----

// Signatures.xml with one extra entry `extra` inserted before its end tag: a
// package whose Signatures.xml is refused as a whole (ESEAL_EFORMAT), the
// message naming what was refused.
void ExpectListRefused(eseal_ctx *ctx, const eseal_seal *seal, const std::string &extra,
                       const std::string &named) {
  Doc d = Doc::Basic();
  d.Sign(ctx, seal, "s1", "Sign_0");
  {
    // Control: the signed document passes as made.
    OfdReportPtr ok;
    Verify(ok, ctx, d.Package());
    ASSERT_EQ(eseal_ofd_report_indication(ok.p), ESEAL_TOTAL_PASSED) << ReportText(ok.p);
  }
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  d.files["Doc_0/Signs/Signatures.xml"] = Text(Insert(list, "</ofd:Signatures>", extra));
  Bytes zip = d.Package();
  eseal_ofd_report *r = nullptr;
  EXPECT_EQ(eseal_ofd_verify_bytes(&r, ctx, zip.data(), zip.size(), nullptr), ESEAL_EFORMAT) << extra;
  OfdReportPtr keep;
  keep.p = r;
  std::string why = helpers::LastError();
  EXPECT_NE(why.find(named), std::string::npos) << why;
}

// A second signature entry in a foreign namespace: a reader matching by local
// name lists a signature that a namespace-aware verifier never sees.
TEST_F(OfdAttacks, ASignatureEntryInAForeignNamespaceIsRefused) {
  ExpectListRefused(ctx.get(), seal.p,
                    "<x:Signature xmlns:x=\"urn:example:other\" ID=\"s2\" BaseLoc=\"Sign_1/Signature.xml\"/>",
                    "a Signature element in namespace \"urn:example:other\"");
}

// A signature entry nested in a wrapper element (XPath //Signature finds it).
TEST_F(OfdAttacks, ANestedSignatureEntryIsRefused) {
  ExpectListRefused(ctx.get(), seal.p,
                    "<ofd:Extra><ofd:Signature ID=\"s2\" BaseLoc=\"Sign_1/Signature.xml\"/></ofd:Extra>",
                    "a Signature element inside Extra");
}

// Two entries (two IDs) naming one Signature.xml, spelled differently: readers
// show one signature, the report would have shown two.
TEST_F(OfdAttacks, TwoEntriesWithOneBaseLocAreRefused) {
  ExpectListRefused(ctx.get(), seal.p, "<ofd:Signature ID=\"s2\" BaseLoc=\"./Sign_0//Signature.xml\"/>",
                    "both have their Signature.xml at Doc_0/Signs/Sign_0/Signature.xml");
}

// BaseLoc twice on one entry (unqualified and in another namespace): which one a
// reader takes is up to the reader.
TEST_F(OfdAttacks, AnEntryWithTwoBaseLocsIsRefused) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  list = Insert(list, "BaseLoc=\"/Doc_0", "xmlns:x=\"urn:example:other\" x:BaseLoc=\"/Doc_0/Res/image_5.png\" ");
  d.files["Doc_0/Signs/Signatures.xml"] = Text(list);
  Bytes zip = d.Package();
  eseal_ofd_report *r = nullptr;
  EXPECT_EQ(eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), nullptr), ESEAL_EFORMAT);
  eseal_ofd_report_free(r);
  std::string why = helpers::LastError();
  EXPECT_NE(why.find("two BaseLoc attributes"), std::string::npos) << why;
}

// Signature.xml edited by `edit` and signed again, so that its SES signature is
// sound: the signature still fails ofd.signature_file, naming `named`.
void ExpectSignatureRefused(eseal_ctx *ctx, const eseal_seal *seal,
                            const std::function<std::string(std::string)> &edit,
                            const std::string &named) {
  Doc d = Doc::Basic();
  d.Sign(ctx, seal, "s1", "Sign_0");
  std::string xml = edit(Str(d.files["Doc_0/Signs/Sign_0/Signature.xml"]));
  d.Resign(ctx, seal, "Sign_0", xml);
  OfdReportPtr r;
  Verify(r, ctx, d.Package());
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED) << ReportText(r.p);
  EXPECT_EQ(SigStatus(r.p, 0, "ofd.signature_file"), "NOT_OK") << ReportText(r.p);
  std::string why = Message(eseal_ofd_report_signature(r.p, 0), "ofd.signature_file");
  EXPECT_NE(why.find(named), std::string::npos) << why;
}

// The control for the shapes below: re-signing an unchanged Signature.xml passes.
TEST_F(OfdAttacks, ResigningAnUnchangedSignatureXmlPasses) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  d.Resign(ctx.get(), seal.p, "Sign_0", Str(d.files["Doc_0/Signs/Sign_0/Signature.xml"]));
  OfdReportPtr r;
  Verify(r, ctx.get(), d.Package());
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_PASSED) << ReportText(r.p);
}

// A second SignedValue: the first is verified, a reader may show the seal of the second.
TEST_F(OfdAttacks, ASecondSignedValueIsRefused) {
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "</ofd:Signature>", "<ofd:SignedValue>/Doc_0/Res/image_5.png</ofd:SignedValue>");
  }, "more than one SignedValue element in Signature");
}

// A SignedValue in a foreign namespace, before the OFD one.
TEST_F(OfdAttacks, ASignedValueInAForeignNamespaceIsRefused) {
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "<ofd:SignedValue>",
                  "<x:SignedValue xmlns:x=\"urn:example:other\">/Doc_0/Res/image_5.png</x:SignedValue>");
  }, "a SignedValue element in namespace");
}

// A second SignedInfo, with References of its own.
TEST_F(OfdAttacks, ASecondSignedInfoIsRefused) {
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "<ofd:SignedValue>", "<ofd:SignedInfo><ofd:References/></ofd:SignedInfo>");
  }, "more than one SignedInfo element in Signature");
}

// A Reference nested in a wrapper inside References: unchecked here, "protected" to //Reference.
TEST_F(OfdAttacks, ANestedReferenceIsRefused) {
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "</ofd:References>",
                  "<ofd:Group><ofd:Reference FileRef=\"/Doc_0/Res/image_5.png\"><ofd:CheckValue>AAAA"
                  "</ofd:CheckValue></ofd:Reference></ofd:Group>");
  }, "a Reference element inside Group");
}

// A Reference in a foreign namespace among the OFD ones.
TEST_F(OfdAttacks, AReferenceInAForeignNamespaceIsRefused) {
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "</ofd:References>",
                  "<x:Reference xmlns:x=\"urn:example:other\" FileRef=\"/Doc_0/Res/image_5.png\">"
                  "<x:CheckValue>AAAA</x:CheckValue></x:Reference>");
  }, "a Reference element in namespace");
}

// A second References list (with another CheckMethod).
TEST_F(OfdAttacks, ASecondReferencesListIsRefused) {
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "<ofd:StampAnnot", "<ofd:References CheckMethod=\"MD5\"/>");
  }, "more than one References element in SignedInfo");
}

// A Reference with two CheckValues, or two FileRefs.
TEST_F(OfdAttacks, AReferenceWithTwoValuesOrTwoFilesIsRefused) {
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "</ofd:Reference>", "<ofd:CheckValue>AAAA</ofd:CheckValue>");
  }, "more than one CheckValue element in Reference");
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "FileRef=", "xmlns:x=\"urn:example:other\" x:FileRef=\"/Doc_0/Res/image_5.png\" ");
  }, "two FileRef attributes");
}

// A second Seal (the seal file readers may show), and a Seal/BaseLoc nested deeper.
TEST_F(OfdAttacks, ASecondSealOrANestedSealBaseLocIsRefused) {
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "</ofd:SignedInfo>", "<ofd:Seal><ofd:BaseLoc>/Doc_0/Res/image_5.png</ofd:BaseLoc></ofd:Seal>");
  }, "more than one Seal element in SignedInfo");
  ExpectSignatureRefused(ctx.get(), seal.p, [](std::string x) {
    return Insert(x, "<ofd:BaseLoc>Seal.esl", "<ofd:Alt><ofd:BaseLoc>/Doc_0/Res/image_5.png</ofd:BaseLoc></ofd:Alt>");
  }, "a BaseLoc element inside Alt");
}

// ---- The container's own records: local headers, the end record, Zip64 ----

// The files of a signed document as raw entries, and a check that they verify as written.
std::vector<RawEntry> SignedEntries(eseal_ctx *ctx, const eseal_seal *seal) {
  Doc d = Doc::Basic();
  d.Sign(ctx, seal, "s1", "Sign_0");
  std::vector<RawEntry> entries;
  for (const auto &f : d.files) entries.push_back({f.first, f.second, {}});
  OfdReportPtr ok;
  Verify(ok, ctx, RawZip(entries));
  EXPECT_EQ(eseal_ofd_report_indication(ok.p), ESEAL_TOTAL_PASSED) << ReportText(ok.p);
  return entries;
}

// `zip` is refused with ESEAL_EFORMAT, the message holding `named`.
void ExpectZipRefused(eseal_ctx *ctx, const Bytes &zip, const std::string &named) {
  eseal_ofd_report *r = nullptr;
  EXPECT_EQ(eseal_ofd_verify_bytes(&r, ctx, zip.data(), zip.size(), nullptr), ESEAL_EFORMAT);
  eseal_ofd_report_free(r);
  std::string why = helpers::LastError();
  EXPECT_NE(why.find(named), std::string::npos) << why;
}

RawEntry &Page(std::vector<RawEntry> &entries) {
  for (auto &e : entries)
    if (e.name == "Doc_0/Pages/Page_0/Content.xml") return e;
  ADD_FAILURE() << "no page";
  return entries.front();
}

// A Unicode Path field in the local header only: a streaming reader that honours
// it files the page under another name than the central directory's.
TEST_F(OfdAttacks, AUnicodePathFieldInALocalHeaderIsRefused) {
  auto entries = SignedEntries(ctx.get(), seal.p);
  Page(entries).local_extra = UnicodePath(Page(entries).name, "Doc_0/Pages/Page_0/Old.xml");
  // libzip's consistency check sees the other name first; the local-header check holds without it.
  ExpectZipRefused(ctx.get(), RawZip(entries), "package: ");
}

TEST_F(OfdAttacks, AUnicodeCommentFieldInALocalHeaderIsRefused) {
  auto entries = SignedEntries(ctx.get(), seal.p);
  Bytes ef;
  Put16(ef, 0x6375), Put16(ef, 5), ef.push_back(1), Put32(ef, 0);
  Page(entries).local_extra = ef;
  ExpectZipRefused(ctx.get(), RawZip(entries), "Unicode Comment extra field");
}

// The local header names another file than the central directory (another
// length, so that no prefix check passes it).
TEST_F(OfdAttacks, ALocalHeaderWithAnotherNameIsRefused) {
  auto entries = SignedEntries(ctx.get(), seal.p);
  Page(entries).local_name = "Doc_0/Pages/Page_0/Content2.xml";
  // Refused by libzip's consistency check before ours (which holds without it).
  ExpectZipRefused(ctx.get(), RawZip(entries), "package: ");
}

// The local header says the name is UTF-8, the central directory says CP437:
// readers decoding from either header show different names.
TEST_F(OfdAttacks, ALocalHeaderWithAnotherNameEncodingIsRefused) {
  auto entries = SignedEntries(ctx.get(), seal.p);
  Page(entries).local_flags = 0x0800;
  ExpectZipRefused(ctx.get(), RawZip(entries), "is marked UTF-8 in one header and not the other");
}

// A Zip64 end of central directory (what libzip reads) behind a classic one
// that says 0xffff / 0xffffffff: refused as a whole.
TEST_F(OfdAttacks, AZip64PackageIsRefused) {
  auto entries = SignedEntries(ctx.get(), seal.p);
  RawEnd end;
  end.zip64 = true;
  ExpectZipRefused(ctx.get(), RawZip(entries, end), "Zip64 packages are not supported");
}

// Two end records: the real one, and in its comment another one that ends the
// package too and names a central directory without the last entry. Readers
// that take the first end record and readers that take the last see different
// packages.
TEST_F(OfdAttacks, AnEndRecordHiddenInTheCommentIsRefused) {
  auto entries = SignedEntries(ctx.get(), seal.p);
  RawEnd end;
  end.shadow = true;
  ExpectZipRefused(ctx.get(), RawZip(entries, end), "the central directory does not hold 9 entries");
}

// Bytes after the end record that its comment length does not account for:
// where the central directory is would be a guess. (libzip refuses it first.)
TEST_F(OfdAttacks, BytesAfterTheEndRecordAreRefused) {
  auto entries = SignedEntries(ctx.get(), seal.p);
  RawEnd end;
  end.after = Text("PK\x05\x06 trailing");
  ExpectZipRefused(ctx.get(), RawZip(entries, end), "package");
}

// An end record whose central directory offset points elsewhere (libzip refuses it first).
TEST_F(OfdAttacks, AnEndRecordPointingOutsideThePackageIsRefused) {
  auto entries = SignedEntries(ctx.get(), seal.p);
  RawEnd end;
  end.cd_offset_add = 0x1000000;
  ExpectZipRefused(ctx.get(), RawZip(entries, end), "package");
}

// ---- What held (kept as regression tests) ----

// Local header name differs from the central directory name (same length).
TEST_F(OfdAttacks, LocalAndCentralNamesMustAgree) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  Bytes zip = d.Package();
  const std::string page = "Doc_0/Pages/Page_0/Content.xml";
  // The first occurrence of the name is the local header's.
  auto at = std::search(zip.begin(), zip.end(), page.begin(), page.end());
  ASSERT_NE(at, zip.end());
  *(at + 18) = 'X';  // "Page_X"
  eseal_ofd_report *r = nullptr;
  int rc = eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), nullptr);
  OfdReportPtr keep;
  keep.p = r;
  if (rc == 0) {
    EXPECT_NE(eseal_ofd_report_indication(r), ESEAL_TOTAL_PASSED) << ReportText(r);
  } else {
    EXPECT_EQ(rc, ESEAL_EFORMAT);
  }
}

// Two Signatures.xml entries with the same ID: selecting that ID verifies both.
TEST_F(OfdAttacks, DuplicateSignatureIdsAreBothJudged) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  d.files["Doc_0/Signs/Signatures.xml"] = Text(Insert(
      list, "</ofd:Signatures>", "<ofd:Signature ID=\"s1\" BaseLoc=\"/Doc_0/Pages/Page_0/Content.xml\"/>"));
  eseal_ofd_verify_options o = ESEAL_OFD_VERIFY_OPTIONS_INIT;
  o.signature_id = "s1";
  OfdReportPtr r;
  Verify(r, ctx.get(), d.Package(), &o);
  EXPECT_EQ(eseal_ofd_report_signature_count(r.p), 2u);
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED) << ReportText(r.p);
}

// Entries that differ only in case, or name one file in two spellings, are refused.
TEST_F(OfdAttacks, CaseAndSpellingTwinsAreRefused) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  for (const char *twin : {"doc_0/pages/page_0/content.xml", "/Doc_0/Pages/Page_0/Content.xml",
                           "Doc_0//Pages/./Page_0/Content.xml"}) {
    Entries e(d.files.begin(), d.files.end());
    e.emplace_back(twin, Text(kAddedPage));
    Bytes zip = Zip(e);
    eseal_ofd_report *r = nullptr;
    EXPECT_EQ(eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), nullptr), ESEAL_EFORMAT)
        << twin;
    eseal_ofd_report_free(r);
  }
}

// Turning the signature into Type="Sign" (Signatures.xml is uncovered) does not pass.
TEST_F(OfdAttacks, FlippingTheTypeFails) {
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  std::string list = Str(d.files["Doc_0/Signs/Signatures.xml"]);
  list.replace(list.find("Type=\"Seal\""), 11, "Type=\"Sign\"");
  d.files["Doc_0/Signs/Signatures.xml"] = Text(list);
  OfdReportPtr r;
  Verify(r, ctx.get(), d.Package());
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_TOTAL_FAILED) << ReportText(r.p);
}

// A page added to the package but named by no covered file, and a page added
// through an Annotations list the signed Document.xml names.
TEST_F(OfdAttacks, PagesNamedByASignedDocumentButAddedLaterAreNotPassed) {
  Doc d = Doc::Basic(/*annotations=*/true);
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  d.files["Doc_0/Annots/Annotations.xml"] = Text(
      "<ofd:Annotations xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Page PageID=\"1\">"
      "<ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>");
  d.files["Doc_0/Annots/Page_0/Annotation.xml"] = Text(
      "<ofd:PageAnnot xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Annot ID=\"9\" Type=\"Stamp\"/>"
      "</ofd:PageAnnot>");
  OfdReportPtr r;
  Verify(r, ctx.get(), d.Package());
  EXPECT_EQ(eseal_ofd_report_indication(r.p), ESEAL_INDETERMINATE) << ReportText(r.p);
}

}  // namespace
