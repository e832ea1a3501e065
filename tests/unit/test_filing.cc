// Filing identity (doc/filing.md): esID forms, unified social credit codes,
// the filing ExtData, eseal_seal_builder_set_filing() and the seal.filing check.
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "../support/counting_alloc.h"
#include "../support/workflow.h"

extern "C" {
#include "core/dbuf.h"
#include "codec/filing.h"
}

using namespace workflow;
using pki::kNow;
using pki::kYear;

namespace {

const char kAuthority[] = "杭州市公安局西湖区分局";

eseal_filing_info GoodFiling() {
  eseal_filing_info f = ESEAL_FILING_INFO_INIT;
  f.authority = kAuthority;
  f.number = "浙杭公备 2026-0117";
  f.date = "2026-01-05";
  f.credit_code = "91350100M000100Y43";
  return f;
}

Bytes Encode(const eseal_filing_info &f) {
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__filing_encode(&b, &f);
  Bytes out(b.ptr, b.ptr + b.len);
  eseal__dbuf_release(&b);
  return out;
}

// A DER TLV with a short or long length.
Bytes Tlv(uint8_t tag, const Bytes &v) {
  Bytes out{tag};
  if (v.size() < 128) {
    out.push_back(static_cast<uint8_t>(v.size()));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<uint8_t>(v.size() >> 8));
    out.push_back(static_cast<uint8_t>(v.size()));
  }
  out.insert(out.end(), v.begin(), v.end());
  return out;
}
Bytes Utf8(const std::string &s) { return Tlv(0x0c, Bytes(s.begin(), s.end())); }
Bytes Seq(std::initializer_list<Bytes> parts) {
  Bytes v;
  for (const auto &p : parts)
    v.insert(v.end(), p.begin(), p.end());
  return Tlv(0x30, v);
}

std::string ParseWhy(const Bytes &der) {
  eseal__filing f;
  const char *why = nullptr;
  return eseal__filing_parse(der.data(), der.size(), &f, &why) == 0 ? "ok" : why;
}

int BuildFiled(SealPtr &seal, eseal_ctx *ctx, const std::function<void(eseal_seal_builder *)> &t) {
  return MakeSeal(seal, ctx, t);
}

std::string FilingMessage(const eseal_report *r) {
  long i = eseal_report_find_check(r, "seal.filing");
  return i < 0 ? "absent" : eseal_report_check_message(r, static_cast<size_t>(i));
}

}  // namespace

TEST(CreditCode, PublishedCodesAreValid) {
  // The worked example of GB 32100-2015 itself, and two codes published by
  // their companies (Alibaba (China) Co., Ltd.; Shenzhen Tencent Computer Systems).
  for (const char *code : {"91350100M000100Y43", "91330100799655058B", "91440300708461136T"})
    EXPECT_EQ(eseal__credit_code_check(code), ESEAL__CREDIT_OK) << code;
  // Computed here: an ordinary one, and one whose organisation code checks to X.
  EXPECT_EQ(eseal__credit_code_check("91110108123456788E"), ESEAL__CREDIT_OK);
  EXPECT_EQ(eseal__credit_code_check("9232010212345677X6"), ESEAL__CREDIT_OK);
  EXPECT_EQ(eseal__credit_check_char("91350100M000100Y4"), '3');
  EXPECT_EQ(eseal__org_check_char("M000100Y"), '4');
  EXPECT_EQ(eseal__org_check_char("12345677"), 'X');
}

TEST(CreditCode, EachErrorKind) {
  EXPECT_EQ(eseal__credit_code_check(nullptr), ESEAL__CREDIT_LENGTH);
  EXPECT_EQ(eseal__credit_code_check(""), ESEAL__CREDIT_LENGTH);
  EXPECT_EQ(eseal__credit_code_check("91350100M000100Y4"), ESEAL__CREDIT_LENGTH);
  EXPECT_EQ(eseal__credit_code_check("91350100M000100Y433"), ESEAL__CREDIT_LENGTH);
  // I, O, Z, S, V and lower case are outside the alphabet, even where the sum would fit.
  for (const char *code : {"91350100M000100I43", "91350100M000100O43", "91350100M000100Z43",
                           "91350100M000100S43", "91350100M000100V43", "91350100m000100Y43",
                           "91350100M000100Y4-"})
    EXPECT_EQ(eseal__credit_code_check(code), ESEAL__CREDIT_ALPHABET) << code;
  // The standard's own counter-example: Z is not the check character (3 is);
  // then every other wrong check character.
  EXPECT_EQ(eseal__credit_code_check("91350100M000100Y4Z"), ESEAL__CREDIT_ALPHABET);
  std::string code = "91350100M000100Y43";
  for (char c : std::string("0124ABXY")) {
    code[17] = c;
    EXPECT_EQ(eseal__credit_code_check(code.c_str()), ESEAL__CREDIT_CHECK) << code;
  }
  // The 18th character is right for its 17, but the organisation code's check digit is not.
  EXPECT_EQ(eseal__credit_code_check("91350100M000100Y56"), ESEAL__CREDIT_ORG_CHECK);
  // One changed character in the body is caught.
  EXPECT_EQ(eseal__credit_code_check("91350100M000200Y43"), ESEAL__CREDIT_CHECK);
}

TEST(EsidForm, FilingCodesAndOtherForms) {
  eseal__esid_class c;
  eseal__esid_classify("3301060000001", &c);
  EXPECT_EQ(c.form, ESEAL__ESID_FILING_13);
  EXPECT_STREQ(c.area, "330106");
  EXPECT_STREQ(c.serial, "0000001");
  eseal__esid_classify("44030500012345", &c);
  EXPECT_EQ(c.form, ESEAL__ESID_TAX_14);
  EXPECT_STREQ(c.area, "440305");
  EXPECT_STREQ(c.serial, "00012345");
  struct {
    const char *esid, *why;
  } others[] = {
      {"2f0ff8b2-bbc1-433b-9fd1-3a2ef71af28c", "not 13 or 14"},  // a vendor's UUID
      {"9901060000001", "province"},                             // 99 is no province
      {"0001060000001", "province"},
      {"1001060000001", "province"},
      {"33010600A0001", "digits"},
      {"3301060000001 ", "digits"},
      {"330106000001", "not 13 or 14"},
      {"", "not 13 or 14"},
  };
  for (const auto &o : others) {
    eseal__esid_classify(o.esid, &c);
    EXPECT_EQ(c.form, ESEAL__ESID_OTHER) << o.esid;
    EXPECT_NE(std::string(c.why).find(o.why), std::string::npos) << o.esid << ": " << c.why;
  }
  eseal__esid_classify(nullptr, &c);
  EXPECT_EQ(c.form, ESEAL__ESID_OTHER);
  for (const char *p : {"11", "15", "23", "37", "46", "54", "65", "71", "81", "82"})
    EXPECT_TRUE(eseal__province_code(p)) << p;
  for (const char *p : {"10", "16", "20", "24", "38", "47", "55", "66", "72", "80", "83", "9a"})
    EXPECT_FALSE(eseal__province_code(p)) << p;
}

TEST(FilingDate, RealDatesOnly) {
  for (const char *d : {"2026-01-05", "2024-02-29", "2000-02-29", "1999-12-31"})
    EXPECT_TRUE(eseal__filing_date_valid(d)) << d;
  for (const char *d : {"2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
                        "2026-01-00", "2026-1-05", "2026/01/05", "20260105", "2026-01-05Z",
                        "0000-01-01", "２０２６-01-05", ""})
    EXPECT_FALSE(eseal__filing_date_valid(d)) << d;
  EXPECT_FALSE(eseal__filing_date_valid(nullptr));
}

TEST(FilingExtData, RoundTrip) {
  const Bytes der = Encode(GoodFiling());
  eseal__filing f;
  const char *why = nullptr;
  ASSERT_EQ(eseal__filing_parse(der.data(), der.size(), &f, &why), 0) << why;
  EXPECT_STREQ(f.authority, kAuthority);
  EXPECT_STREQ(f.number, "浙杭公备 2026-0117");
  EXPECT_STREQ(f.date, "2026-01-05");
  EXPECT_STREQ(f.credit_code, "91350100M000100Y43");
  // Fields at their limits.
  const std::string auth(ESEAL__FILING_AUTHORITY_MAX, 'a'), num(ESEAL__FILING_NUMBER_MAX, '7');
  EXPECT_EQ(ParseWhy(Seq({Utf8(auth), Utf8(num), Utf8("2026-01-05"), Utf8("91350100M000100Y43")})),
            "ok");
}

TEST(FilingExtData, ForgedValuesAreRefusedWithAReason) {
  const Bytes a = Utf8("Authority"), n = Utf8("N1"), d = Utf8("2026-01-05"),
              c = Utf8("91350100M000100Y43");
  EXPECT_EQ(ParseWhy(Seq({a, n, d, c})), "ok");
  // Wrong types: a PrintableString, an OCTET STRING, a SET around the fields.
  EXPECT_EQ(ParseWhy(Seq({a, Tlv(0x13, {'N', '1'}), d, c})), "a field is not a UTF8String");
  EXPECT_EQ(ParseWhy(Seq({a, n, d, Tlv(0x04, {'9'})})), "a field is not a UTF8String");
  const Bytes fields = Seq({a, n, d, c});
  EXPECT_EQ(ParseWhy(Tlv(0x31, Bytes(fields.begin() + 2, fields.end()))), "not a SEQUENCE");
  // Extra and missing fields.
  EXPECT_EQ(ParseWhy(Seq({a, n, d, c, Utf8("more")})), "more than four fields");
  EXPECT_EQ(ParseWhy(Seq({a, n, d})), "fewer than four fields");
  EXPECT_EQ(ParseWhy(Seq({})), "fewer than four fields");
  // Over-long fields, each one.
  EXPECT_EQ(ParseWhy(Seq({Utf8(std::string(ESEAL__FILING_AUTHORITY_MAX + 1, 'a')), n, d, c})),
            "a field is over-long");
  EXPECT_EQ(ParseWhy(Seq({a, Utf8(std::string(ESEAL__FILING_NUMBER_MAX + 1, '1')), d, c})),
            "a field is over-long");
  EXPECT_EQ(ParseWhy(Seq({a, n, Utf8("2026-01-055"), c})), "a field is over-long");
  EXPECT_EQ(ParseWhy(Seq({a, n, d, Utf8("91350100M000100Y430")})), "a field is over-long");
  // Empty, invalid UTF-8, NUL inside.
  EXPECT_EQ(ParseWhy(Seq({Utf8(""), n, d, c})), "a field is empty or not UTF-8");
  EXPECT_EQ(ParseWhy(Seq({Tlv(0x0c, {0xc3, 0x28}), n, d, c})), "a field is empty or not UTF-8");
  EXPECT_EQ(ParseWhy(Seq({Tlv(0x0c, {'a', 0, 'b'}), n, d, c})), "a field is empty or not UTF-8");
  // Truncated at every length, and trailing bytes.
  const Bytes good = Seq({a, n, d, c});
  for (size_t len = 0; len < good.size(); len++)
    EXPECT_NE(ParseWhy(Bytes(good.begin(), good.begin() + len)), "ok") << len;
  Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_EQ(ParseWhy(trailing), "bytes after the SEQUENCE");
  eseal__filing f;
  const char *why = nullptr;
  EXPECT_EQ(eseal__filing_parse(nullptr, 0, &f, &why), -1);
}

TEST(FilingBuilder, MalformedFilingDataIsRefusedAndNothingChanges) {
  BuilderPtr b;
  ASSERT_EQ(eseal_seal_builder_new(&b.p), 0);
  struct {
    void (*tweak)(eseal_filing_info &);
    int code;
    const char *says;
  } cases[] = {
      {[](eseal_filing_info &f) { f.date = "2026-02-30"; }, ESEAL_EINVAL, "YYYY-MM-DD"},
      {[](eseal_filing_info &f) { f.date = "05/01/2026"; }, ESEAL_EINVAL, "YYYY-MM-DD"},
      {[](eseal_filing_info &f) { f.credit_code = "91350100M000100Y4Z"; }, ESEAL_EINVAL,
       "outside"},
      {[](eseal_filing_info &f) { f.credit_code = "91350100M000100Y42"; }, ESEAL_EINVAL,
       "check character"},
      {[](eseal_filing_info &f) { f.credit_code = "91350100M000100Y56"; }, ESEAL_EINVAL,
       "organisation-code"},
      {[](eseal_filing_info &f) { f.credit_code = "91350100M000100Y4"; }, ESEAL_EINVAL,
       "18 characters"},
      {[](eseal_filing_info &f) { f.number = nullptr; }, ESEAL_EINVAL, "filing number is missing"},
      {[](eseal_filing_info &f) { f.authority = ""; }, ESEAL_EINVAL, "authority is missing"},
      {[](eseal_filing_info &f) {
         static const std::string longer(ESEAL__FILING_AUTHORITY_MAX + 1, 'a');
         f.authority = longer.c_str();
       },
       ESEAL_ELIMIT, "more than 256"},
      {[](eseal_filing_info &f) { f.number = "\xff\xfe"; }, ESEAL_EINVAL, "not UTF-8"},
      {[](eseal_filing_info &f) { f.version = 2; }, ESEAL_EVERSION, "version"},
  };
  for (const auto &c : cases) {
    eseal_filing_info f = GoodFiling();
    c.tweak(f);
    EXPECT_EQ(eseal_seal_builder_set_filing(b.p, &f), c.code) << c.says;
    EXPECT_NE(LastError().find(c.says), std::string::npos) << LastError();
  }
  EXPECT_EQ(eseal_seal_builder_set_filing(b.p, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(eseal_seal_builder_set_filing(nullptr, nullptr), ESEAL_EINVAL);
  // None of the refusals left an ExtData behind.
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(BuildFiled(seal, ctx.get(), [](eseal_seal_builder *builder) {
              eseal_filing_info bad = GoodFiling();
              bad.date = "2026-02-30";
              EXPECT_NE(eseal_seal_builder_set_filing(builder, &bad), 0);
            }),
            0)
      << LastError();
  EXPECT_EQ(eseal_seal_extensions(seal.p), nullptr);
}

TEST(FilingBuilder, RoundTripThroughMakeParseAndReport) {
  for (eseal_format_version format : {ESEAL_FORMAT_V4, ESEAL_FORMAT_V1}) {
    auto ctx = pki::Context();
    SealPtr seal;
    ASSERT_EQ(BuildFiled(seal, ctx.get(),
                         [format](eseal_seal_builder *b) {
                           eseal_seal_builder_set_format(b, format);
                           eseal_filing_info first = GoodFiling();
                           first.number = "replaced";
                           ASSERT_EQ(eseal_seal_builder_set_filing(b, &first), 0);
                           eseal_filing_info f = GoodFiling();
                           ASSERT_EQ(eseal_seal_builder_set_filing(b, &f), 0) << LastError();
                         }),
              0)
        << LastError();
    // Parsed back from the seal's bytes: one non-critical filing ExtData.
    size_t len = 0;
    const uint8_t *p = eseal_seal_bytes(seal.p, &len);
    SealPtr again;
    ASSERT_EQ(ParseSeal(again, Bytes(p, p + len)), 0);
    const eseal_extensions *ext = eseal_seal_extensions(again.p);
    ASSERT_EQ(eseal_extensions_count(ext), 1u);
    EXPECT_STREQ(eseal_extensions_oid(ext, 0), ESEAL__OID_FILING);
    EXPECT_EQ(eseal_extensions_critical(ext, 0), 0);
    const uint8_t *v = eseal_extensions_value(ext, 0, &len);
    eseal__filing f;
    const char *why = nullptr;
    ASSERT_EQ(eseal__filing_parse(v, len, &f, &why), 0) << why;
    EXPECT_STREQ(f.authority, kAuthority);
    EXPECT_STREQ(f.number, "浙杭公备 2026-0117");

    ReportPtr r;
    ASSERT_EQ(eseal_verify_seal(&r.p, ctx.get(), again.p, nullptr), 0) << LastError();
    EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
    EXPECT_EQ(Status(r.p, "seal.filing"), "INFO");
    const std::string m = FilingMessage(r.p);
    EXPECT_NE(m.find("13-digit public-security seal code (area 330106, serial 0000001)"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("filing data present, format valid"), std::string::npos) << m;
    EXPECT_NE(m.find("credit code valid"), std::string::npos) << m;
    const std::string text = Text(r.p);
    EXPECT_NE(text.find(kAuthority), std::string::npos) << text;
    eseal_buf json = ESEAL_BUF_INIT;
    ASSERT_EQ(eseal_report_to_json(r.p, &json), 0);
    const std::string js(reinterpret_cast<const char *>(json.ptr), json.size);
    eseal_buf_dispose(&json);
    EXPECT_NE(js.find("seal.filing"), std::string::npos) << js;
    EXPECT_NE(js.find("91350100M000100Y43"), std::string::npos) << js;
  }
}

TEST(FilingBuilder, InspectJsonCarriesTheFilingData) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(BuildFiled(seal, ctx.get(),
                       [](eseal_seal_builder *b) {
                         eseal_filing_info f = GoodFiling();
                         ASSERT_EQ(eseal_seal_builder_set_filing(b, &f), 0);
                       }),
            0);
  eseal_buf json = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_seal_to_json(&json, seal.p), 0);
  const std::string js(reinterpret_cast<const char *>(json.ptr), json.size);
  eseal_buf_dispose(&json);
  for (const char *part :
       {"\"filing\":{\"esid_form\":\"filing-13\",\"esid_area\":\"330106\",\"esid_serial\":\"0000001\","
        "\"status\":\"present\",\"reason\":null,",
        "\"date\":\"2026-01-05\",\"credit_code\":\"91350100M000100Y43\",\"date_valid\":true,"
        "\"credit_code_check\":\"valid\"}"})
    EXPECT_NE(js.find(part), std::string::npos) << part << "\n" << js;
  // Malformed filing data: the reason, and null fields.
  SealPtr forged;
  const Bytes bad = Seq({Utf8("A")});
  ASSERT_EQ(BuildFiled(forged, ctx.get(),
                       [&bad](eseal_seal_builder *b) {
                         eseal_seal_builder_set_esid(b, "vendor-0001");
                         eseal_seal_builder_add_extension(b, ESEAL__OID_FILING, 0, bad.data(),
                                                          bad.size());
                       }),
            0);
  ASSERT_EQ(eseal_seal_to_json(&json, forged.p), 0);
  const std::string fj(reinterpret_cast<const char *>(json.ptr), json.size);
  eseal_buf_dispose(&json);
  EXPECT_NE(fj.find("\"esid_form\":\"other\",\"esid_area\":null,\"esid_serial\":null,"
                    "\"status\":\"malformed\",\"reason\":\"fewer than four fields\","
                    "\"authority\":null"),
            std::string::npos)
      << fj;
}

TEST(FilingCheck, InfoWithoutFilingDataAndForAnyEsid) {
  for (const char *esid : {"2f0ff8b2-bbc1-433b-9fd1-3a2ef71af28c", "9901060000001",
                           "44030500012345"}) {
    auto ctx = pki::Context();
    SealPtr seal;
    ASSERT_EQ(BuildFiled(seal, ctx.get(),
                         [esid](eseal_seal_builder *b) { eseal_seal_builder_set_esid(b, esid); }),
              0)
        << esid << ": " << LastError();
    ReportPtr r;
    ASSERT_EQ(eseal_verify_seal(&r.p, ctx.get(), seal.p, nullptr), 0);
    EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << esid << Text(r.p);
    EXPECT_EQ(Status(r.p, "seal.filing"), "INFO");
    const std::string m = FilingMessage(r.p);
    EXPECT_NE(m.find("no filing data"), std::string::npos) << m;
    EXPECT_NE(m.find(std::string(esid).size() == 14 ? "14-digit tax-seal code"
                                                     : "esID is not a filing code"),
              std::string::npos)
        << m;
  }
}

// Malformed filing ExtData, signed by the maker: seal.filing says so as a
// WARNING, and the verdict is the one without it.
TEST(FilingCheck, MalformedFilingExtDataWarnsWithoutChangingTheVerdict) {
  const Bytes a = Utf8("A"), n = Utf8("N"), d = Utf8("2026-01-05"), c = Utf8("91350100M000100Y43");
  struct {
    Bytes value;
    const char *says;
  } forged[] = {
      {Seq({a, n, d}), "malformed: fewer than four fields"},
      {Seq({a, n, d, c, c}), "malformed: more than four fields"},
      {Seq({a, Tlv(0x16, {'N'}), d, c}), "malformed: a field is not a UTF8String"},
      {Seq({Utf8(std::string(300, 'a')), n, d, c}), "malformed: a field is over-long"},
      {Bytes{0x30, 0x10, 0x0c}, "malformed"},
      {Utf8("not a sequence"), "malformed: not a SEQUENCE"},
      {Seq({a, n, Utf8("2026-02-30"), c}), "format NOT valid: date not a YYYY-MM-DD date"},
      {Seq({a, n, d, Utf8("91350100M000100Y56")}), "organisation-code check digit"},
  };
  for (const auto &f : forged) {
    auto ctx = pki::Context();
    SealPtr seal;
    ASSERT_EQ(BuildFiled(seal, ctx.get(),
                         [&f](eseal_seal_builder *b) {
                           eseal_seal_builder_add_extension(b, ESEAL__OID_FILING, 0,
                                                            f.value.data(), f.value.size());
                         }),
              0)
        << LastError();
    ReportPtr r;
    ASSERT_EQ(eseal_verify_seal(&r.p, ctx.get(), seal.p, nullptr), 0);
    EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << f.says << Text(r.p);
    EXPECT_EQ(Status(r.p, "seal.filing"), "WARNING") << f.says;
    EXPECT_NE(FilingMessage(r.p).find(f.says), std::string::npos) << FilingMessage(r.p);
  }
  // Two filing ExtDatas: neither is believed.
  auto ctx = pki::Context();
  SealPtr seal;
  const Bytes good = Encode(GoodFiling());
  ASSERT_EQ(BuildFiled(seal, ctx.get(),
                       [&good](eseal_seal_builder *b) {
                         for (int i = 0; i < 2; i++)
                           eseal_seal_builder_add_extension(b, ESEAL__OID_FILING, 0, good.data(),
                                                            good.size());
                       }),
            0);
  ReportPtr r;
  ASSERT_EQ(eseal_verify_seal(&r.p, ctx.get(), seal.p, nullptr), 0);
  EXPECT_EQ(Status(r.p, "seal.filing"), "WARNING");
  EXPECT_NE(FilingMessage(r.p).find("several filing ExtDatas"), std::string::npos);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED);
}

// The check never lifts a failing seal nor sinks a passing one: with filing
// data, the indication and sub-indication are those of the same seal without.
TEST(FilingCheck, NeverChangesTheIndication) {
  for (int64_t at : {kNow, kNow + 2 * kYear}) {  // passing, then expired
    eseal_indication ind[2];
    eseal_sub_indication sub[2];
    for (int filed = 0; filed < 2; filed++) {
      auto ctx = pki::Context();
      SealPtr seal;
      ASSERT_EQ(BuildFiled(seal, ctx.get(),
                           [filed](eseal_seal_builder *b) {
                             eseal_filing_info f = GoodFiling();
                             if (filed) {
                               ASSERT_EQ(eseal_seal_builder_set_filing(b, &f), 0);
                             }
                           }),
                0);
      auto later = pki::Context(at);
      ReportPtr r;
      ASSERT_EQ(eseal_verify_seal(&r.p, later.get(), seal.p, nullptr), 0);
      EXPECT_EQ(Status(r.p, "seal.filing"), "INFO");
      ind[filed] = eseal_report_indication(r.p);
      sub[filed] = eseal_report_sub_indication(r.p);
    }
    EXPECT_EQ(ind[0], ind[1]);
    EXPECT_EQ(sub[0], sub[1]);
    EXPECT_EQ(ind[1], at == kNow ? ESEAL_TOTAL_PASSED : ESEAL_TOTAL_FAILED);
  }
}

TEST(FilingCheck, SignatureReportCarriesIt) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(BuildFiled(seal, ctx.get(),
                       [](eseal_seal_builder *b) {
                         eseal_filing_info f = GoodFiling();
                         ASSERT_EQ(eseal_seal_builder_set_filing(b, &f), 0);
                       }),
            0);
  SignaturePtr sig;
  ASSERT_EQ(Stamp(sig, ctx.get(), seal.p), 0) << LastError();
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
  EXPECT_EQ(Status(r.p, "seal.filing"), "INFO");
  // A broken document still fails, filing data or not.
  const Bytes other = {'x'};
  ReportPtr bad;
  Verify(bad, ctx.get(), sig.p, &other);
  EXPECT_EQ(eseal_report_indication(bad.p), ESEAL_TOTAL_FAILED);
  EXPECT_EQ(Status(bad.p, "seal.filing"), "INFO");
}

// Every allocation refused in turn, with and without filing data set before:
// ESEAL_ENOMEM, and no block left behind once the builder is freed.
TEST(FilingBuilder, EachAllocationFailureIsClean) {
  for (bool replace : {false, true}) {
    for (long n = 0;; n++) {
      counting::Counting c;
      c.fail_at = n;
      ASSERT_EQ(counting::Install(&c), 0);
      eseal_seal_builder *b = nullptr;
      int rc = eseal_seal_builder_new(&b);
      eseal_filing_info first = GoodFiling();
      first.number = "first";
      if (rc == 0 && replace)
        rc = eseal_seal_builder_set_filing(b, &first);
      eseal_filing_info f = GoodFiling();
      if (rc == 0)
        rc = eseal_seal_builder_set_filing(b, &f);
      eseal_seal_builder_free(b);
      eseal_set_allocator(nullptr);
      EXPECT_TRUE(rc == 0 || rc == ESEAL_ENOMEM) << rc << " at allocation " << n;
      EXPECT_EQ(c.live, 0) << "leak when allocation " << n << " failed";
      if (c.calls <= n) {
        EXPECT_EQ(rc, 0);
        break;
      }
      ASSERT_LT(n, 200);
    }
  }
}
