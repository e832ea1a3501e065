// eseal__text_escape: the printable, single-line form of outside strings that
// every text for people goes through (reports, eseal inspect, CLI errors).
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

extern "C" {
#include "core/dbuf.h"
#include "core/text.h"
}

namespace {

std::string Escape(const std::string &in) {
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__text_escape(&b, reinterpret_cast<const uint8_t *>(in.data()), in.size());
  EXPECT_EQ(eseal__dbuf_status(&b), 0);
  std::string out(reinterpret_cast<const char *>(b.ptr), b.len);
  eseal__dbuf_release(&b);
  return out;
}

std::string EscapeToFile(const std::string &in) {
  FILE *f = std::tmpfile();
  EXPECT_NE(f, nullptr);
  eseal__text_escape_file(f, reinterpret_cast<const uint8_t *>(in.data()), in.size());
  std::string out(static_cast<size_t>(std::ftell(f)), '\0');
  std::rewind(f);
  EXPECT_EQ(std::fread(&out[0], 1, out.size(), f), out.size());
  std::fclose(f);
  return out;
}

// The UTF-8 encoding of a code point, written out independently of the library.
std::string Utf8(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xc0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xe0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    s += static_cast<char>(0xf0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return s;
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Reverses the documented escapes; false when `in` is not in the documented form.
bool Unescape(const std::string &in, std::string *out) {
  out->clear();
  for (size_t i = 0; i < in.size(); i++) {
    if (in[i] != '\\') {
      *out += in[i];
      continue;
    }
    if (++i == in.size()) return false;
    char k = in[i];
    if (k == '\\') *out += '\\';
    else if (k == 'n') *out += '\n';
    else if (k == 'r') *out += '\r';
    else if (k == 't') *out += '\t';
    else if (k == 'x' || k == 'u') {
      size_t digits = k == 'x' ? 2 : 4;
      uint32_t v = 0;
      for (size_t d = 1; d <= digits; d++) {
        int h = i + d < in.size() ? Hex(in[i + d]) : -1;
        if (h < 0) return false;
        v = v << 4 | static_cast<uint32_t>(h);
      }
      i += digits;
      if (k == 'x') *out += static_cast<char>(v);
      else *out += Utf8(v);
    } else {
      return false;
    }
  }
  return true;
}

// Decodes valid UTF-8 into code points; false on any invalid sequence.
bool Decode(const std::string &s, std::vector<uint32_t> *cps) {
  cps->clear();
  for (size_t i = 0; i < s.size();) {
    uint8_t c = static_cast<uint8_t>(s[i]);
    size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
    for (size_t k = 1; k < n; k++) {
      uint8_t t = static_cast<uint8_t>(s[i + k]);
      if ((t & 0xc0) != 0x80) return false;
      cp = cp << 6 | (t & 0x3f);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    cps->push_back(cp);
    i += n;
  }
  return true;
}

bool Forbidden(uint32_t cp) {
  return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
         cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
         cp == 0x2028 || cp == 0x2029;
}

TEST(TextEscape, EmptyAndNull) {
  EXPECT_EQ(Escape(""), "");
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__text_escape_str(&b, nullptr);
  EXPECT_EQ(b.len, 0u);
  eseal__dbuf_release(&b);
}

TEST(TextEscape, PrintableTextUnchanged) {
  for (const std::string s : {"Test Signer", "CN=libeseal test signer,O=测试单位,C=CN",
                              "测试合同专用章", "3301060000001", "/Doc_0/Signs/Sign_0/Signature.xml",
                              "é ü ß \xc2\xa0 \xef\xbb\xbf \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf ~"})
    EXPECT_EQ(Escape(s), s);
}

TEST(TextEscape, LineBreaksAndTabs) {
  EXPECT_EQ(Escape("a\nResult: TOTAL_PASSED\n"), "a\\nResult: TOTAL_PASSED\\n");
  EXPECT_EQ(Escape("\r\t"), "\\r\\t");
  EXPECT_EQ(Escape("a\r\nb"), "a\\r\\nb");
}

TEST(TextEscape, BackslashIsEscapedSoThatEscapesCannotBeFaked) {
  EXPECT_EQ(Escape("\\n"), "\\\\n");
  EXPECT_EQ(Escape("C:\\x1b"), "C:\\\\x1b");
}

TEST(TextEscape, OtherC0ControlsAndDel) {
  EXPECT_EQ(Escape("\x1b[2K\x1b[1A"), "\\x1b[2K\\x1b[1A");
  EXPECT_EQ(Escape(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(Escape("\x07\x08\x0b\x0c\x1f\x7f"), "\\x07\\x08\\x0b\\x0c\\x1f\\x7f");
  for (int c = 0; c < 0x20; c++) {
    std::string out = Escape(std::string(1, static_cast<char>(c)));
    EXPECT_EQ(out[0], '\\') << c;
    EXPECT_TRUE(out.size() == 2 || out.size() == 4) << c;
  }
}

TEST(TextEscape, C1Controls) {
  EXPECT_EQ(Escape("\xc2\x80"), "\\u0080");
  EXPECT_EQ(Escape("\xc2\x85"), "\\u0085");  // NEL, a line break to some terminals
  EXPECT_EQ(Escape("\xc2\x9b" "2K"), "\\u009b2K");  // CSI
  EXPECT_EQ(Escape("\xc2\x9f"), "\\u009f");
  EXPECT_EQ(Escape("\xc2\xa0"), "\xc2\xa0");  // the first character after them passes
}

TEST(TextEscape, BidiControlsAndIsolates) {
  const uint32_t bidi[] = {0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c,
                           0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069};
  for (uint32_t cp : bidi) {
    char expected[8];
    std::snprintf(expected, sizeof expected, "\\u%04x", cp);
    EXPECT_EQ(Escape("x" + Utf8(cp) + "y"), std::string("x") + expected + "y") << std::hex << cp;
  }
  // Their neighbours are ordinary characters.
  for (uint32_t cp : {0x061bu, 0x061du, 0x200du, 0x2027u, 0x202fu, 0x2065u, 0x206au})
    EXPECT_EQ(Escape(Utf8(cp)), Utf8(cp)) << std::hex << cp;
}

TEST(TextEscape, LineAndParagraphSeparators) {
  EXPECT_EQ(Escape("a\xe2\x80\xa8" "b\xe2\x80\xa9"), "a\\u2028b\\u2029");
}

TEST(TextEscape, InvalidUtf8BytesOneByOne) {
  EXPECT_EQ(Escape("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(Escape("a\x80z"), "a\\x80z");  // a stray continuation byte
  EXPECT_EQ(Escape("\xf8\x88\x80\x80\x80"), "\\xf8\\x88\\x80\\x80\\x80");  // 5-byte form
  EXPECT_EQ(Escape("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(Escape("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
}

TEST(TextEscape, OverlongEncodings) {
  EXPECT_EQ(Escape("\xc0\x8a"), "\\xc0\\x8a");  // '\n' in two bytes
  EXPECT_EQ(Escape("\xc0\x80"), "\\xc0\\x80");  // NUL
  EXPECT_EQ(Escape("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");  // '/'
  EXPECT_EQ(Escape("\xe0\x81\x9b"), "\\xe0\\x81\\x9b");  // ESC-[ style in three bytes
  EXPECT_EQ(Escape("\xf0\x82\x82\xac"), "\\xf0\\x82\\x82\\xac");  // the euro sign in four
}

TEST(TextEscape, TruncatedSequences) {
  EXPECT_EQ(Escape("\xe6\xb5"), "\\xe6\\xb5");  // "测" without its last byte, at the end
  EXPECT_EQ(Escape("\xe6\xb5" "A"), "\\xe6\\xb5A");
  EXPECT_EQ(Escape("\xe6" "\xb5\x8b"), "测");
  EXPECT_EQ(Escape("\xf0\x9f\x98\n"), "\\xf0\\x9f\\x98\\n");  // the line feed still escaped
  EXPECT_EQ(Escape("\xe2\x80"), "\\xe2\\x80");  // a cut U+202E
  EXPECT_EQ(Escape("\xe2\x80\xae\xe2\x80"), "\\u202e\\xe2\\x80");
}

TEST(TextEscape, FileAndBufferAgree) {
  const std::string s = "测试\n\x1b[2K\xe2\x80\xae\xff\\ok";
  EXPECT_EQ(EscapeToFile(s), Escape(s));
  EXPECT_EQ(EscapeToFile(""), "");
}

// Over many random byte strings: the output is printable single-line UTF-8
// without bidi controls, and it is unambiguous (decoding it gives the input back).
TEST(TextEscape, RandomBytesNeverLeaveControls) {
  std::mt19937 rng(20261201);
  // Bytes that start or continue the sequences of interest, to hit them often.
  const uint8_t interesting[] = {0x00, 0x0a, 0x0d, 0x1b, 0x5c, 0x7f, 0x80, 0x85, 0x9b, 0xa8,
                                 0xa9, 0xae, 0xc0, 0xc2, 0xd8, 0x9c, 0xe2, 0x81, 0xa6, 0xed,
                                 0xf0, 0xf4, 0xff, 'n', 'x', 'u'};
  size_t checked = 0;
  for (int round = 0; round < 20000; round++) {
    std::string in(rng() % 48, '\0');
    for (auto &c : in)
      c = static_cast<char>(rng() % 2 ? interesting[rng() % sizeof interesting] : rng() % 256);
    const std::string out = Escape(in);
    for (unsigned char c : out) {
      ASSERT_GE(c, 0x20) << round;
      ASSERT_NE(c, 0x7f) << round;
    }
    std::vector<uint32_t> cps;
    ASSERT_TRUE(Decode(out, &cps)) << round;
    for (uint32_t cp : cps) ASSERT_FALSE(Forbidden(cp)) << round << " U+" << std::hex << cp;
    std::string back;
    ASSERT_TRUE(Unescape(out, &back)) << round;
    ASSERT_EQ(back, in) << round;
    checked++;
  }
  EXPECT_EQ(checked, 20000u);
}

// Every code point of the forbidden classes, alone, comes out as an escape.
TEST(TextEscape, EveryForbiddenCodePointEscaped) {
  for (uint32_t cp = 0; cp < 0x3000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const std::string out = Escape(Utf8(cp));
    if (Forbidden(cp)) {
      EXPECT_EQ(out[0], '\\') << std::hex << cp;
    } else if (cp != '\\') {
      EXPECT_EQ(out, Utf8(cp)) << std::hex << cp;
    }
  }
}

}  // namespace
