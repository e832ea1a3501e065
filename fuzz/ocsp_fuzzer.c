/*
 * eseal__ocsp_status() on any bytes, against the certificate and issuer of
 * ocsp_fuzz_pki.h (read once, at the first input), at a fixed time, with
 * and without a nonce. Besides memory errors, a finding is an answer that
 * breaks the contract of ocsp.h: a status outside the enumeration, an
 * unterminated or empty detail, a definite answer that does not name its
 * responder or lies outside its own window, a nonce reported matched when
 * none was asked.
 */
#include <string.h>

#include <openssl/pem.h>

#include "fuzz_common.h"
#include "ocsp_fuzz_pki.h"
#include "revocation/ocsp.h"

#define SKEW 300
#define MAX_AGE (7 * 86400)

static X509 *cert, *issuer;

static X509 *read_pem(const char *pem) {
  BIO *bio = BIO_new_mem_buf(pem, -1);
  X509 *x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
  BIO_free(bio);
  FUZZ_CHECK(x != NULL);
  return x;
}

static void check(const eseal__rev_answer *a, int asked) {
  FUZZ_CHECK(a->status >= ESEAL__REV_GOOD && a->status <= ESEAL__REV_TRY_LATER);
  FUZZ_CHECK(memchr(a->detail, 0, sizeof a->detail) != NULL && a->detail[0] != 0);
  FUZZ_CHECK(strcmp(a->source, "ocsp") == 0);
  FUZZ_CHECK(asked || a->nonce == ESEAL__NONCE_NOT_ASKED);
  if (a->status != ESEAL__REV_GOOD && a->status != ESEAL__REV_REVOKED &&
      a->status != ESEAL__REV_UNKNOWN)
    return;
  FUZZ_CHECK(strncmp(a->detail, "signed by ", 10) == 0);
  FUZZ_CHECK(a->this_update <= FUZZ_OCSP_CLOCK + SKEW);
  FUZZ_CHECK(a->next_update == 0 || a->next_update >= a->this_update);
  if (a->status != ESEAL__REV_REVOKED)
    FUZZ_CHECK(a->next_update ? a->next_update >= FUZZ_OCSP_CLOCK - SKEW
                              : a->this_update >= FUZZ_OCSP_CLOCK - MAX_AGE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const uint8_t sm2_id[] = "1234567812345678";
  static const uint8_t nonce[ESEAL__OCSP_NONCE_LEN] = {0xb6, 0xcb, 0xdb, 0xb9, 0x0b, 0xf2,
                                                       0x04, 0x05, 0x5b, 0x72, 0x28, 0xd1,
                                                       0x6c, 0x69, 0x38, 0x0a};
  if (cert == NULL) {
    issuer = read_pem(kFuzzOcspCa);
    cert = read_pem(kFuzzOcspLeaf);
  }
  for (int asked = 0; asked < 2; asked++) {
    eseal__rev_answer a;
    int rc = eseal__ocsp_status(data, size, cert, issuer, NULL, sm2_id, 16, FUZZ_OCSP_CLOCK, SKEW,
                                MAX_AGE, asked ? nonce : NULL, asked ? sizeof nonce : 0, &a,
                                NULL);
    FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
    if (rc == 0)
      check(&a, asked);
  }
  return 0;
}
