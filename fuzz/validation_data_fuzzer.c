/*
 * Validation data: arbitrary bytes read as an earlier report's JSON by
 * eseal_ctx_load_validation_data() (src/revocation/validation_data.c). The
 * contract: 0 or a negative code with its message; never an anchor added (trust
 * comes from the caller only); a validation time only on success; the context
 * still usable. The seeds are reports of this library's own verifications.
 */
#include <string.h>

#include <eseal.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal_ctx *ctx = NULL;
  if (eseal_ctx_new(&ctx) != 0)
    return 0;
  int64_t at = -1;
  int rc = eseal_ctx_load_validation_data(ctx, data, size, &at);
  FUZZ_CHECK(rc <= 0);
  if (rc < 0) {
    const eseal_error *e = eseal_error_last();
    FUZZ_CHECK(e != NULL && e->code == rc && e->message != NULL);
    FUZZ_CHECK(at == -1);
  }
  FUZZ_CHECK(eseal_ctx_trust_count(ctx) == 0);
  /* Still usable: it refuses a source that is not one, with its message. */
  static const uint8_t junk[] = {0x30, 0x00};
  int added = eseal_ctx_add_crl(ctx, junk, sizeof junk);
  FUZZ_CHECK(added == ESEAL_EFORMAT || added == ESEAL_ENOMEM);
  eseal_ctx_free(ctx);
  return 0;
}
