#include "crl_builder.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace crl_builder {

namespace {

void Check(int ok, const char *what) {
  if (ok <= 0) throw std::runtime_error(std::string("OpenSSL: ") + what);
}

ASN1_TIME *Time(int64_t t) {
  ASN1_TIME *out = ASN1_TIME_set(nullptr, static_cast<time_t>(t));
  if (out == nullptr) throw std::runtime_error("ASN1_TIME_set");
  return out;
}

GENERAL_NAMES *DirNames(const std::vector<std::string> &cns) {
  GENERAL_NAMES *names = GENERAL_NAMES_new();
  for (const auto &cn : cns) {
    GENERAL_NAME *g = GENERAL_NAME_new();
    GENERAL_NAME_set0_value(g, GEN_DIRNAME, Name(cn));
    sk_GENERAL_NAME_push(names, g);
  }
  return names;
}

// fullName URIs, or a name relative to the CRL issuer when `relative_cn` is set; null for neither.
DIST_POINT_NAME *DpName(const std::vector<std::string> &uris, const std::string &relative_cn) {
  if (uris.empty() && relative_cn.empty()) return nullptr;
  DIST_POINT_NAME *n = DIST_POINT_NAME_new();
  if (!relative_cn.empty()) {
    n->type = 1;
    n->name.relativename = sk_X509_NAME_ENTRY_new_null();
    sk_X509_NAME_ENTRY_push(n->name.relativename,
                            X509_NAME_ENTRY_create_by_txt(nullptr, "CN", MBSTRING_UTF8,
                                                          reinterpret_cast<const unsigned char *>(
                                                              relative_cn.c_str()),
                                                          -1));
    return n;
  }
  n->type = 0;
  n->name.fullname = GENERAL_NAMES_new();
  for (const auto &uri : uris) {
    ASN1_IA5STRING *s = ASN1_IA5STRING_new();
    ASN1_STRING_set(s, uri.data(), static_cast<int>(uri.size()));
    GENERAL_NAME *g = GENERAL_NAME_new();
    GENERAL_NAME_set0_value(g, GEN_URI, s);
    sk_GENERAL_NAME_push(n->name.fullname, g);
  }
  return n;
}

ASN1_BIT_STRING *Reasons(const std::vector<int> &bits) {
  if (bits.empty()) return nullptr;
  ASN1_BIT_STRING *s = ASN1_BIT_STRING_new();
  for (int b : bits) ASN1_BIT_STRING_set_bit(s, b, 1);
  return s;
}

ASN1_INTEGER *Integer(long v) {
  ASN1_INTEGER *i = ASN1_INTEGER_new();
  ASN1_INTEGER_set(i, v);
  return i;
}

X509_EXTENSION *UnknownCritical() {
  ASN1_OBJECT *oid = OBJ_txt2obj("1.3.6.1.4.1.55555.7.1", 1);
  ASN1_OCTET_STRING *value = ASN1_OCTET_STRING_new();
  ASN1_OCTET_STRING_set(value, reinterpret_cast<const unsigned char *>("\x05\x00"), 2);
  X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(nullptr, oid, 1, value);
  ASN1_OBJECT_free(oid);
  ASN1_OCTET_STRING_free(value);
  return ext;
}

// An EVP_MD_CTX ready to sign with `key` (SM3 and the SM2 ID for SM2 keys, SHA-256 otherwise).
struct Signing {
  EVP_MD_CTX *md = nullptr;
  EVP_PKEY_CTX *pctx = nullptr;
  Signing(EVP_PKEY *key, const std::string &id) {
    bool sm2 = EVP_PKEY_is_a(key, "SM2");
    md = EVP_MD_CTX_new();
    pctx = EVP_PKEY_CTX_new(key, nullptr);
    if (sm2) Check(EVP_PKEY_CTX_set1_id(pctx, id.data(), id.size()), "SM2 ID");
    EVP_MD_CTX_set_pkey_ctx(md, pctx);
    Check(EVP_DigestSignInit(md, nullptr, sm2 ? EVP_sm3() : EVP_sha256(), nullptr, key),
          "DigestSignInit");
  }
  ~Signing() {
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
  }
};

}  // namespace

X509_NAME *Name(const std::string &cn) {
  X509_NAME *n = X509_NAME_new();
  X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char *>("libeseal tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char *>(cn.c_str()), -1, -1, 0);
  return n;
}

Key NewKey(const std::string &type) {
  EVP_PKEY *k = nullptr;
  if (type == "RSA") k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
  else if (type == "EC") k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  else if (type == "SM2") k = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
  if (k == nullptr) throw std::runtime_error("key generation: " + type);
  return Key(k, KeyFree());
}

Cert IssueCert(const CertSpec &spec, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
               const std::string &sm2_id) {
  Cert x(X509_new(), CertFree());
  X509 *c = x.get();
  Check(X509_set_version(c, 2), "version");
  ASN1_INTEGER *serial = Integer(spec.serial);
  X509_set_serialNumber(c, serial);
  ASN1_INTEGER_free(serial);
  X509_NAME *subject = Name(spec.cn);
  X509_set_subject_name(c, subject);
  X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : subject);
  X509_NAME_free(subject);
  ASN1_TIME *nb = Time(spec.not_before), *na = Time(spec.not_after);
  X509_set1_notBefore(c, nb);
  X509_set1_notAfter(c, na);
  ASN1_TIME_free(nb);
  ASN1_TIME_free(na);
  Check(X509_set_pubkey(c, key), "pubkey");

  BASIC_CONSTRAINTS *bc = BASIC_CONSTRAINTS_new();
  bc->ca = spec.ca ? 0xFF : 0;
  X509_add1_ext_i2d(c, NID_basic_constraints, bc, 1, X509V3_ADD_DEFAULT);
  BASIC_CONSTRAINTS_free(bc);
  int ku = spec.key_usage >= 0 ? spec.key_usage
                               : (spec.ca ? KU_KEY_CERT_SIGN | KU_CRL_SIGN : KU_DIGITAL_SIGNATURE);
  if (ku != 0) {
    ASN1_BIT_STRING *bits = ASN1_BIT_STRING_new();
    for (int i = 0; i < 8; i++)
      if (ku & (0x80 >> i)) ASN1_BIT_STRING_set_bit(bits, i, 1);
    X509_add1_ext_i2d(c, NID_key_usage, bits, 1, X509V3_ADD_DEFAULT);
    ASN1_BIT_STRING_free(bits);
  }
  if (spec.skid) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    Check(X509_pubkey_digest(c, EVP_sha1(), md, &len), "key digest");
    ASN1_OCTET_STRING *id = ASN1_OCTET_STRING_new();
    ASN1_OCTET_STRING_set(id, md, static_cast<int>(len));
    X509_add1_ext_i2d(c, NID_subject_key_identifier, id, 0, X509V3_ADD_DEFAULT);
    ASN1_OCTET_STRING_free(id);
  }
  if (!spec.crldps.empty()) {
    CRL_DIST_POINTS *dps = sk_DIST_POINT_new_null();
    for (const auto &p : spec.crldps) {
      DIST_POINT *dp = DIST_POINT_new();
      dp->distpoint = DpName(p.uris, p.relative_cn);
      dp->reasons = Reasons(p.reasons);
      if (!p.crl_issuers.empty()) dp->CRLissuer = DirNames(p.crl_issuers);
      sk_DIST_POINT_push(dps, dp);
    }
    X509_add1_ext_i2d(c, NID_crl_distribution_points, dps, 0, X509V3_ADD_DEFAULT);
    CRL_DIST_POINTS_free(dps);
  }
  if (spec.ocsp_signing) {
    EXTENDED_KEY_USAGE *eku = sk_ASN1_OBJECT_new_null();
    sk_ASN1_OBJECT_push(eku, OBJ_nid2obj(NID_OCSP_sign));
    X509_add1_ext_i2d(c, NID_ext_key_usage, eku, 0, X509V3_ADD_DEFAULT);
    sk_ASN1_OBJECT_free(eku);
  }
  if (spec.ocsp_nocheck) {
    ASN1_NULL *null = ASN1_NULL_new();
    X509_add1_ext_i2d(c, NID_id_pkix_OCSP_noCheck, null, 0, X509V3_ADD_DEFAULT);
    ASN1_NULL_free(null);
  }
  Signing s(issuer ? issuer_key : key, sm2_id);
  Check(X509_sign_ctx(c, s.md), "certificate signature");
  // Back through DER, as a relying party would hold it.
  unsigned char *der = nullptr;
  int len = i2d_X509(c, &der);
  const unsigned char *p = der;
  Cert out(d2i_X509(nullptr, &p, len), CertFree());
  OPENSSL_free(der);
  return out;
}

Crl MakeCrl(const CrlSpec &spec, X509 *signer, EVP_PKEY *key) {
  Crl holder(X509_CRL_new(), CrlFree());
  X509_CRL *c = holder.get();
  Check(X509_CRL_set_version(c, 1), "CRL version");
  if (spec.issuer_cn.empty()) {
    X509_CRL_set_issuer_name(c, X509_get_subject_name(signer));
  } else {
    X509_NAME *n = Name(spec.issuer_cn);
    X509_CRL_set_issuer_name(c, n);
    X509_NAME_free(n);
  }
  ASN1_TIME *tu = nullptr;
  if (!spec.this_update_raw.empty()) {
    tu = ASN1_TIME_new();
    ASN1_STRING_set(tu, spec.this_update_raw.data(), static_cast<int>(spec.this_update_raw.size()));
    tu->type = V_ASN1_UTCTIME;
  } else {
    tu = Time(spec.this_update);
  }
  X509_CRL_set1_lastUpdate(c, tu);
  ASN1_TIME_free(tu);
  if (spec.next_update != 0) {
    ASN1_TIME *nu = Time(spec.next_update);
    X509_CRL_set1_nextUpdate(c, nu);
    ASN1_TIME_free(nu);
  }
  for (const auto &e : spec.entries) {
    X509_REVOKED *r = X509_REVOKED_new();
    ASN1_INTEGER *serial = Integer(e.serial);
    X509_REVOKED_set_serialNumber(r, serial);
    ASN1_INTEGER_free(serial);
    ASN1_TIME *when = Time(e.revoked_at);
    X509_REVOKED_set_revocationDate(r, when);
    ASN1_TIME_free(when);
    if (e.reason >= 0) {
      ASN1_ENUMERATED *reason = ASN1_ENUMERATED_new();
      ASN1_ENUMERATED_set(reason, e.reason);
      X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, reason, 0, X509V3_ADD_DEFAULT);
      ASN1_ENUMERATED_free(reason);
    }
    if (e.invalidity_date != 0) {
      ASN1_GENERALIZEDTIME *t = ASN1_GENERALIZEDTIME_set(nullptr, static_cast<time_t>(e.invalidity_date));
      X509_REVOKED_add1_ext_i2d(r, NID_invalidity_date, t, 0, X509V3_ADD_DEFAULT);
      ASN1_GENERALIZEDTIME_free(t);
    }
    if (!e.certificate_issuer.empty()) {
      GENERAL_NAMES *names = DirNames({e.certificate_issuer});
      X509_REVOKED_add1_ext_i2d(r, NID_certificate_issuer, names, 1, X509V3_ADD_DEFAULT);
      GENERAL_NAMES_free(names);
    }
    if (e.unknown_critical) {
      X509_EXTENSION *ext = UnknownCritical();
      X509_REVOKED_add_ext(r, ext, -1);
      X509_EXTENSION_free(ext);
    }
    Check(X509_CRL_add0_revoked(c, r), "add entry");
  }
  if (spec.number >= 0) {
    ASN1_INTEGER *n = Integer(spec.number);
    X509_CRL_add1_ext_i2d(c, NID_crl_number, n, 0, X509V3_ADD_DEFAULT);
    ASN1_INTEGER_free(n);
  }
  if (spec.delta_base >= 0) {
    ASN1_INTEGER *n = Integer(spec.delta_base);
    X509_CRL_add1_ext_i2d(c, NID_delta_crl, n, 1, X509V3_ADD_DEFAULT);
    ASN1_INTEGER_free(n);
  }
  const ASN1_OCTET_STRING *skid = X509_get0_subject_key_id(signer);
  if (spec.akid && (skid != nullptr || spec.akid_wrong)) {
    AUTHORITY_KEYID *akid = AUTHORITY_KEYID_new();
    akid->keyid = ASN1_OCTET_STRING_new();
    if (spec.akid_wrong)
      ASN1_OCTET_STRING_set(akid->keyid, reinterpret_cast<const unsigned char *>("not-the-key-id"), 14);
    else
      ASN1_OCTET_STRING_set(akid->keyid, ASN1_STRING_get0_data(skid), ASN1_STRING_length(skid));
    X509_CRL_add1_ext_i2d(c, NID_authority_key_identifier, akid, 0, X509V3_ADD_DEFAULT);
    AUTHORITY_KEYID_free(akid);
  }
  if (spec.idp.present) {
    ISSUING_DIST_POINT *idp = ISSUING_DIST_POINT_new();
    idp->distpoint = DpName(spec.idp.uris, spec.idp.relative_cn);
    idp->onlyuser = spec.idp.only_user ? 0xFF : 0;
    idp->onlyCA = spec.idp.only_ca ? 0xFF : 0;
    idp->onlyattr = spec.idp.only_attr ? 0xFF : 0;
    idp->indirectCRL = spec.idp.indirect ? 0xFF : 0;
    idp->onlysomereasons = Reasons(spec.idp.only_some_reasons);
    X509_CRL_add1_ext_i2d(c, NID_issuing_distribution_point, idp, 1, X509V3_ADD_DEFAULT);
    ISSUING_DIST_POINT_free(idp);
  }
  if (spec.unknown_critical) {
    X509_EXTENSION *ext = UnknownCritical();
    X509_CRL_add_ext(c, ext, -1);
    X509_EXTENSION_free(ext);
  }
  Signing s(key, spec.sm2_id);
  Check(X509_CRL_sign_ctx(c, s.md), "CRL signature");
  return Reread(c);
}

std::string Der(X509_CRL *crl) {
  unsigned char *der = nullptr;
  int len = i2d_X509_CRL(crl, &der);
  if (len <= 0) throw std::runtime_error("i2d_X509_CRL");
  std::string out(reinterpret_cast<char *>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

std::string Pem(X509_CRL *crl) {
  BIO *bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509_CRL(bio, crl);
  char *data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

Crl Reread(X509_CRL *crl) {
  std::string der = Der(crl);
  const unsigned char *p = reinterpret_cast<const unsigned char *>(der.data());
  X509_CRL *out = d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size()));
  if (out == nullptr) throw std::runtime_error("d2i_X509_CRL");
  return Crl(out, CrlFree());
}

std::string GenCrlWithCommand(const std::string &dir, const openssl_pki::Party &ca,
                              const openssl_pki::Party &revoked) {
  std::string config = dir + "/ca.cnf";
  std::ofstream(config) << "[ca]\ndefault_ca = crl_ca\n[crl_ca]\n"
                        << "database = " << dir << "/index.txt\n"
                        << "crlnumber = " << dir << "/crlnumber\n"
                        << "default_md = " << (ca.key_type == "SM2" ? "sm3" : "sha256") << "\n"
                        << "default_crl_days = 7\ncrl_extensions = crl_ext\n"
                        << "[crl_ext]\nauthorityKeyIdentifier = keyid:always\n";
  std::ofstream(dir + "/index.txt").close();
  std::ofstream(dir + "/crlnumber") << "1000\n";
  std::string base = "openssl ca -config '" + config + "' -keyfile '" + ca.key_file + "' -cert '" +
                     ca.cert_file + "' ";
  std::string log = " >'" + dir + "/ca.log' 2>&1";
  if (std::system((base + "-revoke '" + revoked.cert_file + "' -crl_reason keyCompromise" + log).c_str()) != 0 ||
      std::system((base + "-gencrl -out '" + dir + "/crl.pem'" + log).c_str()) != 0) {
    std::ifstream in(dir + "/ca.log");
    std::stringstream text;
    text << in.rdbuf();
    throw std::runtime_error("openssl ca failed: " + text.str());
  }
  std::ifstream in(dir + "/crl.pem");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace crl_builder
