/*
 * RFC 3161 timestamp tokens (src/timestamp/): the input verified as a token
 * over fixed bytes (with a nonce when its length is odd), then read as a
 * TimeStampResp and the token it carries verified too. Limits
 * (src/timestamp/tst.h): 256 KiB, 16 certificates; the readers descend only
 * into known fields, so nesting is fixed. The context has no anchors, so
 * nothing may pass.
 */
#include <string.h>

#include "fuzz_common.h"
#include "timestamp/tst.h"

static eseal_ctx *context(void) {
  static eseal_ctx *ctx;
  if (ctx == NULL)
    FUZZ_CHECK(eseal_ctx_new(&ctx) == 0);
  return ctx;
}

static void verify(const uint8_t *token, size_t len, int with_nonce) {
  static const uint8_t covered[] = "fuzzed bytes";
  static const uint8_t nonce[] = {0x01, 0x23, 0x45, 0x67};
  eseal__tst_result r;
  int rc = eseal__tst_verify(context(), token, len, covered, sizeof covered - 1,
                             with_nonce ? nonce : NULL, with_nonce ? sizeof nonce : 0, &r);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
  if (rc)
    return;
  FUZZ_CHECK(r.status == ESEAL_CHECK_NOT_OK && r.indication != ESEAL_TOTAL_PASSED);
  FUZZ_CHECK(memchr(r.message, 0, sizeof r.message) != NULL);
  FUZZ_CHECK(r.chain == NULL);
  eseal__tst_result_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  verify(data, size, (int)(size & 1));
  eseal_buf token = ESEAL_BUF_INIT;
  int rc = eseal__tsa_response_token(data, size, &token);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_EFORMAT || rc == ESEAL_ERROR || rc == ESEAL_ELIMIT ||
             rc == ESEAL_ENOMEM);
  FUZZ_CHECK(rc == 0 || token.ptr == NULL);
  if (rc == 0) {
    FUZZ_CHECK(token.size < size);
    verify(token.ptr, token.size, 0);
  }
  eseal_buf_dispose(&token);
  return 0;
}
