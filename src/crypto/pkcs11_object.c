/* A token's objects: found by label and id, their attributes, the key pair's public key. */
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "pkcs11_internal.h"

/* Largest attribute read (certificates fit). */
#define ATTRIBUTE_MAX 16384

int eseal__p11_find_object(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, const eseal__p11uri *uri,
                           CK_OBJECT_CLASS cko, CK_OBJECT_HANDLE *obj) {
  CK_ATTRIBUTE t[3];
  CK_ULONG n = 0;
  t[n++] = (CK_ATTRIBUTE){CKA_CLASS, &cko, sizeof cko};
  if (uri->object.value)
    t[n++] = (CK_ATTRIBUTE){CKA_LABEL, uri->object.value, uri->object.len};
  if (uri->id.value)
    t[n++] = (CK_ATTRIBUTE){CKA_ID, uri->id.value, uri->id.len};
  CK_RV rv = f->C_FindObjectsInit(s, t, n);
  if (rv != CKR_OK)
    return eseal__p11_error(rv, "C_FindObjectsInit");
  CK_OBJECT_HANDLE found[2];
  CK_ULONG count = 0;
  rv = f->C_FindObjects(s, found, 2, &count);
  f->C_FindObjectsFinal(s);
  if (rv != CKR_OK)
    return eseal__p11_error(rv, "C_FindObjects");
  if (count == 0)
    return eseal__error_set(ESEAL_ENOTFOUND, "no %s on the token matches the pkcs11 URI",
                            cko == CKO_PRIVATE_KEY ? "private key" : "object");
  if (count > 1)
    return eseal__error_set(ESEAL_EAMBIGUOUS, "the pkcs11 URI matches more than one %s; "
                                              "add object= or id=",
                            cko == CKO_PRIVATE_KEY ? "private key" : "object");
  *obj = found[0];
  return 0;
}

int eseal__p11_attribute(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj,
                         CK_ATTRIBUTE_TYPE type, uint8_t **value, size_t *len) {
  *value = NULL;
  *len = 0;
  CK_ATTRIBUTE a = {type, NULL, 0};
  CK_RV rv = f->C_GetAttributeValue(s, obj, &a, 1);
  if (rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_ATTRIBUTE_SENSITIVE ||
      a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
    return eseal__error_set(ESEAL_ENOTFOUND, "the object has no readable attribute 0x%lx",
                            (unsigned long)type);
  if (rv != CKR_OK)
    return eseal__p11_error(rv, "C_GetAttributeValue");
  if (a.ulValueLen > ATTRIBUTE_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "a token attribute is larger than %d bytes",
                            ATTRIBUTE_MAX);
  uint8_t *v = eseal__malloc(a.ulValueLen ? a.ulValueLen : 1);
  if (v == NULL)
    return eseal__error_oom();
  a.pValue = v;
  rv = f->C_GetAttributeValue(s, obj, &a, 1);
  if (rv != CKR_OK) {
    eseal__free(v);
    return eseal__p11_error(rv, "C_GetAttributeValue");
  }
  *value = v;
  *len = a.ulValueLen;
  return 0;
}

int eseal__p11_bool(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE obj,
                    CK_ATTRIBUTE_TYPE type, int absent) {
  CK_BBOOL b = CK_FALSE;
  CK_ATTRIBUTE a = {type, &b, sizeof b};
  if (f->C_GetAttributeValue(s, obj, &a, 1) != CKR_OK || a.ulValueLen != sizeof b)
    return absent;
  return b == CK_TRUE;
}

/* The DER OIDs of the two curves the library signs with. */
static const uint8_t p256_oid[] = {0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};
static const uint8_t sm2_oid[] = {0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D};

/*
 * SubjectPublicKeyInfo for an EC point on `curve`: CKA_EC_POINT is a DER
 * OCTET STRING around the point, though some tokens give the bare point.
 */
static int ec_spki(const uint8_t *curve, const uint8_t *point, size_t len, uint8_t **out,
                   size_t *out_len) {
  if (len == 67 && point[0] == 0x04 && point[1] == 65) {
    point += 2;
    len -= 2;
  }
  if (len != 65 || point[0] != 0x04)
    return eseal__error_set(ESEAL_EFORMAT, "the token's EC point is not an uncompressed point");
  static const uint8_t ec_public_key[] = {0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01};
  /* SEQ{ SEQ{ ecPublicKey, curve }, BIT STRING{ 0, point } } */
  uint8_t der[128], *p = der;
  *p++ = 0x30;
  *p++ = (uint8_t)(2 + sizeof ec_public_key + sizeof p256_oid + 3 + len);
  *p++ = 0x30;
  *p++ = (uint8_t)(sizeof ec_public_key + sizeof p256_oid);
  memcpy(p, ec_public_key, sizeof ec_public_key);
  p += sizeof ec_public_key;
  memcpy(p, curve, sizeof p256_oid);
  p += sizeof p256_oid;
  *p++ = 0x03;
  *p++ = (uint8_t)(len + 1);
  *p++ = 0x00;
  memcpy(p, point, len);
  p += len;
  size_t n = (size_t)(p - der);
  *out = eseal__malloc(n);
  if (*out == NULL)
    return eseal__error_oom();
  memcpy(*out, der, n);
  *out_len = n;
  return 0;
}

/* An RSA SubjectPublicKeyInfo from modulus and exponent, through OpenSSL. */
static int rsa_spki(const uint8_t *mod, size_t mod_len, const uint8_t *exp, size_t exp_len,
                    uint8_t **out, size_t *out_len) {
  int rc = ESEAL_ECRYPTO;
  BIGNUM *n = BN_bin2bn(mod, (int)mod_len, NULL), *e = BN_bin2bn(exp, (int)exp_len, NULL);
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM *params = NULL;
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
  EVP_PKEY *pkey = NULL;
  unsigned char *der = NULL;
  int len = 0;
  if (n && e && bld && pctx && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) &&
      (params = OSSL_PARAM_BLD_to_param(bld)) != NULL && EVP_PKEY_fromdata_init(pctx) == 1 &&
      EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1 &&
      (len = i2d_PUBKEY(pkey, &der)) > 0) {
    *out = eseal__malloc((size_t)len);
    if (*out) {
      memcpy(*out, der, (size_t)len);
      *out_len = (size_t)len;
      rc = 0;
    } else {
      rc = eseal__error_oom();
    }
  }
  if (rc == ESEAL_ECRYPTO)
    eseal__error_set(rc, "the token's RSA public key is unusable");
  ERR_clear_error();
  OPENSSL_free(der);
  EVP_PKEY_free(pkey);
  EVP_PKEY_CTX_free(pctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(n);
  BN_free(e);
  return rc;
}

/* The public key object with the same CKA_ID as `priv` (0 when none). */
static CK_OBJECT_HANDLE public_object(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s,
                                      CK_OBJECT_HANDLE priv) {
  uint8_t *id = NULL;
  size_t id_len = 0;
  if (eseal__p11_attribute(f, s, priv, CKA_ID, &id, &id_len))
    return CK_INVALID_HANDLE;
  CK_OBJECT_CLASS cko = CKO_PUBLIC_KEY;
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &cko, sizeof cko}, {CKA_ID, id, id_len}};
  CK_OBJECT_HANDLE found[2];
  CK_ULONG count = 0;
  if (f->C_FindObjectsInit(s, t, 2) == CKR_OK) {
    if (f->C_FindObjects(s, found, 2, &count) != CKR_OK)
      count = 0;
    f->C_FindObjectsFinal(s);
  }
  eseal__free(id);
  return count == 1 ? found[0] : CK_INVALID_HANDLE;
}

static int ec_public_key(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE priv,
                         uint8_t **spki, size_t *spki_len, const char **algorithm) {
  uint8_t *params = NULL, *point = NULL;
  size_t params_len = 0, point_len = 0;
  int rc = eseal__p11_attribute(f, s, priv, CKA_EC_PARAMS, &params, &params_len);
  if (rc)
    return rc == ESEAL_ENOTFOUND
               ? eseal__error_set(ESEAL_EUNSUPPORTED, "the EC key has no CKA_EC_PARAMS")
               : rc;
  const uint8_t *curve = NULL;
  if (params_len == sizeof p256_oid && memcmp(params, p256_oid, params_len) == 0) {
    curve = p256_oid;
    *algorithm = "ECDSA-SHA256";
  } else if (params_len == sizeof sm2_oid && memcmp(params, sm2_oid, params_len) == 0) {
    curve = sm2_oid;
    *algorithm = "SM2-SM3";
  }
  eseal__free(params);
  if (curve == NULL)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "the EC key is on a curve other than P-256 "
                                                "and SM2");
  CK_OBJECT_HANDLE pub = public_object(f, s, priv);
  rc = pub == CK_INVALID_HANDLE ? ESEAL_ENOTFOUND
                                : eseal__p11_attribute(f, s, pub, CKA_EC_POINT, &point, &point_len);
  if (rc)
    return rc == ESEAL_ENOTFOUND
               ? eseal__error_set(ESEAL_ENOTFOUND, "no public key object with the private key's "
                                                   "CKA_ID holds its EC point")
               : rc;
  rc = ec_spki(curve, point, point_len, spki, spki_len);
  eseal__free(point);
  return rc;
}

int eseal__p11_public_key(CK_FUNCTION_LIST *f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE priv,
                          uint8_t **spki, size_t *spki_len, const char **algorithm) {
  CK_KEY_TYPE ckk = 0;
  CK_ATTRIBUTE a = {CKA_KEY_TYPE, &ckk, sizeof ckk};
  CK_RV rv = f->C_GetAttributeValue(s, priv, &a, 1);
  if (rv != CKR_OK)
    return eseal__p11_error(rv, "C_GetAttributeValue(CKA_KEY_TYPE)");
  if (ckk == CKK_EC)
    return ec_public_key(f, s, priv, spki, spki_len, algorithm);
  if (ckk != CKK_RSA)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "the token key's type 0x%lx is neither EC nor RSA",
                            (unsigned long)ckk);
  uint8_t *mod = NULL, *exp = NULL;
  size_t mod_len = 0, exp_len = 0;
  int rc = eseal__p11_attribute(f, s, priv, CKA_MODULUS, &mod, &mod_len);
  if (rc == 0)
    rc = eseal__p11_attribute(f, s, priv, CKA_PUBLIC_EXPONENT, &exp, &exp_len);
  if (rc == 0)
    rc = rsa_spki(mod, mod_len, exp, exp_len, spki, spki_len);
  *algorithm = "RSA-SHA256";
  eseal__free(mod);
  eseal__free(exp);
  return rc;
}
