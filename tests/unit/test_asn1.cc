// The DER reader's refusals, integers, OIDs, times and signature values.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "../support/der_builder.h"
#include "../support/sm2.h"
#include "internal.h"

#include <eseal.h>

namespace {

using der::Bytes;

const char *ReadWhy(const Bytes &b) {
  eseal__tlv t;
  const char *why = nullptr;
  return eseal__der_read(&t, b.data(), b.size(), &why) == 0 ? nullptr : why;
}

TEST(DerRead, AcceptsShortAndLongLengths) {
  eseal__tlv t;
  const char *why;
  Bytes small = der::Octets(Bytes(5, 1));
  ASSERT_EQ(0, eseal__der_read(&t, small.data(), small.size(), &why));
  EXPECT_EQ(0x04, t.tag);
  EXPECT_EQ(5u, t.val_len);
  Bytes big = der::Octets(Bytes(300, 1));
  ASSERT_EQ(0, eseal__der_read(&t, big.data(), big.size(), &why));
  EXPECT_EQ(300u, t.val_len);
  EXPECT_EQ(304u, t.tlv_len);
}

TEST(DerRead, RefusesWhatDerForbids) {
  EXPECT_STREQ("indefinite length (BER, not DER)", ReadWhy({0x30, 0x80, 0x00, 0x00}));
  EXPECT_STREQ("non-minimal length encoding (BER, not DER)", ReadWhy({0x04, 0x81, 0x05, 1, 2, 3, 4, 5}));
  EXPECT_STREQ("non-minimal length encoding (BER, not DER)", ReadWhy({0x04, 0x82, 0x00, 0x05, 1, 2, 3, 4, 5}));
  EXPECT_STREQ("high tag numbers are not used by these formats", ReadWhy({0x1f, 0x22, 0x01, 0x00}));
  EXPECT_STREQ("length runs past the end of the data", ReadWhy({0x04, 0x05, 1, 2}));
  EXPECT_STREQ("truncated: no room for a tag and a length", ReadWhy({0x30}));
  EXPECT_STREQ("truncated length field", ReadWhy({0x04, 0x82, 0x01}));
  EXPECT_STREQ("length field too long", ReadWhy({0x04, 0x85, 1, 1, 1, 1, 1}));
}

TEST(DerInt, MinimalTwosComplement) {
  int64_t v;
  const char *why;
  const uint8_t minus_one[] = {0xff}, big[] = {0x00, 0x80}, bad[] = {0x00, 0x05};
  ASSERT_EQ(0, eseal__der_int64(minus_one, 1, &v, &why));
  EXPECT_EQ(-1, v);
  ASSERT_EQ(0, eseal__der_int64(big, 2, &v, &why));
  EXPECT_EQ(128, v);
  EXPECT_NE(0, eseal__der_int64(bad, 2, &v, &why));
  const uint8_t nine[9] = {0x01};
  EXPECT_NE(0, eseal__der_int64(nine, 9, &v, &why));
  EXPECT_NE(0, eseal__der_int64(nine, 0, &v, &why));
}

TEST(DerWrite, IntegersMatchTheTestBuilder) {
  for (int64_t v : std::initializer_list<int64_t>{0, 1, 127, 128, 255, 256, -1, -128, -129, 40000000000LL,
                    INT64_MAX, INT64_MIN}) {
    eseal__dbuf b = ESEAL__DBUF_INIT;
    eseal__der_put_int64(&b, v);
    EXPECT_EQ(der::Int(v), Bytes(b.ptr, b.ptr + b.len)) << v;
    eseal__dbuf_release(&b);
  }
}

TEST(DerWrite, NestedLengthsAcrossTheLongFormBoundary) {
  for (size_t n : {0u, 1u, 127u, 128u, 255u, 256u, 65535u, 65536u}) {
    eseal__dbuf b = ESEAL__DBUF_INIT;
    size_t mark = eseal__der_begin(&b);
    eseal__der_put(&b, DER_OCTET_STRING, Bytes(n, 7).data(), n);
    eseal__der_end(&b, mark, DER_SEQUENCE);
    EXPECT_EQ(der::Seq({der::Octets(Bytes(n, 7))}), Bytes(b.ptr, b.ptr + b.len)) << n;
    eseal__dbuf_release(&b);
  }
}

TEST(Oid, TextRoundTrip) {
  for (const char *text : {"1.2.156.10197.1.501", "2.16.156.514556.401", "1.3.6.1.4.1.54706.1",
                           "2.999.1", "0.0", "1.39.18446744073709551615"}) {
    eseal__dbuf b = ESEAL__DBUF_INIT;
    ASSERT_EQ(0, eseal__oid_put(&b, text)) << text;
    eseal__tlv t;
    const char *why;
    ASSERT_EQ(0, eseal__der_read(&t, b.ptr, b.len, &why));
    char back[ESEAL__OID_TEXT_CAPACITY];
    ASSERT_EQ(0, eseal__oid_to_text(t.val, t.val_len, back, sizeof back, &why)) << text;
    EXPECT_STREQ(text, back);
    eseal__dbuf_release(&b);
  }
  EXPECT_EQ(der::Oid("1.2.156.10197.1.501"),
            Bytes({0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75}));
}

TEST(Oid, RefusesMalformed) {
  eseal__dbuf b = ESEAL__DBUF_INIT;
  for (const char *text : {"", "1", "3.1", "1.40", "1.02.3", "1..2", "1.2.", "a.b", "1.2.-3"})
    EXPECT_NE(0, eseal__oid_put(&b, text)) << text;
  eseal__dbuf_release(&b);
  char out[ESEAL__OID_TEXT_CAPACITY];
  const char *why;
  const uint8_t leading[] = {0x2a, 0x80, 0x01}, truncated[] = {0x2a, 0x81};
  EXPECT_NE(0, eseal__oid_to_text(leading, sizeof leading, out, sizeof out, &why));
  EXPECT_NE(0, eseal__oid_to_text(truncated, sizeof truncated, out, sizeof out, &why));
  EXPECT_NE(0, eseal__oid_to_text(leading, 0, out, sizeof out, &why));
  Bytes too_long(ESEAL__OID_MAX_CONTENTS + 1, 0x01);
  EXPECT_NE(0, eseal__oid_to_text(too_long.data(), too_long.size(), out, sizeof out, &why));
}

eseal__time ParseTime(const char *s, int tag) {
  eseal__time t{};
  const char *why;
  int rc = tag == 0x17   ? eseal__time_parse_utc(s, std::strlen(s), &t, &why)
           : tag == 0x18 ? eseal__time_parse_generalized(s, std::strlen(s), &t, &why)
                         : eseal__time_parse_text(s, std::strlen(s), &t, &why);
  if (rc != 0) t.utc = INT64_MIN;
  return t;
}

TEST(Time, DerForms) {
  EXPECT_EQ(1587521887, ParseTime("200422021807Z", 0x17).utc);
  EXPECT_EQ(-631152000, ParseTime("500101000000Z", 0x17).utc);
  EXPECT_EQ(2524607999, ParseTime("491231235959Z", 0x17).utc);
  eseal__time t = ParseTime("20200422021807Z", 0x18);
  EXPECT_EQ(1587521887, t.utc);
  EXPECT_FALSE(t.not_der);
}

TEST(Time, TolerantFormsAreFlagged) {
  eseal__time t = ParseTime("20200422101807+0800", 0x18);
  EXPECT_EQ(1587521887, t.utc);
  EXPECT_TRUE(t.not_der);
  t = ParseTime("20200422021807.5Z", 0x18);
  EXPECT_EQ(1587521887, t.utc);
  EXPECT_TRUE(t.fraction);
  EXPECT_FALSE(t.not_der);
  EXPECT_TRUE(ParseTime("20200422021807.50Z", 0x18).not_der);
  t = ParseTime("20200422101807", 0x18);
  EXPECT_TRUE(t.no_zone);
  EXPECT_EQ(1587521887, t.utc);
  EXPECT_TRUE(ParseTime("2004220218Z", 0x17).not_der);
}

TEST(Time, RefusesImpossibleDates) {
  for (const char *s : {"20230229000000Z", "20201301000000Z", "20200431000000Z", "20200101240000Z",
                        "20200101006000Z", "20200101000060Z", "2020010100000Z", "20200101000000X",
                        "2020-01-01T00:00:00Z", ""})
    EXPECT_EQ(INT64_MIN, ParseTime(s, 0x18).utc) << s;
  EXPECT_EQ(INT64_MIN, ParseTime("200101000000", 0x17).utc);  // UTCTime needs a zone
  EXPECT_NE(INT64_MIN, ParseTime("20240229000000Z", 0x18).utc);
}

TEST(Time, TextForms) {
  eseal__time t = ParseTime("2020-01-25T07:31:56.377Z", 0);
  EXPECT_EQ(1579937516, t.utc);
  EXPECT_FALSE(t.no_zone);
  t = ParseTime("2024-01-01 08:00:00", 0);
  EXPECT_TRUE(t.no_zone);
  EXPECT_EQ(1704067200, t.utc);  // read as UTC+8
  EXPECT_EQ(1704096000, ParseTime("2024-01-01T09:00:00+01:00", 0).utc);
  EXPECT_EQ(INT64_MIN, ParseTime("2024-01-01", 0).utc);
  EXPECT_EQ(INT64_MIN, ParseTime("2024/01/01 00:00:00", 0).utc);
}

TEST(Time, FormatRoundTrip) {
  char g[16], u[14], iso[21];
  ASSERT_EQ(0, eseal__time_format_generalized(1587521887, g));
  EXPECT_STREQ("20200422021807Z", g);
  ASSERT_EQ(0, eseal__time_format_utc(1587521887, u));
  EXPECT_STREQ("200422021807Z", u);
  ASSERT_EQ(0, eseal__time_format_iso(-631152000, iso));
  EXPECT_STREQ("1950-01-01T00:00:00Z", iso);
  EXPECT_NE(0, eseal__time_format_utc(2524608000, u));  // 2050 needs GeneralizedTime
  EXPECT_NE(0, eseal__time_format_generalized(253402300800, g));
  EXPECT_NE(0, eseal__time_format_generalized(INT64_MIN, g));
}

Bytes Normalise(const Bytes &v, eseal_sigval_encoding *enc, int *unsigned_int,
                int *ber_int = nullptr) {
  eseal__sigval sv;
  const char *why;
  if (eseal__sigval_normalise(v.data(), v.size(), &sv, &why) != 0) return {};
  Bytes out(sv.der.ptr, sv.der.ptr + sv.der.len);
  *enc = sv.encoding;
  *unsigned_int = sv.unsigned_integer;
  if (ber_int) *ber_int = sv.ber_integer;
  eseal__dbuf_release(&sv.der);
  return out;
}

TEST(SignatureValue, RawAndPaddedBecomeDer) {
  const auto &maker = sm2::Maker();
  Bytes sig = sm2::Sign(maker.key.get(), der::Str("message"));
  Bytes raw = sm2::ToRaw(sig);
  eseal_sigval_encoding enc;
  int unsig;
  EXPECT_EQ(sig, Normalise(sig, &enc, &unsig));
  EXPECT_EQ(ESEAL_SIGVAL_DER, enc);
  EXPECT_EQ(sig, Normalise(raw, &enc, &unsig));
  EXPECT_EQ(ESEAL_SIGVAL_RAW_RS, enc);
  Bytes padded(128, 0);
  std::copy(raw.begin(), raw.begin() + 32, padded.begin() + 32);
  std::copy(raw.begin() + 32, raw.end(), padded.begin() + 96);
  EXPECT_EQ(sig, Normalise(padded, &enc, &unsig));
  EXPECT_EQ(ESEAL_SIGVAL_RAW_RS_PADDED, enc);
  EXPECT_TRUE(sm2::Verify(maker.cert, der::Str("message"), Normalise(raw, &enc, &unsig)));
}

TEST(SignatureValue, UnsignedIntegerAndBadLengths) {
  eseal_sigval_encoding enc;
  int unsig = 0;
  Bytes r(32, 0x90), s(32, 0x11);
  Bytes bad = der::Seq({der::Tlv(0x02, r), der::Tlv(0x02, s)});
  EXPECT_EQ(der::Seq({der::UInt(r), der::UInt(s)}), Normalise(bad, &enc, &unsig));
  EXPECT_EQ(1, unsig);
  EXPECT_TRUE(Normalise(Bytes(63, 1), &enc, &unsig).empty());
  EXPECT_TRUE(Normalise(Bytes(65, 1), &enc, &unsig).empty());
  Bytes not_padded(128, 1);
  EXPECT_TRUE(Normalise(not_padded, &enc, &unsig).empty());
  // Two superfluous zeros inside a DER-looking value of a length that is not 64.
  EXPECT_TRUE(
      Normalise(der::Seq({der::Tlv(0x02, {0x00, 0x00, 0x01}), der::Int(1)}), &enc, &unsig).empty());
  // A sign-less magnitude longer than the largest curve (P-521: 66 bytes).
  Bytes long_r(67, 0x90);
  EXPECT_TRUE(Normalise(der::Seq({der::Tlv(0x02, long_r), der::Int(1)}), &enc, &unsig).empty());
}

// INTEGERs of r and s with `rz` and `sz` superfluous zero bytes (BER).
Bytes BerPair(const Bytes &r, size_t rz, const Bytes &s, size_t sz) {
  Bytes rb(rz, 0x00), sb(sz, 0x00);
  rb.insert(rb.end(), r.begin(), r.end());
  sb.insert(sb.end(), s.begin(), s.end());
  return der::Seq({der::Tlv(0x02, rb), der::Tlv(0x02, sb)});
}

TEST(SignatureValue, OneSuperfluousZeroIsReadAsItsValue) {
  const auto &maker = sm2::Maker();
  Bytes sig = sm2::Sign(maker.key.get(), der::Str("message"));
  Bytes raw = sm2::ToRaw(sig);
  // Magnitudes without leading zeros (r or s may be shorter than 32 bytes).
  auto magnitude = [](Bytes m) {
    while (m.size() > 1 && m[0] == 0) m.erase(m.begin());
    return m;
  };
  Bytes r = magnitude(Bytes(raw.begin(), raw.begin() + 32));
  Bytes s = magnitude(Bytes(raw.begin() + 32, raw.end()));
  eseal_sigval_encoding enc;
  int unsig = 0, ber = 0;
  // Each INTEGER alone and both: DER again, flagged, and it verifies.
  for (auto [rz, sz] : {std::pair<size_t, size_t>{1, 0}, {0, 1}, {1, 1}}) {
    // A zero before a magnitude whose first byte is >= 0x80 is the sign octet; one more is BER.
    size_t r_extra = (r[0] & 0x80) ? rz + 1 : rz, s_extra = (s[0] & 0x80) ? sz + 1 : sz;
    Bytes value = BerPair(r, r_extra, s, s_extra);
    EXPECT_EQ(sig, Normalise(value, &enc, &unsig, &ber)) << rz << sz;
    EXPECT_EQ(ESEAL_SIGVAL_DER, enc);
    EXPECT_EQ(1, ber);
    EXPECT_EQ(0, unsig);
    EXPECT_TRUE(sm2::Verify(maker.cert, der::Str("message"), Normalise(value, &enc, &unsig)));
  }
  // The canonical value is not flagged.
  EXPECT_EQ(sig, Normalise(sig, &enc, &unsig, &ber));
  EXPECT_EQ(0, ber);
  // 02 21 00 <32 bytes starting below 0x80>: the vendor's form.
  Bytes low(32, 0x41);
  Bytes vendor = BerPair(low, 1, low, 0);
  ASSERT_EQ(0x21, vendor[3]);
  EXPECT_EQ(der::Seq({der::UInt(low), der::UInt(low)}), Normalise(vendor, &enc, &unsig, &ber));
  EXPECT_EQ(1, ber);
  // Two superfluous zeros, before a low or a high byte, are refused.
  EXPECT_TRUE(Normalise(BerPair(low, 2, low, 0), &enc, &unsig).empty());
  EXPECT_TRUE(Normalise(BerPair(Bytes(32, 0x90), 3, low, 0), &enc, &unsig).empty());
  // One zero on a 66-byte magnitude (P-521) fits; on 67 bytes it is too long.
  EXPECT_FALSE(Normalise(BerPair(Bytes(66, 0x41), 1, low, 0), &enc, &unsig).empty());
  EXPECT_TRUE(Normalise(BerPair(Bytes(67, 0x41), 1, low, 0), &enc, &unsig).empty());
  // Anything after s inside the SEQUENCE is refused.
  Bytes extra = BerPair(low, 1, low, 0);
  Bytes inner(extra.begin() + 2, extra.end());
  Bytes with_more = inner;
  Bytes one = der::Int(1);
  with_more.insert(with_more.end(), one.begin(), one.end());
  EXPECT_TRUE(Normalise(der::Tlv(0x30, with_more), &enc, &unsig).empty());
}

TEST(Nesting, TheGuardRefusesTheLevelBeyondTheLimit) {
  // The schema nests about ten levels deep, far below the limit; the guard
  // bounds any recursion a future structure might add.
  eseal__arena arena = {};
  eseal_warnings warnings = {};
  eseal__parser p = {};
  p.arena = &arena;
  p.warnings = &warnings;
  Bytes seq = der::Seq({});
  p.base = seq.data();
  eseal__tlv t;
  const char *why;
  ASSERT_EQ(0, eseal__der_read(&t, seq.data(), seq.size(), &why));
  eseal__der_iter it;
  p.depth = ESEAL_MAX_NESTING - 1;
  EXPECT_EQ(0, eseal__p_enter(&p, &t, "x", &it));
  EXPECT_EQ(ESEAL_ELIMIT, eseal__p_enter(&p, &t, "x", &it));
  EXPECT_NE(nullptr, std::strstr(eseal_error_last()->message, "nesting depth"));
  eseal__arena_release(&arena);
}

}  // namespace
