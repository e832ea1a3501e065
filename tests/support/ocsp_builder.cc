#include "ocsp_builder.h"

#include <stdexcept>

#include <openssl/x509v3.h>

namespace ocsp_builder {

namespace {

ASN1_GENERALIZEDTIME *Time(int64_t t) {
  return ASN1_GENERALIZEDTIME_set(nullptr, static_cast<time_t>(t));
}

void Check(bool ok, const char *what) {
  if (!ok) throw std::runtime_error(std::string("ocsp_builder: ") + what);
}

// A CertID with another hash algorithm OID over the same hashes, re-encoded by hand.
OCSP_CERTID *WithHashOid(OCSP_CERTID *id, const std::string &dotted) {
  unsigned char *der = nullptr;
  int n = i2d_OCSP_CERTID(id, &der);
  Check(n > 2 && n < 128, "CertID encoding");
  // CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber }
  size_t alg_len = 2 + der[3];
  Bytes rest(der + 2 + alg_len, der + n);
  OPENSSL_free(der);
  ASN1_OBJECT *obj = OBJ_txt2obj(dotted.c_str(), 1);
  Check(obj != nullptr, "hash OID");
  unsigned char oid[64];
  unsigned char *p = oid;
  int oid_len = i2d_ASN1_OBJECT(obj, &p);
  ASN1_OBJECT_free(obj);
  Bytes alg = {0x30, static_cast<uint8_t>(oid_len + 2)};
  alg.insert(alg.end(), oid, oid + oid_len);
  alg.insert(alg.end(), {0x05, 0x00});
  Bytes out = {0x30, static_cast<uint8_t>(alg.size() + rest.size())};
  out.insert(out.end(), alg.begin(), alg.end());
  out.insert(out.end(), rest.begin(), rest.end());
  const unsigned char *q = out.data();
  OCSP_CERTID *changed = d2i_OCSP_CERTID(nullptr, &q, static_cast<long>(out.size()));
  Check(changed != nullptr, "changed CertID");
  OCSP_CERTID_free(id);
  return changed;
}

OCSP_CERTID *CertId(const Single &s) {
  X509 *name_of = s.name_hash_of ? s.name_hash_of : s.issuer;
  X509 *key_of = s.key_hash_of ? s.key_hash_of : s.issuer;
  ASN1_INTEGER *serial = ASN1_INTEGER_dup(X509_get0_serialNumber(s.cert));
  if (s.next_serial) {
    BIGNUM *bn = ASN1_INTEGER_to_BN(serial, nullptr);
    BN_add_word(bn, 1);
    BN_to_ASN1_INTEGER(bn, serial);
    BN_free(bn);
  }
  OCSP_CERTID *id = OCSP_cert_id_new(s.md, X509_get_subject_name(name_of),
                                     X509_get0_pubkey_bitstr(key_of), serial);
  ASN1_INTEGER_free(serial);
  Check(id != nullptr, "CertID");
  return s.hash_oid.empty() ? id : WithHashOid(id, s.hash_oid);
}

X509_EXTENSION *UnknownCritical() {
  ASN1_OBJECT *obj = OBJ_txt2obj("1.3.6.1.4.1.55555.7", 1);
  ASN1_OCTET_STRING *value = ASN1_OCTET_STRING_new();
  ASN1_OCTET_STRING_set(value, reinterpret_cast<const unsigned char *>("\x05\x00"), 2);
  X509_EXTENSION *e = X509_EXTENSION_create_by_OBJ(nullptr, obj, 1, value);
  ASN1_OBJECT_free(obj);
  ASN1_OCTET_STRING_free(value);
  Check(e != nullptr, "extension");
  return e;
}

// A signing context: SM2 with the SM2 ID and SM3, others with SHA-256.
EVP_MD_CTX *SigningContext(EVP_PKEY *key, const std::string &sm2_id) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(key, nullptr);
  Check(md && pctx, "contexts");
  bool sm2 = EVP_PKEY_is_a(key, "SM2");
  if (sm2)
    Check(EVP_PKEY_CTX_set1_id(pctx, sm2_id.data(), sm2_id.size()) == 1, "SM2 ID");
  EVP_MD_CTX_set_pkey_ctx(md, pctx);
  Check(EVP_DigestSignInit(md, nullptr, sm2 ? EVP_sm3() : EVP_sha256(), nullptr, key) == 1,
        "sign init");
  return md;
}

void FreeContext(EVP_MD_CTX *md) {
  EVP_PKEY_CTX *pctx = EVP_MD_CTX_get_pkey_ctx(md);
  EVP_MD_CTX_free(md);
  EVP_PKEY_CTX_free(pctx);
}

Bytes Encode(OCSP_RESPONSE *resp) {
  unsigned char *der = nullptr;
  int n = i2d_OCSP_RESPONSE(resp, &der);
  Check(n > 0, "encoding");
  Bytes out(der, der + n);
  OPENSSL_free(der);
  return out;
}

}  // namespace

Bytes Build(const Response &r) {
  OCSP_BASICRESP *bs = OCSP_BASICRESP_new();
  Check(bs != nullptr, "BASICRESP");
  for (const Single &s : r.singles) {
    OCSP_CERTID *id = CertId(s);
    ASN1_GENERALIZEDTIME *revoked = s.revoked_at ? Time(s.revoked_at) : nullptr;
    ASN1_GENERALIZEDTIME *this_update = Time(s.this_update);
    ASN1_GENERALIZEDTIME *next_update = s.next_update ? Time(s.next_update) : nullptr;
    OCSP_SINGLERESP *single =
        OCSP_basic_add1_status(bs, id, s.status, s.reason, revoked, this_update, next_update);
    OCSP_CERTID_free(id);
    ASN1_GENERALIZEDTIME_free(revoked);
    ASN1_GENERALIZEDTIME_free(this_update);
    ASN1_GENERALIZEDTIME_free(next_update);
    Check(single != nullptr, "SingleResponse");
    if (!s.this_update_text.empty()) {
      // OpenSSL rewrites the times it is given in DER form; these bytes go in as they are.
      ASN1_GENERALIZEDTIME *stored = nullptr;
      int reason = 0;
      OCSP_single_get0_status(single, &reason, nullptr, &stored, nullptr);
      Check(stored && ASN1_STRING_set(stored, s.this_update_text.data(),
                                      static_cast<int>(s.this_update_text.size())) == 1,
            "thisUpdate text");
    }
    if (s.invalidity_date) {
      ASN1_GENERALIZEDTIME *t = Time(s.invalidity_date);
      int ok = OCSP_SINGLERESP_add1_ext_i2d(single, NID_invalidity_date, t, 0, 0);
      ASN1_GENERALIZEDTIME_free(t);
      Check(ok == 1, "invalidityDate");
    }
    if (s.critical_extension) {
      X509_EXTENSION *e = UnknownCritical();
      Check(OCSP_SINGLERESP_add_ext(single, e, -1) == 1, "single extension");
      X509_EXTENSION_free(e);
    }
  }
  if (r.has_nonce)
    Check(OCSP_basic_add1_nonce(bs, const_cast<unsigned char *>(r.nonce.data()),
                                static_cast<int>(r.nonce.size())) == 1,
          "nonce");
  if (r.critical_extension) {
    X509_EXTENSION *e = UnknownCritical();
    Check(OCSP_BASICRESP_add_ext(bs, e, -1) == 1, "response extension");
    X509_EXTENSION_free(e);
  }
  for (X509 *c : r.certs) Check(OCSP_basic_add1_cert(bs, c) == 1, "cert");
  // OCSP_basic_sign_ctx() writes the responderID and producedAt (from the
  // clock); producedAt is then set and the tbsResponseData signed again.
  X509 *named = r.responder_id_of ? r.responder_id_of : r.signer;
  EVP_MD_CTX *md = SigningContext(r.responder_id_of ? r.responder_id_key : r.key, r.sm2_id);
  unsigned long flags = OCSP_NOCERTS | (r.by_key ? OCSP_RESPID_KEY : 0);
  bool signed_ok = OCSP_basic_sign_ctx(bs, named, md, nullptr, flags) == 1;
  FreeContext(md);
  Check(signed_ok, "sign");
  auto *produced = const_cast<ASN1_GENERALIZEDTIME *>(OCSP_resp_get0_produced_at(bs));
  Check(ASN1_GENERALIZEDTIME_set(produced, static_cast<time_t>(r.produced_at)) != nullptr,
        "producedAt");
  md = SigningContext(r.key, r.sm2_id);
  signed_ok = ASN1_item_sign_ctx(
                  ASN1_ITEM_rptr(OCSP_RESPDATA),
                  const_cast<X509_ALGOR *>(OCSP_resp_get0_tbs_sigalg(bs)), nullptr,
                  const_cast<ASN1_OCTET_STRING *>(OCSP_resp_get0_signature(bs)),
                  const_cast<OCSP_RESPDATA *>(OCSP_resp_get0_respdata(bs)), md) > 0;
  FreeContext(md);
  Check(signed_ok, "re-sign");
  if (r.flip_signature) {
    auto *sig = const_cast<ASN1_OCTET_STRING *>(OCSP_resp_get0_signature(bs));
    sig->data[sig->length / 2] ^= 0x01;
  }
  if (r.signature_unused_bits) {
    // i2d clears the bits said to be unused in the last byte.
    auto *sig = const_cast<ASN1_OCTET_STRING *>(OCSP_resp_get0_signature(bs));
    sig->flags = ASN1_STRING_FLAG_BITS_LEFT | (r.signature_unused_bits & 0x07);
  }
  OCSP_RESPONSE *resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs);
  OCSP_BASICRESP_free(bs);
  Check(resp != nullptr, "response");
  Bytes out = Encode(resp);
  OCSP_RESPONSE_free(resp);
  return out;
}

Bytes Unsuccessful(int response_status) {
  OCSP_RESPONSE *resp = OCSP_response_create(response_status, nullptr);
  Check(resp != nullptr, "response");
  Bytes out = Encode(resp);
  OCSP_RESPONSE_free(resp);
  return out;
}

}  // namespace ocsp_builder
