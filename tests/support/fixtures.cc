#include "fixtures.h"

#include <openssl/evp.h>

#include "sm2.h"

namespace fixtures {

using namespace der;

static Bytes ExtData(const Extension &e) {
  Bytes crit = e.critical ? Bool(0xff) : e.explicit_false ? Bool(0x00) : Bytes{};
  return Seq({Oid(e.oid), crit, Octets(e.value)});
}

static Bytes ExtensionList(const std::vector<Extension> &exts, Form form) {
  Bytes items;
  for (const auto &e : exts) {
    Bytes one = ExtData(e);
    items.insert(items.end(), one.begin(), one.end());
  }
  switch (form) {
  case Form::kAbsent: return {};
  case Form::kUntagged: return Tlv(0x30, items);
  case Form::kExplicit: return Tlv(0xa0, Tlv(0x30, items));
  case Form::kImplicit: return Tlv(0xa0, items);
  case Form::kWrapped: return Octets(Tlv(0x30, items));
  }
  return {};
}

static Bytes Timestamp(const Bytes &token, Form form) {
  switch (form) {
  case Form::kExplicit: return Tlv(0xa0, Bits(token));
  case Form::kImplicit: return Tlv(0x80, Cat({Bytes{0}, token}));
  case Form::kUntagged: return Bits(token);
  default: return {};
  }
}

// The digest named in a certDigestList entry: "sha1", "sha256", else SM3.
static Bytes DigestNamed(const std::string &name, const Bytes &data) {
  const EVP_MD *md = name == "sha1" ? EVP_sha1() : name == "sha256" ? EVP_sha256() : EVP_sm3();
  Bytes out(EVP_MD_get_size(md));
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &n, md, nullptr);
  return out;
}

static Bytes SealInfo(const SealSpec &s) {
  bool v1 = s.format == 1;
  std::vector<Bytes> certs = s.certs.empty() ? std::vector<Bytes>{sm2::Signer().cert} : s.certs;
  Bytes list;
  for (const auto &c : certs) {
    Bytes entry = s.cert_list_type == 1   ? Octets(c)
                  : s.cert_list_type == 2 ? Seq({Printable(s.digest_type), Octets(DigestNamed(s.digest_type, c))})
                                          : Ia5(std::string(c.begin(), c.end()));
    list.insert(list.end(), entry.begin(), entry.end());
  }
  auto date = [&](const std::string &t) {
    if (!v1) return GenTime(t);
    return s.v1_generalized_dates ? GenTime(t) : UtcTime(t.substr(2));
  };
  Bytes property = Seq({Int(s.type), Utf8(s.name), v1 ? Bytes{} : Int(s.cert_list_type),
                        Tlv(0x30, list), date(s.create), date(s.start), date(s.end)});
  return Seq({Seq({Ia5(s.header_id), Int(s.header_version), Ia5(s.vid), s.header_extra}),
              Ia5(s.esid), property,
              Seq({Ia5(s.picture_type), Octets(s.picture), Int(s.width), Int(s.height)}),
              ExtensionList(s.extensions, s.extensions_form)});
}

// The TLV at `p` (short or one-byte long form lengths): its header size and contents length.
static void ReadHeader(const Bytes &b, size_t p, size_t *header, size_t *len) {
  *header = b.at(p + 1) == 0x81 ? 3 : 2;
  *len = b.at(p + 1) == 0x81 ? b.at(p + 2) : b.at(p + 1);
}

Bytes WithBerInteger(const Bytes &sig, int zeros) {
  size_t hdr, len, r_hdr, r_len;
  ReadHeader(sig, 0, &hdr, &len);
  ReadHeader(sig, hdr, &r_hdr, &r_len);
  Bytes r(zeros, 0x00);
  r.insert(r.end(), sig.begin() + hdr + r_hdr, sig.begin() + hdr + r_hdr + r_len);
  Bytes rest(sig.begin() + hdr + r_hdr + r_len, sig.end());
  return Tlv(0x30, Cat({Tlv(0x02, r), rest}));
}

static Bytes SignatureValue(const Bytes &der_sig, bool raw, int ber_zeros) {
  if (ber_zeros) return Bits(WithBerInteger(der_sig, ber_zeros));
  return Bits(raw ? sm2::ToRaw(der_sig) : der_sig);
}

Built BuildSeal(const SealSpec &s) {
  const auto &maker = s.maker ? *s.maker : sm2::Maker();
  Built out;
  out.info_or_tbs = SealInfo(s);
  Bytes cert = Octets(maker.cert), alg = Oid(s.algorithm);
  out.signed_range = s.format == 1 ? Seq({out.info_or_tbs, cert, alg}) : out.info_or_tbs;
  Bytes value = s.signature_override.empty() ? sm2::Sign(maker.key.get(), out.signed_range)
                                             : s.signature_override;
  if (s.ber_integer_signature) value = WithBerInteger(value, s.ber_integer_signature);
  if (s.raw_signature) value = sm2::ToRaw(value);
  Bytes sig = Bits(value, s.signature_unused_bits);
  if (s.format == 1) {
    Bytes sign_info = Seq({cert, alg, sig});
    if (s.v1_wrapped_sign_info) sign_info = Bits(sign_info);
    out.bytes = Seq({out.info_or_tbs, sign_info});
  } else {
    out.bytes = Seq({out.info_or_tbs, cert, alg, sig, Timestamp(s.timestamp, s.timestamp_form)});
  }
  out.bytes.insert(out.bytes.end(), s.trailing.begin(), s.trailing.end());
  return out;
}

Built BuildSignature(const SigSpec &s) {
  const auto &signer = s.signer ? *s.signer : sm2::Signer();
  Built out;
  SealSpec seal_spec = s.seal;
  seal_spec.trailing.clear();
  Bytes seal = BuildSeal(seal_spec).bytes;
  out.seal = seal;
  Bytes cert = Octets(signer.cert), alg = Oid(s.algorithm);
  if (s.format == 1) {
    auto bits = [&](const Bytes &b) { return s.v1_octet_strings ? Octets(b) : Bits(b); };
    out.info_or_tbs = Seq({Int(s.tbs_version), s.v1_wrapped_seal ? Octets(seal) : seal,
                           bits(s.v1_time), bits(s.data_hash), Ia5(s.property_info), cert, alg,
                           s.tbs_extra});
  } else {
    out.info_or_tbs = Seq({Int(s.tbs_version), s.v1_wrapped_seal ? Octets(seal) : seal,
                           GenTime(s.time), Bits(s.data_hash), Ia5(s.property_info),
                           ExtensionList(s.extensions, s.extensions_form), s.tbs_extra});
  }
  out.signed_range = out.info_or_tbs;
  Bytes sig = SignatureValue(sm2::Sign(signer.key.get(), out.signed_range), s.raw_signature,
                             s.ber_integer_signature);
  if (s.format == 1)
    out.bytes = Seq({out.info_or_tbs, sig});
  else
    out.bytes = Seq({out.info_or_tbs, cert, alg, sig, Timestamp(s.timestamp, s.timestamp_form)});
  out.bytes.insert(out.bytes.end(), s.trailing.begin(), s.trailing.end());
  return out;
}

static SealSpec V1Seal() {
  SealSpec s;
  s.format = 1;
  s.header_version = 1;
  return s;
}

static SigSpec V1Signature() {
  SigSpec s;
  s.format = 1;
  s.tbs_version = 1;
  s.seal = V1Seal();
  return s;
}

static const std::vector<Extension> kExtensions = {
    {"1.2.156.10197.6.7.2.2.1", false, Str("2.1")},
    {"1.3.6.1.4.1.99999.1", true, {0x04, 0x02, 0xca, 0xfe}},
};

std::vector<Named> CanonicalFixtures() {
  std::vector<Named> out;
  auto seal = [&](const std::string &name, const SealSpec &s) {
    out.push_back({name, BuildSeal(s).bytes, false});
  };
  auto sig = [&](const std::string &name, const SigSpec &s) {
    out.push_back({name, BuildSignature(s).bytes, true});
  };
  seal("v4_seal", SealSpec{});
  SealSpec s = SealSpec{};
  s.extensions = kExtensions;
  s.extensions_form = Form::kUntagged;
  seal("v4_seal_extensions", s);
  s = SealSpec{};
  s.cert_list_type = 2;
  seal("v4_seal_digests", s);
  s = SealSpec{};
  s.header_version = 5;
  seal("v5_seal", s);
  s.timestamp_form = Form::kExplicit;
  seal("v5_seal_timestamp", s);
  seal("v1_seal", V1Seal());
  s = V1Seal();
  s.extensions = kExtensions;
  s.extensions_form = Form::kUntagged;
  s.certs = {sm2::Signer().cert, sm2::Maker().cert};
  seal("v1_seal_extensions", s);

  sig("v4_signature", SigSpec{});
  SigSpec g = SigSpec{};
  g.extensions = kExtensions;
  g.extensions_form = Form::kExplicit;
  g.timestamp_form = Form::kExplicit;
  g.seal.cert_list_type = 2;
  sig("v4_signature_extensions_timestamp", g);
  g = SigSpec{};
  g.seal.header_version = 5;
  g.tbs_version = 5;
  sig("v5_signature", g);
  sig("v1_signature", V1Signature());
  g = V1Signature();
  g.v1_time = UtcTime("240601080000Z");
  sig("v1_signature_utctime", g);
  return out;
}

std::vector<Named> QuirkFixtures() {
  std::vector<Named> out;
  auto seal = [&](const std::string &name, const SealSpec &s) {
    out.push_back({name, BuildSeal(s).bytes, false});
  };
  auto sig = [&](const std::string &name, const SigSpec &s) {
    out.push_back({name, BuildSignature(s).bytes, true});
  };
  SealSpec s;
  s.raw_signature = true;
  seal("signature.raw_rs", s);
  s = SealSpec{};
  s.ber_integer_signature = 1;
  seal("signature.integer_ber", s);
  s = SealSpec{};
  s.trailing = {0x00, 0x00, 0x01};
  seal("der.trailing_bytes", s);
  s = SealSpec{};
  s.extensions = {{"1.2.3.4", false, {1}, true}};
  s.extensions_form = Form::kUntagged;
  seal("der.explicit_default", s);
  s.extensions_form = Form::kExplicit;
  s.extensions[0].explicit_false = false;
  seal("extensions.tagged", s);
  s.extensions_form = Form::kWrapped;
  seal("extensions.wrapped", s);
  s = SealSpec{};
  s.picture_type = "png";
  seal("picture.type_case", s);
  s = V1Seal();
  s.cert_list_type = 3;
  s.certs = {Str("1")};
  seal("v1.cert_id", s);
  s = V1Seal();
  s.v1_wrapped_sign_info = true;
  seal("v1.wrapped_sign_info", s);
  s = V1Seal();
  s.v1_generalized_dates = true;
  seal("v1.generalized_time", s);
  s = SealSpec{};
  s.header_version = 5;
  s.timestamp_form = Form::kImplicit;
  seal("tagging.implicit", s);

  SigSpec g;
  g.extensions = {{"1.3.6.1.5.5.7.1.4", true, {0x30, 0x00}}};
  g.extensions_form = Form::kImplicit;
  sig("tagging.implicit", g);
  g.extensions_form = Form::kUntagged;
  sig("tagging.untagged", g);
  g = SigSpec{};
  g.raw_signature = true;
  sig("signature.raw_rs", g);
  g = SigSpec{};
  g.ber_integer_signature = 1;
  sig("signature.integer_ber", g);
  g = SigSpec{};
  g.trailing = Bytes(16, 0x00);
  sig("der.trailing_bytes", g);
  g = V1Signature();
  g.v1_wrapped_seal = true;
  sig("v1.wrapped_seal", g);
  g = V1Signature();
  g.v1_octet_strings = true;
  sig("v1.octet_string", g);
  g = SigSpec{};
  g.tbs_version = 3;
  sig("version.tbs_mismatch", g);
  g = V1Signature();
  g.v1_time = Str("2024-06-01 16:00:00");
  sig("v1.time_no_zone", g);
  return out;
}

}  // namespace fixtures
