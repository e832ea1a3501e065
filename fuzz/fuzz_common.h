/* What every fuzz target does after a successful parse: read every field
 * (through the JSON renderer, which calls every getter), re-encode, and
 * touch the original-bytes views, so that the code after the parser is
 * fuzzed too. */
#ifndef ESEAL_FUZZ_COMMON_H
#define ESEAL_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>

#include <eseal.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Installs the capped allocator (fuzz_alloc.c); libFuzzer calls it once,
 * the standalone driver too. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Aborts (a finding) when a contract of the API is broken. */
#define FUZZ_CHECK(cond) \
  do {                   \
    if (!(cond))         \
      abort();           \
  } while (0)

static inline void fuzz_touch(const uint8_t *p, size_t len) {
  volatile uint8_t sink = 0;
  if (p && len)
    sink = (uint8_t)(p[0] ^ p[len - 1]);
  (void)sink;
}

static inline void fuzz_exercise_seal(const eseal_seal *seal) {
  eseal_buf buf = ESEAL_BUF_INIT;
  size_t len;
  const uint8_t *p;
  if (eseal_seal_to_json(&buf, seal) == 0)
    FUZZ_CHECK(buf.ptr != NULL && buf.ptr[buf.size] == 0);
  eseal_buf_dispose(&buf);
  if (eseal_seal_encode(&buf, seal) == 0)
    fuzz_touch(buf.ptr, buf.size);
  eseal_buf_dispose(&buf);
  p = eseal_seal_bytes(seal, &len);
  fuzz_touch(p, len);
  p = eseal_seal_info_bytes(seal, &len);
  fuzz_touch(p, len);
  p = eseal_seal_signed_bytes(seal, &len);
  fuzz_touch(p, len);
}

static inline void fuzz_exercise_signature(const eseal_signature *sig) {
  eseal_buf buf = ESEAL_BUF_INIT;
  size_t len;
  const uint8_t *p;
  if (eseal_signature_to_json(&buf, sig) == 0)
    FUZZ_CHECK(buf.ptr != NULL && buf.ptr[buf.size] == 0);
  eseal_buf_dispose(&buf);
  if (eseal_signature_encode(&buf, sig) == 0)
    fuzz_touch(buf.ptr, buf.size);
  eseal_buf_dispose(&buf);
  p = eseal_signature_bytes(sig, &len);
  fuzz_touch(p, len);
  p = eseal_signature_tbs_bytes(sig, &len);
  fuzz_touch(p, len);
  fuzz_exercise_seal(eseal_signature_seal(sig));
}

#endif
