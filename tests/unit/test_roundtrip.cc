// encode(parse(x)) == x for canonical input, and parse(encode(model)) == model.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "../support/fixtures.h"
#include "../support/helpers.h"
#include "../support/sm2.h"
#include "internal.h"

namespace {

using namespace helpers;

class Canonical : public ::testing::TestWithParam<fixtures::Named> {};

TEST_P(Canonical, EncodeGivesBackTheInputByteForByte) {
  const auto &f = GetParam();
  Buf out;
  if (f.is_signature) {
    SignaturePtr sig;
    ASSERT_EQ(0, ParseSignature(sig, f.bytes, ESEAL_PARSE_STRICT)) << LastError();
    EXPECT_TRUE(HasOnlyNotes(eseal_signature_warnings(sig.p)));
    ASSERT_EQ(0, eseal_signature_encode(&out.b, sig.p)) << LastError();
  } else {
    SealPtr seal;
    ASSERT_EQ(0, ParseSeal(seal, f.bytes, ESEAL_PARSE_STRICT)) << LastError();
    EXPECT_EQ(0u, eseal_warnings_count(eseal_seal_warnings(seal.p)));
    ASSERT_EQ(0, eseal_seal_encode(&out.b, seal.p)) << LastError();
  }
  EXPECT_EQ(f.bytes, out.bytes());
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Canonical, ::testing::ValuesIn(fixtures::CanonicalFixtures()),
                         [](const auto &info) { return info.param.name; });

class Quirky : public ::testing::TestWithParam<fixtures::Named> {};

TEST_P(Quirky, EncodeWritesCanonicalDer) {
  const auto &f = GetParam();
  Buf out;
  if (f.is_signature) {
    SignaturePtr sig, again;
    ASSERT_EQ(0, ParseSignature(sig, f.bytes)) << LastError();
    ASSERT_EQ(0, eseal_signature_encode(&out.b, sig.p)) << LastError();
    ASSERT_EQ(0, ParseSignature(again, out.bytes())) << LastError();
    // Encoding quirks are gone; the embedded seal keeps its original bytes (it is signed).
    const eseal_warnings *w = eseal_signature_warnings(again.p);
    for (size_t i = 0; i < eseal_warnings_count(w); i++)
      EXPECT_TRUE(std::string(eseal_warnings_path(w, i)).rfind("SES_Signature.toSign.eseal >", 0) == 0 ||
                  IsContentWarning(eseal_warnings_id(w, i)))
          << f.name << ": " << eseal_warnings_id(w, i);
  } else {
    SealPtr seal, again;
    ASSERT_EQ(0, ParseSeal(seal, f.bytes)) << LastError();
    ASSERT_EQ(0, eseal_seal_encode(&out.b, seal.p)) << LastError();
    ASSERT_EQ(0, ParseSeal(again, out.bytes(), 0)) << LastError();
    const eseal_warnings *w = eseal_seal_warnings(again.p);
    for (size_t i = 0; i < eseal_warnings_count(w); i++)
      EXPECT_TRUE(IsContentWarning(eseal_warnings_id(w, i))) << f.name << ": " << eseal_warnings_id(w, i);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, Quirky, ::testing::ValuesIn(fixtures::QuirkFixtures()),
                         [](const auto &info) {
                           return helpers::TestName((info.param.is_signature ? "sig_" : "seal_") +
                                                    info.param.name);
                         });

// Builds models directly in the internal structs, as the seal maker will.
struct Model {
  eseal_seal *seal = eseal__seal_new();
  ~Model() { eseal_seal_free(seal); }
  char *Text(const char *s) { return eseal__arena_strdup(&seal->arena, s); }
  eseal__bytes Bytes(const der::Bytes &b) {
    return {static_cast<const uint8_t *>(eseal__arena_dup(&seal->arena, b.data(), b.size())), b.size()};
  }
};

void FillSeal(Model &m, eseal_format_version format, eseal_cert_list_type list_type) {
  eseal_seal *s = m.seal;
  s->format = format;
  s->header_id = m.Text("ES");
  s->header_version = format == ESEAL_FORMAT_V1 ? 11 : format;
  s->vendor_id = m.Text("libeseal");
  s->esid = m.Text("110105000000123");
  s->type = 2;
  s->name = m.Text("张三");
  s->cert_list_type = list_type;
  s->cert_count = 2;
  s->certs = static_cast<eseal__cert_entry *>(eseal__arena_alloc(&s->arena, 2 * sizeof *s->certs));
  for (size_t i = 0; i < 2; i++) {
    const auto &cert = i ? sm2::Maker().cert : sm2::Signer().cert;
    s->certs[i].data = list_type == ESEAL_CERT_LIST_IDS ? m.Bytes(der::Str(i ? "b" : "a")) : m.Bytes(cert);
    if (list_type == ESEAL_CERT_LIST_DIGESTS) s->certs[i].digest_type = m.Text("sm3");
  }
  const int64_t dates[] = {1704067200, 1704067200, 2051222399};
  for (int i = 0; i < 3; i++) s->dates[i].utc = dates[i];
  s->picture_type = m.Text("SVG");
  s->picture = m.Bytes(der::Str("<svg xmlns='http://www.w3.org/2000/svg'/>"));
  s->picture_width = 42;
  s->picture_height = 42;
  s->extensions = static_cast<eseal_extensions *>(eseal__arena_alloc(&s->arena, sizeof *s->extensions));
  s->extensions->count = 1;
  s->extensions->items =
      static_cast<eseal__extension *>(eseal__arena_alloc(&s->arena, sizeof *s->extensions->items));
  s->extensions->items[0] = {m.Text("1.2.156.10197.6.7.2.2.1"), 1, m.Bytes(der::Str("2.1"))};
  s->maker_cert = m.Bytes(sm2::Maker().cert);
  s->algorithm = m.Text("1.2.156.10197.1.501");
  if (format == ESEAL_FORMAT_V5) s->timestamp = m.Bytes({0x30, 0x00});
  // Sign what the writer says the maker signs.
  eseal_buf range = ESEAL_BUF_INIT;
  ASSERT_EQ(0, eseal__seal_encode_signed_range(&range, s)) << LastError();
  der::Bytes sig = sm2::Sign(sm2::Maker().key.get(), View(range.ptr, range.size));
  eseal_buf_dispose(&range);
  s->sigval = s->sigval_der = m.Bytes(sig);
  s->sigval_encoding = ESEAL_SIGVAL_DER;
}

void ExpectSameSeal(const eseal_seal *a, const eseal_seal *b) {
  size_t la, lb;
  EXPECT_EQ(eseal_seal_format(a), eseal_seal_format(b));
  EXPECT_STREQ(eseal_seal_header_id(a), eseal_seal_header_id(b));
  EXPECT_EQ(eseal_seal_header_version(a), eseal_seal_header_version(b));
  EXPECT_STREQ(eseal_seal_vendor_id(a), eseal_seal_vendor_id(b));
  EXPECT_STREQ(eseal_seal_esid(a), eseal_seal_esid(b));
  EXPECT_EQ(eseal_seal_type(a), eseal_seal_type(b));
  EXPECT_STREQ(eseal_seal_name(a), eseal_seal_name(b));
  EXPECT_EQ(eseal_seal_cert_list_type(a), eseal_seal_cert_list_type(b));
  ASSERT_EQ(eseal_seal_cert_count(a), eseal_seal_cert_count(b));
  for (size_t i = 0; i < eseal_seal_cert_count(a); i++) {
    const uint8_t *pa = eseal_seal_cert(a, i, &la), *pb = eseal_seal_cert(b, i, &lb);
    EXPECT_EQ(View(pa, la), View(pb, lb));
    const char *da = eseal_seal_cert_digest_type(a, i), *db = eseal_seal_cert_digest_type(b, i);
    EXPECT_EQ(da == nullptr, db == nullptr);
    if (da && db) {
      EXPECT_STREQ(da, db);
    }
  }
  for (int d = ESEAL_SEAL_CREATE_DATE; d <= ESEAL_SEAL_VALID_END; d++)
    EXPECT_EQ(eseal_seal_date_utc(a, static_cast<eseal_seal_date>(d)),
              eseal_seal_date_utc(b, static_cast<eseal_seal_date>(d)));
  EXPECT_STREQ(eseal_seal_picture_type(a), eseal_seal_picture_type(b));
  const uint8_t *pa = eseal_seal_picture_data(a, &la), *pb = eseal_seal_picture_data(b, &lb);
  EXPECT_EQ(View(pa, la), View(pb, lb));
  EXPECT_EQ(eseal_seal_picture_width(a), eseal_seal_picture_width(b));
  EXPECT_EQ(eseal_seal_picture_height(a), eseal_seal_picture_height(b));
  const eseal_extensions *ea = eseal_seal_extensions(a), *eb = eseal_seal_extensions(b);
  ASSERT_EQ(eseal_extensions_count(ea), eseal_extensions_count(eb));
  for (size_t i = 0; i < eseal_extensions_count(ea); i++) {
    EXPECT_STREQ(eseal_extensions_oid(ea, i), eseal_extensions_oid(eb, i));
    EXPECT_EQ(eseal_extensions_critical(ea, i), eseal_extensions_critical(eb, i));
    pa = eseal_extensions_value(ea, i, &la);
    pb = eseal_extensions_value(eb, i, &lb);
    EXPECT_EQ(View(pa, la), View(pb, lb));
  }
  pa = eseal_seal_maker_cert(a, &la);
  pb = eseal_seal_maker_cert(b, &lb);
  EXPECT_EQ(View(pa, la), View(pb, lb));
  EXPECT_STREQ(eseal_seal_algorithm(a), eseal_seal_algorithm(b));
  pa = eseal_seal_signature_value_der(a, &la);
  pb = eseal_seal_signature_value_der(b, &lb);
  EXPECT_EQ(View(pa, la), View(pb, lb));
  pa = eseal_seal_timestamp(a, &la);
  pb = eseal_seal_timestamp(b, &lb);
  EXPECT_EQ(View(pa, la), View(pb, lb));
}

struct ModelCase {
  eseal_format_version format;
  eseal_cert_list_type list_type;
};

class SealModel : public ::testing::TestWithParam<ModelCase> {};

TEST_P(SealModel, ParseOfEncodeGivesTheModelBack) {
  Model m;
  FillSeal(m, GetParam().format, GetParam().list_type);
  Buf encoded;
  ASSERT_EQ(0, eseal_seal_encode(&encoded.b, m.seal)) << LastError();
  SealPtr parsed;
  // Certificate IDs are a V1 vendor variant, which strict mode refuses.
  unsigned flags = GetParam().list_type == ESEAL_CERT_LIST_IDS ? 0 : ESEAL_PARSE_STRICT;
  ASSERT_EQ(0, ParseSeal(parsed, encoded.bytes(), flags)) << LastError();
  ExpectSameSeal(m.seal, parsed.p);
  // The writer's signed range is exactly what the parser exposes as signed.
  size_t len, sig_len;
  const uint8_t *msg = eseal_seal_signed_bytes(parsed.p, &len);
  const uint8_t *sig = eseal_seal_signature_value_der(parsed.p, &sig_len);
  EXPECT_TRUE(sm2::Verify(sm2::Maker().cert, View(msg, len), View(sig, sig_len)));
}

INSTANTIATE_TEST_SUITE_P(Variants, SealModel,
                         ::testing::Values(ModelCase{ESEAL_FORMAT_V4, ESEAL_CERT_LIST_CERTS},
                                           ModelCase{ESEAL_FORMAT_V4, ESEAL_CERT_LIST_DIGESTS},
                                           ModelCase{ESEAL_FORMAT_V5, ESEAL_CERT_LIST_CERTS},
                                           ModelCase{ESEAL_FORMAT_V1, ESEAL_CERT_LIST_CERTS},
                                           ModelCase{ESEAL_FORMAT_V1, ESEAL_CERT_LIST_IDS}));

TEST(SealModel, RefusesWhatTheFormatCannotHold) {
  Model m;
  FillSeal(m, ESEAL_FORMAT_V4, ESEAL_CERT_LIST_CERTS);
  Buf out;
  m.seal->cert_list_type = ESEAL_CERT_LIST_IDS;
  EXPECT_EQ(ESEAL_EINVAL, eseal_seal_encode(&out.b, m.seal));
  m.seal->cert_list_type = ESEAL_CERT_LIST_CERTS;
  m.seal->algorithm = m.Text("not.an.oid");
  EXPECT_EQ(ESEAL_EINVAL, eseal_seal_encode(&out.b, m.seal));
  m.seal->algorithm = m.Text("1.2.156.10197.1.501");
  m.seal->format = ESEAL_FORMAT_V1;
  m.seal->dates[2].utc = 2524608000;  // 2050: beyond UTCTime
  EXPECT_EQ(ESEAL_EINVAL, eseal_seal_encode(&out.b, m.seal));
  EXPECT_NE(std::string::npos, LastError().find("UTCTime"));
  EXPECT_EQ(nullptr, out.b.ptr);
  EXPECT_EQ(ESEAL_EINVAL, eseal_seal_encode(nullptr, m.seal));
}

TEST(SignatureModel, ParseOfEncodeGivesTheModelBack) {
  for (eseal_format_version format : {ESEAL_FORMAT_V4, ESEAL_FORMAT_V1}) {
    Model m;
    FillSeal(m, format, ESEAL_CERT_LIST_CERTS);
    Buf seal_bytes;
    ASSERT_EQ(0, eseal_seal_encode(&seal_bytes.b, m.seal));
    eseal_signature *g = eseal__signature_new();
    ASSERT_EQ(0, eseal_seal_parse(&g->seal, seal_bytes.b.ptr, seal_bytes.b.size, nullptr));
    auto dup = [&](const der::Bytes &b) {
      return eseal__bytes{static_cast<const uint8_t *>(eseal__arena_dup(&g->arena, b.data(), b.size())), b.size()};
    };
    g->format = format;
    g->tbs_version = format == ESEAL_FORMAT_V1 ? 1 : 4;
    g->has_time = 1;
    g->time_utc = 1717228800;
    g->time_raw = dup(der::Str("2024-06-01T08:00:00Z"));
    g->data_hash = dup(der::Bytes(32, 0x42));
    g->property_info = eseal__arena_strdup(&g->arena, "/Doc_0/Signs/Sign_0/Signature.xml");
    g->signer_cert = dup(sm2::Signer().cert);
    g->algorithm = eseal__arena_strdup(&g->arena, "1.2.156.10197.1.501");
    eseal__dbuf tbs = ESEAL__DBUF_INIT;
    ASSERT_EQ(0, eseal__signature_encode_tbs(&tbs, g));
    g->sigval = g->sigval_der = dup(sm2::Sign(sm2::Signer().key.get(), View(tbs.ptr, tbs.len)));
    g->sigval_encoding = ESEAL_SIGVAL_DER;
    Buf encoded;
    ASSERT_EQ(0, eseal_signature_encode(&encoded.b, g)) << LastError();
    SignaturePtr parsed;
    ASSERT_EQ(0, ParseSignature(parsed, encoded.bytes(), ESEAL_PARSE_STRICT)) << LastError();
    size_t la, lb;
    EXPECT_EQ(format, eseal_signature_format(parsed.p));
    EXPECT_EQ(g->tbs_version, eseal_signature_tbs_version(parsed.p));
    int64_t t;
    ASSERT_EQ(0, eseal_signature_time(parsed.p, &t));
    EXPECT_EQ(1717228800, t);
    const uint8_t *pa = eseal_signature_data_hash(parsed.p, &la);
    EXPECT_EQ(der::Bytes(32, 0x42), View(pa, la));
    EXPECT_STREQ(g->property_info, eseal_signature_property_info(parsed.p));
    pa = eseal_signature_signer_cert(parsed.p, &la);
    EXPECT_EQ(sm2::Signer().cert, View(pa, la));
    pa = eseal_seal_bytes(eseal_signature_seal(parsed.p), &la);
    EXPECT_EQ(seal_bytes.bytes(), View(pa, la));
    pa = eseal_signature_tbs_bytes(parsed.p, &la);
    EXPECT_EQ(View(tbs.ptr, tbs.len), View(pa, la));
    const uint8_t *pb = eseal_signature_value_der(parsed.p, &lb);
    EXPECT_TRUE(sm2::Verify(sm2::Signer().cert, View(pa, la), View(pb, lb)));
    eseal__dbuf_release(&tbs);
    eseal_signature_free(g);
  }
}

}  // namespace
