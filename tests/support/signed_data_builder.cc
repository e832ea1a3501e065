#include "signed_data_builder.h"

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace signed_data {

namespace {

const char kSm3[] = "1.2.156.10197.1.401";
const char kSha256[] = "2.16.840.1.101.3.4.2.1";
const char kSha1[] = "1.3.14.3.2.26";

Bytes AlgId(const std::string &oid) { return der::Seq({der::Oid(oid), der::Tlv(0x05, {})}); }
Bytes Set(const Bytes &contents) { return der::Tlv(0x31, contents); }

}  // namespace

const Bytes kXml = [] {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Signature "
      "xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:SignedInfo>…</ofd:SignedInfo>"
      "<ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>";
  return Bytes(s.begin(), s.end());
}();

const EVP_MD *Md(const std::string &alg) {
  if (alg == "SM2-SM3") return EVP_sm3();
  return alg == "RSA-SHA1" ? EVP_sha1() : EVP_sha256();
}

Bytes Digest(const EVP_MD *md, const Bytes &data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &n, md, nullptr);
  out.resize(n);
  return out;
}

namespace {

Bytes Sign(const Spec &s, const Bytes &msg) {
  if (s.alg == "SM2-SM3") {
    Bytes sig = sm2::Sign(s.signer->key.get(), msg);
    return s.raw_signature ? sm2::ToRaw(sig) : sig;
  }
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  size_t n = 0;
  Bytes sig;
  bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, Md(s.alg), nullptr, s.signer->key.get()) == 1 &&
            EVP_DigestSign(ctx, nullptr, &n, msg.data(), msg.size()) == 1;
  if (ok) {
    sig.resize(n);
    ok = EVP_DigestSign(ctx, sig.data(), &n, msg.data(), msg.size()) == 1;
    sig.resize(n);
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) throw std::runtime_error("signed_data::Build: signing failed");
  return sig;
}

// The SignerIdentifier of a certificate, from its own DER: issuerAndSerialNumber,
// or [0] subjectKeyIdentifier.
Bytes SignerId(const Bytes &cert, bool key_id) {
  const unsigned char *p = cert.data();
  X509 *x = d2i_X509(nullptr, &p, (long)cert.size());
  if (x == nullptr) throw std::runtime_error("signed_data::Build: signer certificate");
  Bytes out;
  if (key_id) {
    const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(x);
    if (ski == nullptr) throw std::runtime_error("signed_data::Build: no subjectKeyIdentifier");
    const uint8_t *id = ASN1_STRING_get0_data(ski);
    out = der::Tlv(0x80, Bytes(id, id + ASN1_STRING_length(ski)));
  } else {
    unsigned char *name = nullptr, *serial = nullptr;
    int nl = i2d_X509_NAME(X509_get_issuer_name(x), &name);
    int sl = i2d_ASN1_INTEGER(X509_get0_serialNumber(x), &serial);
    out = der::Seq({Bytes(name, name + nl), Bytes(serial, serial + sl)});
    OPENSSL_free(name);
    OPENSSL_free(serial);
  }
  X509_free(x);
  return out;
}

Bytes Attributes(const Spec &s, const Bytes &digest, std::optional<int64_t> time) {
  std::string data = s.sm2_oids ? "1.2.156.10197.6.1.4.2.1" : "1.2.840.113549.1.7.1";
  Bytes attrs = der::Seq({der::Oid("1.2.840.113549.1.9.3"),
                          Set(der::Oid(s.attr_content_type.value_or(data)))});
  if (s.message_digest)
    attrs = der::Cat(
        {attrs, der::Seq({der::Oid("1.2.840.113549.1.9.4"), Set(der::Octets(digest))})});
  if (time)
    attrs = der::Cat({attrs, der::Seq({der::Oid("1.2.840.113549.1.9.5"),
                                       Set(der::UtcTime(pki::GenTime(*time).substr(2)))})});
  return attrs;
}

}  // namespace

Bytes Build(const Spec &s) {
  std::string data = s.sm2_oids ? "1.2.156.10197.6.1.4.2.1" : "1.2.840.113549.1.7.1";
  std::string signed_data = s.sm2_oids ? "1.2.156.10197.6.1.4.2.2" : "1.2.840.113549.1.7.2";
  std::string digest_oid = s.alg == "SM2-SM3" ? kSm3 : s.alg == "RSA-SHA1" ? kSha1 : kSha256;
  std::string sig_oid = s.alg == "SM2-SM3"        ? "1.2.156.10197.1.301.1"
                        : s.alg == "ECDSA-SHA256" ? "1.2.840.10045.4.3.2"
                                                  : "1.2.840.113549.1.1.1";
  Bytes content = s.content.value_or(kXml);
  Bytes digest = s.digest_value.value_or(Digest(Md(s.alg), content));
  Bytes signer_info_attrs, signature;
  if (s.attrs) {
    Bytes attrs = Attributes(s, digest, s.signing_time);
    Bytes as_signed = s.signed_time ? Attributes(s, digest, s.signed_time) : attrs;
    signature = Sign(s, Set(as_signed));
    signer_info_attrs = der::Tlv(0xA0, attrs);
  } else {
    signature = Sign(s, content);
  }
  Bytes signer_info = der::Seq({der::Int(s.key_id ? 3 : 1), SignerId(s.signer->cert, s.key_id),
                                AlgId(s.digest_oid.value_or(digest_oid)), signer_info_attrs,
                                AlgId(sig_oid), der::Octets(signature)});
  Bytes encap = s.attached ? der::Seq({der::Oid(data), der::Tlv(0xA0, der::Octets(content))})
                           : der::Seq({der::Oid(data)});
  Bytes certs;
  for (const Bytes &c : s.certs.empty() ? std::vector<Bytes>{s.signer->cert} : s.certs)
    certs = der::Cat({certs, c});
  Bytes sd = der::Seq({der::Int(1), Set(AlgId(digest_oid)), encap, der::Tlv(0xA0, certs),
                       Set(signer_info)});
  return der::Cat({der::Seq({der::Oid(signed_data), der::Tlv(0xA0, sd)}), s.trailing});
}

}  // namespace signed_data
