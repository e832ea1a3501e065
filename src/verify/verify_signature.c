/* Signature verification (GM/T 0031 §6.2.3, GB/T 38540) and eseal_verify_bytes(). */
#include <string.h>

#include "eseal/errors.h"
#include "eseal/trust.h"
#include "../codec/model.h"
#include "../stamp/data.h"
#include "../x509/cert.h"
#include "primitives.h"
#include "steps.h"

static void step_version(eseal__verifier *v, const eseal_signature *sig) {
  const eseal_seal *seal = sig->seal;
  if (sig->format != seal->format)
    eseal__report_fail(v->report, "version", ESEAL_SUB_FORMAT_FAILURE,
                       "a %s signature carries a %s seal", eseal_format_name(sig->format),
                       eseal_format_name(seal->format));
  else if (sig->tbs_version != seal->header_version)
    eseal__report_fail(v->report, "version", ESEAL_SUB_FORMAT_FAILURE,
                       "TBS_Sign version %lld differs from the seal's version %lld",
                       (long long)sig->tbs_version, (long long)seal->header_version);
  else
    eseal__report_ok(v->report, "version", "TBS_Sign and seal are both version %lld (%s)",
                     (long long)sig->tbs_version, eseal_format_name(sig->format));
}

static int step_signature_value(eseal__verifier *v, const eseal_signature *sig,
                                const eseal_cert *signer) {
  eseal__check_outcome o;
  int rc = eseal__check_signature_value(v->ctx, sig, signer, &o);
  if (rc)
    return rc;
  switch (o.outcome) {
  case ESEAL__SIG_VALID:
    eseal__report_ok(v->report, "signature.value", "signer %s over the TBS_Sign bytes as received",
                     o.detail);
    break;
  case ESEAL__SIG_INVALID:
    if (eseal__signature_signs_data_hash(sig, signer))
      eseal__report_fail(v->report, "signature.value", ESEAL_SUB_SIG_CRYPTO_FAILURE,
                         "signer %s over the TBS_Sign bytes; it verifies with dataHash taken as "
                         "the digest, so the signer signed a precomputed hash instead of the "
                         "TBS_Sign bytes, which GM/T 0031 does not allow",
                         o.detail);
    else
      eseal__report_fail(v->report, "signature.value", ESEAL_SUB_SIG_CRYPTO_FAILURE,
                         "signer %s: the signed content was altered, or signed with another key "
                         "or SM2 ID",
                         o.detail);
    break;
  case ESEAL__SIG_UNSUPPORTED:
    eseal__report_check(v->report, "signature.value", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE, "%s", o.detail);
    break;
  default:
    eseal__report_fail(v->report, "signature.value", ESEAL_SUB_FORMAT_FAILURE,
                       "signer certificate: %s", o.detail);
  }
  return 0;
}

/* 0, or the error of reading a data file again for another digest. */
static int step_data_hash(eseal__verifier *v, const eseal_signature *sig, const eseal_data *data) {
  if (data == NULL) {
    eseal__report_check(v->report, "data.hash", ESEAL_CHECK_SKIPPED, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIGNED_DATA_NOT_FOUND,
                        "no data was given, so dataHash could not be compared");
    return 0;
  }
  const char *name = NULL;
  int matched = eseal__data_matches(data, sig->data_hash.ptr, sig->data_hash.len, &name);
  if (matched < 0)
    return matched;
  if (matched) {
    eseal__report_ok(v->report, "data.hash", "dataHash equals %s", name);
    eseal__policy_data_hash(v, sig->algorithm, sig->data_hash.len,
                            eseal__data_digest_matched(data, sig->data_hash.ptr,
                                                       sig->data_hash.len));
  } else {
    eseal__report_fail(v->report, "data.hash", ESEAL_SUB_HASH_FAILURE,
                       "dataHash (%zu bytes) does not match the data (compared with %s): the "
                       "data is not what was stamped",
                       sig->data_hash.len, name ? name : "nothing");
  }
  return 0;
}

static void step_binding(eseal__verifier *v, const eseal_signature *sig) {
  eseal__check_outcome o;
  eseal__check_binding(sig->seal, sig->signer_cert.ptr, sig->signer_cert.len, &o);
  if (o.outcome == ESEAL__BOUND)
    eseal__report_ok(v->report, "signer.binding", "%s", o.detail);
  else if (o.outcome == ESEAL__NOT_BOUND)
    eseal__report_fail(v->report, "signer.binding", ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                       "%s: the signer may not use this seal", o.detail);
  else
    eseal__report_check(v->report, "signer.binding", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIG_CONSTRAINTS_FAILURE, "%s", o.detail);
}

static int steps_signer(eseal__verifier *v, const eseal_signature *sig, const eseal_cert *signer,
                        const char *why, int64_t at, const char *at_label) {
  if (signer == NULL) {
    eseal__report_fail(v->report, "signer.chain", ESEAL_SUB_FORMAT_FAILURE,
                       "the signer certificate cannot be read: %s", why);
    return 0;
  }
  eseal__report_fact(v->report, "signer", signer->subject);
  eseal__cert_checks c = {"signer", ESEAL_ROLE_SIGNER_CA, "signer.chain", "signer.role",
                          "signer.validity", sig->seal->maker_cert.ptr, sig->seal->maker_cert.len,
                          NULL, NULL};
  return eseal__steps_cert(v, signer, &c, at, at_label);
}

static int run(eseal__verifier *v, const eseal_signature *sig, const eseal_data *data) {
  eseal_report *r = v->report;
  eseal__report_fact(r, "format", eseal_format_name(sig->format));
  eseal__report_fact(r, "esid", sig->seal->esid);
  eseal__report_fact(r, "seal_name", sig->seal->name);
  eseal__report_fact(r, "property_info", sig->property_info);
  if (!eseal__step_expect(v, ESEAL_KIND_SIGNATURE))
    return eseal__report_conclude(r);

  /* Without a readable timeInfo the checks fall back to the validation time. */
  int64_t at = v->validation_time;
  const char *at_label = "validation time (timeInfo unreadable)";
  if (sig->has_time) {
    at = sig->time_utc;
    at_label = "signing time";
    eseal__report_time(r, ESEAL_TIME_CLAIMED_SIGNING, at);
  }

  eseal_cert *signer = NULL;
  char why[256];
  int rc = eseal__steps_read_cert_cached(v->ctx, sig->signer_cert.ptr, sig->signer_cert.len, &signer, why);
  if (rc)
    return rc;
  eseal__step_format(v, sig->format, &sig->warnings);
  step_version(v, sig);
  eseal__step_extensions(v, sig->seal, sig->extensions);
  if (sig->has_time)
    eseal__step_signing_time(v, at);
  if ((rc = step_signature_value(v, sig, signer)) == 0) {
    eseal__policy_signature(v, "the signature", sig->algorithm, signer);
    /* Proofs of existence first: every check below is judged at the best signature time. */
    if ((rc = step_data_hash(v, sig, data)) == 0 && (rc = eseal__step_poe_tokens(v, sig)) == 0 &&
        (rc = eseal__step_timestamp(v, sig)) == 0)
      rc = eseal__steps_seal(v, sig->seal, at, at_label);
  }
  if (rc == 0) {
    step_binding(v, sig);
    rc = steps_signer(v, sig, signer, why, at, at_label);
  }
  if (rc == 0)
    rc = eseal__step_revocation(v, signer, ESEAL_ROLE_SIGNER_CA, ESEAL_CERT_CLASS_SIGNER,
                                "signer.revocation", at, at_label);
  eseal_cert_free(signer);
  if (rc)
    return rc;
  eseal__step_crypto_policy(v);
  if ((rc = eseal__step_seal_state(v, sig->seal, at, at_label)) != 0)
    return rc;
  eseal__step_filing(v, sig->seal);
  return eseal__report_conclude(r);
}

ESEAL_EXTERN(int) eseal_verify(eseal_report **out, const eseal_ctx *ctx, const eseal_signature *sig,
                               const eseal_data *data, const eseal_verify_options *opts) {
  if (out == NULL || sig == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify: NULL argument");
  *out = NULL;
  eseal__verifier v;
  int rc = eseal__verifier_start(&v, ctx, opts, ESEAL_KIND_SIGNATURE);
  if (rc)
    return rc;
  rc = run(&v, sig, data);
  eseal__verifier_end(&v);
  if (rc) {
    eseal_report_free(v.report);
    return rc;
  }
  *out = v.report;
  return 0;
}

/* The report for input that did not parse. */
static int format_failure(eseal_report **out, const eseal_ctx *ctx,
                          const eseal_verify_options *opts, eseal_kind kind, const char *why) {
  eseal__verifier v;
  int rc = eseal__verifier_start(&v, ctx, opts, kind);
  if (rc)
    return rc;
  eseal__report_fail(v.report, "format", ESEAL_SUB_FORMAT_FAILURE, "%s", why);
  eseal__verifier_end(&v);
  rc = eseal__report_conclude(v.report);
  if (rc) {
    eseal_report_free(v.report);
    return rc;
  }
  *out = v.report;
  return 0;
}

ESEAL_EXTERN(int) eseal_verify_bytes(eseal_report **out, const eseal_ctx *ctx,
                                     const uint8_t *input, size_t len, const eseal_data *data,
                                     const eseal_verify_options *opts) {
  if (out == NULL || (input == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_verify_bytes: NULL argument");
  *out = NULL;
  /* One parse: the first tags say which parser to run. */
  eseal_kind kind = eseal__guess_kind(input, len);
  int rc = 0;
  if (kind == ESEAL_KIND_SEAL) {
    eseal_seal *seal = NULL;
    rc = eseal_seal_parse(&seal, input, len, NULL);
    if (rc == 0) {
      rc = eseal__verify_seal_given_data(out, ctx, seal, data, opts);
      eseal_seal_free(seal);
      return rc;
    }
  } else if (kind == ESEAL_KIND_SIGNATURE) {
    eseal_signature *sig = NULL;
    rc = eseal_signature_parse(&sig, input, len, NULL);
    if (rc == 0) {
      rc = eseal_verify(out, ctx, sig, data, opts);
      eseal_signature_free(sig);
      return rc;
    }
  }
  if (rc == ESEAL_ENOMEM)
    return rc;
  const eseal_error *e = eseal_error_last();
  char why[300];
  snprintf(why, sizeof why, "not a well-formed seal or signature: %s",
           rc && e ? e->message : "neither a seal (SESeal) nor a signature (SES_Signature)");
  return format_failure(out, ctx, opts, kind, why);
}
