// SESeal parsing through the public API: every field, every variant, every refusal.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "../support/fixtures.h"
#include "../support/helpers.h"
#include "../support/sm2.h"

namespace {

using namespace helpers;
using fixtures::Form;
using fixtures::SealSpec;

TEST(Seal, CanonicalV4EveryField) {
  SealSpec spec;
  spec.extensions = {{"1.2.156.10197.6.7.2.2.1", false, der::Str("2.1")},
                     {"1.2.3.4.5", true, {9, 9}}};
  spec.extensions_form = Form::kUntagged;
  auto built = fixtures::BuildSeal(spec);
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, built.bytes)) << LastError();
  const eseal_seal *s = seal.p;
  EXPECT_EQ(ESEAL_FORMAT_V4, eseal_seal_format(s));
  EXPECT_STREQ("ES", eseal_seal_header_id(s));
  EXPECT_EQ(4, eseal_seal_header_version(s));
  EXPECT_STREQ("libeseal-test", eseal_seal_vendor_id(s));
  EXPECT_STREQ("3301060000001", eseal_seal_esid(s));
  EXPECT_EQ(1, eseal_seal_type(s));
  EXPECT_STREQ("测试合同专用章", eseal_seal_name(s));
  EXPECT_EQ(ESEAL_CERT_LIST_CERTS, eseal_seal_cert_list_type(s));
  ASSERT_EQ(1u, eseal_seal_cert_count(s));
  size_t len;
  const uint8_t *p = eseal_seal_cert(s, 0, &len);
  EXPECT_EQ(sm2::Signer().cert, View(p, len));
  EXPECT_EQ(nullptr, eseal_seal_cert_digest_type(s, 0));
  EXPECT_EQ(nullptr, eseal_seal_cert(s, 1, &len));
  EXPECT_EQ(0u, len);
  EXPECT_EQ(1704067200, eseal_seal_date_utc(s, ESEAL_SEAL_CREATE_DATE));
  EXPECT_STREQ("20240101000000Z", eseal_seal_date_text(s, ESEAL_SEAL_VALID_START));
  EXPECT_EQ(2051222399, eseal_seal_date_utc(s, ESEAL_SEAL_VALID_END));
  EXPECT_EQ(nullptr, eseal_seal_date_text(s, static_cast<eseal_seal_date>(9)));
  EXPECT_STREQ("PNG", eseal_seal_picture_type(s));
  p = eseal_seal_picture_data(s, &len);
  EXPECT_EQ(spec.picture, View(p, len));
  EXPECT_EQ(40, eseal_seal_picture_width(s));
  EXPECT_EQ(40, eseal_seal_picture_height(s));
  const eseal_extensions *ext = eseal_seal_extensions(s);
  ASSERT_EQ(2u, eseal_extensions_count(ext));
  EXPECT_STREQ("1.2.156.10197.6.7.2.2.1", eseal_extensions_oid(ext, 0));
  EXPECT_EQ(0, eseal_extensions_critical(ext, 0));
  p = eseal_extensions_value(ext, 0, &len);
  EXPECT_EQ(der::Str("2.1"), View(p, len));
  EXPECT_EQ(1, eseal_extensions_critical(ext, 1));
  EXPECT_EQ(nullptr, eseal_extensions_oid(ext, 2));
  p = eseal_seal_maker_cert(s, &len);
  EXPECT_EQ(sm2::Maker().cert, View(p, len));
  EXPECT_STREQ("1.2.156.10197.1.501", eseal_seal_algorithm(s));
  EXPECT_EQ(ESEAL_SIGVAL_DER, eseal_seal_signature_encoding(s));
  EXPECT_EQ(nullptr, eseal_seal_timestamp(s, &len));
  p = eseal_seal_bytes(s, &len);
  EXPECT_EQ(built.bytes, View(p, len));
  p = eseal_seal_info_bytes(s, &len);
  EXPECT_EQ(built.info_or_tbs, View(p, len));
  p = eseal_seal_signed_bytes(s, &len);
  EXPECT_EQ(built.signed_range, View(p, len));
  EXPECT_EQ(0u, eseal_warnings_count(eseal_seal_warnings(s)));
  size_t sig_len;
  const uint8_t *sig = eseal_seal_signature_value_der(s, &sig_len);
  EXPECT_TRUE(sm2::Verify(sm2::Maker().cert, View(p, len), View(sig, sig_len)));
}

TEST(Seal, V1SignedRangeIsSealInfoCertAlgorithm) {
  SealSpec spec;
  spec.format = 1;
  spec.header_version = 1;
  auto built = fixtures::BuildSeal(spec);
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, built.bytes)) << LastError();
  EXPECT_EQ(ESEAL_FORMAT_V1, eseal_seal_format(seal.p));
  EXPECT_EQ(ESEAL_CERT_LIST_CERTS, eseal_seal_cert_list_type(seal.p));
  EXPECT_STREQ("240101000000Z", eseal_seal_date_text(seal.p, ESEAL_SEAL_CREATE_DATE));
  EXPECT_EQ(1704067200, eseal_seal_date_utc(seal.p, ESEAL_SEAL_CREATE_DATE));
  size_t len, sig_len;
  const uint8_t *signed_bytes = eseal_seal_signed_bytes(seal.p, &len);
  EXPECT_EQ(built.signed_range, View(signed_bytes, len));
  const uint8_t *info = eseal_seal_info_bytes(seal.p, &sig_len);
  EXPECT_EQ(built.info_or_tbs, View(info, sig_len));
  const uint8_t *sig = eseal_seal_signature_value_der(seal.p, &sig_len);
  EXPECT_TRUE(sm2::Verify(sm2::Maker().cert, View(signed_bytes, len), View(sig, sig_len)));
  EXPECT_EQ(0u, eseal_warnings_count(eseal_seal_warnings(seal.p)));
}

TEST(Seal, CertificateDigests) {
  SealSpec spec;
  spec.cert_list_type = 2;
  spec.certs = {sm2::Signer().cert, sm2::Maker().cert};
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, fixtures::BuildSeal(spec).bytes)) << LastError();
  EXPECT_EQ(ESEAL_CERT_LIST_DIGESTS, eseal_seal_cert_list_type(seal.p));
  ASSERT_EQ(2u, eseal_seal_cert_count(seal.p));
  EXPECT_STREQ("sm3", eseal_seal_cert_digest_type(seal.p, 1));
  size_t len;
  eseal_seal_cert(seal.p, 1, &len);
  EXPECT_EQ(32u, len);
}

TEST(Seal, V5ByStructure) {
  SealSpec spec;
  spec.header_version = 5;
  SealPtr four;
  ASSERT_EQ(0, ParseSeal(four, fixtures::BuildSeal(spec).bytes));
  EXPECT_EQ(ESEAL_FORMAT_V5, eseal_seal_format(four.p));
  spec.timestamp_form = Form::kExplicit;
  SealPtr five;
  ASSERT_EQ(0, ParseSeal(five, fixtures::BuildSeal(spec).bytes));
  EXPECT_EQ(ESEAL_FORMAT_V5, eseal_seal_format(five.p));
  size_t len;
  const uint8_t *ts = eseal_seal_timestamp(five.p, &len);
  EXPECT_EQ(spec.timestamp, View(ts, len));
  // A timeStamp makes it V5 whatever the header says; the disagreement is reported.
  spec.header_version = 4;
  SealPtr mismatch;
  ASSERT_EQ(0, ParseSeal(mismatch, fixtures::BuildSeal(spec).bytes));
  EXPECT_EQ(ESEAL_FORMAT_V5, eseal_seal_format(mismatch.p));
  EXPECT_TRUE(eseal_warnings_has(eseal_seal_warnings(mismatch.p), "header.version_mismatch"));
  // A V4 layout with an odd header version stays V4, with a warning.
  spec.timestamp_form = Form::kAbsent;
  spec.header_version = 7;
  SealPtr odd;
  ASSERT_EQ(0, ParseSeal(odd, fixtures::BuildSeal(spec).bytes));
  EXPECT_EQ(ESEAL_FORMAT_V4, eseal_seal_format(odd.p));
  EXPECT_TRUE(eseal_warnings_has(eseal_seal_warnings(odd.p), "header.version_mismatch"));
}

TEST(Seal, V1HeaderVersionIsFreeButUnusualOnesAreNoted) {
  SealSpec spec;
  spec.format = 1;
  for (int64_t v : {1, 2, 11}) {
    spec.header_version = v;
    SealPtr seal;
    ASSERT_EQ(0, ParseSeal(seal, fixtures::BuildSeal(spec).bytes));
    EXPECT_EQ(ESEAL_FORMAT_V1, eseal_seal_format(seal.p));
    EXPECT_EQ(0u, eseal_warnings_count(eseal_seal_warnings(seal.p)));
  }
  spec.header_version = 4;
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, fixtures::BuildSeal(spec).bytes, ESEAL_PARSE_STRICT));
  EXPECT_EQ(ESEAL_FORMAT_V1, eseal_seal_format(seal.p));
  EXPECT_TRUE(eseal_warnings_has(eseal_seal_warnings(seal.p), "header.version_unusual"));
}

TEST(Seal, NonEcAlgorithmKeepsTheValueOpaque) {
  SealSpec spec;
  spec.algorithm = "1.2.840.113549.1.1.11";
  spec.signature_override = der::Bytes(256, 0x5a);
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, fixtures::BuildSeal(spec).bytes)) << LastError();
  EXPECT_EQ(ESEAL_SIGVAL_OPAQUE, eseal_seal_signature_encoding(seal.p));
  size_t raw_len, der_len;
  const uint8_t *raw = eseal_seal_signature_value(seal.p, &raw_len);
  const uint8_t *der = eseal_seal_signature_value_der(seal.p, &der_len);
  EXPECT_EQ(spec.signature_override, View(raw, raw_len));
  EXPECT_EQ(View(raw, raw_len), View(der, der_len));
}

TEST(Seal, NotesSurviveStrictMode) {
  SealSpec spec;
  spec.picture_type = "ofd";
  spec.header_id = "XX";
  spec.certs = {sm2::Signer().cert, sm2::Signer().cert};
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, fixtures::BuildSeal(spec).bytes, ESEAL_PARSE_STRICT))
      << LastError();
  EXPECT_EQ("header.id certlist.duplicate picture.type_ofd",
            WarningIds(eseal_seal_warnings(seal.p)));
}

class SealQuirk : public ::testing::TestWithParam<fixtures::Named> {};

TEST_P(SealQuirk, AcceptedWithItsWarningRefusedWhenStrict) {
  const auto &f = GetParam();
  SealPtr seal;
  if (f.is_signature) {
    SignaturePtr sig;
    ASSERT_EQ(0, ParseSignature(sig, f.bytes)) << LastError();
    const eseal_warnings *w = eseal_signature_warnings(sig.p);
    EXPECT_TRUE(eseal_warnings_has(w, f.name.c_str())) << WarningIds(w);
    SignaturePtr strict;
    if (IsNote(f.name)) {
      EXPECT_EQ(0, ParseSignature(strict, f.bytes, ESEAL_PARSE_STRICT)) << LastError();
      return;
    }
    EXPECT_EQ(ESEAL_EFORMAT, ParseSignature(strict, f.bytes, ESEAL_PARSE_STRICT)) << f.name;
    EXPECT_EQ(nullptr, strict.p);
    EXPECT_NE(std::string::npos, LastError().find(f.name)) << LastError();
    return;
  }
  ASSERT_EQ(0, ParseSeal(seal, f.bytes)) << LastError();
  const eseal_warnings *w = eseal_seal_warnings(seal.p);
  EXPECT_TRUE(eseal_warnings_has(w, f.name.c_str())) << WarningIds(w);
  EXPECT_NE(nullptr, eseal_warnings_message(w, 0));
  EXPECT_NE(nullptr, eseal_warnings_path(w, 0));
  SealPtr strict;
  EXPECT_EQ(ESEAL_EFORMAT, ParseSeal(strict, f.bytes, ESEAL_PARSE_STRICT)) << f.name;
  EXPECT_NE(std::string::npos, LastError().find(f.name)) << LastError();
  // The maker signature still verifies over the bytes as received.
  size_t len, sig_len;
  const uint8_t *msg = eseal_seal_signed_bytes(seal.p, &len);
  const uint8_t *sig = eseal_seal_signature_value_der(seal.p, &sig_len);
  EXPECT_TRUE(sm2::Verify(sm2::Maker().cert, View(msg, len), View(sig, sig_len))) << f.name;
}

INSTANTIATE_TEST_SUITE_P(Quirks, SealQuirk, ::testing::ValuesIn(fixtures::QuirkFixtures()),
                         [](const auto &info) {
                           return helpers::TestName((info.param.is_signature ? "sig_" : "seal_") +
                                                    info.param.name);
                         });

struct Refusal {
  const char *name;
  der::Bytes bytes;
  int code;
  const char *message;
};

std::vector<Refusal> Refusals() {
  using namespace der;
  std::vector<Refusal> out;
  Bytes good = fixtures::BuildSeal(SealSpec{}).bytes;
  out.push_back({"empty", {}, ESEAL_EFORMAT, "empty input"});
  out.push_back({"vendor_prefix", Cat({Str("KGSEAL"), good}), ESEAL_EFORMAT,
                 "vendor bytes may precede"});
  out.push_back({"not_der", Str("hello world"), ESEAL_EFORMAT, "does not start with a DER SEQUENCE"});
  Bytes truncated(good.begin(), good.end() - 1);
  out.push_back({"truncated", truncated, ESEAL_EFORMAT, "runs past the end"});
  Bytes indefinite = good;
  indefinite[1] = 0x80;
  out.push_back({"indefinite", indefinite, ESEAL_EFORMAT, "indefinite length"});
  out.push_back({"three_elements", Seq({Seq({}), Int(1), Int(2)}), ESEAL_EFORMAT, "3 elements"});
  SealSpec s;
  s.cert_list_type = 3;  // IDs are a V1 variant: certListType 3 is unknown
  out.push_back({"cert_list_type_3", fixtures::BuildSeal(s).bytes, ESEAL_EFORMAT,
                 "unknown certListType 3"});
  {
    // certListType 1 whose elements are CertDigestObj.
    SealSpec d;
    d.cert_list_type = 2;
    Bytes b = fixtures::BuildSeal(d).bytes;
    Bytes needle = {0x02, 0x01, 0x02, 0x30};
    auto it = std::search(b.begin(), b.end(), needle.begin(), needle.end());
    it[2] = 0x01;
    out.push_back({"cert_list_type_disagrees", b, ESEAL_EFORMAT, "disagrees with certList type 1"});
  }
  s = SealSpec{};
  s.signature_unused_bits = 1;
  out.push_back({"unused_bits", fixtures::BuildSeal(s).bytes, ESEAL_EFORMAT, "1 unused bits"});
  s = SealSpec{};
  s.signature_override = Bytes(63, 0x11);
  out.push_back({"sig_63_bytes", fixtures::BuildSeal(s).bytes, ESEAL_EFORMAT, "neither DER"});
  {
    // An empty value, for an algorithm whose values are kept opaque (RSA) and for SM2.
    auto built = fixtures::BuildSeal(SealSpec{});
    for (const char *alg : {"1.2.840.113549.1.1.11", "1.2.156.10197.1.501"})
      out.push_back({"empty_signature_value",
                     Seq({built.info_or_tbs, Octets(sm2::Maker().cert), Oid(alg), Bits({})}),
                     ESEAL_EFORMAT, "SESeal.signedValue: empty signature value"});
  }
  s = SealSpec{};
  s.picture_type = std::string("P\0G", 3);
  out.push_back({"nul_in_text", fixtures::BuildSeal(s).bytes, ESEAL_EFORMAT, "NUL"});
  s = SealSpec{};
  s.create = "20230229000000Z";
  out.push_back({"bad_date", fixtures::BuildSeal(s).bytes, ESEAL_EFORMAT, "out of range"});
  s = SealSpec{};
  s.certs.assign(ESEAL_MAX_CERTS + 1, Bytes(8, 1));
  out.push_back({"too_many_certs", fixtures::BuildSeal(s).bytes, ESEAL_ELIMIT, "number of certificates"});
  s = SealSpec{};
  s.picture.assign(ESEAL_MAX_PICTURE_SIZE + 1, 0);
  out.push_back({"picture_too_big", fixtures::BuildSeal(s).bytes, ESEAL_ELIMIT, "limit of 8388608"});
  s = SealSpec{};
  s.name.assign(ESEAL_MAX_TEXT_SIZE + 1, 'a');
  out.push_back({"name_too_long", fixtures::BuildSeal(s).bytes, ESEAL_ELIMIT, "text size"});
  s = SealSpec{};
  s.certs = {Bytes(ESEAL_MAX_CERT_SIZE + 1, 1)};
  out.push_back({"cert_too_big", fixtures::BuildSeal(s).bytes, ESEAL_ELIMIT, "size exceeds"});
  s = SealSpec{};
  s.extensions.assign(ESEAL_MAX_EXTENSIONS + 1, {"1.2.3", false, {1}});
  s.extensions_form = Form::kUntagged;
  out.push_back({"too_many_extensions", fixtures::BuildSeal(s).bytes, ESEAL_ELIMIT, "number of extensions"});
  Bytes huge(ESEAL_MAX_INPUT_SIZE + 1, 0);
  huge[0] = 0x30;
  out.push_back({"input_too_big", huge, ESEAL_ELIMIT, "input size"});
  return out;
}

TEST(Seal, Refusals) {
  for (const auto &r : Refusals()) {
    SealPtr seal;
    EXPECT_EQ(r.code, ParseSeal(seal, r.bytes)) << r.name;
    EXPECT_EQ(nullptr, seal.p) << r.name;
    const eseal_error *e = eseal_error_last();
    ASSERT_NE(nullptr, e) << r.name;
    EXPECT_EQ(r.code, e->code) << r.name;
    EXPECT_NE(std::string::npos, LastError().find(r.message)) << r.name << ": " << LastError();
  }
}

TEST(Seal, ArgumentsAndOptions) {
  auto good = fixtures::BuildSeal(SealSpec{}).bytes;
  EXPECT_EQ(ESEAL_EINVAL, eseal_seal_parse(nullptr, good.data(), good.size(), nullptr));
  eseal_seal *seal = reinterpret_cast<eseal_seal *>(1);
  EXPECT_EQ(ESEAL_EINVAL, eseal_seal_parse(&seal, nullptr, 10, nullptr));
  EXPECT_EQ(nullptr, seal);
  eseal_parse_options opts = ESEAL_PARSE_OPTIONS_INIT;
  opts.version = 99;
  EXPECT_EQ(ESEAL_EVERSION, eseal_seal_parse(&seal, good.data(), good.size(), &opts));
  opts.version = ESEAL_PARSE_OPTIONS_VERSION;
  opts.flags = 0x80;
  EXPECT_EQ(ESEAL_EINVAL, eseal_seal_parse(&seal, good.data(), good.size(), &opts));
  EXPECT_EQ(ESEAL_EVERSION, eseal_parse_options_init(&opts, 0));
  ASSERT_EQ(0, eseal_parse_options_init(&opts, ESEAL_PARSE_OPTIONS_VERSION));
  EXPECT_EQ(0u, opts.flags);
  EXPECT_EQ(ESEAL_EIO, eseal_seal_parse_file(&seal, "/nonexistent/seal.esl", nullptr));
  EXPECT_NE(std::string::npos, LastError().find("/nonexistent/seal.esl"));
  // Getters accept NULL.
  EXPECT_EQ(nullptr, eseal_seal_esid(nullptr));
  EXPECT_EQ(0u, eseal_seal_cert_count(nullptr));
  EXPECT_EQ(0u, eseal_warnings_count(nullptr));
  EXPECT_EQ(nullptr, eseal_warnings_id(nullptr, 0));
  eseal_seal_free(nullptr);
}

TEST(Sniff, SealSignatureAndOther) {
  eseal_kind kind;
  eseal_format_version format;
  auto seal = fixtures::BuildSeal(SealSpec{}).bytes;
  ASSERT_EQ(0, eseal_sniff(&kind, &format, seal.data(), seal.size()));
  EXPECT_EQ(ESEAL_KIND_SEAL, kind);
  EXPECT_EQ(ESEAL_FORMAT_V4, format);
  fixtures::SigSpec v1;
  v1.format = 1;
  v1.tbs_version = 1;
  v1.seal.format = 1;
  v1.seal.header_version = 1;
  auto sig = fixtures::BuildSignature(v1).bytes;
  ASSERT_EQ(0, eseal_sniff(&kind, &format, sig.data(), sig.size()));
  EXPECT_EQ(ESEAL_KIND_SIGNATURE, kind);
  EXPECT_EQ(ESEAL_FORMAT_V1, format);
  auto other = der::Seq({der::Int(1)});
  EXPECT_EQ(ESEAL_EFORMAT, eseal_sniff(&kind, &format, other.data(), other.size()));
  EXPECT_EQ(ESEAL_KIND_UNKNOWN, kind);
  sig.resize(sig.size() / 2);
  EXPECT_EQ(ESEAL_EFORMAT, eseal_sniff(&kind, &format, sig.data(), sig.size()));
  EXPECT_EQ(ESEAL_KIND_SIGNATURE, kind);
  EXPECT_EQ(ESEAL_FORMAT_UNKNOWN, format);
  EXPECT_STREQ("signature", eseal_kind_name(ESEAL_KIND_SIGNATURE));
  EXPECT_STREQ("V5", eseal_format_name(ESEAL_FORMAT_V5));
}

TEST(Common, VersionErrorsLimits) {
  EXPECT_STREQ(ESEAL_VERSION, eseal_version());
  EXPECT_EQ(static_cast<unsigned>(ESEAL_VERSION_NUMBER), eseal_version_number());
  EXPECT_STREQ("out of memory", eseal_strerror(ESEAL_ENOMEM));
  EXPECT_STREQ("unknown error code", eseal_strerror(-999));
  EXPECT_EQ(static_cast<size_t>(ESEAL_MAX_INPUT_SIZE), eseal_limit(ESEAL_LIMIT_INPUT_SIZE));
  EXPECT_EQ(static_cast<size_t>(ESEAL_MAX_CERTS), eseal_limit(ESEAL_LIMIT_CERTS));
  EXPECT_EQ(0u, eseal_limit(static_cast<eseal_limit_id>(99)));
  eseal_error_clear();
  EXPECT_EQ(nullptr, eseal_error_last());
  eseal_buf empty = ESEAL_BUF_INIT;
  eseal_buf_dispose(&empty);
  eseal_buf_dispose(nullptr);
}

// Elements beyond those the schema names are refused whatever the mode: the
// header's fourth element here stands for any constructed field.
TEST(Seal, ExtraElementsAreRefusedInEveryMode) {
  for (int format : {1, 4}) {
    SealSpec spec;
    spec.format = format;
    spec.header_version = format;
    spec.header_extra = der::Int(7);
    der::Bytes bytes = fixtures::BuildSeal(spec).bytes;
    for (unsigned flags : {0u, static_cast<unsigned>(ESEAL_PARSE_STRICT)}) {
      SealPtr seal;
      EXPECT_EQ(ESEAL_EFORMAT, ParseSeal(seal, bytes, flags)) << format << " " << flags;
      EXPECT_EQ(nullptr, seal.p);
      EXPECT_NE(std::string::npos,
                LastError().find("SESeal.eSealInfo.header: unexpected extra element"))
          << LastError();
    }
  }
}

der::Bytes Joined(std::initializer_list<der::Bytes> parts) { return der::Cat(parts); }

// Bytes after the object: zero padding and other bytes are a counted quirk.
TEST(Trailing, ZerosAndOtherBytesAreCountedQuirks) {
  der::Bytes seal = fixtures::BuildSeal(SealSpec{}).bytes;
  fixtures::SigSpec sig_spec;
  der::Bytes sig = fixtures::BuildSignature(sig_spec).bytes;
  struct Case {
    der::Bytes bytes;
    bool is_signature;
    const char *message;
  };
  const Case cases[] = {
      {Joined({seal, der::Bytes(16, 0)}), false, "16 zero bytes follow the DER object"},
      {Joined({sig, der::Bytes(1, 0)}), true, "1 zero bytes follow the DER object"},
      {Joined({seal, {0x00, 0x00, 0x01}}), false, "3 bytes follow the DER object"},
      {Joined({sig, {0x05, 0x00, 0x30}}), true, "3 bytes follow the DER object"},
      // A SEQUENCE that is no seal or signature (a certificate-like shape).
      {Joined({sig, der::Seq({der::Tlv(0xa0, der::Int(2)), der::Int(1)})}), true,
       "10 bytes follow the DER object"},
  };
  for (const auto &c : cases) {
    const eseal_warnings *w;
    SealPtr s;
    SignaturePtr g;
    if (c.is_signature) {
      ASSERT_EQ(0, ParseSignature(g, c.bytes)) << LastError();
      w = eseal_signature_warnings(g.p);
    } else {
      ASSERT_EQ(0, ParseSeal(s, c.bytes)) << LastError();
      w = eseal_seal_warnings(s.p);
    }
    ASSERT_EQ(1u, eseal_warnings_count(w)) << WarningIds(w);
    EXPECT_STREQ("der.trailing_bytes", eseal_warnings_id(w, 0));
    EXPECT_NE(nullptr, std::strstr(eseal_warnings_message(w, 0), c.message))
        << eseal_warnings_message(w, 0);
    SealPtr strict_seal;
    SignaturePtr strict_sig;
    EXPECT_EQ(ESEAL_EFORMAT, c.is_signature ? ParseSignature(strict_sig, c.bytes, ESEAL_PARSE_STRICT)
                                            : ParseSeal(strict_seal, c.bytes, ESEAL_PARSE_STRICT));
    EXPECT_NE(std::string::npos, LastError().find("der.trailing_bytes")) << LastError();
  }
}

// A seal or signature after the first object, right after it or behind zero
// padding or other bytes, is refused in every mode: another reader could take
// it for the object that was verified, and no signature covers it.
TEST(Trailing, ASecondSealOrSignatureIsRefused) {
  SealSpec v1_seal;
  v1_seal.format = 1;
  v1_seal.header_version = 1;
  fixtures::SigSpec v1_sig;
  v1_sig.format = 1;
  v1_sig.tbs_version = 1;
  v1_sig.seal = v1_seal;
  fixtures::SigSpec quirky_sig;  // carries a quirk: the probe reads in the default mode
  quirky_sig.raw_signature = true;
  SealSpec v5_seal;
  v5_seal.header_version = 5;
  v5_seal.timestamp_form = Form::kExplicit;
  struct Object {
    der::Bytes bytes;
    bool is_signature;
  };
  const Object firsts[] = {{fixtures::BuildSeal(SealSpec{}).bytes, false},
                           {fixtures::BuildSignature(fixtures::SigSpec{}).bytes, true},
                           {fixtures::BuildSeal(v1_seal).bytes, false},
                           {fixtures::BuildSignature(v1_sig).bytes, true}};
  const Object seconds[] = {{fixtures::BuildSeal(SealSpec{}).bytes, false},
                            {fixtures::BuildSignature(fixtures::SigSpec{}).bytes, true},
                            {fixtures::BuildSeal(v1_seal).bytes, false},
                            {fixtures::BuildSeal(v5_seal).bytes, false},
                            {fixtures::BuildSignature(v1_sig).bytes, true},
                            {fixtures::BuildSignature(quirky_sig).bytes, true}};
  // A decoy: a SEQUENCE shaped like a signature that does not parse.
  const der::Bytes decoy = {0x30, 0x03, 0x30, 0x01, 0x02};
  const der::Bytes prefixes[] = {{}, der::Bytes(7, 0), {0x01, 0x02, 0x30, 0x03}, decoy};
  for (const auto &first : firsts) {
    for (const auto &second : seconds) {
      for (const auto &prefix : prefixes) {
        der::Bytes input = Joined({first.bytes, prefix, second.bytes, {0x00, 0x00}});
        std::string where = "(at byte " + std::to_string(first.bytes.size() + prefix.size()) + ")";
        for (unsigned flags : {0u, static_cast<unsigned>(ESEAL_PARSE_STRICT)}) {
          SealPtr s;
          SignaturePtr g;
          EXPECT_EQ(ESEAL_EFORMAT, first.is_signature ? ParseSignature(g, input, flags)
                                                      : ParseSeal(s, input, flags));
          EXPECT_EQ(nullptr, s.p);
          EXPECT_EQ(nullptr, g.p);
          std::string error = LastError();
          EXPECT_NE(std::string::npos, error.find("a second seal/signature follows the first"))
              << error;
          EXPECT_NE(std::string::npos,
                    error.find(second.is_signature ? "a signature (SES_Signature) after"
                                                   : "a seal (SESeal) after"))
              << error;
          EXPECT_NE(std::string::npos, error.find(where)) << where << ": " << error;
        }
      }
    }
  }
}

// A trailing SEQUENCE shaped like a seal that does not parse as one is other bytes.
TEST(Trailing, ALookalikeThatDoesNotParseStaysAQuirk) {
  SealSpec broken;
  broken.create = "20230229000000Z";
  der::Bytes tail = fixtures::BuildSeal(broken).bytes;
  der::Bytes input = Joined({fixtures::BuildSeal(SealSpec{}).bytes, tail});
  SealPtr seal;
  ASSERT_EQ(0, ParseSeal(seal, input)) << LastError();
  const eseal_warnings *w = eseal_seal_warnings(seal.p);
  ASSERT_TRUE(eseal_warnings_has(w, "der.trailing_bytes")) << WarningIds(w);
  std::string expected = std::to_string(tail.size()) + " bytes follow the DER object";
  EXPECT_NE(nullptr, std::strstr(eseal_warnings_message(w, 0), expected.c_str()))
      << eseal_warnings_message(w, 0);
}

}  // namespace
