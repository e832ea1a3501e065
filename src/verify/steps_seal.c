/* The seal's own checks (GM/T 0031 §6.1.2) and eseal_verify_seal(). */
#include <string.h>

#include "eseal/errors.h"
#include "../codec/model.h"
#include "../x509/cert.h"
#include "primitives.h"
#include "steps.h"

ESEAL_EXTERN(int) eseal_verify_options_init(eseal_verify_options *opts, unsigned int version) {
  if (opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_options_init: NULL options");
  if (version != ESEAL_VERIFY_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_verify_options: unknown version %u", version);
  *opts = (eseal_verify_options)ESEAL_VERIFY_OPTIONS_INIT;
  return 0;
}

int eseal__verifier_start(eseal__verifier *v, const eseal_ctx *ctx,
                          const eseal_verify_options *opts, eseal_kind kind) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "verification needs a context");
  v->ctx = ctx;
  v->opts = (eseal_verify_options)ESEAL_VERIFY_OPTIONS_INIT;
  if (opts) {
    if (opts->version != ESEAL_VERIFY_OPTIONS_VERSION)
      return eseal__error_set(ESEAL_EVERSION, "eseal_verify_options: unknown version %u",
                              opts->version);
    if (opts->maker_time != 0 && opts->maker_time != ESEAL_MAKER_AT_CREATION &&
        opts->maker_time != ESEAL_MAKER_AT_SIGNING)
      return eseal__error_set(ESEAL_EINVAL, "eseal_verify_options: unknown maker_time policy");
    v->opts = *opts;
    if (v->opts.maker_time == 0)
      v->opts.maker_time = ESEAL_MAKER_AT_CREATION;
  }
  v->validation_time = v->opts.validation_time ? v->opts.validation_time : eseal_ctx_now(ctx);
  int rc = eseal__report_new(&v->report, kind);
  if (rc == 0)
    eseal__report_time(v->report, ESEAL_TIME_VALIDATION, v->validation_time);
  return rc;
}

void eseal__step_format(eseal__verifier *v, eseal_format_version format,
                        const eseal_warnings *warnings) {
  size_t quirks = 0, notes = 0;
  for (size_t i = 0; warnings && i < warnings->count; i++) {
    if (eseal__warning_is_quirk(warnings->items[i].id))
      quirks++;
    else
      notes++;
  }
  eseal__report_warnings(v->report, warnings);
  const char *name = eseal_format_name(format);
  if (quirks == 0)
    eseal__report_ok(v->report, "format", "well-formed %s DER (%zu notes)", name, notes);
  else if (v->opts.flags & ESEAL_VERIFY_STRICT)
    eseal__report_fail(v->report, "format", ESEAL_SUB_FORMAT_FAILURE,
                       "%s with %zu encoding quirks, refused in strict mode (see warnings)", name,
                       quirks);
  else
    eseal__report_check(v->report, "format", ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED,
                        ESEAL_SUB_NONE, "%s, accepted with %zu encoding quirks (see warnings)",
                        name, quirks);
}

static void step_seal_signature(eseal__verifier *v, const eseal__check_outcome *o) {
  switch (o->outcome) {
  case ESEAL__SIG_VALID:
    eseal__report_ok(v->report, "seal.signature", "maker %s over the seal bytes as received",
                     o->detail);
    break;
  case ESEAL__SIG_INVALID:
    eseal__report_fail(v->report, "seal.signature", ESEAL_SUB_SIG_CRYPTO_FAILURE,
                       "maker %s: the seal was altered or not signed by its maker certificate",
                       o->detail);
    break;
  case ESEAL__SIG_UNSUPPORTED:
    eseal__report_check(v->report, "seal.signature", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "%s", o->detail);
    break;
  default:
    eseal__report_fail(v->report, "seal.signature", ESEAL_SUB_FORMAT_FAILURE, "maker certificate: %s",
                       o->detail);
  }
}

static void step_seal_validity(eseal__verifier *v, const eseal_seal *seal, int64_t at,
                               const char *at_label) {
  int64_t start = eseal_seal_date_utc(seal, ESEAL_SEAL_VALID_START);
  int64_t end = eseal_seal_date_utc(seal, ESEAL_SEAL_VALID_END);
  char when[21], a[21], b[21];
  eseal__iso(at, when);
  eseal__iso(start, a);
  eseal__iso(end, b);
  if (at < start)
    eseal__report_fail(v->report, "seal.validity", ESEAL_SUB_NOT_YET_VALID,
                       "the seal was not yet valid at the %s (%s): valid %s to %s", at_label, when,
                       a, b);
  else if (at > end)
    eseal__report_fail(v->report, "seal.validity", ESEAL_SUB_EXPIRED,
                       "the seal had expired at the %s (%s): valid %s to %s", at_label, when, a, b);
  else
    eseal__report_ok(v->report, "seal.validity", "the %s (%s) lies within the seal's validity, %s to %s",
                     at_label, when, a, b);
}

int eseal__steps_seal(eseal__verifier *v, const eseal_seal *seal, int64_t at,
                      const char *at_label) {
  eseal_cert *maker = NULL;
  char why[256];
  eseal__check_outcome o;
  int rc = eseal__steps_read_cert(seal->maker_cert.ptr, seal->maker_cert.len, &maker, why);
  if (rc == 0)
    rc = eseal__check_seal_signature(v->ctx, seal, maker, &o);
  if (rc) {
    eseal_cert_free(maker);
    return rc;
  }
  step_seal_signature(v, &o);
  if (maker == NULL) {
    eseal__report_fail(v->report, "seal.maker_chain", ESEAL_SUB_FORMAT_FAILURE,
                       "the maker certificate cannot be read: %s", why);
  } else {
    int at_creation = v->opts.maker_time == ESEAL_MAKER_AT_CREATION;
    rc = eseal__steps_cert(v, maker, "maker", "seal.maker_chain", "seal.maker_validity",
                           at_creation ? eseal_seal_date_utc(seal, ESEAL_SEAL_CREATE_DATE) : at,
                           at_creation ? "seal's creation date" : at_label);
    eseal_cert_free(maker);
    if (rc)
      return rc;
  }
  step_seal_validity(v, seal, at, at_label);
  return 0;
}

ESEAL_EXTERN(int) eseal_verify_seal(eseal_report **out, const eseal_ctx *ctx,
                                    const eseal_seal *seal, const eseal_verify_options *opts) {
  if (out == NULL || seal == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_seal: NULL argument");
  *out = NULL;
  eseal__verifier v;
  int rc = eseal__verifier_start(&v, ctx, opts, ESEAL_KIND_SEAL);
  if (rc)
    return rc;
  eseal__report_fact(v.report, "format", eseal_format_name(seal->format));
  eseal__report_fact(v.report, "esid", seal->esid);
  eseal__report_fact(v.report, "seal_name", seal->name);
  eseal__step_format(&v, seal->format, &seal->warnings);
  rc = eseal__steps_seal(&v, seal, v.validation_time, "validation time");
  if (rc == 0)
    rc = eseal__report_conclude(v.report);
  if (rc) {
    eseal_report_free(v.report);
    return rc;
  }
  *out = v.report;
  return 0;
}
