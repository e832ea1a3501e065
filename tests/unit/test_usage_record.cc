// Usage records in canonical CBOR (src/usage_log/record.c): a known record
// encodes to bytes written out by hand from RFC 8949 (so the encoder is not
// checked against itself), decodes back, and the decoder refuses every
// non-canonical or unknown variant of valid bytes.
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

extern "C" {
#include "eseal/errors.h"
#include "core/arena.h"
#include "usage_log/record.h"
}

namespace {

using Bytes = std::vector<uint8_t>;

Bytes Hex(const std::string &hex) {
  Bytes out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    if (hex[i] == ' ') {
      i--;
      continue;
    }
    out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

const uint8_t kSeal[32] = {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                           0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                           0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11};
const uint8_t kOp[32] = {0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
                         0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
                         0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22};
const uint8_t kDoc[3] = {0xde, 0xad, 0x01};

// seq 300, time 1700000000, tenant "acme", physical use of esID "E1" by an
// operator, force 12.5 N, refusal result -17 with a reason, refers_to 24.
eseal__urecord Known() {
  eseal__urecord r;
  memset(&r, 0, sizeof r);
  r.version = 1;
  r.seq = 300;
  r.time = 1700000000;
  r.tenant = "acme";
  r.action = ESEAL_USAGE_PHYSICAL;
  r.es_id = "E1";
  r.seal_hash = kSeal;
  r.operator_ps = kOp;
  r.has_force = 1;
  r.force_mn = 12500;
  r.document_hash = kDoc;
  r.document_hash_len = sizeof kDoc;
  r.result = -17;
  r.reason = "x";
  r.refers_to = 24;
  return r;
}

const std::string kSealHex(64, '1');
const std::string kOpHex(64, '2');

// The same record, written by hand: map(13) and its entries, key order 0..15.
const std::string kKnownHex =
    "ad"                         // map, 13 entries
    "00 01"                      // 0 version: 1
    "01 19012c"                  // 1 seq: 300 (uint16)
    "02 1a6553f100"              // 2 time: 1700000000 (uint32)
    "03 6461636d65"              // 3 tenant: "acme"
    "04 04"                      // 4 action: physical
    "05 624531"                  // 5 esID: "E1"
    "06 5820" + kSealHex +       // 6 seal hash: 32 bytes
    "07 5820" + kOpHex +         // 7 operator pseudonym
    "0a 1930d4"                  // 10 force: 12500 mN (uint16)
    "0b 43dead01"                // 11 document hash
    "0d 30"                      // 13 result: -17 (negint, 0x20 | 16)
    "0e 6178"                    // 14 reason: "x"
    "0f 1818";                   // 15 refers_to: 24 (uint8, one byte)

Bytes Encode(const eseal__urecord &r) {
  eseal_buf out = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal__urecord_encode(&r, &out), 0) << eseal_error_last()->message;
  Bytes b(out.ptr, out.ptr + out.size);
  eseal_buf_dispose(&out);
  return b;
}

int Decode(const Bytes &b, eseal__urecord *r) {
  eseal__arena arena = {};
  int rc = eseal__urecord_decode(b.data(), b.size(), r, &arena);
  eseal__arena_release(&arena);
  return rc;
}

TEST(UsageRecord, KnownRecordHasKnownBytes) {
  EXPECT_EQ(Encode(Known()), Hex(kKnownHex));
}

TEST(UsageRecord, KnownBytesDecodeToTheRecord) {
  Bytes b = Hex(kKnownHex);
  eseal__arena arena = {};
  eseal__urecord r;
  ASSERT_EQ(eseal__urecord_decode(b.data(), b.size(), &r, &arena), 0)
      << eseal_error_last()->message;
  EXPECT_EQ(r.seq, 300u);
  EXPECT_EQ(r.time, 1700000000);
  EXPECT_STREQ(r.tenant, "acme");
  EXPECT_EQ(r.action, ESEAL_USAGE_PHYSICAL);
  EXPECT_STREQ(r.es_id, "E1");
  EXPECT_EQ(memcmp(r.seal_hash, kSeal, 32), 0);
  EXPECT_EQ(memcmp(r.operator_ps, kOp, 32), 0);
  EXPECT_EQ(r.device_ps, nullptr);
  EXPECT_EQ(r.location_ps, nullptr);
  EXPECT_EQ(r.has_force, 1);
  EXPECT_EQ(r.force_mn, 12500u);
  EXPECT_EQ(r.document_hash_len, 3u);
  EXPECT_EQ(r.signature_hash, nullptr);
  EXPECT_EQ(r.result, -17);
  EXPECT_STREQ(r.reason, "x");
  EXPECT_EQ(r.refers_to, 24u);
  eseal__arena_release(&arena);
}

TEST(UsageRecord, IntegersTakeTheShortestForm) {
  eseal__urecord r = Known();
  const struct {
    uint64_t seq;
    const char *hex;
  } cases[] = {{0, "00"},
               {23, "17"},
               {24, "1818"},
               {255, "18ff"},
               {256, "190100"},
               {65536, "1a00010000"},
               {4294967296ull, "1b0000000100000000"}};
  for (const auto &c : cases) {
    r.seq = c.seq;
    Bytes b = Encode(r);
    Bytes want = Hex(std::string("ad0001") + "01" + c.hex);
    ASSERT_GE(b.size(), want.size());
    EXPECT_EQ(Bytes(b.begin(), b.begin() + static_cast<long>(want.size())), want) << c.seq;
  }
  r = Known();
  r.time = -1; // negint 0
  Bytes b = Encode(r);
  EXPECT_EQ(b[7], 0x02);
  EXPECT_EQ(b[8], 0x20);
}

TEST(UsageRecord, EveryValidRecordRoundTrips) {
  eseal__urecord r = Known();
  r.refers_to = 0; // absent
  r.reason = nullptr;
  r.has_force = 0;
  r.time = INT64_MIN;
  r.seq = UINT64_MAX;
  Bytes b = Encode(r);
  eseal__urecord back;
  ASSERT_EQ(Decode(b, &back), 0) << eseal_error_last()->message;
  EXPECT_EQ(back.time, INT64_MIN);
  EXPECT_EQ(back.seq, UINT64_MAX);
  EXPECT_EQ(back.refers_to, 0u);
  EXPECT_EQ(back.has_force, 0);
}

// Each variant is valid CBOR for the same data, or a small change of the known
// bytes, that the canonical decoder must refuse.
TEST(UsageRecord, DecoderRefusesNonCanonicalVariants) {
  const std::string tail = "0d 30 0e 6178 0f 1818";
  const std::string head_after_version = "01 19012c 02 1a6553f100 03 6461636d65 04 04 05 624531 06 5820" +
                                         kSealHex + "07 5820" + kOpHex + "0a 1930d4 0b 43dead01 ";
  const struct {
    const char *what;
    std::string hex;
    int code;
  } cases[] = {
      {"indefinite-length map", "bf 0001 " + head_after_version + tail + " ff", ESEAL_EFORMAT},
      {"map length in a longer head", "b8 0d 0001 " + head_after_version + tail, ESEAL_EFORMAT},
      {"non-minimal integer value (1 as uint8)", "ad 00 1801 " + head_after_version + tail,
       ESEAL_EFORMAT},
      {"non-minimal seq (300 as uint32)",
       "ad 0001 01 1a0000012c" + head_after_version.substr(std::string("01 19012c").size()) + tail,
       ESEAL_EFORMAT},
      {"non-minimal key (0 as uint8)", "ad 1800 01 " + head_after_version + tail, ESEAL_EFORMAT},
      {"indefinite-length text", "ad 0001 " + head_after_version + "0d 30 0e 7f6178ff 0f 1818",
       ESEAL_EFORMAT},
      {"indefinite-length bytes",
       "ad 0001 " + head_after_version.substr(0, head_after_version.size() - 12) +
           "0b 5f43dead01ff " + tail,
       ESEAL_EFORMAT},
      {"text length in a longer head", "ad 0001 " + head_after_version + "0d 30 0e 780178 0f 1818",
       ESEAL_EFORMAT},
      {"unsorted keys (15 before 14)", "ad 0001 " + head_after_version + "0d 30 0f 1818 0e 6178",
       ESEAL_EFORMAT},
      {"duplicate key", "ad 0001 " + head_after_version + "0d 30 0e 6178 0e 6178", ESEAL_EFORMAT},
      {"unknown key 16", "ae 0001 " + head_after_version + tail + " 10 00", ESEAL_EFORMAT},
      {"unknown version 2", "ad 0002 " + head_after_version + tail, ESEAL_EFORMAT},
      {"unknown action 13",
       "ad 0001 01 19012c 02 1a6553f100 03 6461636d65 04 0d" +
           head_after_version.substr(std::string("01 19012c 02 1a6553f100 03 6461636d65 04 04").size()) +
           tail,
       ESEAL_EFORMAT},
      {"refers_to 0 written out", "ad 0001 " + head_after_version + "0d 30 0e 6178 0f 00",
       ESEAL_EFORMAT},
      {"positive result", "ad 0001 " + head_after_version + "0d 01 0e 6178 0f 1818", ESEAL_EFORMAT},
      {"trailing byte", "ad 0001 " + head_after_version + tail + " 00", ESEAL_EFORMAT},
      {"missing entry (count too high)", "ae 0001 " + head_after_version + tail, ESEAL_EFORMAT},
      {"tagged value", "ad 0001 " + head_after_version + "0d 30 0e c06178 0f 1818", ESEAL_EFORMAT},
      {"reason of 2 bytes with a NUL", "ad 0001 " + head_after_version + "0d 30 0e 627800 0f 1818",
       ESEAL_EFORMAT},
      {"reason not UTF-8", "ad 0001 " + head_after_version + "0d 30 0e 61ff 0f 1818",
       ESEAL_EFORMAT},
      {"seal hash of 31 bytes",
       "ad 0001 01 19012c 02 1a6553f100 03 6461636d65 04 04 05 624531 06 581f" + kSealHex.substr(2) +
           "07 5820" + kOpHex + "0a 1930d4 0b 43dead01 " + tail,
       ESEAL_EFORMAT},
      {"tenant with a slash", "ad 0001 01 19012c 02 1a6553f100 03 642f636d65" +
                                  head_after_version.substr(std::string("01 19012c 02 1a6553f100 03 6461636d65").size()) + tail,
       ESEAL_EFORMAT},
      {"missing result", "ac 0001 " + head_after_version + "0e 6178 0f 1818", ESEAL_EFORMAT},
      {"a float where an integer belongs", "ad 0001 " + head_after_version + "0d f93c00 0e 6178 0f 1818",
       ESEAL_EFORMAT},
      {"empty input", "", ESEAL_EFORMAT},
      {"an array, not a map", "81 00", ESEAL_EFORMAT},
  };
  // The unchanged base really decodes, so each refusal is due to its change.
  ASSERT_EQ(Hex("ad 0001 " + head_after_version + tail), Hex(kKnownHex));
  eseal__urecord r;
  ASSERT_EQ(Decode(Hex(kKnownHex), &r), 0);
  for (const auto &c : cases) {
    EXPECT_EQ(Decode(Hex(c.hex), &r), c.code) << c.what;
  }
}

TEST(UsageRecord, LimitsAreEnforcedBothWays) {
  std::string long_text(ESEAL__URECORD_TEXT_MAX + 1, 'a');
  eseal__urecord r = Known();
  r.reason = long_text.c_str();
  eseal_buf out = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal__urecord_encode(&r, &out), ESEAL_ELIMIT);
  long_text.pop_back();
  EXPECT_EQ(eseal__urecord_encode(&r, &out), 0);
  Bytes b(out.ptr, out.ptr + out.size);
  eseal_buf_dispose(&out);
  eseal__urecord back;
  EXPECT_EQ(Decode(b, &back), 0);
  Bytes huge(ESEAL__URECORD_MAX + 1, 0);
  EXPECT_EQ(Decode(huge, &back), ESEAL_ELIMIT);
}

TEST(UsageRecord, EncoderRefusesWhatTheDecoderWould) {
  eseal__urecord r = Known();
  eseal_buf out = ESEAL_BUF_INIT;
  r.action = static_cast<eseal_usage_action>(13);
  EXPECT_EQ(eseal__urecord_encode(&r, &out), ESEAL_EFORMAT);
  r = Known();
  r.result = 5;
  EXPECT_EQ(eseal__urecord_encode(&r, &out), ESEAL_EFORMAT);
  r = Known();
  r.tenant = "";
  EXPECT_EQ(eseal__urecord_encode(&r, &out), ESEAL_EFORMAT);
  r = Known();
  r.document_hash_len = 65;
  EXPECT_EQ(eseal__urecord_encode(&r, &out), ESEAL_EFORMAT);
  EXPECT_EQ(out.ptr, nullptr);
}

TEST(UsageRecord, PublicInitAndActionNames) {
  eseal_usage_record rec;
  memset(&rec, 0xff, sizeof rec);
  ASSERT_EQ(eseal_usage_record_init(&rec, ESEAL_USAGE_RECORD_VERSION), 0);
  EXPECT_EQ(rec.version, ESEAL_USAGE_RECORD_VERSION);
  EXPECT_EQ(rec.es_id, nullptr);
  EXPECT_EQ(rec.refers_to, 0u);
  EXPECT_EQ(eseal_usage_record_init(&rec, 2), ESEAL_EVERSION);
  EXPECT_STREQ(eseal_usage_action_name(ESEAL_USAGE_STAMP_INTENT), "stamp-intent");
  EXPECT_STREQ(eseal_usage_action_name(ESEAL_USAGE_LOG_KEY), "log-key");
  EXPECT_EQ(eseal_usage_action_name(static_cast<eseal_usage_action>(0)), nullptr);
  EXPECT_EQ(eseal_usage_action_name(static_cast<eseal_usage_action>(13)), nullptr);
}

} // namespace
