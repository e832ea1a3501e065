/*
 * Signature checks for OCSP: the response's own signature over the
 * tbsResponseData bytes as received, and a delegated responder
 * certificate's signature by the issuer's key, both through
 * eseal__pkey_verify() so that SM2 signatures use the caller's SM2 ID.
 */
#include <stdio.h>

#include <openssl/err.h>

#include "eseal/errors.h"
#include "ocsp_internal.h"
#include "../asn1/oid.h"
#include "../crypto/pkey.h"

int eseal__ocsp_signature_ok(EVP_PKEY *key, const X509_ALGOR *alg, const ASN1_BIT_STRING *sig,
                             const uint8_t *tbs, size_t tbs_len, const uint8_t *sm2_id,
                             size_t sm2_id_len, char *why, size_t cap) {
  const ASN1_OBJECT *oid = NULL;
  X509_ALGOR_get0(&oid, NULL, NULL, alg);
  char text[ESEAL__OID_TEXT_CAPACITY] = "";
  if (oid == NULL || OBJ_obj2txt(text, sizeof text, oid, 1) <= 0)
    text[0] = 0;
  const char *name = eseal__oid_name(text);
  if (name == NULL) {
    snprintf(why, cap, "signature algorithm %s is not supported", text[0] ? text : "(unreadable)");
    return 0;
  }
  /* A signature is whole bytes; unused bits would be ignored by the check below. */
  if (sig == NULL || ((sig->flags & ASN1_STRING_FLAG_BITS_LEFT) && (sig->flags & 0x07) != 0)) {
    snprintf(why, cap, "the signature BIT STRING has unused bits");
    return 0;
  }
  int rc = eseal__pkey_verify(key, name, sm2_id, sm2_id_len, tbs, tbs_len,
                              ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig));
  ERR_clear_error();
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc != 1) {
    snprintf(why, cap, "the %s signature does not verify", name);
    return 0;
  }
  return 1;
}
