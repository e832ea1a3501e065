/* Attaching a store to a context (eseal/store.h). The context borrows it. */
#include "context.h"

#include "eseal/errors.h"
#include "eseal/store.h"
#include "../core/error.h"

ESEAL_EXTERN(int) eseal_ctx_set_store(eseal_ctx *ctx, eseal_store *store) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_store: NULL context");
  ctx->data_store = store;
  return 0;
}

ESEAL_EXTERN(eseal_store *) eseal_ctx_store(const eseal_ctx *ctx) {
  return ctx != NULL ? ctx->data_store : NULL;
}
