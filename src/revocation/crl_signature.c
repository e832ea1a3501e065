/*
 * Signature checks on CRLs and on the certificates of their signers, over the
 * signed bytes as they were received (OpenSSL keeps the decoded encoding of a
 * tbsCertList or tbsCertificate, and i2d writes it back unchanged), with the
 * caller's SM2 ID for SM2 signatures.
 */
#include "crl_internal.h"

#include <string.h>

#include "eseal/errors.h"
#include "../asn1/der.h"
#include "../asn1/oid.h"
#include "../crypto/pkey.h"

/* The signature AlgorithmIdentifier inside the signed part: its first SEQUENCE. */
static int inner_algorithm(const eseal__tlv *tbs, eseal__tlv *alg) {
  eseal__der_iter it;
  const char *why = NULL;
  eseal__der_iter_init(&it, tbs->val, tbs->val_len);
  while (!eseal__der_iter_done(&it)) {
    if (eseal__der_iter_next(&it, alg, &why) != 0)
      return -1;
    if (alg->tag == DER_SEQUENCE)
      return 0;
  }
  return -1;
}

int eseal__crl_signature_ok(const uint8_t *der, size_t len, EVP_PKEY *key, const uint8_t *sm2_id,
                            size_t sm2_id_len, const char **why) {
  eseal__tlv whole, tbs, alg, value, inner, oid;
  eseal__der_iter it;
  *why = "the signed structure is not DER";
  if (eseal__der_read(&whole, der, len, why) != 0 || whole.tag != DER_SEQUENCE)
    return 0;
  eseal__der_iter_init(&it, whole.val, whole.val_len);
  if (eseal__der_iter_next(&it, &tbs, why) != 0 || tbs.tag != DER_SEQUENCE ||
      eseal__der_iter_next(&it, &alg, why) != 0 || alg.tag != DER_SEQUENCE ||
      eseal__der_iter_next(&it, &value, why) != 0 || value.tag != DER_BIT_STRING ||
      !eseal__der_iter_done(&it) || inner_algorithm(&tbs, &inner) != 0 ||
      eseal__der_read(&oid, alg.val, alg.val_len, why) != 0 || oid.tag != DER_OID) {
    *why = "the signed structure is not DER";
    return 0;
  }
  /* RFC 5280 §5.1.1.2: the algorithm named inside the signed part is the one used. */
  if (inner.tlv_len != alg.tlv_len || memcmp(inner.tlv, alg.tlv, alg.tlv_len) != 0) {
    *why = "the signature algorithm differs inside and outside the signed part";
    return 0;
  }
  char oid_text[ESEAL__OID_TEXT_CAPACITY];
  const char *alg_name = NULL;
  if (eseal__oid_to_text(oid.val, oid.val_len, oid_text, sizeof oid_text, why) == 0)
    alg_name = eseal__oid_name(oid_text);
  if (alg_name == NULL) {
    *why = "the signature algorithm is not supported";
    return 0;
  }
  if (value.val_len < 1 || value.val[0] != 0) {
    *why = "the signature value is not a whole number of bytes";
    return 0;
  }
  int ok = eseal__pkey_verify(key, alg_name, sm2_id, sm2_id_len, tbs.tlv, tbs.tlv_len,
                              value.val + 1, value.val_len - 1);
  if (ok == ESEAL_ENOMEM)
    return ok;
  if (ok != 1) {
    *why = ok == 0 ? "the signature does not verify" : "the signature algorithm does not fit the key";
    return 0;
  }
  return 1;
}
