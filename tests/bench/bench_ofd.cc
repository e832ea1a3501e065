// Benchmark: verifying an OFD with three signatures over 20 MB of pages,
// against inflating (zlib) and hashing (OpenSSL SM3) the entries the
// signatures reference, measured in the same run with interleaved rounds.
// Prints the median times and their ratios (doc/ofd.md). No assertion on
// time: `meson test --benchmark`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include <openssl/evp.h>
#include <zlib.h>

#include "../support/ofd_package.h"

namespace {

using ofd::Bytes;

constexpr int kPages = 20;
constexpr size_t kPageBytes = 1 << 20;
constexpr int kSignatures = 3;
constexpr int kRounds = 7;

// Page content that compresses about as real page XML does (3 to 4 times).
Bytes Page(int n) {
  std::string s = "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer ID=\"1\">";
  uint32_t x = 2463534242u + (uint32_t)n;
  while (s.size() < kPageBytes - 64) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    char obj[160];
    snprintf(obj, sizeof obj, "<ofd:TextObject ID=\"%u\" Boundary=\"%u %u 40 5\" Font=\"2\" Size=\"3.5\">"
             "<ofd:TextCode X=\"0\" Y=\"3\">%08x</ofd:TextCode></ofd:TextObject>",
             x % 100000, x % 210, (x >> 8) % 297, x);
    s += obj;
  }
  s += "</ofd:Layer></ofd:Content></ofd:Page>";
  return Bytes(s.begin(), s.end());
}

struct Entry {
  std::string name;
  const uint8_t *data;
  size_t comp, size;
  int method;
};

// The local headers of a zip written by libzip (sizes in the headers).
std::vector<Entry> Entries(const Bytes &zip) {
  std::vector<Entry> out;
  size_t at = 0;
  auto u16 = [&](size_t o) { return (size_t)zip[o] | (size_t)zip[o + 1] << 8; };
  auto u32 = [&](size_t o) { return u16(o) | u16(o + 2) << 16; };
  while (at + 30 <= zip.size() && memcmp(&zip[at], "PK\x03\x04", 4) == 0) {
    size_t name_len = u16(at + 26), extra = u16(at + 28);
    Entry e{std::string((const char *)&zip[at + 30], name_len), &zip[at + 30 + name_len + extra],
            u32(at + 18), u32(at + 22), (int)u16(at + 8)};
    out.push_back(e);
    at += 30 + name_len + extra + e.comp;
  }
  return out;
}

// Inflates one entry with zlib and hashes it with SM3, in 64 KiB pieces.
void InflateAndHash(const Entry &e, uint8_t digest[32]) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_DigestInit_ex(md, EVP_sm3(), nullptr);
  static uint8_t out[65536];
  if (e.method == 0) {
    EVP_DigestUpdate(md, e.data, e.size);
  } else {
    z_stream z{};
    inflateInit2(&z, -MAX_WBITS);
    z.next_in = const_cast<uint8_t *>(e.data);
    z.avail_in = (uInt)e.comp;
    int rc;
    do {
      z.next_out = out;
      z.avail_out = sizeof out;
      rc = inflate(&z, Z_NO_FLUSH);
      EVP_DigestUpdate(md, out, sizeof out - z.avail_out);
    } while (rc == Z_OK);
    inflateEnd(&z);
  }
  unsigned int n = 0;
  EVP_DigestFinal_ex(md, digest, &n);
  EVP_MD_CTX_free(md);
}

double Seconds(const std::function<void()> &f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  pki::CtxPtr ctx = pki::Context();
  helpers::SealPtr seal;
  if (workflow::MakeSeal(seal, ctx.get()) != 0) return 1;
  ofd::Doc doc = ofd::Doc::Basic();
  std::string pages;
  for (int i = 1; i < kPages; i++) pages += "<ofd:Page ID=\"" + std::to_string(i + 1) + "\" BaseLoc=\"Pages/Page_" + std::to_string(i) + "/Content.xml\"/>";
  std::string document = ofd::Str(doc.files["Doc_0/Document.xml"]);
  document.insert(document.find("</ofd:Pages>"), pages);
  doc.files["Doc_0/Document.xml"] = ofd::Text(document);
  for (int i = 0; i < kPages; i++) doc.files["Doc_0/Pages/Page_" + std::to_string(i) + "/Content.xml"] = Page(i);
  for (int s = 0; s < kSignatures; s++) doc.Sign(ctx.get(), seal.p, "s" + std::to_string(s + 1), "Sign_" + std::to_string(s));
  Bytes zip = doc.Package();
  std::vector<Entry> entries = Entries(zip);

  // What the signatures reference: every entry but Signatures.xml and the later signatures' own files.
  std::vector<std::vector<const Entry *>> refs(kSignatures);
  for (int s = 0; s < kSignatures; s++)
    for (const Entry &e : entries) {
      bool later = false;
      for (int t = s; t < kSignatures; t++) {
        std::string dir = "Doc_0/Signs/Sign_" + std::to_string(t) + "/";
        later |= e.name.compare(0, dir.size(), dir) == 0 && !(t == s && e.name == dir + "Seal.esl");
      }
      if (!later && e.name != "Doc_0/Signs/Signatures.xml") refs[s].push_back(&e);
    }

  std::vector<double> ours, every_ref, each_once;
  uint8_t d[32];
  for (int round = 0; round < kRounds; round++) {
    ours.push_back(Seconds([&] {
      eseal_ofd_report *r = nullptr;
      if (eseal_ofd_verify_bytes(&r, ctx.get(), zip.data(), zip.size(), nullptr) != 0 ||
          eseal_ofd_report_indication(r) != ESEAL_TOTAL_PASSED)
        fprintf(stderr, "the benchmark document does not verify\n"), exit(1);
      eseal_ofd_report_free(r);
    }));
    every_ref.push_back(Seconds([&] {
      for (const auto &list : refs)
        for (const Entry *e : list) InflateAndHash(*e, d);
    }));
    each_once.push_back(Seconds([&] {
      for (const Entry &e : entries) InflateAndHash(e, d);
    }));
  }
  double a = Median(ours), b = Median(every_ref), c = Median(each_once);
  printf("OFD of %zu bytes: %d pages of %zu bytes, %d signatures, %zu entries\n", zip.size(), kPages,
         kPageBytes, kSignatures, entries.size());
  printf("eseal_ofd_verify_bytes (whole verification):    %8.1f ms\n", a * 1e3);
  printf("zlib + SM3 of every Reference of every signature: %8.1f ms  ratio %.2fx (target >= 0.9x)\n",
         b * 1e3, b / a);
  printf("zlib + SM3 of every entry once:                  %8.1f ms  ratio %.2fx\n", c * 1e3, c / a);
  return 0;
}
