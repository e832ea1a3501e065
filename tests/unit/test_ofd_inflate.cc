// Reading package entries (src/ofd/zip_inflate.c): each entry is inflated with
// zlib straight from the package's bytes, its CRC-32 and size checked against
// the central directory in the same pass. Every entry here is written by hand,
// the local header agreeing with the central directory, so that libzip opens
// the package and only the reading can refuse it; each read is made from the
// package in memory and from a file.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include <zlib.h>

#include "../support/ofd_package.h"
#include "../support/openssl_pki.h"

extern "C" {
#include "ofd/package.h"
}

using namespace ofd;

namespace {

// One entry as both its headers state it, and the bytes stored for it.
struct Spec {
  std::string name = "a.bin";
  uint16_t method = 8;
  uint16_t flags = 0;
  uint32_t crc = 0;
  uint32_t size = 0;
  Bytes stored;
};

// CRC-32 (zip's), bit by bit, independent of the zlib the library uses.
uint32_t Crc32(const Bytes &b) {
  uint32_t c = 0xffffffffu;
  for (uint8_t x : b) {
    c ^= x;
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

// A raw deflate stream of `plain`; without `finish`, flushed but with no final block.
Bytes Deflate(const Bytes &plain, bool finish = true) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  Bytes out(deflateBound(&z, plain.size()) + 64);
  z.next_in = const_cast<uint8_t *>(plain.data());
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, finish ? Z_FINISH : Z_SYNC_FLUSH), finish ? Z_STREAM_END : Z_OK);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Page-like text: compresses a few times, not a thousand.
Bytes PageText(size_t n, uint32_t seed = 1) {
  Bytes b;
  b.reserve(n);
  uint32_t x = 2463534242u + seed;
  while (b.size() < n) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    std::string s = "<ofd:TextCode X=\"" + std::to_string(x % 210) + "\">" + std::to_string(x) + "</ofd:TextCode>";
    b.insert(b.end(), s.begin(), s.end());
  }
  b.resize(n);
  return b;
}

Spec Good(const Bytes &plain, bool stored = false) {
  Spec s;
  s.method = stored ? 0 : 8;
  s.crc = Crc32(plain);
  s.size = static_cast<uint32_t>(plain.size());
  s.stored = stored ? plain : Deflate(plain);
  return s;
}

void Put16(Bytes &b, uint32_t v) {
  b.push_back(static_cast<uint8_t>(v));
  b.push_back(static_cast<uint8_t>(v >> 8));
}
void Put32(Bytes &b, uint32_t v) {
  Put16(b, v & 0xffff);
  Put16(b, v >> 16);
}

// A package of the entries `specs`, both headers of each saying the same.
Bytes Package(const std::vector<Spec> &specs) {
  Bytes out, central;
  for (const Spec &s : specs) {
    uint32_t offset = static_cast<uint32_t>(out.size());
    auto common = [&](Bytes &b) {
      Put16(b, s.flags), Put16(b, s.method), Put16(b, 0), Put16(b, 0x21);
      Put32(b, s.crc), Put32(b, static_cast<uint32_t>(s.stored.size())), Put32(b, s.size);
      Put16(b, static_cast<uint32_t>(s.name.size())), Put16(b, 0);
    };
    Put32(out, 0x04034b50), Put16(out, 20);
    common(out);
    out.insert(out.end(), s.name.begin(), s.name.end());
    out.insert(out.end(), s.stored.begin(), s.stored.end());
    Put32(central, 0x02014b50), Put16(central, 20), Put16(central, 20);
    common(central);
    Put16(central, 0), Put16(central, 0), Put16(central, 0), Put32(central, 0), Put32(central, offset);
    central.insert(central.end(), s.name.begin(), s.name.end());
  }
  uint32_t cd_offset = static_cast<uint32_t>(out.size());
  out.insert(out.end(), central.begin(), central.end());
  Put32(out, 0x06054b50), Put16(out, 0), Put16(out, 0);
  Put16(out, static_cast<uint32_t>(specs.size())), Put16(out, static_cast<uint32_t>(specs.size()));
  Put32(out, static_cast<uint32_t>(central.size())), Put32(out, cd_offset), Put16(out, 0);
  return out;
}

struct Collected {
  Bytes data;
  size_t pieces = 0, largest = 0;
};

int Collect(void *arg, const uint8_t *data, size_t len) {
  auto *c = static_cast<Collected *>(arg);
  c->data.insert(c->data.end(), data, data + len);
  c->pieces++;
  c->largest = std::max(c->largest, len);
  return 0;
}

// Streams entry `name` of `zip` once from memory and once from a file; both
// must open (libzip finds nothing wrong) and end alike, with the same data.
// The error message left is the file read's.
int Read(const Bytes &zip, Collected *out = nullptr, const std::string &name = "a.bin") {
  int rc[2];
  Collected c[2];
  for (int from_file = 0; from_file < 2; from_file++) {
    openssl_pki::TempDir dir;
    std::string path = dir.path() + "/p.ofd";
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(zip.data()),
                                               static_cast<std::streamsize>(zip.size()));
    eseal__ofd_pkg *pkg = nullptr;
    int open = from_file ? eseal__ofd_pkg_open_file(&pkg, path.c_str())
                         : eseal__ofd_pkg_open_bytes(&pkg, zip.data(), zip.size());
    EXPECT_EQ(open, 0) << helpers::LastError();
    if (open != 0) return open;
    rc[from_file] = eseal__ofd_pkg_stream(pkg, name.c_str(), Collect, &c[from_file]);
    eseal__ofd_pkg_free(pkg);
  }
  EXPECT_EQ(rc[0], rc[1]);
  if (rc[0] == 0) {
    EXPECT_EQ(c[0].data, c[1].data);
  }
  if (out) *out = c[1];
  return rc[1];
}

// `zip`'s entry is refused as corrupt, the message holding `why`.
void ExpectCorrupt(const Bytes &zip, const std::string &why) {
  EXPECT_EQ(Read(zip), ESEAL_EFORMAT);
  EXPECT_NE(helpers::LastError().find(why), std::string::npos) << helpers::LastError();
}

// Control for every test below: what the writer makes is read back whole, in
// pieces of at most 64 KiB (never held whole), stored or deflated.
TEST(OfdInflate, ReadsStoredAndDeflatedEntriesInPieces) {
  Bytes plain = PageText(300000);
  for (bool stored : {false, true}) {
    Spec s = Good(plain, stored);
    Collected c;
    ASSERT_EQ(Read(Package({s}), &c), 0) << helpers::LastError();
    EXPECT_EQ(c.data, plain);
    EXPECT_LE(c.largest, 65536u);
    EXPECT_GE(c.pieces, 5u);
  }
  // Empty entries: no data stored, and a deflate stream of one empty final block.
  for (bool stored : {false, true}) {
    Collected c;
    EXPECT_EQ(Read(Package({Good({}, stored)}), &c), 0) << helpers::LastError();
    EXPECT_TRUE(c.data.empty());
  }
}

// A deflate stream cut short: all of its data there but no final block, and
// one cut in the middle (stated sizes agreeing with what is stored).
TEST(OfdInflate, ATruncatedDeflateStreamIsRefused) {
  Bytes plain = PageText(200000);
  Spec s = Good(plain);
  s.stored = Deflate(plain, /*finish=*/false);
  ExpectCorrupt(Package({s}), "truncated");
  s = Good(plain);
  s.stored.resize(s.stored.size() / 2);
  EXPECT_EQ(Read(Package({s})), ESEAL_EFORMAT) << helpers::LastError();
}

TEST(OfdInflate, DataThatIsNotDeflateIsRefused) {
  Spec s = Good(PageText(1000));
  s.stored[0] = 0xff;  // BTYPE 11: reserved
  ExpectCorrupt(Package({s}), "corrupt data");
}

// Bytes the central directory counts as the entry's after the stream's final block.
TEST(OfdInflate, BytesAfterTheDeflateStreamAreRefused) {
  Spec s = Good(PageText(5000));
  Bytes junk = ofd::Text("junk");
  s.stored.insert(s.stored.end(), junk.begin(), junk.end());
  ExpectCorrupt(Package({s}), "after the end of the deflate stream");
}

// The data inflates as it should, but not to the CRC-32 the directory states.
TEST(OfdInflate, AWrongCrcIsRefused) {
  for (bool stored : {false, true}) {
    Spec s = Good(PageText(70000), stored);
    s.crc ^= 0x80;
    ExpectCorrupt(Package({s}), "CRC-32");
  }
}

TEST(OfdInflate, AWrongUncompressedSizeIsRefused) {
  Bytes plain = PageText(70000);
  Spec s = Good(plain);
  s.size += 1;
  ExpectCorrupt(Package({s}), "less data than its stated size");
  s.size -= 2;
  ExpectCorrupt(Package({s}), "more data than its stated size");
}

// 4 MiB of zeros stated as 1000 bytes: the inflater stops one byte past the
// stated size, and the reader is handed no more than the stated bytes.
TEST(OfdInflate, AStreamInflatingPastItsStatedSizeIsCutThere) {
  Spec s = Good(Bytes((size_t)4 << 20, 0));
  s.size = 1000;
  uint64_t before = eseal__ofd_inflated_bytes();
  Collected c;
  EXPECT_EQ(Read(Package({s}), &c), ESEAL_EFORMAT);
  EXPECT_NE(helpers::LastError().find("more data than its stated size"), std::string::npos)
      << helpers::LastError();
  EXPECT_LE(c.data.size(), 1000u);
  EXPECT_LE(eseal__ofd_inflated_bytes() - before, 2000u);
}

// A stored entry whose compressed size is not its size, either way.
TEST(OfdInflate, AStoredEntryWithAnotherSizeIsRefused) {
  Bytes plain = PageText(70000);
  Spec s = Good(plain, /*stored=*/true);
  s.size -= 1;
  ExpectCorrupt(Package({s}), "stored in 70000 bytes");
  s.size += 2;
  ExpectCorrupt(Package({s}), "stored in 70000 bytes");
}

// The encryption flag on a valid deflate stream: other readers would decrypt it.
TEST(OfdInflate, AnEncryptedEntryIsRefused) {
  Spec s = Good(PageText(1000));
  s.flags |= 1;
  ExpectCorrupt(Package({s}), "encrypted");
}

// Method 12 (bzip2) over bytes that are a valid deflate stream: only 0 and 8 are read.
TEST(OfdInflate, OtherCompressionMethodsAreRefused) {
  Spec s = Good(PageText(1000));
  s.method = 12;
  ExpectCorrupt(Package({s}), "compression method 12");
}

// The inflation budget holds while inflating deflated entries: an 8 MiB entry
// gives a budget of 4 x 8 + 16 = 48 MiB, six reads; the seventh is refused,
// and so is every read after it.
TEST(OfdInflate, TheInflationBudgetHoldsForDeflatedEntries) {
  Bytes plain = PageText((size_t)8 << 20);
  Bytes zip = Package({Good(plain)});
  eseal__ofd_pkg *pkg = nullptr;
  ASSERT_EQ(eseal__ofd_pkg_open_bytes(&pkg, zip.data(), zip.size()), 0) << helpers::LastError();
  uint64_t before = eseal__ofd_inflated_bytes();
  for (int i = 0; i < 6; i++) {
    Collected c;
    EXPECT_EQ(eseal__ofd_pkg_stream(pkg, "a.bin", Collect, &c), 0) << i << helpers::LastError();
  }
  EXPECT_EQ(eseal__ofd_pkg_budget_check(pkg), 0);
  Collected c;
  EXPECT_EQ(eseal__ofd_pkg_stream(pkg, "a.bin", Collect, &c), ESEAL_ELIMIT);
  EXPECT_EQ(eseal__ofd_pkg_budget_check(pkg), ESEAL_ELIMIT);
  EXPECT_EQ(eseal__ofd_pkg_stream(pkg, "a.bin", Collect, &c), ESEAL_ELIMIT);
  EXPECT_LE(eseal__ofd_inflated_bytes() - before, (uint64_t)48 << 20);
  eseal__ofd_pkg_free(pkg);
}

// In a signed document: a page whose stored CRC-32 is wrong cannot be read (a
// corrupt package), and one whose content was changed consistently fails its
// digest; neither verifies.
TEST(OfdInflate, ACorruptPageAndAChangedPageFailTheirReference) {
  pki::CtxPtr ctx = pki::Context();
  helpers::SealPtr seal;
  ASSERT_EQ(workflow::MakeSeal(seal, ctx.get()), 0) << helpers::LastError();
  Doc d = Doc::Basic();
  d.Sign(ctx.get(), seal.p, "s1", "Sign_0");
  const std::string page = "Doc_0/Pages/Page_0/Content.xml";
  std::vector<Spec> specs;
  for (const auto &f : d.files) {
    specs.push_back(Good(f.second));
    specs.back().name = f.first;
  }
  OfdReportPtr ok;
  Verify(ok, ctx.get(), Package(specs));
  ASSERT_EQ(eseal_ofd_report_indication(ok.p), ESEAL_TOTAL_PASSED) << ReportText(ok.p);
  for (Spec &s : specs)
    if (s.name == page) s.crc ^= 1;
  OfdReportPtr corrupt;
  Verify(corrupt, ctx.get(), Package(specs));
  EXPECT_EQ(eseal_ofd_report_indication(corrupt.p), ESEAL_TOTAL_FAILED) << ReportText(corrupt.p);
  EXPECT_NE(Message(eseal_ofd_report_signature(corrupt.p, 0), "ofd.reference").find(page + " cannot be read"),
            std::string::npos) << ReportText(corrupt.p);
  std::string changed = Str(d.files[page]);
  changed.replace(changed.find("Pay 100 yuan"), 12, "Pay 900 yuan");
  for (Spec &s : specs)
    if (s.name == page) s = Good(ofd::Text(changed)), s.name = page;
  OfdReportPtr edited;
  Verify(edited, ctx.get(), Package(specs));
  EXPECT_EQ(eseal_ofd_report_indication(edited.p), ESEAL_TOTAL_FAILED) << ReportText(edited.p);
  EXPECT_NE(Message(eseal_ofd_report_signature(edited.p, 0), "ofd.reference").find(page + " was changed"),
            std::string::npos) << ReportText(edited.p);
}

}  // namespace
