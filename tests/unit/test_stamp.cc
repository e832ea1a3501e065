// The seal maker, the pre-stamp checks, keys, the crypto backend interface and pictures.
#include <cstring>

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include <eseal/sys/crypto_backend.h>

#include "../support/fixtures.h"
#include "../support/workflow.h"

extern "C" {
#include "stamp/data.h"
}

using namespace workflow;
using pki::kDay;
using pki::kNow;
using pki::kYear;

namespace {

// Stamps and asserts a refusal with `code` that produced nothing.
void ExpectRefused(eseal_ctx *ctx, const eseal_seal *seal, const sm2::Identity &signer, int code) {
  SignaturePtr sig;
  sig.p = reinterpret_cast<eseal_signature *>(0x1);  // must be reset to NULL
  int rc = Stamp(sig, ctx, seal, signer);
  EXPECT_EQ(rc, code) << eseal_strerror(rc) << ": " << LastError();
  EXPECT_EQ(sig.p, nullptr);
}

int BuildWith(SealPtr &out, const std::function<void(eseal_seal_builder *)> &tweak,
              const sm2::Identity &maker = pki::Maker()) {
  auto ctx = pki::Context();
  return MakeSeal(out, ctx.get(), tweak, maker);
}

}  // namespace

TEST(PreStamp, SignerNotInTheSealIsRefused) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0);
  static const auto other = pki::Issue("Other Signer", pki::CertOptions(), &pki::Root());
  ExpectRefused(ctx.get(), seal.p, other, ESEAL_ENOTBOUND);
}

TEST(PreStamp, SealOutsideItsValidityIsRefused) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0);
  auto later = pki::Context(kNow + 2 * kYear);
  ExpectRefused(later.get(), seal.p, pki::Signer(), ESEAL_ESEALTIME);
  auto earlier = pki::Context(kNow - 2 * kDay);
  ExpectRefused(earlier.get(), seal.p, pki::Signer(), ESEAL_ESEALTIME);
}

TEST(PreStamp, SignerCertificateNotValidOrNotForSigningIsRefused) {
  pki::CertOptions expired;
  expired.not_after = kNow - kDay;
  static const auto old_signer = pki::Issue("Old Signer", expired, &pki::Root());
  pki::CertOptions no_usage;
  no_usage.key_usage = 0x20;
  static const auto enc_signer = pki::Issue("Encryption Signer", no_usage, &pki::Root());
  for (const sm2::Identity *signer : {&old_signer, &enc_signer}) {
    auto ctx = pki::Context();
    SealPtr seal;
    ASSERT_EQ(MakeSeal(seal, ctx.get(), {}, pki::Maker(), *signer), 0) << LastError();
    ExpectRefused(ctx.get(), seal.p, *signer, ESEAL_ECERT);
  }
}

TEST(PreStamp, SealWithABrokenMakerSignatureIsRefused) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0);
  size_t len = 0;
  const uint8_t *p = eseal_seal_bytes(seal.p, &len);
  SealPtr broken;
  ASSERT_EQ(ParseSeal(broken, WithTextChanged(p, len, "3301060000001", '9')), 0);
  ExpectRefused(ctx.get(), broken.p, pki::Signer(), ESEAL_EBADSEAL);
}

TEST(PreStamp, KeyOfAnotherCertificateIsRefused) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0);
  DataPtr d;
  ASSERT_EQ(eseal_data_from_bytes(&d.p, kDocument.data(), kDocument.size()), 0);
  eseal_signature *sig = nullptr;
  EXPECT_EQ(eseal_stamp(&sig, ctx.get(), seal.p, pki::Key(pki::Maker()).get(),
                        pki::Cert(pki::Signer()).get(), d.p, nullptr),
            ESEAL_ECRYPTO);
  EXPECT_EQ(sig, nullptr);
}

TEST(PreStamp, ContextChecksRunLastAndCanRefuse) {
  struct Seen {
    int calls = 0;
    int64_t time = 0;
    const eseal_seal *seal = nullptr;
  } seen;
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0);
  auto frozen = [](void *payload, const eseal_ctx *, const eseal_seal *s, const eseal_cert *,
                   int64_t t) {
    auto *seen = static_cast<Seen *>(payload);
    seen->calls++;
    seen->time = t;
    seen->seal = s;
    return eseal_stamp_check_refuse(ESEAL_ERROR, "the seal is frozen");
  };
  ASSERT_EQ(eseal_ctx_add_stamp_check(ctx.get(), "freeze", frozen, &seen), 0);
  ExpectRefused(ctx.get(), seal.p, pki::Signer(), ESEAL_ERROR);
  EXPECT_NE(LastError().find("freeze"), std::string::npos) << LastError();
  EXPECT_NE(LastError().find("the seal is frozen"), std::string::npos) << LastError();
  EXPECT_EQ(seen.calls, 1);
  EXPECT_EQ(seen.time, kNow);
  EXPECT_EQ(seen.seal, seal.p);
  // A built-in refusal comes first: the context check is not reached.
  static const auto other = pki::Issue("Other Signer", pki::CertOptions(), &pki::Root());
  ExpectRefused(ctx.get(), seal.p, other, ESEAL_ENOTBOUND);
  EXPECT_EQ(seen.calls, 1);
}

TEST(PreStamp, FormatMustMatchTheSeal) {
  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0);
  SignaturePtr sig;
  EXPECT_EQ(Stamp(sig, ctx.get(), seal.p, pki::Signer(), kDocument, ESEAL_FORMAT_V1),
            ESEAL_EINVAL);
  EXPECT_EQ(sig.p, nullptr);
}

TEST(SealMaker, RefusesBadElementsAndMakers) {
  SealPtr seal;
  pki::CertOptions expired;
  expired.not_after = kNow - 2 * kDay;
  static const auto old_maker = pki::Issue("Old Maker", expired, &pki::Root());
  EXPECT_EQ(BuildWith(seal, {}, old_maker), ESEAL_ECERT) << LastError();
  pki::CertOptions no_usage;
  no_usage.key_usage = 0x20;
  static const auto enc_maker = pki::Issue("Encryption Maker", no_usage, &pki::Root());
  EXPECT_EQ(BuildWith(seal, {}, enc_maker), ESEAL_ECERT) << LastError();
  EXPECT_EQ(BuildWith(seal,
                      [](eseal_seal_builder *b) {
                        eseal_seal_builder_set_format(b, ESEAL_FORMAT_V1);
                        eseal_seal_builder_set_cert_list_type(b, ESEAL_CERT_LIST_DIGESTS);
                      }),
            ESEAL_EINVAL);
  EXPECT_EQ(seal.p, nullptr);

  BuilderPtr b;
  ASSERT_EQ(eseal_seal_builder_new(&b.p), 0);
  EXPECT_EQ(eseal_seal_builder_set_dates(b.p, kNow, kNow + kDay, kNow + kDay), ESEAL_EINVAL);
  EXPECT_EQ(eseal_seal_builder_set_dates(b.p, kNow, kNow + kDay, kNow), ESEAL_EINVAL);
  EXPECT_EQ(eseal_seal_builder_set_dates(b.p, kNow + 2 * kDay, kNow, kNow + kDay), ESEAL_EINVAL);
  const uint8_t png[4] = {1, 2, 3, 4};
  EXPECT_EQ(eseal_seal_builder_set_picture(b.p, "TIFF", png, 4, 40, 40), ESEAL_EINVAL);
  EXPECT_EQ(eseal_seal_builder_set_picture(b.p, "PNG", png, 4, 0, 40), ESEAL_EINVAL);
  std::vector<uint8_t> huge(ESEAL_MAX_PICTURE_SIZE + 1);
  EXPECT_EQ(eseal_seal_builder_set_picture(b.p, "png", huge.data(), huge.size(), 40, 40),
            ESEAL_ELIMIT);
  EXPECT_EQ(eseal_seal_builder_set_type(b.p, 0), ESEAL_EINVAL);
  EXPECT_EQ(eseal_seal_builder_set_esid(b.p, ""), ESEAL_EINVAL);
  EXPECT_EQ(eseal_seal_builder_set_esid(b.p, "印章"), ESEAL_EINVAL);
  EXPECT_EQ(eseal_seal_builder_add_extension(b.p, "not.an.oid", 0, png, 4), ESEAL_EINVAL);
  // Missing elements are named.
  auto ctx = pki::Context();
  eseal_seal *out = nullptr;
  EXPECT_EQ(eseal_seal_build(&out, ctx.get(), b.p, pki::Key(pki::Maker()).get(),
                             pki::Cert(pki::Maker()).get()),
            ESEAL_EINVAL);
  EXPECT_NE(LastError().find("esID"), std::string::npos) << LastError();
  EXPECT_EQ(out, nullptr);
  // A key that is not the maker certificate's.
  FillBuilder(b.p, pki::Signer());
  EXPECT_EQ(eseal_seal_build(&out, ctx.get(), b.p, pki::Key(pki::Signer()).get(),
                             pki::Cert(pki::Maker()).get()),
            ESEAL_ECRYPTO);
  EXPECT_EQ(out, nullptr);
}

TEST(SealMaker, ElementsRoundTrip) {
  SealPtr seal;
  ASSERT_EQ(BuildWith(seal,
                      [](eseal_seal_builder *b) {
                        const uint8_t v[] = {0x0c, 0x02, 'o', 'k'};
                        eseal_seal_builder_add_extension(b, "1.2.156.1.2", 1, v, sizeof v);
                        eseal_seal_builder_set_vendor(b, "Vendor X");
                      }),
            0)
      << LastError();
  EXPECT_STREQ(eseal_seal_esid(seal.p), "3301060000001");
  EXPECT_STREQ(eseal_seal_name(seal.p), "测试合同专用章");
  EXPECT_STREQ(eseal_seal_vendor_id(seal.p), "Vendor X");
  EXPECT_EQ(eseal_seal_type(seal.p), 3);
  EXPECT_EQ(eseal_seal_date_utc(seal.p, ESEAL_SEAL_VALID_END), kNow + kYear);
  EXPECT_STREQ(eseal_seal_picture_type(seal.p), "PNG");
  const eseal_extensions *ext = eseal_seal_extensions(seal.p);
  ASSERT_NE(ext, nullptr);
  EXPECT_STREQ(eseal_extensions_oid(ext, 0), "1.2.156.1.2");
  EXPECT_EQ(eseal_extensions_critical(ext, 0), 1);
  EXPECT_EQ(eseal_warnings_count(eseal_seal_warnings(seal.p)), 0u);
}

TEST(SealMaker, EcdsaAndRsaMakersAndSigners) {
  for (const char *type : {"EC", "RSA"}) {
    pki::CertOptions o;
    o.key_type = type;
    const auto maker = pki::Issue(std::string(type) + " Maker", o, &pki::Root());
    const auto signer = pki::Issue(std::string(type) + " Signer", o, &pki::Root());
    auto ctx = pki::Context();
    SealPtr seal;
    ASSERT_EQ(MakeSeal(seal, ctx.get(), {}, maker, signer), 0) << type << ": " << LastError();
    SignaturePtr sig;
    ASSERT_EQ(Stamp(sig, ctx.get(), seal.p, signer), 0) << type << ": " << LastError();
    ReportPtr r;
    Verify(r, ctx.get(), sig.p, &kDocument);
    ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
    EXPECT_NE(Text(r.p).find(std::string(type) == "EC" ? "ECDSA-SHA256" : "RSA-SHA256"),
              std::string::npos)
        << Text(r.p);
  }
}

// A backend in the style of an SM2 token: it signs e = SM3(Z ‖ M) computed by the
// library and returns raw r ‖ s.
namespace {

struct Token {
  EVP_PKEY *key;
  int signs = 0;
};

const char *TokenAlgorithm(const eseal_crypto_backend *, void *) { return "SM2-SM3"; }
eseal_sign_input TokenInput(const eseal_crypto_backend *, void *) {
  return ESEAL_SIGN_INPUT_DIGEST;
}
int TokenPublicKey(const eseal_crypto_backend *, void *key, eseal_buf *spki) {
  unsigned char *der = nullptr;
  int n = i2d_PUBKEY(static_cast<Token *>(key)->key, &der);
  int rc = eseal_buf_set(spki, der, (size_t)n);
  OPENSSL_free(der);
  return rc;
}
int TokenSign(const eseal_crypto_backend *, void *key, const uint8_t *in, size_t len,
              const uint8_t *, size_t, eseal_buf *out) {
  auto *t = static_cast<Token *>(key);
  if (len != 32) return ESEAL_ECRYPTO;
  t->signs++;
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(t->key, nullptr);
  unsigned char sig[128];
  size_t n = sizeof sig;
  int ok = EVP_PKEY_sign_init(pctx) == 1 && EVP_PKEY_sign(pctx, sig, &n, in, len) == 1;
  EVP_PKEY_CTX_free(pctx);
  if (!ok) return ESEAL_ECRYPTO;
  Bytes raw = sm2::ToRaw(Bytes(sig, sig + n));
  return eseal_buf_set(out, raw.data(), raw.size());
}

}  // namespace

TEST(CryptoBackend, DigestSigningTokenStampsVerifiableSignatures) {
  Token token{pki::Signer().key.get()};
  eseal_crypto_backend be;
  eseal_crypto_backend_init(&be);
  be.name = "test-token";
  be.key_algorithm = TokenAlgorithm;
  be.sign_input = TokenInput;
  be.public_key = TokenPublicKey;
  be.sign = TokenSign;
  eseal_key *raw = nullptr;
  ASSERT_EQ(eseal_key_from_backend(&raw, &be, &token), 0) << LastError();
  pki::KeyPtr key(raw);
  EXPECT_STREQ(eseal_key_backend_name(raw), "test-token");
  EXPECT_EQ(eseal_key_matches_cert(raw, pki::Cert(pki::Signer()).get()), 1);

  auto ctx = pki::Context();
  SealPtr seal;
  ASSERT_EQ(MakeSeal(seal, ctx.get()), 0);
  DataPtr d;
  ASSERT_EQ(eseal_data_from_bytes(&d.p, kDocument.data(), kDocument.size()), 0);
  SignaturePtr sig;
  ASSERT_EQ(eseal_stamp(&sig.p, ctx.get(), seal.p, raw, pki::Cert(pki::Signer()).get(), d.p,
                        nullptr),
            0)
      << LastError();
  EXPECT_EQ(token.signs, 1);
  // The library stored DER, and OpenSSL verifies it over the TBS with the standard ID.
  EXPECT_EQ(eseal_signature_value_encoding(sig.p), ESEAL_SIGVAL_DER);
  size_t tbs_len = 0, sig_len = 0;
  const uint8_t *tbs = eseal_signature_tbs_bytes(sig.p, &tbs_len);
  const uint8_t *value = eseal_signature_value(sig.p, &sig_len);
  EXPECT_TRUE(sm2::Verify(pki::Signer().cert, Bytes(tbs, tbs + tbs_len),
                          Bytes(value, value + sig_len)));
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
}

TEST(CryptoBackend, TablesAreChecked) {
  eseal_crypto_backend be = ESEAL_CRYPTO_BACKEND_INIT;
  eseal_key *k = nullptr;
  EXPECT_EQ(eseal_key_from_backend(&k, &be, nullptr), ESEAL_EINVAL);
  be.version = 42;
  EXPECT_EQ(eseal_key_from_backend(&k, &be, nullptr), ESEAL_EVERSION);
  EXPECT_EQ(k, nullptr);
}

TEST(Keys, EncryptedPkcs8AndPkcs12) {
  EVP_PKEY *pkey = pki::Signer().key.get();
  BIO *bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(bio, pkey, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                          (void *)"secret"),
            1);
  char *pem = nullptr;
  long n = BIO_get_mem_data(bio, &pem);
  Bytes encrypted(pem, pem + n);
  BIO_free(bio);
  eseal_key *k = nullptr;
  EXPECT_EQ(eseal_key_load(&k, nullptr, encrypted.data(), encrypted.size(), "wrong"),
            ESEAL_EPASSWORD);
  EXPECT_EQ(eseal_key_load(&k, nullptr, encrypted.data(), encrypted.size(), nullptr),
            ESEAL_EPASSWORD);
  ASSERT_EQ(eseal_key_load(&k, nullptr, encrypted.data(), encrypted.size(), "secret"), 0)
      << LastError();
  EXPECT_STREQ(eseal_key_algorithm(k), "SM2-SM3");
  eseal_key_free(k);

  const unsigned char *p = pki::Signer().cert.data();
  X509 *x = d2i_X509(nullptr, &p, (long)pki::Signer().cert.size());
  PKCS12 *p12 = PKCS12_create("p12pass", "signer", pkey, x, nullptr, 0, 0, 0, 0, 0);
  ASSERT_NE(p12, nullptr);
  unsigned char *der = nullptr;
  int len = i2d_PKCS12(p12, &der);
  Bytes p12_bytes(der, der + len);
  OPENSSL_free(der);
  PKCS12_free(p12);
  X509_free(x);
  eseal_cert *cert = nullptr;
  EXPECT_EQ(eseal_key_load(&k, &cert, p12_bytes.data(), p12_bytes.size(), "nope"),
            ESEAL_EPASSWORD);
  ASSERT_EQ(eseal_key_load(&k, &cert, p12_bytes.data(), p12_bytes.size(), "p12pass"), 0)
      << LastError();
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(eseal_key_matches_cert(k, cert), 1);
  size_t cert_len = 0;
  const uint8_t *cert_der = eseal_cert_der(cert, &cert_len);
  EXPECT_EQ(Bytes(cert_der, cert_der + cert_len), pki::Signer().cert);
  eseal_cert_free(cert);
  eseal_key_free(k);

  for (const Bytes &junk : {Bytes{}, der::Str("-----BEGIN PRIVATE KEY-----\nAAAA\n"),
                            Bytes{0x30, 0x03, 0x02, 0x01, 0x00}}) {
    EXPECT_EQ(eseal_key_load(&k, nullptr, junk.data(), junk.size(), nullptr), ESEAL_EFORMAT);
    EXPECT_EQ(k, nullptr);
  }
}

TEST(Certificates, LoadPemAndDerAndRejectJunk) {
  eseal_cert *c = nullptr;
  const Bytes &der = pki::Signer().cert;
  ASSERT_EQ(eseal_cert_load(&c, der.data(), der.size()), 0);
  EXPECT_NE(std::string(eseal_cert_subject(c)).find("CN=Test Signer"), std::string::npos);
  EXPECT_NE(std::string(eseal_cert_issuer(c)).find("CN=Test Root"), std::string::npos);
  EXPECT_EQ(eseal_cert_not_after(c), kNow + 3 * kYear);
  EXPECT_STREQ(eseal_cert_key_algorithm(c), "SM2-SM3");
  eseal_cert_free(c);
  Bytes junk = der;
  junk.push_back(0);
  EXPECT_EQ(eseal_cert_load(&c, junk.data(), junk.size()), ESEAL_EFORMAT);
  EXPECT_EQ(c, nullptr);
}

TEST(Picture, SvgIsDeterministicAndCarriesTheElements) {
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.organisation = "杭州示例科技有限公司";
  o.name = "合同专用章";
  o.code = "3301060000001";
  o.diameter_mm = 40;
  Buf a, b;
  ASSERT_EQ(eseal_picture_svg(&a.b, &o), 0) << LastError();
  ASSERT_EQ(eseal_picture_svg(&b.b, &o), 0);
  EXPECT_EQ(a.bytes(), b.bytes());
  std::string svg(a.b.ptr, a.b.ptr + a.b.size);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find("width=\"40mm\""), std::string::npos);
  // Glyph outlines, not text a viewer sets in its own fonts: ring, star, 10 + 5 + 13 glyphs.
  EXPECT_EQ(svg.find("<text"), std::string::npos);
  size_t paths = 0;
  for (size_t at = svg.find("<path"); at != std::string::npos; at = svg.find("<path", at + 1))
    paths++;
  EXPECT_EQ(paths, 2u + 10 + 5 + 13);
  o.organisation = "A&B <Co>";
  Buf escaped;
  ASSERT_EQ(eseal_picture_svg(&escaped.b, &o), 0);
  std::string e(escaped.b.ptr, escaped.b.ptr + escaped.b.size);
  EXPECT_EQ(e.find("<Co"), std::string::npos);
  EXPECT_EQ(e.find("A&B"), std::string::npos);
  o.shape = ESEAL_PICTURE_OVAL;
  o.organisation = nullptr;
  o.code = nullptr;
  o.name = "张三";
  Buf oval;
  ASSERT_EQ(eseal_picture_svg(&oval.b, &o), 0) << LastError();
  EXPECT_NE(std::string(oval.b.ptr, oval.b.ptr + oval.b.size).find("<path"), std::string::npos);
}

TEST(Picture, BadOptionsAreRefused) {
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  Buf out;
  EXPECT_EQ(eseal_picture_svg(&out.b, &o), ESEAL_EINVAL);  // no organisation
  o.organisation = "Org";
  o.diameter_mm = 5;
  EXPECT_EQ(eseal_picture_svg(&out.b, &o), ESEAL_EINVAL);
  o.diameter_mm = 42;
  o.color = "red";
  EXPECT_EQ(eseal_picture_svg(&out.b, &o), ESEAL_EINVAL);
  o.color = nullptr;
  o.shape = ESEAL_PICTURE_RECTANGLE;
  o.name = "这个名字实在是太长了啊";
  EXPECT_EQ(eseal_picture_svg(&out.b, &o), ESEAL_EINVAL);
  o.version = 3;
  EXPECT_EQ(eseal_picture_svg(&out.b, &o), ESEAL_EVERSION);
  EXPECT_EQ(out.b.ptr, nullptr);
}

TEST(Picture, DrawnFromTheBuilderElements) {
  SealPtr seal;
  ASSERT_EQ(BuildWith(seal,
                      [](eseal_seal_builder *b) {
                        eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
                        ASSERT_EQ(eseal_seal_builder_draw_picture(b, &o), 0) << LastError();
                      }),
            0)
      << LastError();
  EXPECT_STREQ(eseal_seal_picture_type(seal.p), "SVG");
  EXPECT_EQ(eseal_seal_picture_width(seal.p), 42);
  size_t len = 0;
  const uint8_t *p = eseal_seal_picture_data(seal.p, &len);
  std::string svg(p, p + len);
  // The same bytes as drawing O=测试单位, the seal's name and its esID directly.
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.organisation = "测试单位";
  o.name = "测试合同专用章";
  o.code = eseal_seal_esid(seal.p);
  Buf direct;
  ASSERT_EQ(eseal_picture_svg(&direct.b, &o), 0) << LastError();
  EXPECT_EQ(svg, std::string(direct.b.ptr, direct.b.ptr + direct.b.size));
}

namespace {

const char *const kNoDigest =
    "no hash of the data (a dataHash of that length matches no supported digest: SHA-1 has 20 "
    "bytes, SM3 and SHA-256 have 32)";

Bytes Digest(const EVP_MD *md, const Bytes &data) {
  Bytes out(EVP_MD_size(md));
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &n, md, nullptr);
  return out;
}

// eseal__data_matches() on `data_hash`; *name gets the phrase it gave.
int Matches(const eseal_data *d, const Bytes &data_hash, std::string *name) {
  const char *n = nullptr;
  int rc = eseal__data_matches(d, data_hash.data(), data_hash.size(), &n);
  EXPECT_NE(n, nullptr);
  *name = n ? n : "";
  return rc;
}

Bytes Flipped(Bytes b, size_t i) {
  b.at(i) ^= 0x01;
  return b;
}

}  // namespace

// A precomputed hash matches that hash only: same length, every byte.
TEST(Data, PrecomputedHashMatchesOnlyItselfAtEachAcceptedLength) {
  for (size_t len : {20, 32, 48}) {
    Bytes given(len);
    for (size_t i = 0; i < len; i++) given[i] = static_cast<uint8_t>(0x30 + i);
    DataPtr d;
    ASSERT_EQ(eseal_data_from_hash(&d.p, given.data(), given.size()), 0) << LastError();
    std::string name;
    EXPECT_EQ(Matches(d.p, given, &name), 1) << len;
    EXPECT_EQ(name, "the given precomputed hash");
    EXPECT_EQ(Matches(d.p, Flipped(given, 0), &name), 0) << len;
    EXPECT_EQ(Matches(d.p, Flipped(given, len - 1), &name), 0) << len;
    EXPECT_EQ(name, "the given precomputed hash");
    // The given hash plus zero bytes, and the given hash less its last byte.
    Bytes longer = given;
    longer.resize(len + 16, 0x00);
    EXPECT_EQ(Matches(d.p, longer, &name), 0) << len;
    EXPECT_EQ(name, "the given precomputed hash, which has another length");
    EXPECT_EQ(Matches(d.p, Bytes(given.begin(), given.end() - 1), &name), 0) << len;
  }
  for (size_t len : {0, 1, 19, 31, 33, 64, 100}) {
    DataPtr d;
    Bytes hash(len + 1, 0x11);
    EXPECT_EQ(eseal_data_from_hash(&d.p, hash.data(), len), ESEAL_EINVAL) << len;
    EXPECT_EQ(d.p, nullptr);
  }
}

// Data given as bytes is compared with its hash of the dataHash's length, and
// the name says which; a length no supported digest has names none.
TEST(Data, TheNameSaysWhatWasCompared) {
  DataPtr d;
  ASSERT_EQ(eseal_data_from_bytes(&d.p, kDocument.data(), kDocument.size()), 0);
  std::string name;
  EXPECT_EQ(Matches(d.p, Digest(EVP_sm3(), kDocument), &name), 1);
  EXPECT_EQ(name, "the SM3 hash of the data");
  EXPECT_EQ(Matches(d.p, Digest(EVP_sha256(), kDocument), &name), 1);
  EXPECT_EQ(name, "the SHA-256 hash of the data");
  EXPECT_EQ(Matches(d.p, Digest(EVP_sha1(), kDocument), &name), 1);
  EXPECT_EQ(name, "the SHA-1 hash of the data");
  EXPECT_EQ(Matches(d.p, Flipped(Digest(EVP_sm3(), kDocument), 31), &name), 0);
  EXPECT_EQ(name, "the SM3 and SHA-256 hashes of the data");
  EXPECT_EQ(Matches(d.p, Flipped(Digest(EVP_sha1(), kDocument), 0), &name), 0);
  EXPECT_EQ(name, "the SHA-1 hash of the data");
  for (size_t len : {0, 1, 19, 21, 31, 33, 48, 64, 100}) {
    Bytes hash = Digest(EVP_sha512(), kDocument);
    hash.resize(len, 0x00);
    EXPECT_EQ(Matches(d.p, hash, &name), 0) << len;
    EXPECT_EQ(name, kNoDigest) << len;
  }
}

// Through the verifier: a signature whose dataHash has each accepted length,
// checked against the right precomputed hash and a wrong one.
TEST(Data, AWrongPrecomputedHashFailsVerification) {
  for (size_t len : {20, 32, 48}) {
    fixtures::SigSpec s;
    s.seal.maker = &pki::Maker();
    s.signer = &pki::Signer();
    s.seal.certs = {pki::Signer().cert};
    s.seal.create = pki::GenTime(kNow - 30 * kDay);
    s.seal.start = s.seal.create;
    s.seal.end = pki::GenTime(kNow + kYear);
    s.time = pki::GenTime(kNow + 3600);
    s.data_hash = Bytes(len);
    for (size_t i = 0; i < len; i++) s.data_hash[i] = static_cast<uint8_t>(0xc0 ^ i);
    Bytes input = fixtures::BuildSignature(s).bytes;
    auto ctx = pki::Context(kNow + kDay);
    auto verify = [&](ReportPtr &r, const Bytes &hash) {
      DataPtr d;
      ASSERT_EQ(eseal_data_from_hash(&d.p, hash.data(), hash.size()), 0);
      ASSERT_EQ(eseal_verify_bytes(&r.p, ctx.get(), input.data(), input.size(), d.p, nullptr), 0)
          << LastError();
    };
    ReportPtr right;
    verify(right, s.data_hash);
    EXPECT_EQ(Status(right.p, "data.hash"), "OK") << len << "\n" << Text(right.p);
    EXPECT_EQ(Status(right.p, "signature.value"), "OK") << len;
    if (len == 32)
      ExpectVerdict(right.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "data.hash");
    for (const Bytes &wrong : {Flipped(s.data_hash, 0), Flipped(s.data_hash, len - 1)}) {
      ReportPtr r;
      verify(r, wrong);
      ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "data.hash");
      EXPECT_EQ(Status(r.p, "signature.value"), "OK") << len;
    }
    // The dataHash's first bytes, as a hash of a shorter accepted length, do not match either.
    if (len > 20) {
      ReportPtr prefix;
      verify(prefix, Bytes(s.data_hash.begin(), s.data_hash.begin() + (len == 32 ? 20 : 32)));
      ExpectVerdict(prefix.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_HASH_FAILURE, "data.hash");
    }
  }
}
