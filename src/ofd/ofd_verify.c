/*
 * eseal_ofd_verify(): every signature of an OFD package through the
 * verification pipeline of floor 5, plus the checks of the package itself
 * (include/eseal/ofd.h, doc/ofd.md).
 */
#include <string.h>

#include "eseal/errors.h"
#include "eseal/ofd.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "coverage.h"
#include "ofd_report.h"
#include "package.h"
#include "references.h"
#include "sign_type.h"

ESEAL_EXTERN(int) eseal_ofd_verify_options_init(eseal_ofd_verify_options *opts,
                                                unsigned int version) {
  if (opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_verify_options_init: NULL options");
  if (version != ESEAL_OFD_VERIFY_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_ofd_verify_options: unknown version %u", version);
  *opts = (eseal_ofd_verify_options)ESEAL_OFD_VERIFY_OPTIONS_INIT;
  return 0;
}

/* The caller's signature options (NULL, version 1 or 2) with every default filled in. */
static int signature_options(eseal_verify_options *o, const eseal_verify_options *given) {
  int rc = eseal_verify_options_init(o, ESEAL_VERIFY_OPTIONS_VERSION);
  if (rc != 0 || given == NULL)
    return rc;
  if (given->version == 1) {
    o->flags = given->flags;
    o->validation_time = given->validation_time;
    o->maker_time = given->maker_time;
  } else if (given->version == ESEAL_VERIFY_OPTIONS_VERSION) {
    *o = *given;
  } else {
    return eseal__error_set(ESEAL_EVERSION, "eseal_verify_options: unknown version %u",
                            given->version);
  }
  o->expect = ESEAL_KIND_SIGNATURE;
  if (o->crypto_policy == 0)
    o->crypto_policy = ESEAL_CRYPTO_POLICY_DEFAULT;
  return 0;
}

/* Puts the checks from index `first` on at the front, so that a report reads package checks first. */
static void move_to_front(eseal_report *r, size_t first) {
  size_t n = r->check_count - first;
  eseal__check moved[ESEAL__REPORT_MAX_CHECKS];
  memcpy(moved, &r->checks[first], n * sizeof *moved);
  memmove(&r->checks[n], &r->checks[0], first * sizeof *moved);
  memcpy(&r->checks[0], moved, n * sizeof *moved);
}

static void seal_file(eseal_report *r, const eseal__ofd_pkg *pkg, const eseal__ofd_sig *sig,
                      const eseal_signature *ses) {
  if (sig->seal_ref == NULL) {
    eseal__report_check(r, "ofd.seal_file", ESEAL_CHECK_INFO, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "no Seal element: the seal inside SignedValue is the one verified");
    return;
  }
  eseal_buf file = ESEAL_BUF_INIT;
  int rc = sig->seal ? eseal__ofd_pkg_read(pkg, sig->seal, ESEAL_MAX_INPUT_SIZE, &file)
                     : ESEAL_ENOTFOUND;
  size_t len = 0;
  const uint8_t *embedded = ses ? eseal_seal_bytes(eseal_signature_seal(ses), &len) : NULL;
  if (rc == ESEAL_ENOMEM)
    r->failed = 1;
  else if (rc != 0)
    eseal__report_fail(r, "ofd.seal_file", ESEAL_SUB_FORMAT_FAILURE,
                       "Seal/BaseLoc \"%.200s\" names no readable file of the package", sig->seal_ref);
  else if (embedded == NULL)
    eseal__report_check(r, "ofd.seal_file", ESEAL_CHECK_SKIPPED, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "the signature did not parse, so there is no seal to compare %.200s with",
                        sig->seal);
  else if (file.size != len || memcmp(file.ptr, embedded, len) != 0)
    eseal__report_fail(r, "ofd.seal_file", ESEAL_SUB_HASH_FAILURE,
                       "%.200s differs from the seal inside the signature", sig->seal);
  else
    eseal__report_ok(r, "ofd.seal_file", "%.200s is the seal inside the signature, byte for byte",
                     sig->seal);
  eseal_buf_dispose(&file);
}

static void property_info(eseal_report *r, const eseal__ofd_sig *sig, const eseal_signature *ses) {
  const char *info = eseal_signature_property_info(ses);
  char path[ESEAL__OFD_MAX_PATH + 1];
  if (info && eseal__ofd_path_resolve(path, NULL, info) == 0 && strcmp(path, sig->path) == 0)
    eseal__report_ok(r, "ofd.property_info", "propertyInfo names this Signature.xml");
  else
    eseal__report_check(r, "ofd.property_info", ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED,
                        ESEAL_SUB_NONE, "propertyInfo \"%.200s\" does not name %.200s",
                        info ? info : "", sig->path);
}

/* A report for a signature whose own verification could not start. */
static int empty_report(eseal_report **out) {
  return eseal__report_new(out, ESEAL_KIND_SIGNATURE);
}

/* The SES (Type="Seal") signature over Signature.xml's raw bytes. */
static int verify_seal_type(eseal_report **out, eseal_signature **ses, const eseal_ctx *ctx,
                            const eseal__ofd_sig *sig, const eseal_buf *value,
                            const eseal_verify_options *o) {
  eseal_data *data = NULL;
  int rc = eseal_data_from_bytes(&data, sig->xml, sig->xml_len);
  if (rc != 0)
    return rc;
  rc = eseal_signature_parse(ses, value->ptr, value->size, NULL);
  if (rc == 0)
    rc = eseal_verify(out, ctx, *ses, data, o);
  else if (rc != ESEAL_ENOMEM)
    rc = eseal_verify_bytes(out, ctx, value->ptr, value->size, data, o);
  eseal_data_free(data);
  return rc;
}

typedef struct job {
  const eseal_ctx *ctx;
  const eseal__ofd_pkg *pkg;
  eseal_verify_options opts;
  eseal__digest_cache cache;
} job;

static int verify_one(eseal_report **out, job *jb, const eseal__ofd_sig *sig,
                      eseal__ref_state *states) {
  *out = NULL;
  eseal_signature *ses = NULL;
  eseal_buf value = ESEAL_BUF_INIT;
  int value_rc = ESEAL_ENOTFOUND;
  if (sig->error == NULL && sig->signed_value)
    value_rc = eseal__ofd_pkg_read(jb->pkg, sig->signed_value, ESEAL_MAX_INPUT_SIZE, &value);
  int rc = value_rc == ESEAL_ENOMEM ? value_rc : 0;
  int is_seal = strcmp(sig->type, "Seal") == 0, is_sign = strcmp(sig->type, "Sign") == 0;
  if (rc == 0 && value_rc == 0 && is_seal)
    rc = verify_seal_type(out, &ses, jb->ctx, sig, &value, &jb->opts);
  else if (rc == 0 && value_rc == 0 && is_sign)
    rc = eseal__ofd_verify_sign_type(out, jb->ctx, sig, value.ptr, value.size, &jb->opts);
  else if (rc == 0)
    rc = empty_report(out);
  eseal_buf_dispose(&value);
  eseal_report *r = *out;
  if (rc != 0) {
    eseal_signature_free(ses);
    return rc;
  }
  size_t first = r->check_count;
  if (sig->error) {
    eseal__report_fail(r, "ofd.signature_file", ESEAL_SUB_FORMAT_FAILURE, "%.200s: %.300s",
                       sig->base_loc ? sig->base_loc : "(no BaseLoc)", sig->error);
  } else {
    eseal__report_ok(r, "ofd.signature_file", "%.200s read (%zu bytes)", sig->path, sig->xml_len);
    if (!is_seal && !is_sign)
      eseal__report_fail(r, "ofd.signature_type", ESEAL_SUB_FORMAT_FAILURE,
                         "Type \"%.60s\" is neither Seal nor Sign", sig->type);
    if (value_rc != 0)
      eseal__report_fail(r, "ofd.signed_value", ESEAL_SUB_FORMAT_FAILURE,
                         "SignedValue \"%.200s\" names no readable file of the package",
                         sig->signed_value_ref ? sig->signed_value_ref : "");
    else
      eseal__report_ok(r, "ofd.signed_value", "%.200s", sig->signed_value);
    rc = eseal__ofd_check_references(r, jb->pkg, sig, ses, jb->opts.crypto_policy, &jb->cache,
                                     states);
    if (is_seal && value_rc == 0)
      seal_file(r, jb->pkg, sig, ses);
    if (ses)
      property_info(r, sig, ses);
  }
  eseal_signature_free(ses);
  if (!r->failed)
    move_to_front(r, first);
  eseal__report_fact(r, "ofd_signature", sig->id ? sig->id : "");
  return rc == 0 ? eseal__report_conclude(r) : rc;
}

static int verify_package(eseal_ofd_report **out, const eseal_ctx *ctx, eseal__ofd_pkg *pkg,
                          const eseal_ofd_verify_options *opts) {
  if (opts && opts->version != ESEAL_OFD_VERIFY_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_ofd_verify_options: unknown version %u",
                            opts->version);
  job jb = {ctx, pkg, {0}, {NULL, NULL, NULL, 0}};
  int rc = signature_options(&jb.opts, opts ? opts->verify : NULL);
  eseal__ofd_doc *doc = NULL;
  if (rc == 0)
    rc = eseal__ofd_doc_read(&doc, pkg);
  const char *only = opts ? opts->signature_id : NULL;
  if (rc == 0 && only) {
    size_t i = 0;
    while (i < doc->sig_count && !(doc->sigs[i].id && strcmp(doc->sigs[i].id, only) == 0))
      i++;
    if (i == doc->sig_count)
      rc = eseal__error_set(ESEAL_ENOTFOUND, "no signature with ID \"%.100s\"", only);
  }
  /* A POE token covers one signature's bytes: with several, say which one it is for. */
  if (rc == 0 && only == NULL && jb.opts.poe_token_count && doc->sig_count > 1)
    rc = eseal__error_set(ESEAL_EINVAL, "POE tokens cover one signature, and the document has "
                                        "%zu: name it (signature_id, --signature)",
                          doc->sig_count);
  eseal_ofd_report *r = NULL;
  eseal__ref_state **states = NULL;
  uint8_t *failed = NULL;
  if (rc == 0)
    rc = eseal__ofd_report_new(&r, doc->sig_count);
  if (rc == 0) {
    rc = eseal__digest_cache_init(&jb.cache, eseal__ofd_pkg_entry_count(pkg));
    states = eseal__calloc(doc->sig_count ? doc->sig_count : 1, sizeof *states);
    failed = eseal__calloc(doc->sig_count ? doc->sig_count : 1, 1);
    if (rc == 0 && (!states || !failed))
      rc = eseal__error_oom();
  }
  for (size_t i = 0; rc == 0 && i < doc->sig_count; i++) {
    const eseal__ofd_sig *sig = &doc->sigs[i];
    states[i] = eseal__calloc(sig->ref_count ? sig->ref_count : 1, sizeof **states);
    if (states[i] == NULL) {
      rc = eseal__error_oom();
      break;
    }
    eseal_report *sub = NULL;
    rc = verify_one(&sub, &jb, sig, states[i]);
    if (rc != 0) {
      eseal_report_free(sub);
      break;
    }
    /* Kept even for an unselected signature: a failing one lends the document no coverage. */
    failed[i] = sub->indication == ESEAL_TOTAL_FAILED;
    if (only && !(sig->id && strcmp(sig->id, only) == 0)) {
      eseal_report_free(sub);
      continue;
    }
    eseal__ofd_sig_report *s = &r->sigs[r->sig_count++];
    s->report = sub;
    s->id = sig->id ? eseal__arena_strdup(&r->arena, sig->id) : NULL;
    s->type = eseal__arena_strdup(&r->arena, sig->type);
    s->path = eseal__arena_strdup(&r->arena, sig->path ? sig->path : sig->base_loc ? sig->base_loc : "");
    if ((sig->id && !s->id) || !s->type || !s->path)
      rc = eseal__error_oom();
  }
  if (rc == 0)
    rc = eseal__ofd_document_checks(r->document, pkg, doc, states, failed);
  /*
   * Reads past the inflation budget became report entries ("cannot be read"),
   * each failing at once without inflating: the package is refused instead.
   */
  if (rc == 0)
    rc = eseal__ofd_pkg_budget_check(pkg);
  if (rc == 0)
    rc = eseal__ofd_report_conclude(r);
  for (size_t i = 0; states && i < doc->sig_count; i++)
    eseal__free(states[i]);
  eseal__free(states);
  eseal__free(failed);
  eseal__digest_cache_free(&jb.cache);
  eseal__ofd_doc_free(doc);
  if (rc != 0) {
    eseal_ofd_report_free(r);
    return rc;
  }
  *out = r;
  return 0;
}

ESEAL_EXTERN(int) eseal_ofd_verify(eseal_ofd_report **out, const eseal_ctx *ctx, const char *path,
                                   const eseal_ofd_verify_options *opts) {
  if (out == NULL || ctx == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_verify: NULL argument");
  *out = NULL;
  eseal__ofd_pkg *pkg = NULL;
  int rc = eseal__ofd_pkg_open_file(&pkg, path);
  if (rc == 0)
    rc = verify_package(out, ctx, pkg, opts);
  eseal__ofd_pkg_free(pkg);
  return rc;
}

ESEAL_EXTERN(int) eseal_ofd_verify_bytes(eseal_ofd_report **out, const eseal_ctx *ctx,
                                         const uint8_t *data, size_t len,
                                         const eseal_ofd_verify_options *opts) {
  if (out == NULL || ctx == NULL || (data == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_verify_bytes: NULL argument");
  *out = NULL;
  eseal__ofd_pkg *pkg = NULL;
  int rc = eseal__ofd_pkg_open_bytes(&pkg, data, len);
  if (rc == 0)
    rc = verify_package(out, ctx, pkg, opts);
  eseal__ofd_pkg_free(pkg);
  return rc;
}

ESEAL_EXTERN(int) eseal_ofd_sniff(const uint8_t *data, size_t len) {
  static const uint8_t magic[4] = {'P', 'K', 3, 4};
  static const char name[] = "OFD.xml";
  if (data == NULL || len < 30 || memcmp(data, magic, 4) != 0)
    return 0;
  /* OFD.xml anywhere among the local headers' names: enough to pick the OFD path. */
  for (size_t i = 0; i + sizeof name - 1 <= len; i++)
    if (memcmp(data + i, name, sizeof name - 1) == 0)
      return 1;
  return 0;
}
