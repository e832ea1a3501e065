/* SM2 message verification over the fast point arithmetic of sm2_fast.c. */
#include "sm2_fast.h"

#include <string.h>

#include <openssl/ec.h>
#include <openssl/err.h>

#include "digest.h"

/* r and s of a DER SEQUENCE{r, s}, as 32-byte big-endian values; 0 when malformed. */
static int decode_signature(const uint8_t *sig, size_t sig_len, uint8_t r[32], uint8_t s[32]) {
  const unsigned char *p = sig;
  ECDSA_SIG *parsed = d2i_ECDSA_SIG(NULL, &p, (long)sig_len);
  if (parsed == NULL)
    return 0;
  /* Only the canonical encoding, with nothing after it, as OpenSSL requires, of
     non-negative values below 2^256. The byte and sign tests never fail with
     OpenSSL 3's decoder, which refuses negative and non-minimal INTEGERs (what
     else it accepts, a long-form length or trailing bytes, differs in length);
     they stay, at no cost, against a more lenient decoder (doc/performance.md). */
  unsigned char *again = NULL;
  int again_len = i2d_ECDSA_SIG(parsed, &again);
  const BIGNUM *br = NULL, *bs = NULL;
  ECDSA_SIG_get0(parsed, &br, &bs);
  int ok = 1;
  if (again_len <= 0) /* LCOV_EXCL_BR_LINE: i2d fails only without memory */
    ok = 0;
  else if ((size_t)again_len != sig_len)
    ok = 0;
  else if (memcmp(again, sig, sig_len) != 0) /* LCOV_EXCL_BR_LINE: see above */
    ok = 0;
  if (BN_is_negative(br) || BN_is_negative(bs)) /* LCOV_EXCL_BR_LINE: see above */
    ok = 0;
  if (BN_bn2binpad(br, r, 32) != 32 || BN_bn2binpad(bs, s, 32) != 32)
    ok = 0;
  OPENSSL_free(again);
  ECDSA_SIG_free(parsed);
  return ok;
}

int eseal__sm2_verify_e(EVP_PKEY *pub, const uint8_t e[32], const uint8_t *sig, size_t sig_len) {
  uint8_t point[65], r[32], s[32];
  int rc = eseal__sm2_public_point(pub, point);
  if (rc)
    return rc;
  int valid = decode_signature(sig, sig_len, r, s) &&
              eseal__sm2_verify_fast(point + 1, point + 33, e, r, s);
  ERR_clear_error();
  return valid;
}

int eseal__sm2_verify_message(EVP_PKEY *pub, const uint8_t *id, size_t id_len, const uint8_t *msg,
                              size_t len, const uint8_t *sig, size_t sig_len) {
  uint8_t e[32];
  int rc = eseal__sm2_e(pub, id, id_len, msg, len, e);
  return rc ? rc : eseal__sm2_verify_e(pub, e, sig, sig_len);
}
