/* The inspect path: sniff the kind, then parse as what was sniffed. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal_kind kind;
  eseal_format_version format;
  int rc = eseal_sniff(&kind, &format, data, size);
  if (rc != 0) {
    FUZZ_CHECK(format == ESEAL_FORMAT_UNKNOWN);
    return 0;
  }
  FUZZ_CHECK(format != ESEAL_FORMAT_UNKNOWN);
  if (kind == ESEAL_KIND_SEAL) {
    eseal_seal *seal = NULL;
    FUZZ_CHECK(eseal_seal_parse(&seal, data, size, NULL) == 0);
    FUZZ_CHECK(eseal_seal_format(seal) == format);
    fuzz_exercise_seal(seal);
    eseal_seal_free(seal);
  } else {
    eseal_signature *sig = NULL;
    FUZZ_CHECK(kind == ESEAL_KIND_SIGNATURE);
    FUZZ_CHECK(eseal_signature_parse(&sig, data, size, NULL) == 0);
    FUZZ_CHECK(eseal_signature_format(sig) == format);
    fuzz_exercise_signature(sig);
    eseal_signature_free(sig);
  }
  return 0;
}
