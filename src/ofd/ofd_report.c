/* eseal_ofd_report: construction, getters, JSON and text. */
#include "ofd_report.h"

#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "../core/text.h"
#include "../json/json.h"

int eseal__ofd_report_new(eseal_ofd_report **out, size_t sig_count) {
  *out = NULL;
  eseal_ofd_report *r = eseal__calloc(1, sizeof *r);
  if (r == NULL)
    return eseal__error_oom();
  r->sigs = eseal__arena_alloc(&r->arena, (sig_count ? sig_count : 1) * sizeof *r->sigs);
  int rc = r->sigs ? eseal__report_new(&r->document, ESEAL_KIND_UNKNOWN) : eseal__error_oom();
  if (rc != 0) {
    eseal_ofd_report_free(r);
    return rc;
  }
  *out = r;
  return 0;
}

int eseal__ofd_report_conclude(eseal_ofd_report *r) {
  int rc = eseal__report_conclude(r->document);
  if (rc != 0)
    return rc;
  r->indication = r->document->indication;
  r->sub = r->document->sub;
  /*
   * The first failure wins, then the first indeterminate signature, then the
   * document's: a signature whose References could not be checked covers
   * nothing, and its own reason explains the document's coverage result too.
   */
  int sig_indeterminate = 0;
  for (size_t i = 0; i < r->sig_count; i++) {
    const eseal_report *s = r->sigs[i].report;
    if (r->indication == ESEAL_TOTAL_FAILED)
      break;
    if (s->indication == ESEAL_TOTAL_FAILED ||
        (s->indication == ESEAL_INDETERMINATE && !sig_indeterminate)) {
      sig_indeterminate = s->indication == ESEAL_INDETERMINATE;
      r->indication = s->indication;
      r->sub = s->sub;
    }
  }
  return 0;
}

ESEAL_EXTERN(void) eseal_ofd_report_free(eseal_ofd_report *report) {
  if (report == NULL)
    return;
  for (size_t i = 0; i < report->sig_count; i++)
    eseal_report_free(report->sigs[i].report);
  eseal_report_free(report->document);
  eseal__arena_release(&report->arena);
  eseal__free(report);
}

ESEAL_EXTERN(eseal_indication) eseal_ofd_report_indication(const eseal_ofd_report *report) {
  return report ? report->indication : ESEAL_INDETERMINATE;
}

ESEAL_EXTERN(eseal_sub_indication) eseal_ofd_report_sub_indication(const eseal_ofd_report *report) {
  return report ? report->sub : ESEAL_SUB_NONE;
}

ESEAL_EXTERN(const eseal_report *) eseal_ofd_report_document(const eseal_ofd_report *report) {
  return report ? report->document : NULL;
}

ESEAL_EXTERN(size_t) eseal_ofd_report_signature_count(const eseal_ofd_report *report) {
  return report ? report->sig_count : 0;
}

static const eseal__ofd_sig_report *sig_at(const eseal_ofd_report *r, size_t i) {
  return r && i < r->sig_count ? &r->sigs[i] : NULL;
}

ESEAL_EXTERN(const char *) eseal_ofd_report_signature_id(const eseal_ofd_report *report, size_t i) {
  const eseal__ofd_sig_report *s = sig_at(report, i);
  return s ? s->id : NULL;
}

ESEAL_EXTERN(const char *) eseal_ofd_report_signature_type(const eseal_ofd_report *report,
                                                           size_t i) {
  const eseal__ofd_sig_report *s = sig_at(report, i);
  return s ? s->type : NULL;
}

ESEAL_EXTERN(const char *) eseal_ofd_report_signature_path(const eseal_ofd_report *report,
                                                           size_t i) {
  const eseal__ofd_sig_report *s = sig_at(report, i);
  return s ? s->path : NULL;
}

ESEAL_EXTERN(const eseal_report *) eseal_ofd_report_signature(const eseal_ofd_report *report,
                                                              size_t i) {
  const eseal__ofd_sig_report *s = sig_at(report, i);
  return s ? s->report : NULL;
}

ESEAL_EXTERN(long) eseal_ofd_report_find_signature(const eseal_ofd_report *report, const char *id) {
  for (size_t i = 0; report && id && i < report->sig_count; i++)
    if (report->sigs[i].id && strcmp(report->sigs[i].id, id) == 0)
      return (long)i;
  return -1;
}

/* A report exactly as eseal_report_to_json() writes it, as the value of a member. */
static int json_report(eseal__json *j, const eseal_report *r) {
  eseal_buf sub = ESEAL_BUF_INIT;
  int rc = eseal_report_to_json(r, &sub);
  if (rc == 0) {
    size_t len = sub.size;
    while (len && sub.ptr[len - 1] == '\n')
      len--;
    eseal__dbuf_append(&j->out, sub.ptr, len);
    j->need_comma = 1;
  }
  eseal_buf_dispose(&sub);
  return rc;
}

ESEAL_EXTERN(int) eseal_ofd_report_to_json(const eseal_ofd_report *r, eseal_buf *out) {
  if (r == NULL || out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_report_to_json: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  eseal__json j = {ESEAL__DBUF_INIT, 0};
  eseal__json_begin_object(&j);
  /* doc/schema/eseal-ofd-report.schema.json */
  eseal__json_member_string(&j, "schema", "eseal-ofd-report/1");
  eseal__json_member_string(&j, "kind", "ofd");
  eseal__json_member_string(&j, "indication", eseal_indication_name(r->indication));
  eseal__json_key(&j, "sub_indication");
  if (r->sub == ESEAL_SUB_NONE)
    eseal__json_null(&j);
  else
    eseal__json_string(&j, eseal_sub_indication_name(r->sub));
  eseal__json_key(&j, "document");
  int rc = json_report(&j, r->document);
  eseal__json_key(&j, "signatures");
  eseal__json_begin_array(&j);
  for (size_t i = 0; i < r->sig_count && rc == 0; i++) {
    eseal__json_begin_object(&j);
    eseal__json_member_string(&j, "id", r->sigs[i].id);
    eseal__json_member_string(&j, "type", r->sigs[i].type);
    eseal__json_member_string(&j, "path", r->sigs[i].path);
    eseal__json_key(&j, "report");
    rc = json_report(&j, r->sigs[i].report);
    eseal__json_end_object(&j);
  }
  eseal__json_end_array(&j);
  eseal__json_end_object(&j);
  eseal__dbuf_append_byte(&j.out, '\n');
  if (rc != 0) {
    eseal__dbuf_release(&j.out);
    return rc;
  }
  return eseal__dbuf_finish(&j.out, out);
}

/* Outside strings (IDs, paths, messages) are escaped as in the signature report. */
static void checks_text(eseal__dbuf *b, const eseal_report *r, const char *indent) {
  for (size_t i = 0; i < r->check_count; i++) {
    eseal__dbuf_appendf(b, "%s%-8s %-20s ", indent, eseal_check_status_name(r->checks[i].status),
                        r->checks[i].id);
    eseal__text_escape_str(b, r->checks[i].message);
    eseal__dbuf_append_byte(b, '\n');
  }
}

ESEAL_EXTERN(int) eseal_ofd_report_to_text(const eseal_ofd_report *r, eseal_buf *out) {
  if (r == NULL || out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_report_to_text: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__dbuf_appendf(&b, "Verification of an OFD document (%zu signature%s)\n\nResult: %s%s%s\n\n"
                      "Document checks:\n", r->sig_count, r->sig_count == 1 ? "" : "s",
                      eseal_indication_name(r->indication), r->sub ? " / " : "",
                      eseal_sub_indication_name(r->sub));
  checks_text(&b, r->document, "  ");
  int rc = 0;
  for (size_t i = 0; i < r->sig_count && rc == 0; i++) {
    const eseal__ofd_sig_report *s = &r->sigs[i];
    eseal__dbuf_append_str(&b, "\n=== Signature ");
    eseal__text_escape_str(&b, s->id ? s->id : "(no ID)");
    eseal__dbuf_append_str(&b, " (Type ");
    eseal__text_escape_str(&b, s->type);
    eseal__dbuf_append_str(&b, ", ");
    eseal__text_escape_str(&b, s->path ? s->path : "(no path)");
    eseal__dbuf_appendf(&b, "): %s%s%s\n", eseal_indication_name(s->report->indication),
                        s->report->sub ? " / " : "", eseal_sub_indication_name(s->report->sub));
    /* The signature report as eseal_report_to_text() writes it. */
    eseal_buf sub = ESEAL_BUF_INIT;
    rc = eseal_report_to_text(s->report, &sub);
    if (rc == 0)
      eseal__dbuf_append(&b, sub.ptr, sub.size);
    eseal_buf_dispose(&sub);
  }
  if (rc != 0) {
    eseal__dbuf_release(&b);
    return rc;
  }
  return eseal__dbuf_finish(&b, out);
}
