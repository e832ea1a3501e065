/* The seal's own checks (GM/T 0031 §6.1.2) and eseal_verify_seal(). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/store.h"
#include "eseal/trust.h"
#include "../codec/model.h"
#include "../x509/cert.h"
#include "primitives.h"
#include "steps.h"

ESEAL_EXTERN(int) eseal_verify_options_init(eseal_verify_options *opts, unsigned int version) {
  if (opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_options_init: NULL options");
  if (version != 1 && version != 2 && version != ESEAL_VERIFY_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_verify_options: unknown version %u", version);
  eseal_verify_options defaults = ESEAL_VERIFY_OPTIONS_INIT;
  if (version < ESEAL_VERIFY_OPTIONS_VERSION) {
    /* An older caller's struct ends after maker_time (1) or poe_source (2). */
    memcpy(opts, &defaults, version == 1 ? offsetof(eseal_verify_options, expect)
                                         : offsetof(eseal_verify_options, tenant));
    opts->version = version;
  } else {
    *opts = defaults;
  }
  return 0;
}

ESEAL_EXTERN(const char *) eseal_time_policy_name(eseal_time_policy policy) {
  switch (policy) {
  case ESEAL_TIME_POLICY_POE: return "poe";
  case ESEAL_TIME_POLICY_CLAIMED: return "claimed-time";
  }
  return NULL;
}

ESEAL_EXTERN(const char *) eseal_crypto_policy_name(eseal_crypto_policy policy) {
  switch (policy) {
  case ESEAL_CRYPTO_POLICY_DEFAULT: return "default";
  case ESEAL_CRYPTO_POLICY_LEGACY: return "legacy";
  }
  return NULL;
}

/* The caller's options as the current version, defaults filled in, or an error. */
static int normalise_options(eseal_verify_options *out, const eseal_verify_options *in) {
  *out = (eseal_verify_options)ESEAL_VERIFY_OPTIONS_INIT;
  if (in == NULL)
    return 0;
  if (in->version == 1)
    memcpy(out, in, offsetof(eseal_verify_options, expect));
  else if (in->version == 2)
    memcpy(out, in, offsetof(eseal_verify_options, tenant));
  else if (in->version == 3)
    memcpy(out, in, offsetof(eseal_verify_options, poe_tokens));
  else if (in->version == ESEAL_VERIFY_OPTIONS_VERSION)
    *out = *in;
  else
    return eseal__error_set(ESEAL_EVERSION, "eseal_verify_options: unknown version %u",
                            in->version);
  out->version = ESEAL_VERIFY_OPTIONS_VERSION;
  if (out->maker_time == 0)
    out->maker_time = ESEAL_MAKER_AT_CREATION;
  if (out->time_policy == 0)
    out->time_policy = ESEAL_TIME_POLICY_POE;
  if (out->crypto_policy == 0)
    out->crypto_policy = ESEAL_CRYPTO_POLICY_DEFAULT;
  if (out->maker_time != ESEAL_MAKER_AT_CREATION && out->maker_time != ESEAL_MAKER_AT_SIGNING)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_options: unknown maker_time policy");
  if (eseal_time_policy_name(out->time_policy) == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_options: unknown time policy");
  if (eseal_crypto_policy_name(out->crypto_policy) == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_options: unknown crypto policy");
  if (out->expect != ESEAL_KIND_UNKNOWN && out->expect != ESEAL_KIND_SEAL &&
      out->expect != ESEAL_KIND_SIGNATURE)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_options: unknown expected kind");
  if (out->clock_skew < ESEAL_CLOCK_SKEW_NONE || out->poe_time < 0)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_options: negative time");
  if (out->poe_token_count > ESEAL_MAX_POE_TOKENS ||
      (out->poe_token_count && (out->poe_tokens == NULL || out->poe_token_lens == NULL)))
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_options: at most %d POE tokens, with "
                            "their lengths", ESEAL_MAX_POE_TOKENS);
  if (out->tenant && eseal_store_check_name(out->tenant) != 0)
    return eseal__error_prefix(ESEAL_EINVAL, "eseal_verify_options: tenant");
  return 0;
}

int eseal__verifier_start(eseal__verifier *v, const eseal_ctx *ctx,
                          const eseal_verify_options *opts, eseal_kind kind) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "verification needs a context");
  memset(v, 0, sizeof *v);
  v->ctx = ctx;
  int rc = normalise_options(&v->opts, opts);
  if (rc)
    return rc;
  v->validation_time = v->opts.validation_time ? v->opts.validation_time : eseal_ctx_now(ctx);
  v->clock_skew = v->opts.clock_skew == 0 ? ESEAL_DEFAULT_CLOCK_SKEW
                  : v->opts.clock_skew < 0 ? 0
                                           : v->opts.clock_skew;
  /* Without other proof, the input is only known to exist now. */
  v->poe = v->validation_time;
  snprintf(v->poe_label, sizeof v->poe_label, "the validation time");
  if (v->opts.poe_time && v->opts.poe_time < v->poe) {
    v->poe = v->opts.poe_time;
    snprintf(v->poe_label, sizeof v->poe_label, "the proof of existence from %s",
             v->opts.poe_source && *v->opts.poe_source ? v->opts.poe_source : "the caller");
  }
  rc = eseal__report_new(&v->report, kind);
  if (rc)
    return rc;
  eseal__report_time(v->report, ESEAL_TIME_VALIDATION, v->validation_time);
  eseal__report_time(v->report, ESEAL_TIME_BEST_SIGNATURE, v->poe);
  eseal__report_fact(v->report, "time_policy", eseal_time_policy_name(v->opts.time_policy));
  eseal__report_fact(v->report, "crypto_policy", eseal_crypto_policy_name(v->opts.crypto_policy));
  if (v->poe != v->validation_time)
    eseal__report_fact(v->report, "proof_of_existence", v->poe_label);
  return 0;
}

void eseal__verifier_lower_poe(eseal__verifier *v, int64_t t, const char *label) {
  if (t >= v->poe)
    return;
  v->poe = t;
  snprintf(v->poe_label, sizeof v->poe_label, "%s", label);
  eseal__report_time(v->report, ESEAL_TIME_BEST_SIGNATURE, t);
  eseal__report_fact(v->report, "proof_of_existence", label);
}

int eseal__step_expect(eseal__verifier *v, eseal_kind kind) {
  if (v->opts.expect == ESEAL_KIND_UNKNOWN || v->opts.expect == kind)
    return 1;
  eseal__report_fail(v->report, "format", ESEAL_SUB_FORMAT_FAILURE,
                     "a %s was expected, but the input is a %s", eseal_kind_name(v->opts.expect),
                     eseal_kind_name(kind));
  return 0;
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
  eseal__judgement j;
  eseal__judge_window(v, "the seal", eseal_seal_date_utc(seal, ESEAL_SEAL_VALID_START),
                      eseal_seal_date_utc(seal, ESEAL_SEAL_VALID_END), at, at_label, &j);
  eseal__report_judgement(v, "seal.validity", &j);
}

/*
 * The time the maker certificate is judged at, under the maker_time policy.
 * A createDate before the maker certificate's notBefore, while the
 * certificate was valid at `at`, is a known tax-bureau quirk: judged at `at`
 * with a warning. A seal whose validity starts after its maker certificate
 * expired was never made with a valid certificate: a failure.
 */
static void maker_time(const eseal__verifier *v, const eseal_seal *seal, const eseal_cert *maker,
                       int64_t at, const char *at_label, eseal__cert_checks *c, int64_t *maker_at,
                       const char **maker_label) {
  int64_t created = eseal_seal_date_utc(seal, ESEAL_SEAL_CREATE_DATE);
  *maker_at = at;
  *maker_label = at_label;
  if (eseal_seal_date_utc(seal, ESEAL_SEAL_VALID_START) > maker->not_after) {
    c->failure = "the seal's validity starts after its maker certificate expired";
    return;
  }
  if (v->opts.maker_time != ESEAL_MAKER_AT_CREATION)
    return;
  if (created < maker->not_before && at >= maker->not_before && at <= maker->not_after) {
    c->warning = "the seal's creation date precedes the maker certificate's notBefore; judged at "
                 "the signing time instead";
    return;
  }
  *maker_at = created;
  *maker_label = "seal's creation date";
}

int eseal__steps_seal(eseal__verifier *v, const eseal_seal *seal, int64_t at,
                      const char *at_label) {
  eseal_cert *maker = NULL;
  char why[256];
  eseal__check_outcome o;
  int rc = eseal__steps_read_cert_cached(v->ctx, seal->maker_cert.ptr, seal->maker_cert.len, &maker, why);
  if (rc == 0)
    rc = eseal__check_seal_signature(v->ctx, seal, maker, &o);
  if (rc) {
    eseal_cert_free(maker);
    return rc;
  }
  step_seal_signature(v, &o);
  eseal__policy_signature(v, "the seal signature", seal->algorithm, maker);
  eseal__policy_seal_digests(v, seal);
  if (maker == NULL) {
    eseal__report_fail(v->report, "seal.maker_chain", ESEAL_SUB_FORMAT_FAILURE,
                       "the maker certificate cannot be read: %s", why);
  } else {
    eseal__cert_checks c = {"maker", ESEAL_ROLE_SEAL_MAKER, "seal.maker_chain", "seal.maker_role",
                            "seal.maker_validity", NULL, 0, NULL, NULL};
    int64_t when;
    const char *label;
    maker_time(v, seal, maker, at, at_label, &c, &when, &label);
    rc = eseal__steps_cert(v, maker, &c, when, label);
    if (rc == 0)
      rc = eseal__step_revocation(v, maker, ESEAL_ROLE_SEAL_MAKER, ESEAL_CERT_CLASS_MAKER,
                                  "seal.maker_revocation", when, label);
    eseal_cert_free(maker);
    if (rc)
      return rc;
  }
  step_seal_validity(v, seal, at, at_label);
  return 0;
}

int eseal__verify_seal_given_data(eseal_report **out, const eseal_ctx *ctx, const eseal_seal *seal,
                                  const eseal_data *data, const eseal_verify_options *opts) {
  eseal__verifier v;
  int rc = eseal__verifier_start(&v, ctx, opts, ESEAL_KIND_SEAL);
  if (rc)
    return rc;
  eseal__report_fact(v.report, "format", eseal_format_name(seal->format));
  eseal__report_fact(v.report, "esid", seal->esid);
  eseal__report_fact(v.report, "seal_name", seal->name);
  if (eseal__step_expect(&v, ESEAL_KIND_SEAL)) {
    eseal__step_format(&v, seal->format, &seal->warnings);
    eseal__step_extensions(&v, seal, NULL);
    rc = eseal__steps_seal(&v, seal, v.validation_time, "validation time");
    if (rc == 0) {
      eseal__step_crypto_policy(&v);
      rc = eseal__step_seal_state(&v, seal, v.validation_time, "validation time");
    }
    if (rc == 0)
      eseal__step_filing(&v, seal);
  }
  /* A seal signs no data: data given with one was never compared with anything. */
  if (data)
    eseal__report_check(v.report, "data.hash", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIGNED_DATA_NOT_FOUND,
                        "data was given, but the input is a seal, which covers no data: no "
                        "signature over the data was found");
  eseal__verifier_end(&v);
  if (rc == 0)
    rc = eseal__report_conclude(v.report);
  if (rc) {
    eseal_report_free(v.report);
    return rc;
  }
  *out = v.report;
  return 0;
}

ESEAL_EXTERN(int) eseal_verify_seal(eseal_report **out, const eseal_ctx *ctx,
                                    const eseal_seal *seal, const eseal_verify_options *opts) {
  if (out == NULL || seal == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_seal: NULL argument");
  *out = NULL;
  return eseal__verify_seal_given_data(out, ctx, seal, NULL, opts);
}
