#include "prestamp.h"

#include <stdio.h>

#include "eseal/errors.h"
#include "../asn1/timefmt.h"
#include "../context/caches.h"
#include "../context/context.h"
#include "../core/error.h"
#include "../verify/primitives.h"
#include "../x509/cert.h"

typedef int (*builtin_check)(const eseal_ctx *ctx, const eseal_seal *seal, const eseal_key *key,
                             const eseal_cert *signer, int64_t t);

static int check_binding(const eseal_ctx *ctx, const eseal_seal *seal, const eseal_key *key,
                         const eseal_cert *signer, int64_t t) {
  (void)ctx, (void)key, (void)t;
  eseal__check_outcome o;
  eseal__check_binding(seal, signer->der, signer->der_len, &o);
  if (o.outcome == ESEAL__BOUND)
    return 0;
  return eseal__error_set(ESEAL_ENOTBOUND, "the signer certificate (%s) may not use this seal: %s",
                          signer->subject, o.detail);
}

static int check_seal_time(const eseal_ctx *ctx, const eseal_seal *seal, const eseal_key *key,
                           const eseal_cert *signer, int64_t t) {
  (void)ctx, (void)key, (void)signer;
  int64_t start = eseal_seal_date_utc(seal, ESEAL_SEAL_VALID_START);
  int64_t end = eseal_seal_date_utc(seal, ESEAL_SEAL_VALID_END);
  char when[21] = "", a[21] = "", b[21] = "";
  eseal__time_format_iso(t, when);
  eseal__time_format_iso(start, a);
  eseal__time_format_iso(end, b);
  if (t < start || t > end)
    return eseal__error_set(ESEAL_ESEALTIME, "the seal is %s at %s (valid %s to %s)",
                            t < start ? "not yet valid" : "expired", when, a, b);
  return 0;
}

static int check_signer_cert(const eseal_ctx *ctx, const eseal_seal *seal, const eseal_key *key,
                             const eseal_cert *signer, int64_t t) {
  (void)ctx, (void)seal, (void)key;
  char when[21] = "";
  eseal__time_format_iso(t, when);
  if (t < signer->not_before || t > signer->not_after)
    return eseal__error_set(ESEAL_ECERT, "the signer certificate (%s) is %s at %s", signer->subject,
                            t < signer->not_before ? "not yet valid" : "expired", when);
  if (!eseal__cert_can_sign(signer))
    return eseal__error_set(ESEAL_ECERT,
                            "the signer certificate (%s) lacks the digitalSignature and "
                            "nonRepudiation key usages",
                            signer->subject);
  return 0;
}

static int check_maker_signature(const eseal_ctx *ctx, const eseal_seal *seal,
                                 const eseal_key *key, const eseal_cert *signer, int64_t t) {
  (void)key, (void)signer, (void)t;
  size_t len = 0;
  const uint8_t *der = eseal_seal_maker_cert(seal, &len);
  eseal_cert *maker = NULL;
  eseal__check_outcome o;
  int rc = eseal__ctx_cert_from_der(ctx, &maker, der, len);
  if (rc == ESEAL_ENOMEM)
    return rc;
  rc = eseal__check_seal_signature(ctx, seal, maker, &o);
  eseal_cert_free(maker);
  if (rc)
    return rc;
  if (o.outcome != ESEAL__SIG_VALID)
    return eseal__error_set(ESEAL_EBADSEAL, "the seal's maker signature is not valid: %s",
                            o.detail);
  return 0;
}

static int check_key(const eseal_ctx *ctx, const eseal_seal *seal, const eseal_key *key,
                     const eseal_cert *signer, int64_t t) {
  (void)ctx, (void)seal, (void)t;
  int match = eseal_key_matches_cert(key, signer);
  if (match < 0)
    return match;
  if (!match)
    return eseal__error_set(ESEAL_ECRYPTO, "the key does not belong to the signer certificate (%s)",
                            signer->subject);
  return 0;
}

int eseal__prestamp_run(const eseal_ctx *ctx, const eseal_seal *seal, const eseal_key *key,
                        const eseal_cert *signer, int64_t signing_time) {
  static const builtin_check builtins[] = {check_binding, check_seal_time, check_signer_cert,
                                           check_maker_signature, check_key};
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
    int rc = builtins[i](ctx, seal, key, signer, signing_time);
    if (rc)
      return rc;
  }
  for (size_t i = 0; i < ctx->hook_count; i++) {
    const eseal__stamp_hook *h = &ctx->hooks[i];
    int rc = h->check(h->payload, ctx, seal, signer, signing_time);
    if (rc > 0)
      rc = ESEAL_ERROR;
    if (rc) {
      /* The hook's message lives in the error slot about to be rewritten. */
      const eseal_error *e = eseal_error_last();
      char why[256];
      snprintf(why, sizeof why, "%s", e ? e->message : eseal_strerror(rc));
      return eseal__error_set(rc, "pre-stamp check '%s' refused: %s", h->name, why);
    }
  }
  return 0;
}
