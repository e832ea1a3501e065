/*
 * The cache entry layout (big-endian): "ER1", status (1), reason (4, signed),
 * thisUpdate, nextUpdate, producedAt, revocationTime, invalidityDate (8 each,
 * signed), source (16), evidence kind (8), detail length (2) and bytes,
 * evidence length (4) and DER.
 */
#include "cache_entry.h"

#include <string.h>

#include <openssl/evp.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/dbuf.h"
#include "../core/error.h"

#define HEADER_LEN (3 + 1 + 4 + 5 * 8 + 16 + 8 + 2)

static int digest_part(EVP_MD_CTX *md, const unsigned char *p, size_t len) {
  unsigned char n[4] = {(unsigned char)(len >> 24), (unsigned char)(len >> 16),
                        (unsigned char)(len >> 8), (unsigned char)len};
  return EVP_DigestUpdate(md, n, 4) == 1 && EVP_DigestUpdate(md, p, len) == 1;
}

/* Each responder anchor's SHA-256, length-prefixed like the other parts. */
static int digest_responders(EVP_MD_CTX *md, STACK_OF(X509) *responders) {
  for (int i = 0; i < sk_X509_num(responders); i++) {
    unsigned char fp[EVP_MAX_MD_SIZE];
    unsigned int fp_len = 0;
    if (X509_digest(sk_X509_value(responders, i), EVP_sha256(), fp, &fp_len) != 1 ||
        !digest_part(md, fp, fp_len))
      return 0;
  }
  return 1;
}

int eseal__rev_cache_key(X509 *cert, X509 *issuer, STACK_OF(X509) *responders,
                         uint8_t key[ESEAL__REV_KEY_LEN]) {
  unsigned char *name = NULL;
  int name_len = i2d_X509_NAME(X509_get_subject_name(issuer), &name);
  const ASN1_BIT_STRING *pub = X509_get0_pubkey_bitstr(issuer);
  const ASN1_INTEGER *serial = X509_get0_serialNumber(cert);
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  unsigned int out_len = 0;
  int ok = name_len > 0 && pub && serial && md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
           digest_part(md, name, (size_t)name_len) &&
           digest_part(md, ASN1_STRING_get0_data(pub), (size_t)ASN1_STRING_length(pub)) &&
           digest_part(md, ASN1_STRING_get0_data(serial), (size_t)ASN1_STRING_length(serial)) &&
           digest_responders(md, responders) && EVP_DigestFinal_ex(md, key, &out_len) == 1 && out_len == ESEAL__REV_KEY_LEN;
  EVP_MD_CTX_free(md);
  OPENSSL_free(name);
  return ok ? 0 : eseal__error_oom();
}

static void put_be(uint8_t *p, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; i--, v >>= 8)
    p[i] = (uint8_t)v;
}

static uint64_t get_be(const uint8_t *p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; i++)
    v = v << 8 | p[i];
  return v;
}

int eseal__rev_entry_encode(const eseal__rev_answer *a, const char *kind, const uint8_t *der,
                            size_t der_len, eseal_buf *out) {
  size_t detail_len = strnlen(a->detail, sizeof a->detail);
  size_t len = HEADER_LEN + detail_len + 4 + der_len;
  uint8_t *p = eseal__calloc(1, len);
  if (p == NULL)
    return eseal__error_oom();
  memcpy(p, "ER1", 3);
  p[3] = (uint8_t)a->status;
  put_be(p + 4, (uint32_t)a->reason, 4);
  const int64_t times[5] = {a->this_update, a->next_update, a->produced_at, a->revocation_time,
                            a->invalidity_date};
  for (int i = 0; i < 5; i++)
    put_be(p + 8 + 8 * i, (uint64_t)times[i], 8);
  memcpy(p + 48, a->source, strnlen(a->source, 15));
  memcpy(p + 64, kind, strnlen(kind, 7));
  put_be(p + 72, detail_len, 2);
  memcpy(p + HEADER_LEN, a->detail, detail_len);
  put_be(p + HEADER_LEN + detail_len, der_len, 4);
  if (der_len)
    memcpy(p + HEADER_LEN + detail_len + 4, der, der_len);
  out->ptr = p;
  out->size = len;
  return 0;
}

int eseal__rev_entry_decode(const uint8_t *p, size_t len, eseal__rev_answer *a, char kind[8],
                            const uint8_t **der, size_t *der_len) {
  if (len < HEADER_LEN + 4 || memcmp(p, "ER1", 3) != 0)
    return -1;
  size_t detail_len = (size_t)get_be(p + 72, 2);
  if (detail_len >= sizeof a->detail || len < HEADER_LEN + detail_len + 4)
    return -1;
  size_t evidence_len = (size_t)get_be(p + HEADER_LEN + detail_len, 4);
  if (len != HEADER_LEN + detail_len + 4 + evidence_len)
    return -1;
  memset(a, 0, sizeof *a);
  a->status = (eseal__rev_status)p[3];
  a->reason = (int)(int32_t)(uint32_t)get_be(p + 4, 4);
  int64_t *times[5] = {&a->this_update, &a->next_update, &a->produced_at, &a->revocation_time,
                       &a->invalidity_date};
  for (int i = 0; i < 5; i++)
    *times[i] = (int64_t)get_be(p + 8 + 8 * i, 8);
  memcpy(a->source, p + 48, 15);
  memcpy(kind, p + 64, 7);
  kind[7] = 0;
  memcpy(a->detail, p + HEADER_LEN, detail_len);
  *der = p + HEADER_LEN + detail_len + 4;
  *der_len = evidence_len;
  return a->status == ESEAL__REV_GOOD || a->status == ESEAL__REV_REVOKED ? 0 : -1;
}

int eseal__rev_entry_replaces(const uint8_t *old, size_t old_len, const uint8_t *value,
                              size_t value_len) {
  eseal__rev_answer a, b;
  char kind[8];
  const uint8_t *der;
  size_t der_len;
  if (old == NULL || eseal__rev_entry_decode(old, old_len, &a, kind, &der, &der_len) != 0)
    return 1;
  if (eseal__rev_entry_decode(value, value_len, &b, kind, &der, &der_len) != 0)
    return 0;
  int a_final = a.status == ESEAL__REV_REVOKED && a.reason != ESEAL__REASON_HOLD;
  int b_final = b.status == ESEAL__REV_REVOKED && b.reason != ESEAL__REASON_HOLD;
  if (a_final && !b_final)
    return 0;
  /* Sources disagree: the revocation stands whatever the dates (RFC 5280 §3.3). */
  if (b_final && !a_final)
    return 1;
  /* Otherwise the newer wins, so that a newer good answer lifts a hold. */
  return b.this_update >= a.this_update;
}
