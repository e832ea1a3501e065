/*
 * The registry's two parsers of outside bytes (src/registry/): unfreeze orders
 * (a supervisor's file, strict DER) and stored seal records (read back from a
 * store someone may have edited). Contracts: a refused order leaves
 * ESEAL_EFORMAT, ESEAL_ELIMIT or ESEAL_ENOMEM; an accepted order never
 * verifies in a context that trusts no supervisor; a stored record is accepted
 * only in its one canonical encoding (it re-encodes to the same bytes) or
 * refused with ESEAL_ETAMPERED. Limits: ESEAL_UNFREEZE_ORDER_MAX_SIZE (64 KiB)
 * per order; texts of ESEAL_REGISTRY_MAX_TEXT bytes, esIDs of 128.
 */
#include <string.h>

#include "fuzz_common.h"
#include "registry/record.h"

static void order(const uint8_t *data, size_t size) {
  static eseal_ctx *ctx;
  if (ctx == NULL) {
    FUZZ_CHECK(eseal_ctx_new(&ctx) == 0);
    FUZZ_CHECK(eseal_ctx_set_fixed_time(ctx, 1767225600) == 0);
  }
  eseal_unfreeze_order *o = NULL;
  eseal_error_clear();
  int rc = eseal_unfreeze_order_parse(&o, data, size);
  if (rc != 0) {
    FUZZ_CHECK(o == NULL);
    FUZZ_CHECK(rc == ESEAL_EFORMAT || rc == ESEAL_ELIMIT || rc == ESEAL_ENOMEM);
    FUZZ_CHECK(eseal_error_last() != NULL && eseal_error_last()->code == rc);
    return;
  }
  size_t len = 0;
  FUZZ_CHECK(eseal_unfreeze_order_tenant(o) && eseal_unfreeze_order_es_id(o) &&
             eseal_unfreeze_order_reason(o) && eseal_unfreeze_order_signer(o));
  fuzz_touch(eseal_unfreeze_order_seal_hash(o, &len), len);
  FUZZ_CHECK(len == 32);
  rc = eseal_unfreeze_order_verify(ctx, o, 0);
  FUZZ_CHECK(rc == ESEAL_ECRYPTO || rc == ESEAL_ECERT || rc == ESEAL_ENOMEM);
  eseal_unfreeze_order_free(o);
}

static void record(const uint8_t *data, size_t size) {
  static eseal__seal_record r;
  eseal_error_clear();
  int rc = eseal__seal_record_decode(&r, data, size);
  if (rc != 0) {
    FUZZ_CHECK(rc == ESEAL_ETAMPERED);
    return;
  }
  eseal_buf again = ESEAL_BUF_INIT;
  rc = eseal__seal_record_encode(&r, &again);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
  if (rc == 0)
    FUZZ_CHECK(again.size == size && memcmp(again.ptr, data, size) == 0);
  FUZZ_CHECK(eseal_seal_state_name(r.state) != NULL);
  eseal_buf_dispose(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  order(data, size);
  record(data, size);
  return 0;
}
