/*
 * Usage-log checkpoints (src/usage_log/checkpoint.c): the strict signed-note
 * parser and the verifier. An accepted note's text is exactly what the writer
 * makes of the parsed fields (one text per checkpoint); a refused one leaves a
 * message and ESEAL_EFORMAT or ESEAL_ELIMIT. Verification against the fuzz
 * log signer (tlog_fuzz_key.h) may only succeed for a note that parses, and
 * otherwise returns one of its documented codes. Limits: ESEAL__CKPT_TEXT_MAX
 * (16 KiB) per note, 16 signature lines, 255-byte origins and key names,
 * 600-byte signatures.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "tlog_fuzz_key.h"
#include "usage_log/checkpoint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal__signed_checkpoint *cp = malloc(sizeof *cp);
  if (cp == NULL)
    return 0;
  eseal_error_clear();
  int parsed = eseal__checkpoint_parse(data, size, cp);
  if (parsed != 0) {
    FUZZ_CHECK(parsed == ESEAL_EFORMAT || parsed == ESEAL_ELIMIT || parsed == ESEAL_EINVAL);
    FUZZ_CHECK(eseal_error_last() != NULL && eseal_error_last()->code == parsed);
  } else {
    FUZZ_CHECK(cp->sig_count >= 1 && cp->sig_count <= ESEAL__CKPT_SIGS_MAX);
    eseal_buf text = ESEAL_BUF_INIT;
    int rc = eseal__checkpoint_text(&cp->cp, &text);
    FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
    if (rc == 0)
      FUZZ_CHECK(text.size == cp->text_len && memcmp(text.ptr, data, text.size) == 0);
    eseal_buf_dispose(&text);
  }
  const eseal_cert *certs[1] = {fuzz_log_signer()};
  size_t signer = 0;
  int rc = eseal__checkpoint_verify(fuzz_log_context(), data, size, certs, 1, cp, &signer);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_EFORMAT || rc == ESEAL_ELIMIT || rc == ESEAL_ECERT ||
             rc == ESEAL_ETAMPERED || rc == ESEAL_ENOMEM || rc == ESEAL_ECRYPTO ||
             rc == ESEAL_EINVAL);
  if (rc == 0)
    FUZZ_CHECK(parsed == 0 && signer == 0);
  free(cp);
  return 0;
}
