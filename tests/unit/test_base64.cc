// eseal__base64_decode_into: the one base64 decoder (OFD XML, LDAP answers,
// validation data, checkpoints). OpenSSL decodes; the grammar is ours, and
// each rule of it has a case here that breaks it.
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>

extern "C" {
#include "core/base64.h"
}

namespace {

using Bytes = std::vector<uint8_t>;
constexpr unsigned kSpace = ESEAL__BASE64_SKIP_SPACE;
constexpr unsigned kCanonical = ESEAL__BASE64_CANONICAL;

// The decoded bytes, or nullopt-like {false, {}} when refused.
std::pair<bool, Bytes> Decode(const std::string &text, unsigned flags) {
  Bytes out(ESEAL__BASE64_ROOM(text.size()));
  size_t n = 0;
  if (eseal__base64_decode_into(text.data(), text.size(), flags, out.data(), &n) != 0)
    return {false, {}};
  EXPECT_LE(n, out.size());
  out.resize(n);
  return {true, out};
}

std::string Encode(const Bytes &raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(&out[0]), raw.data(), int(raw.size()));
  out.resize(size_t(n));
  return out;
}

TEST(Base64, DecodesEveryTailLength) {
  EXPECT_EQ(Decode("AQID", 0), std::make_pair(true, Bytes{1, 2, 3}));
  EXPECT_EQ(Decode("AQIDBA==", 0), std::make_pair(true, Bytes{1, 2, 3, 4}));
  EXPECT_EQ(Decode("AQIDBAU=", 0), std::make_pair(true, Bytes{1, 2, 3, 4, 5}));
}

TEST(Base64, SpacesOnlyWhenAllowed) {
  EXPECT_EQ(Decode(" AQID\r\n\tBA== ", kSpace), std::make_pair(true, Bytes{1, 2, 3, 4}));
  EXPECT_FALSE(Decode(" AQIDBA==", 0).first);
  EXPECT_FALSE(Decode("AQIDBA== ", 0).first);
  EXPECT_FALSE(Decode("AQ\vIDBA==", kSpace).first) << "vertical tab is not a space here";
}

TEST(Base64, RefusesWhatIsNotBase64) {
  for (const char *bad : {"", "AQID!A==", "AQIDBA=", "AQ", "A===", "====", "AQ==AQ==", "AQ=A",
                          "AQIDB===", "AQ-_"})
    EXPECT_FALSE(Decode(bad, kSpace).first) << bad;
  EXPECT_FALSE(Decode(std::string("AQ\0D", 4), kSpace).first) << "NUL inside";
  EXPECT_FALSE(Decode("   ", kSpace).first) << "spaces only: no digits";
}

TEST(Base64, CanonicalRefusesBitsUnderThePadding) {
  EXPECT_EQ(Decode("AQJ=", 0), std::make_pair(true, Bytes{1, 2})) << "lenient by default";
  EXPECT_FALSE(Decode("AQJ=", kCanonical).first);
  EXPECT_FALSE(Decode("AR==", kCanonical).first);
  EXPECT_EQ(Decode("AQI=", kCanonical), std::make_pair(true, Bytes{1, 2}));
  EXPECT_EQ(Decode("AQ==", kCanonical), std::make_pair(true, Bytes{1}));
}

// Long texts are decoded in pieces: every length round-trips, and a
// non-canonical last digit is seen wherever the pieces end.
TEST(Base64, LongTextsRoundTrip) {
  Bytes raw(1200);
  for (size_t i = 0; i < raw.size(); i++)
    raw[i] = uint8_t(i * 7 + 3);
  for (size_t len = 1; len <= raw.size(); len += len < 300 ? 1 : 37) {
    Bytes part(raw.begin(), raw.begin() + long(len));
    std::string text = Encode(part);
    ASSERT_EQ(Decode(text, kCanonical), std::make_pair(true, part)) << len;
    if (len % 3) {
      // The next digit up sets the lowest spare bit of the last digit.
      static const std::string kDigits =
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      std::string bent = text;
      char &last = bent[bent.size() - (len % 3 == 1 ? 3 : 2)];
      last = kDigits[kDigits.find(last) + 1];
      EXPECT_FALSE(Decode(bent, kCanonical).first) << len;
      EXPECT_TRUE(Decode(bent, 0).first) << len;
    }
  }
}

}  // namespace
