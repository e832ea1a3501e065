#include "digest.h"

#include <string.h>
#include <strings.h>

#include <openssl/core_names.h>
#include <openssl/err.h>

#include "eseal/errors.h"
#include "../core/error.h"

const EVP_MD *eseal__digest_by_name(const char *name) {
  if (name == NULL)
    return NULL;
  if (strcasecmp(name, "SM3") == 0)
    return EVP_sm3();
  if (strcasecmp(name, "SHA256") == 0 || strcasecmp(name, "SHA-256") == 0)
    return EVP_sha256();
  if (strcasecmp(name, "SHA384") == 0 || strcasecmp(name, "SHA-384") == 0)
    return EVP_sha384();
  if (strcasecmp(name, "SHA512") == 0 || strcasecmp(name, "SHA-512") == 0)
    return EVP_sha512();
  if (strcasecmp(name, "SHA1") == 0 || strcasecmp(name, "SHA-1") == 0)
    return EVP_sha1();
  return NULL;
}

int eseal__digest(const EVP_MD *md, const uint8_t *data, size_t len, uint8_t out[ESEAL__DIGEST_MAX],
                  size_t *out_len) {
  unsigned int n = 0;
  if (EVP_Digest(data, len, out, &n, md, NULL) != 1)
    return eseal__error_set(ESEAL_ECRYPTO, "digest %s failed", EVP_MD_get0_name(md));
  *out_len = n;
  return 0;
}

/* The sm2p256v1 curve parameters a, b, xG, yG (GB/T 32918.5), as they enter Z. */
static const uint8_t sm2_curve_abg[128] = {
    0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC,
    0x28, 0xE9, 0xFA, 0x9E, 0x9D, 0x9F, 0x5E, 0x34, 0x4D, 0x5A, 0x9E, 0x4B, 0xCF, 0x65, 0x09, 0xA7,
    0xF3, 0x97, 0x89, 0xF5, 0x15, 0xAB, 0x8F, 0x92, 0xDD, 0xBC, 0xBD, 0x41, 0x4D, 0x94, 0x0E, 0x93,
    0x32, 0xC4, 0xAE, 0x2C, 0x1F, 0x19, 0x81, 0x19, 0x5F, 0x99, 0x04, 0x46, 0x6A, 0x39, 0xC9, 0x94,
    0x8F, 0xE3, 0x0B, 0xBF, 0xF2, 0x66, 0x0B, 0xE1, 0x71, 0x5A, 0x45, 0x89, 0x33, 0x4C, 0x74, 0xC7,
    0xBC, 0x37, 0x36, 0xA2, 0xF4, 0xF6, 0x77, 0x9C, 0x59, 0xBD, 0xCE, 0xE3, 0x6B, 0x69, 0x21, 0x53,
    0xD0, 0xA9, 0x87, 0x7C, 0xC6, 0x2A, 0x47, 0x40, 0x02, 0xDF, 0x32, 0xE5, 0x21, 0x39, 0xF0, 0xA0,
};

int eseal__sm2_public_point(EVP_PKEY *pub, uint8_t point[65]) {
  size_t point_len = 0;
  if (EVP_PKEY_get_octet_string_param(pub, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, 65,
                                      &point_len) != 1 ||
      point_len != 65 || point[0] != 0x04) {
    ERR_clear_error();
    return eseal__error_set(ESEAL_ECRYPTO, "not an uncompressed SM2 public key");
  }
  return 0;
}

int eseal__sm2_z(EVP_PKEY *pub, const uint8_t *id, size_t id_len, uint8_t z[32]) {
  if (id_len == 0 || id_len > 8191)
    return eseal__error_set(ESEAL_EINVAL, "SM2 ID length must be 1..8191 bytes");
  uint8_t point[65];
  int rc = eseal__sm2_public_point(pub, point);
  if (rc)
    return rc;
  uint8_t entl[2] = {(uint8_t)((id_len * 8) >> 8), (uint8_t)(id_len * 8)};
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  unsigned int n = 0;
  int ok = md && EVP_DigestInit_ex(md, EVP_sm3(), NULL) == 1 &&
           EVP_DigestUpdate(md, entl, 2) == 1 && EVP_DigestUpdate(md, id, id_len) == 1 &&
           EVP_DigestUpdate(md, sm2_curve_abg, sizeof sm2_curve_abg) == 1 &&
           EVP_DigestUpdate(md, point + 1, 64) == 1 && EVP_DigestFinal_ex(md, z, &n) == 1;
  EVP_MD_CTX_free(md);
  return ok ? 0 : eseal__error_set(ESEAL_ECRYPTO, "SM3 of the SM2 Z value failed");
}

int eseal__sm2_e(EVP_PKEY *pub, const uint8_t *id, size_t id_len, const uint8_t *msg, size_t len,
                 uint8_t e[32]) {
  uint8_t z[32];
  int rc = eseal__sm2_z(pub, id, id_len, z);
  if (rc)
    return rc;
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  unsigned int n = 0;
  int ok = md && EVP_DigestInit_ex(md, EVP_sm3(), NULL) == 1 && EVP_DigestUpdate(md, z, 32) == 1 &&
           EVP_DigestUpdate(md, msg, len) == 1 && EVP_DigestFinal_ex(md, e, &n) == 1;
  EVP_MD_CTX_free(md);
  return ok ? 0 : eseal__error_set(ESEAL_ECRYPTO, "SM3 of Z and the message failed");
}
