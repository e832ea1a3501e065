/* parse -> encode -> parse gives an equal object; a canonical input (strict
 * parse without any warning) encodes back to itself byte for byte. */
#include <string.h>

#include "fuzz_common.h"

static int same_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static void seal_roundtrip(const uint8_t *data, size_t size) {
  eseal_seal *seal = NULL, *again = NULL;
  eseal_parse_options strict = ESEAL_PARSE_OPTIONS_INIT;
  strict.flags = ESEAL_PARSE_STRICT;
  if (eseal_seal_parse(&seal, data, size, NULL) != 0)
    return;
  eseal_buf out = ESEAL_BUF_INIT;
  if (eseal_seal_encode(&out, seal) == 0) {
    FUZZ_CHECK(eseal_seal_parse(&again, out.ptr, out.size, NULL) == 0);
    FUZZ_CHECK(eseal_seal_format(again) == eseal_seal_format(seal));
    FUZZ_CHECK(strcmp(eseal_seal_esid(again), eseal_seal_esid(seal)) == 0);
    FUZZ_CHECK(eseal_seal_cert_count(again) == eseal_seal_cert_count(seal));
    size_t la, lb;
    const uint8_t *a = eseal_seal_picture_data(seal, &la), *b = eseal_seal_picture_data(again, &lb);
    FUZZ_CHECK(same_bytes(a, la, b, lb));
    eseal_seal_free(again);
    eseal_seal_free(seal);
    seal = NULL;
    if (eseal_seal_parse(&seal, data, size, &strict) == 0 &&
        eseal_warnings_count(eseal_seal_warnings(seal)) == 0)
      FUZZ_CHECK(same_bytes(out.ptr, out.size, data, size));
  }
  eseal_buf_dispose(&out);
  eseal_seal_free(seal);
}

static void signature_roundtrip(const uint8_t *data, size_t size) {
  eseal_signature *sig = NULL, *again = NULL;
  eseal_parse_options strict = ESEAL_PARSE_OPTIONS_INIT;
  strict.flags = ESEAL_PARSE_STRICT;
  if (eseal_signature_parse(&sig, data, size, NULL) != 0)
    return;
  eseal_buf out = ESEAL_BUF_INIT;
  if (eseal_signature_encode(&out, sig) == 0) {
    FUZZ_CHECK(eseal_signature_parse(&again, out.ptr, out.size, NULL) == 0);
    FUZZ_CHECK(eseal_signature_format(again) == eseal_signature_format(sig));
    size_t la, lb;
    const uint8_t *a = eseal_signature_data_hash(sig, &la), *b = eseal_signature_data_hash(again, &lb);
    FUZZ_CHECK(same_bytes(a, la, b, lb));
    a = eseal_seal_bytes(eseal_signature_seal(sig), &la);
    b = eseal_seal_bytes(eseal_signature_seal(again), &lb);
    FUZZ_CHECK(same_bytes(a, la, b, lb));
    eseal_signature_free(again);
    eseal_signature_free(sig);
    sig = NULL;
    if (eseal_signature_parse(&sig, data, size, &strict) == 0 &&
        eseal_warnings_count(eseal_signature_warnings(sig)) == 0)
      FUZZ_CHECK(same_bytes(out.ptr, out.size, data, size));
  }
  eseal_buf_dispose(&out);
  eseal_signature_free(sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  seal_roundtrip(data, size);
  signature_roundtrip(data, size);
  return 0;
}
