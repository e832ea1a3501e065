/*
 * Physical-use reports: the bytes a device signs (doc/risk-control.md,
 * "Physical-use reports"), signing them, and checking a signature against
 * the device's registered certificate.
 */
#include "physical.h"

#include <math.h>
#include <string.h>

#include "eseal/errors.h"
#include "../context/context.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "../crypto/key.h"
#include "../crypto/pkey.h"
#include "../x509/cert.h"

/* Text of at most ESEAL_PHYSICAL_MAX_TEXT bytes, without line breaks or NUL; `required` when set. */
static int check_text(const char *what, const char *v, int required) {
  if (v == NULL)
    return required ? eseal__error_set(ESEAL_EINVAL, "physical use: no %s", what) : 0;
  size_t n = strlen(v);
  if ((required && n == 0) || n > ESEAL_PHYSICAL_MAX_TEXT || strpbrk(v, "\r\n"))
    return eseal__error_set(ESEAL_EINVAL, "physical use: bad %s", what);
  return 0;
}

static long long scaled(double v, double unit) { return llround(v * unit); }

ESEAL_EXTERN(int) eseal_physical_use_encode(eseal_buf *out, const eseal_physical_use *u) {
  if (out == NULL || u == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_physical_use_encode: NULL argument");
  if (u->version != ESEAL_PHYSICAL_USE_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "physical use: unknown version %u", u->version);
  const char *tenant = eseal__registry_tenant(u->tenant);
  int rc;
  if ((rc = eseal_store_check_name(tenant)) != 0 || (rc = check_text("esID", u->es_id, 1)) != 0 ||
      (rc = check_text("device", u->device, 1)) != 0 ||
      (rc = check_text("operator", u->operator_id, 0)) != 0 ||
      (rc = check_text("place", u->place, 0)) != 0)
    return rc;
  if (u->has_location && (!isfinite(u->latitude) || fabs(u->latitude) > 90 ||
                          !isfinite(u->longitude) || fabs(u->longitude) > 180 ||
                          !isfinite(u->accuracy_m) || u->accuracy_m < 0 || u->accuracy_m > 1e7))
    return eseal__error_set(ESEAL_EINVAL, "physical use: location out of range");
  if (u->has_force && (!isfinite(u->force_newtons) || u->force_newtons < 0 ||
                       u->force_newtons > 1e6))
    return eseal__error_set(ESEAL_EINVAL, "physical use: force out of range");
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__dbuf_appendf(&b, "eseal-physical-use/1\ntenant=%s\nes_id=%s\ndevice=%s\noperator=%s\n"
                          "time=%lld\nlocation=",
                      tenant, u->es_id, u->device, u->operator_id ? u->operator_id : "",
                      (long long)u->device_time);
  if (u->has_location)
    eseal__dbuf_appendf(&b, "%lld %lld %lld", scaled(u->latitude, 1e7),
                        scaled(u->longitude, 1e7), scaled(u->accuracy_m, 100.0));
  eseal__dbuf_appendf(&b, "\nplace=%s\nforce=", u->place ? u->place : "");
  if (u->has_force)
    eseal__dbuf_appendf(&b, "%lld", scaled(u->force_newtons, 1000.0));
  eseal__dbuf_append_str(&b, "\n");
  if ((rc = eseal__dbuf_status(&b)) == 0)
    rc = eseal_buf_set(out, b.ptr, b.len);
  eseal__dbuf_release(&b);
  return rc;
}

ESEAL_EXTERN(int) eseal_physical_use_sign(eseal_buf *sig, const eseal_ctx *ctx,
                                          const eseal_physical_use *u, eseal_key *key) {
  if (sig == NULL || ctx == NULL || key == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_physical_use_sign: NULL argument");
  eseal_buf msg = ESEAL_BUF_INIT;
  int rc = eseal_physical_use_encode(&msg, u);
  if (rc == 0)
    rc = eseal__key_sign(key, ctx->sm2_id, ctx->sm2_id_len, msg.ptr, msg.size, sig);
  eseal_buf_dispose(&msg);
  return rc;
}

int eseal__physical_verify(const eseal_ctx *ctx, const eseal_cert *cert, const uint8_t *msg,
                           size_t len, const uint8_t *sig, size_t sig_len) {
  EVP_PKEY *pub = X509_get0_pubkey(cert->x509);
  const char *alg = pub ? eseal__pkey_algorithm(pub) : NULL;
  if (alg == NULL || sig_len == 0 || sig_len > ESEAL_PHYSICAL_MAX_SIGNATURE)
    return 0;
  int ok = eseal__pkey_verify(pub, alg, ctx->sm2_id, ctx->sm2_id_len, msg, len, sig, sig_len);
  return ok == ESEAL_ENOMEM ? ok : ok == 1;
}
