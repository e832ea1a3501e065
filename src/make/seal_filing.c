/* eseal_seal_builder_set_filing(): the filing data, checked, as the seal's filing ExtData. */
#include <string.h>

#include "eseal/errors.h"
#include "seal_builder.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../codec/filing.h"

ESEAL_EXTERN(int) eseal_seal_builder_set_filing(eseal_seal_builder *b,
                                                const eseal_filing_info *info) {
  if (b == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_builder_set_filing: NULL builder");
  int rc = eseal__filing_check(info);
  if (rc)
    return rc;
  eseal__dbuf value = ESEAL__DBUF_INIT;
  eseal__filing_encode(&value, info);
  if ((rc = eseal__dbuf_status(&value)) != 0)
    return rc;
  /* Filing data set twice: the second replaces the first, so a seal carries one. */
  for (size_t i = 0; i < b->extension_count; i++) {
    eseal__builder_extension *e = &b->extensions[i];
    if (strcmp(e->oid, ESEAL__OID_FILING) == 0) {
      eseal__free(e->value);
      e->value = value.ptr;
      e->len = value.len;
      e->critical = 0;
      return 0;
    }
  }
  rc = eseal_seal_builder_add_extension(b, ESEAL__OID_FILING, 0, value.ptr, value.len);
  eseal__dbuf_release(&value);
  return rc;
}
