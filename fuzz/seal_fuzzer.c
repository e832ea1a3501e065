/* SESeal parsing, default and strict. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal_seal *seal = NULL;
  eseal_parse_options strict = ESEAL_PARSE_OPTIONS_INIT;
  strict.flags = ESEAL_PARSE_STRICT;
  int rc = eseal_seal_parse(&seal, data, size, NULL);
  FUZZ_CHECK((rc == 0) == (seal != NULL));
  if (rc == 0) {
    fuzz_exercise_seal(seal);
    eseal_seal_free(seal);
  } else {
    FUZZ_CHECK(eseal_error_last() != NULL && eseal_error_last()->code == rc);
  }
  rc = eseal_seal_parse(&seal, data, size, &strict);
  if (rc == 0)
    eseal_seal_free(seal);
  return 0;
}
