#include "workflow.h"

#include <openssl/evp.h>

namespace workflow {

const Bytes kDocument = der::Str("<Signature>the protected document</Signature>");

void FillBuilder(eseal_seal_builder *b, const sm2::Identity &signer) {
  static const uint8_t png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4};
  ASSERT_EQ(eseal_seal_builder_set_esid(b, "3301060000001"), 0) << LastError();
  ASSERT_EQ(eseal_seal_builder_set_name(b, "测试合同专用章"), 0) << LastError();
  ASSERT_EQ(eseal_seal_builder_set_type(b, 3), 0) << LastError();
  ASSERT_EQ(eseal_seal_builder_add_signer_cert(b, pki::Cert(signer).get()), 0) << LastError();
  ASSERT_EQ(eseal_seal_builder_set_dates(b, pki::kNow - pki::kDay, pki::kNow - pki::kDay,
                                         pki::kNow + pki::kYear),
            0)
      << LastError();
  ASSERT_EQ(eseal_seal_builder_set_picture(b, "PNG", png, sizeof png, 40, 40), 0) << LastError();
}

int MakeSeal(SealPtr &out, eseal_ctx *ctx, const std::function<void(eseal_seal_builder *)> &tweak,
             const sm2::Identity &maker, const sm2::Identity &signer) {
  BuilderPtr b;
  EXPECT_EQ(eseal_seal_builder_new(&b.p), 0);
  FillBuilder(b.p, signer);
  if (tweak) tweak(b.p);
  return eseal_seal_build(&out.p, ctx, b.p, pki::Key(maker).get(), pki::Cert(maker).get());
}

int Stamp(SignaturePtr &out, eseal_ctx *ctx, const eseal_seal *seal, const sm2::Identity &signer,
          const Bytes &data, eseal_format_version format) {
  DataPtr d;
  EXPECT_EQ(eseal_data_from_bytes(&d.p, data.data(), data.size()), 0);
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  so.format = format;
  so.property_info = "/Doc_0/Signs/Sign_0/Signature.xml";
  return eseal_stamp(&out.p, ctx, seal, pki::Key(signer).get(), pki::Cert(signer).get(), d.p, &so);
}

void MakeStamped(eseal_ctx *ctx, SealPtr &seal, SignaturePtr &sig) {
  ASSERT_EQ(MakeSeal(seal, ctx), 0) << LastError();
  ASSERT_EQ(Stamp(sig, ctx, seal.p), 0) << LastError();
}

Bytes WithTextChanged(const uint8_t *p, size_t len, const std::string &needle, char replacement) {
  Bytes bytes(p, p + len);
  std::string text(bytes.begin(), bytes.end());
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  if (at != std::string::npos) bytes[at] = static_cast<uint8_t>(replacement);
  return bytes;
}

void Verify(ReportPtr &out, eseal_ctx *ctx, const eseal_signature *sig, const Bytes *data,
            const eseal_verify_options *opts) {
  DataPtr d;
  if (data) {
    ASSERT_EQ(eseal_data_from_bytes(&d.p, data->data(), data->size()), 0);
  }
  ASSERT_EQ(eseal_verify(&out.p, ctx, sig, d.p, opts), 0) << LastError();
}

void VerifyBytes(ReportPtr &out, eseal_ctx *ctx, const Bytes &input, const Bytes *data,
                 const eseal_verify_options *opts) {
  DataPtr d;
  if (data) {
    ASSERT_EQ(eseal_data_from_bytes(&d.p, data->data(), data->size()), 0);
  }
  ASSERT_EQ(eseal_verify_bytes(&out.p, ctx, input.data(), input.size(), d.p, opts), 0)
      << LastError();
}

std::string Status(const eseal_report *r, const std::string &id) {
  long i = eseal_report_find_check(r, id.c_str());
  return i < 0 ? "absent" : eseal_check_status_name(eseal_report_check_status(r, (size_t)i));
}

std::string Text(const eseal_report *r) {
  Buf b;
  if (eseal_report_to_text(r, &b.b) != 0) return "(no text)";
  return std::string(reinterpret_cast<const char *>(b.b.ptr), b.b.size);
}

void ExpectVerdict(const eseal_report *r, eseal_indication ind, eseal_sub_indication sub,
                   const std::string &failing) {
  ASSERT_NE(r, nullptr);
  EXPECT_STREQ(eseal_indication_name(eseal_report_indication(r)), eseal_indication_name(ind))
      << Text(r);
  EXPECT_STREQ(eseal_sub_indication_name(eseal_report_sub_indication(r)),
               eseal_sub_indication_name(sub))
      << Text(r);
  long i = eseal_report_find_check(r, failing.c_str());
  ASSERT_GE(i, 0) << failing << " missing\n" << Text(r);
  EXPECT_EQ(eseal_report_check_indication(r, (size_t)i), ind) << failing << "\n" << Text(r);
  EXPECT_EQ(eseal_report_check_sub_indication(r, (size_t)i), sub) << failing << "\n" << Text(r);
}

fixtures::SigSpec CraftedSpec(const sm2::Identity &maker, const sm2::Identity &signer) {
  fixtures::SigSpec s;
  s.seal.maker = &maker;
  s.signer = &signer;
  s.seal.certs = {signer.cert};
  s.seal.create = pki::GenTime(pki::kNow - 30 * pki::kDay);
  s.seal.start = pki::GenTime(pki::kNow - 30 * pki::kDay);
  s.seal.end = pki::GenTime(pki::kNow + pki::kYear);
  s.time = pki::GenTime(pki::kNow + 8 * 3600);
  s.data_hash = Bytes(32);
  unsigned int n = 0;
  EVP_Digest(kDocument.data(), kDocument.size(), s.data_hash.data(), &n, EVP_sm3(), nullptr);
  return s;
}

pki::CertPtr LoadCert(const std::string &path) {
  eseal_cert *c = nullptr;
  EXPECT_EQ(eseal_cert_load_file(&c, path.c_str()), 0) << path << ": " << LastError();
  return pki::CertPtr(c);
}

pki::KeyPtr LoadKey(const std::string &path) {
  eseal_key *k = nullptr;
  EXPECT_EQ(eseal_key_load_file(&k, nullptr, path.c_str(), nullptr), 0)
      << path << ": " << LastError();
  return pki::KeyPtr(k);
}


void MakeSealAndStamp(eseal_ctx *ctx, const PemIdentity &maker, const PemIdentity &signer,
                      int64_t now, SealPtr &seal, SignaturePtr &sig,
                      const eseal_stamp_options *opts, int64_t made) {
  auto maker_key = LoadKey(maker.key_file);
  auto signer_key = LoadKey(signer.key_file);
  ASSERT_TRUE(maker_key && signer_key);
  MakeSealAndStampWithKeys(ctx, maker_key.get(), maker.cert_file, signer_key.get(),
                           signer.cert_file, now, seal, sig, opts, made);
}

void MakeSealAndStampWithKeys(eseal_ctx *ctx, eseal_key *maker_key,
                              const std::string &maker_cert_file, eseal_key *signer_key,
                              const std::string &signer_cert_file, int64_t now, SealPtr &seal,
                              SignaturePtr &sig, const eseal_stamp_options *opts, int64_t made) {
  auto maker_cert = LoadCert(maker_cert_file);
  auto signer_cert = LoadCert(signer_cert_file);
  ASSERT_TRUE(maker_cert && signer_cert);
  BuilderPtr b;
  ASSERT_EQ(eseal_seal_builder_new(&b.p), 0);
  static const uint8_t png[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4};
  ASSERT_EQ(eseal_seal_builder_set_esid(b.p, "3301060000001"), 0) << LastError();
  ASSERT_EQ(eseal_seal_builder_set_name(b.p, "测试合同专用章"), 0) << LastError();
  ASSERT_EQ(eseal_seal_builder_set_type(b.p, 3), 0) << LastError();
  ASSERT_EQ(eseal_seal_builder_add_signer_cert(b.p, signer_cert.get()), 0) << LastError();
  ASSERT_EQ(eseal_seal_builder_set_dates(b.p, now - made, now - made, now + 30 * pki::kDay), 0)
      << LastError();
  ASSERT_EQ(eseal_seal_builder_set_picture(b.p, "PNG", png, sizeof png, 40, 40), 0)
      << LastError();
  eseal_seal_free(seal.p);  // a caller may make a second seal in the same place
  seal.p = nullptr;
  ASSERT_EQ(eseal_seal_build(&seal.p, ctx, b.p, maker_key, maker_cert.get()), 0)
      << LastError();
  DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);
  ASSERT_EQ(eseal_stamp(&sig.p, ctx, seal.p, signer_key, signer_cert.get(), data.p, opts), 0)
      << LastError();
}

}  // namespace workflow
