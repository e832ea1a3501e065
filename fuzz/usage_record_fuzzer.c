/*
 * Usage-log records (src/usage_log/record.c): the strict canonical-CBOR
 * decoder. An accepted input re-encodes to exactly the same bytes (one
 * encoding per record); a refused one leaves a message and ESEAL_EFORMAT or
 * ESEAL_ELIMIT (or ESEAL_ENOMEM under the capped allocator). Limits:
 * ESEAL__URECORD_MAX (32 KiB) per record, ESEAL__URECORD_TEXT_MAX (4 KiB)
 * per text field; the decoder allocates only copies of accepted fields.
 */
#include <string.h>

#include "fuzz_common.h"
#include "core/arena.h"
#include "usage_log/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal__arena arena = {0};
  eseal__urecord r;
  eseal_error_clear();
  int rc = eseal__urecord_decode(data, size, &r, &arena);
  if (rc != 0) {
    FUZZ_CHECK(rc == ESEAL_EFORMAT || rc == ESEAL_ELIMIT || rc == ESEAL_ENOMEM);
    FUZZ_CHECK(eseal_error_last() != NULL && eseal_error_last()->code == rc);
  } else {
    eseal_buf again = ESEAL_BUF_INIT;
    rc = eseal__urecord_encode(&r, &again);
    FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
    if (rc == 0)
      FUZZ_CHECK(again.size == size && memcmp(again.ptr, data, size) == 0);
    FUZZ_CHECK(r.version == ESEAL_USAGE_RECORD_VERSION && r.tenant != NULL);
    eseal_buf_dispose(&again);
  }
  eseal__arena_release(&arena);
  return 0;
}
