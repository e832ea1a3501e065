/* SES_Signature parsing (and the embedded seal), default and strict. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal_signature *sig = NULL;
  eseal_parse_options strict = ESEAL_PARSE_OPTIONS_INIT;
  strict.flags = ESEAL_PARSE_STRICT;
  int rc = eseal_signature_parse(&sig, data, size, NULL);
  FUZZ_CHECK((rc == 0) == (sig != NULL));
  if (rc == 0) {
    fuzz_exercise_signature(sig);
    eseal_signature_free(sig);
  } else {
    FUZZ_CHECK(eseal_error_last() != NULL && eseal_error_last()->code == rc);
  }
  rc = eseal_signature_parse(&sig, data, size, &strict);
  if (rc == 0)
    eseal_signature_free(sig);
  return 0;
}
