/*
 * Usage-log evidence bundles (src/usage_log/bundle.c, evidence.c): the strict
 * canonical-CBOR decoder and eseal_evidence_verify(). An accepted bundle
 * re-encodes to exactly its bytes; the public check always gives an outcome
 * (or ESEAL_ENOMEM), which is ok only for a bundle that decodes, whose
 * checkpoint the fuzz log signer (tlog_fuzz_key.h) signed, and whose every
 * record is in its tree. Limits: ESEAL__BUNDLE_MAX (16 MiB), 4096 records,
 * 16 certificates per list of at most 64 KiB each, 32 KiB per record, 64
 * hashes per path.
 */
#include <string.h>

#include "core/arena.h"
#include "fuzz_common.h"
#include "tlog_fuzz_key.h"
#include "usage_log/bundle.h"

#include <eseal/evidence.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal__arena arena = {0};
  eseal__bundle b;
  eseal_error_clear();
  int decoded = eseal__bundle_decode(data, size, &b, &arena);
  if (decoded != 0) {
    FUZZ_CHECK(decoded == ESEAL_EFORMAT || decoded == ESEAL_ELIMIT || decoded == ESEAL_ENOMEM);
    FUZZ_CHECK(eseal_error_last() != NULL && eseal_error_last()->code == decoded);
  } else {
    eseal_buf again = ESEAL_BUF_INIT;
    int rc = eseal__bundle_encode(&b, &again);
    FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
    if (rc == 0)
      FUZZ_CHECK(again.size == size && memcmp(again.ptr, data, size) == 0);
    eseal_buf_dispose(&again);
  }
  eseal__arena_release(&arena);

  eseal_evidence *e = NULL;
  int rc = eseal_evidence_verify(&e, fuzz_log_context(), data, size);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM || rc == ESEAL_ECRYPTO);
  if (rc == 0) {
    FUZZ_CHECK(e != NULL && eseal_evidence_reason(e) != NULL);
    if (eseal_evidence_ok(e)) {
      FUZZ_CHECK(decoded == 0 && eseal_evidence_error(e) == 0);
      FUZZ_CHECK(eseal_evidence_log_signer(e) != NULL);
      for (size_t i = 0; i < eseal_evidence_record_count(e); i++) {
        size_t len = 0;
        const uint8_t *p = eseal_evidence_record(e, i, &len);
        FUZZ_CHECK(p != NULL && len > 0);
        FUZZ_CHECK(eseal_evidence_record_seq(e, i) < eseal_evidence_tree_size(e));
      }
    } else {
      FUZZ_CHECK(eseal_evidence_error(e) < 0 && eseal_evidence_reason(e)[0] != '\0');
    }
  }
  eseal_evidence_free(e);
  return 0;
}
