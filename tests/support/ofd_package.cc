#include "ofd_package.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <unistd.h>
#include <zip.h>

extern "C" {
#include "crypto/digest.h"
}

namespace ofd {

Bytes Text(const std::string &s) { return Bytes(s.begin(), s.end()); }
std::string Str(const Bytes &b) { return std::string(b.begin(), b.end()); }

Bytes Zip(const Entries &entries, bool stored) {
  char path[] = "/tmp/eseal-ofd-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  int err = 0;
  zip_t *z = zip_open(path, ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr) << err;
  if (z == nullptr) return {};
  for (const auto &e : entries) {
    zip_source_t *src = zip_source_buffer(z, e.second.data(), e.second.size(), 0);
    zip_int64_t i = zip_file_add(z, e.first.c_str(), src, ZIP_FL_ENC_RAW);
    EXPECT_GE(i, 0) << e.first << ": " << zip_strerror(z);
    if (i < 0) {
      zip_source_free(src);
      continue;
    }
    if (stored) zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
  }
  EXPECT_EQ(zip_close(z), 0) << zip_strerror(z);
  std::ifstream in(path, std::ios::binary);
  Bytes out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unlink(path);
  return out;
}

Entries Unzip(const Bytes &zip) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(zip.data(), zip.size(), 0, &err);
  zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &err);
  EXPECT_NE(z, nullptr);
  Entries out;
  if (z == nullptr) {
    zip_source_free(src);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
    zip_stat_t st;
    zip_stat_index(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st);
    Bytes data(st.size);
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
    if (st.size) {
      EXPECT_EQ(zip_fread(f, data.data(), st.size), (zip_int64_t)st.size);
    }
    zip_fclose(f);
    out.emplace_back(st.name, data);
  }
  zip_discard(z);
  return out;
}

static std::string Base64(const uint8_t *p, size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(&out[0]), p, (int)n);
  out.resize((size_t)len);
  return out;
}

std::string Digest64(const Bytes &data, const std::string &md) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), d, &n, EVP_get_digestbyname(md.c_str()), nullptr);
  return Base64(d, n);
}

// SM3(Z ‖ data) with the signer's key: CheckMethod 1.2.156.10197.1.401.2 as dms360 writes it.
static std::string DigestWithZ(const Bytes &data) {
  const Bytes &cert = pki::Signer().cert;
  const unsigned char *p = cert.data();
  X509 *x = d2i_X509(nullptr, &p, (long)cert.size());
  uint8_t z[32];
  EXPECT_EQ(eseal__sm2_z(X509_get0_pubkey(x), (const uint8_t *)"1234567812345678", 16, z), 0);
  X509_free(x);
  Bytes all(sizeof z + data.size());
  std::copy(z, z + sizeof z, all.begin());
  std::copy(data.begin(), data.end(), all.begin() + sizeof z);
  return Digest64(all);
}

static const char kNs[] = "http://www.ofdspec.org/2016";

Doc Doc::Basic(bool annotations) {
  Doc d;
  d.files["OFD.xml"] = Text(std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:OFD xmlns:ofd=\"") + kNs +
      "\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID>"
      "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
      "<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>\n");
  d.files["Doc_0/Document.xml"] = Text(std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Document xmlns:ofd=\"") +
      kNs + "\"><ofd:CommonData><ofd:MaxUnitID>10</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
      "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
      "<ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages>" +
      (annotations ? "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>" : "") +
      "</ofd:Document>\n");
  d.files["Doc_0/PublicRes.xml"] = Text(std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Res xmlns:ofd=\"") + kNs +
      "\" BaseLoc=\"Res\"><ofd:MultiMedias><ofd:MultiMedia ID=\"5\" Type=\"Image\"><ofd:MediaFile>"
      "image_5.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>\n");
  d.files["Doc_0/Res/image_5.png"] = Text("\x89PNG\r\n\x1a\n not really a picture");
  d.files["Doc_0/Pages/Page_0/Content.xml"] = Text(std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Page xmlns:ofd=\"") +
      kNs + "\"><ofd:Content><ofd:Layer ID=\"2\"><ofd:TextObject ID=\"3\" Boundary=\"10 10 100 10\" "
      "Font=\"4\" Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\">Pay 100 yuan</ofd:TextCode></ofd:TextObject>"
      "<ofd:ImageObject ID=\"6\" ResourceID=\"5\" Boundary=\"10 30 20 20\" CTM=\"20 0 0 20 0 0\"/>"
      "</ofd:Layer></ofd:Content></ofd:Page>\n");
  return d;
}

void Doc::WriteList() {
  std::string x = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signatures xmlns:ofd=\"") + kNs +
                  "\"><ofd:MaxSignId>" + std::to_string(sigs.size()) + "</ofd:MaxSignId>";
  for (const auto &s : sigs)
    x += "<ofd:Signature ID=\"" + s.first + "\" Type=\"Seal\" BaseLoc=\"/Doc_0/Signs/" + s.second +
         "/Signature.xml\"/>";
  files["Doc_0/Signs/Signatures.xml"] = Text(x + "</ofd:Signatures>\n");
}

void Doc::Sign(eseal_ctx *ctx, const eseal_seal *seal, const std::string &id, const std::string &dir,
               const std::vector<std::string> &skip, bool cover_list, const std::string &check_method) {
  sigs.emplace_back(id, dir);
  WriteList();
  const std::string folder = "Doc_0/Signs/" + dir + "/";
  size_t seal_len = 0;
  const uint8_t *seal_bytes = eseal_seal_bytes(seal, &seal_len);
  files[folder + "Seal.esl"] = Bytes(seal_bytes, seal_bytes + seal_len);
  std::string refs;
  for (const auto &f : files) {
    bool skipped = false;
    for (const auto &s : skip) skipped |= s == f.first;
    if (skipped || (!cover_list && f.first == "Doc_0/Signs/Signatures.xml")) continue;
    std::string value = check_method == "1.2.156.10197.1.401.2" ? DigestWithZ(f.second)
                        : check_method == "MD5"                 ? Digest64(f.second, "MD5")
                        : check_method == "SHA1"                ? Digest64(f.second, "SHA1")
                                                                 : Digest64(f.second);
    refs += "<ofd:Reference FileRef=\"/" + f.first + "\"><ofd:CheckValue>" + value +
            "</ofd:CheckValue></ofd:Reference>\n";
  }
  std::string method = check_method.empty() ? "" : " CheckMethod=\"" + check_method + "\"";
  std::string xml = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Signature xmlns:ofd=\"") + kNs +
      "\"><ofd:SignedInfo><ofd:Provider ProviderName=\"libeseal tests\" Version=\"1\"/>"
      "<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod>"
      "<ofd:SignatureDateTime>20260101000000Z</ofd:SignatureDateTime>\n<ofd:References" + method + ">\n" +
      refs + "</ofd:References><ofd:StampAnnot ID=\"1\" PageRef=\"1\" Boundary=\"10 10 40 40\"/>"
      "<ofd:Seal><ofd:BaseLoc>Seal.esl</ofd:BaseLoc></ofd:Seal></ofd:SignedInfo>"
      "<ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>\n";
  Resign(ctx, seal, dir, xml);
}

void Doc::Resign(eseal_ctx *ctx, const eseal_seal *seal, const std::string &dir, const std::string &xml) {
  const std::string folder = "Doc_0/Signs/" + dir + "/";
  files[folder + "Signature.xml"] = Text(xml);
  workflow::DataPtr d;
  ASSERT_EQ(eseal_data_from_bytes(&d.p, files[folder + "Signature.xml"].data(), xml.size()), 0);
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  std::string property = "/" + folder + "Signature.xml";
  so.property_info = property.c_str();
  helpers::SignaturePtr sig;
  ASSERT_EQ(eseal_stamp(&sig.p, ctx, seal, pki::Key(pki::Signer()).get(), pki::Cert(pki::Signer()).get(),
                        d.p, &so), 0) << helpers::LastError();
  size_t len = 0;
  const uint8_t *p = eseal_signature_bytes(sig.p, &len);
  files[folder + "SignedValue.dat"] = Bytes(p, p + len);
}

Bytes Doc::Package() const {
  Entries e(files.begin(), files.end());
  return Zip(e);
}

void Verify(OfdReportPtr &out, eseal_ctx *ctx, const Bytes &zip, const eseal_ofd_verify_options *opts) {
  ASSERT_EQ(eseal_ofd_verify_bytes(&out.p, ctx, zip.data(), zip.size(), opts), 0) << helpers::LastError();
}

std::string SigStatus(const eseal_ofd_report *r, long i, const std::string &id) {
  const eseal_report *rep = i < 0 ? eseal_ofd_report_document(r) : eseal_ofd_report_signature(r, (size_t)i);
  long k = eseal_report_find_check(rep, id.c_str());
  return k < 0 ? "absent" : eseal_check_status_name(eseal_report_check_status(rep, (size_t)k));
}

std::string Message(const eseal_report *r, const std::string &id) {
  long k = eseal_report_find_check(r, id.c_str());
  return k < 0 ? "" : eseal_report_check_message(r, (size_t)k);
}

std::string ReportText(const eseal_ofd_report *r) {
  eseal_buf b = ESEAL_BUF_INIT;
  if (eseal_ofd_report_to_text(r, &b) != 0) return "(no text)";
  std::string s(reinterpret_cast<char *>(b.ptr), b.size);
  eseal_buf_dispose(&b);
  return s;
}

}  // namespace ofd
