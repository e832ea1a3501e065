/* The report as JSON for machines and as text for people. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/text.h"
#include "../json/json.h"
#include "report.h"
#include "steps.h"

static const char *const time_keys[] = {NULL, "validation", "claimed_signing", "timestamp",
                                        "best_signature"};
static const char *const time_labels[] = {NULL, "validation", "claimed signing", "timestamp",
                                          "best signature"};

/*
 * The subject's keys, each always written (null when the verification did not
 * learn it), so that a reader never has to test for a key: doc/schema/ lists
 * them. A fact outside this list is still written after them; the schema test
 * then fails until the list and the schema name it.
 */
static const char *const subject_keys[] = {"format",        "esid",          "seal_name",
                                           "property_info", "signer",        "time_policy",
                                           "crypto_policy", "proof_of_existence"};
#define SUBJECT_KEY_COUNT (sizeof subject_keys / sizeof subject_keys[0])

static const char *fact_value(const eseal_report *r, const char *key) {
  for (size_t i = 0; i < r->fact_count; i++)
    if (strcmp(r->facts[i].key, key) == 0)
      return r->facts[i].value;
  return NULL;
}

static int is_subject_key(const char *key) {
  for (size_t i = 0; i < SUBJECT_KEY_COUNT; i++)
    if (strcmp(subject_keys[i], key) == 0)
      return 1;
  return 0;
}

static void member_name_or_null(eseal__json *j, const char *key, const char *name) {
  eseal__json_key(j, key);
  if (name && name[0])
    eseal__json_string(j, name);
  else
    eseal__json_null(j);
}

static void json_subject(eseal__json *j, const eseal_report *r) {
  eseal__json_key(j, "subject");
  eseal__json_begin_object(j);
  for (size_t i = 0; i < SUBJECT_KEY_COUNT; i++)
    eseal__json_member_string(j, subject_keys[i], fact_value(r, subject_keys[i]));
  for (size_t i = 0; i < r->fact_count; i++)
    if (!is_subject_key(r->facts[i].key))
      eseal__json_member_string(j, r->facts[i].key, r->facts[i].value);
  eseal__json_end_object(j);
}

static void json_checks(eseal__json *j, const eseal_report *r) {
  eseal__json_key(j, "checks");
  eseal__json_begin_array(j);
  for (size_t i = 0; i < r->check_count; i++) {
    const eseal__check *c = &r->checks[i];
    eseal__json_begin_object(j);
    eseal__json_member_string(j, "id", c->id);
    eseal__json_member_string(j, "status", eseal_check_status_name(c->status));
    /* TOTAL_PASSED when the check does not stand in the way of the result. */
    eseal__json_member_string(j, "indication", eseal_indication_name(c->indication));
    member_name_or_null(j, "sub_indication", eseal_sub_indication_name(c->sub));
    eseal__json_member_string(j, "message", c->message);
    eseal__json_end_object(j);
  }
  eseal__json_end_array(j);
}

static void json_times(eseal__json *j, const eseal_report *r) {
  char iso[21];
  eseal__json_key(j, "times");
  eseal__json_begin_object(j);
  for (int t = ESEAL_TIME_VALIDATION; t <= ESEAL_TIME_BEST_SIGNATURE; t++)
    eseal__json_member_string(j, time_keys[t],
                              r->has_time[t] ? eseal__iso(r->times[t], iso) : NULL);
  eseal__json_end_object(j);
}

static void json_evidence(eseal__json *j, const eseal_report *r) {
  char iso[21];
  eseal__json_key(j, "warnings");
  eseal__json_begin_array(j);
  for (size_t i = 0; r->warnings && i < r->warnings->count; i++) {
    eseal__json_begin_object(j);
    eseal__json_member_string(j, "id", r->warnings->items[i].id);
    eseal__json_member_string(j, "path", r->warnings->items[i].path);
    eseal__json_member_string(j, "message", r->warnings->items[i].message);
    eseal__json_end_object(j);
  }
  eseal__json_end_array(j);
  eseal__json_key(j, "certificates");
  eseal__json_begin_array(j);
  for (size_t i = 0; i < r->cert_count; i++) {
    const eseal_cert *c = r->certs[i].cert;
    size_t len = 0;
    const uint8_t *der = eseal_cert_der(c, &len);
    eseal__json_begin_object(j);
    eseal__json_member_string(j, "role", r->certs[i].role);
    eseal__json_member_string(j, "subject", eseal_cert_subject(c));
    eseal__json_member_string(j, "issuer", eseal_cert_issuer(c));
    eseal__json_member_string(j, "serial", eseal_cert_serial_hex(c));
    eseal__json_member_string(j, "not_before", eseal__iso(eseal_cert_not_before(c), iso));
    eseal__json_member_string(j, "not_after", eseal__iso(eseal_cert_not_after(c), iso));
    eseal__json_key(j, "der_base64");
    eseal__json_base64(j, der, len);
    eseal__json_end_object(j);
  }
  eseal__json_end_array(j);
  eseal__json_key(j, "validation_data");
  eseal__json_begin_array(j);
  for (size_t i = 0; i < r->validation_count; i++) {
    const eseal__validation_object *o = &r->validation[i];
    eseal__json_begin_object(j);
    eseal__json_member_string(j, "kind", o->kind);
    eseal__json_member_string(j, "about", o->about);
    eseal__json_key(j, "der_base64");
    eseal__json_base64(j, o->der, o->len);
    eseal__json_end_object(j);
  }
  eseal__json_end_array(j);
}

ESEAL_EXTERN(int) eseal_report_to_json(const eseal_report *r, eseal_buf *out) {
  if (r == NULL || out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_report_to_json: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  eseal__json j = {ESEAL__DBUF_INIT, 0};
  eseal__json_begin_object(&j);
  eseal__json_member_string(&j, "schema", ESEAL_REPORT_SCHEMA);
  eseal__json_member_string(&j, "kind", eseal_kind_name(r->kind));
  eseal__json_member_string(&j, "indication", eseal_indication_name(r->indication));
  member_name_or_null(&j, "sub_indication", eseal_sub_indication_name(r->sub));
  json_subject(&j, r);
  json_checks(&j, r);
  json_times(&j, r);
  json_evidence(&j, r);
  eseal__json_end_object(&j);
  eseal__dbuf_append_byte(&j.out, '\n');
  return eseal__dbuf_finish(&j.out, out);
}

/*
 * Every string that can come from outside (facts, check messages, which may
 * quote seal fields, warnings, certificate names) goes through
 * eseal__text_escape, so that each line of the text starts with one of the
 * fixed prefixes below and a crafted seal cannot add a line of its own.
 */
static void line_end(eseal__dbuf *b, const char *s) {
  eseal__text_escape_str(b, s);
  eseal__dbuf_append_byte(b, '\n');
}

ESEAL_EXTERN(int) eseal_report_to_text(const eseal_report *r, eseal_buf *out) {
  if (r == NULL || out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_report_to_text: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  char iso[21];
  eseal__dbuf_appendf(&b, "Verification of a %s\n", r->kind == ESEAL_KIND_SEAL ? "seal" : "signature");
  for (size_t i = 0; i < r->fact_count; i++) {
    eseal__dbuf_appendf(&b, "  %-16s ", r->facts[i].key);
    line_end(&b, r->facts[i].value);
  }
  eseal__dbuf_appendf(&b, "\nResult: %s%s%s\n\nChecks:\n", eseal_indication_name(r->indication),
       r->sub ? " / " : "", eseal_sub_indication_name(r->sub));
  for (size_t i = 0; i < r->check_count; i++) {
    eseal__dbuf_appendf(&b, "  %-8s %-20s ", eseal_check_status_name(r->checks[i].status),
                        r->checks[i].id);
    line_end(&b, r->checks[i].message);
  }
  eseal__dbuf_appendf(&b, "\nTimes:\n");
  for (int t = ESEAL_TIME_VALIDATION; t <= ESEAL_TIME_BEST_SIGNATURE; t++)
    if (r->has_time[t])
      eseal__dbuf_appendf(&b, "  %-16s %s\n", time_labels[t], eseal__iso(r->times[t], iso));
  if (r->warnings && r->warnings->count) {
    eseal__dbuf_appendf(&b, "\nWarnings:\n");
    for (size_t i = 0; i < r->warnings->count; i++) {
      eseal__dbuf_append_str(&b, "  ");
      eseal__text_escape_str(&b, r->warnings->items[i].id);
      eseal__dbuf_append_str(&b, " at ");
      eseal__text_escape_str(&b, r->warnings->items[i].path);
      eseal__dbuf_append_str(&b, ": ");
      line_end(&b, r->warnings->items[i].message);
    }
  }
  if (r->cert_count) {
    eseal__dbuf_appendf(&b, "\nCertificates:\n");
    for (size_t i = 0; i < r->cert_count; i++) {
      const eseal_cert *c = r->certs[i].cert;
      char until[21];
      eseal__dbuf_appendf(&b, "  %-13s ", r->certs[i].role);
      eseal__text_escape_str(&b, eseal_cert_subject(c));
      eseal__dbuf_appendf(&b, " (serial %s, %s to %s)\n", eseal_cert_serial_hex(c),
                          eseal__iso(eseal_cert_not_before(c), iso),
                          eseal__iso(eseal_cert_not_after(c), until));
    }
  }
  return eseal__dbuf_finish(&b, out);
}
