/* The context's risk policy and alert callback (eseal/policy.h). */
#include "context.h"

#include "eseal/errors.h"
#include "../core/error.h"

ESEAL_EXTERN(int) eseal_ctx_set_policy(eseal_ctx *ctx, const eseal_policy *policy) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_policy: NULL context");
  ctx->policy = policy;
  return 0;
}

ESEAL_EXTERN(const eseal_policy *) eseal_ctx_policy(const eseal_ctx *ctx) {
  return ctx ? ctx->policy : NULL;
}

ESEAL_EXTERN(int) eseal_ctx_set_alert_callback(eseal_ctx *ctx, eseal_alert_fn fn, void *payload) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_set_alert_callback: NULL context");
  ctx->alert_fn = fn;
  ctx->alert_payload = payload;
  return 0;
}
