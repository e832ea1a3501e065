/*
 * Which files the signatures of a document cover, and whether a later
 * signature changed what an earlier one covered.
 */
#include "coverage.h"

#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "rendered.h"

/* Names at most this many files in a message. */
#define NAMED 5

static int same(const char *a, const char *b) {
  return a && b && strcmp(a, b) == 0;
}

/* Whether signature `j` itself wrote `path`: its list, its Signature.xml, SignedValue or seal file. */
static int written_by(const eseal__ofd_sig *s, const char *path) {
  return same(s->list_path, path) || same(s->path, path) || same(s->signed_value, path) ||
         same(s->seal, path);
}

/* Whether signature `s` covers `path` with a matching digest. */
static int protects(const eseal__ofd_sig *s, const eseal__ref_state *states, const char *path) {
  for (size_t k = 0; states && k < s->ref_count; k++)
    if (states[k] == ESEAL__REF_OK && same(s->refs[k].path, path))
      return 1;
  return 0;
}

static void modification(eseal_report *r, const eseal__ofd_doc *doc,
                         eseal__ref_state *const *states) {
  eseal__dbuf why = ESEAL__DBUF_INIT;
  size_t found = 0;
  for (size_t i = 0; i < doc->sig_count; i++) {
    const eseal__ofd_sig *s = &doc->sigs[i];
    for (size_t k = 0; states[i] && k < s->ref_count; k++) {
      if (states[i][k] != ESEAL__REF_MISMATCH || s->refs[k].path == NULL)
        continue;
      for (size_t j = i + 1; j < doc->sig_count; j++) {
        const eseal__ofd_sig *later = &doc->sigs[j];
        if (!written_by(later, s->refs[k].path) && !protects(later, states[j], s->refs[k].path))
          continue;
        if (found++ < NAMED)
          eseal__dbuf_appendf(&why, "%s%.200s, covered by signature %.60s, was changed when or "
                              "before signature %.60s was added", found > 1 ? "; " : "",
                              s->refs[k].path, s->id ? s->id : "?", later->id ? later->id : "?");
        break;
      }
    }
  }
  eseal__dbuf_append_byte(&why, 0);
  if (why.failed)
    r->failed = 1;
  else if (found)
    eseal__report_fail(r, "ofd.modification", ESEAL_SUB_HASH_FAILURE,
                       "a later signature may not alter what an earlier one covers: %s%s",
                       (const char *)why.ptr, found > NAMED ? "; …" : "");
  else if (doc->sig_count > 1)
    eseal__report_ok(r, "ofd.modification",
                     "no later signature changed a file an earlier one covers");
  else
    eseal__report_ok(r, "ofd.modification", "one signature: nothing was signed after it");
  eseal__dbuf_release(&why);
}

/* Lists the uncovered files of one kind in `out`; returns how many there are. */
static size_t list(eseal__dbuf *out, const eseal__ofd_pkg *pkg, const uint8_t *uncovered,
                   const uint8_t *rendered, int want_rendered) {
  size_t n = 0;
  for (size_t i = 0; i < eseal__ofd_pkg_entry_count(pkg); i++)
    if (uncovered[i] && (rendered && rendered[i]) == want_rendered && n++ < NAMED)
      eseal__dbuf_appendf(out, "%s%.200s", n > 1 ? ", " : "", eseal__ofd_pkg_entry_name(pkg, i));
  eseal__dbuf_append_byte(out, 0);
  return n;
}

static int coverage(eseal_report *r, const eseal__ofd_pkg *pkg, const eseal__ofd_doc *doc,
                    eseal__ref_state *const *states, const uint8_t *failed) {
  size_t count = eseal__ofd_pkg_entry_count(pkg);
  uint8_t *uncovered = eseal__calloc(count ? count : 1, 2);
  if (uncovered == NULL)
    return eseal__error_oom();
  uint8_t *rendered = uncovered + (count ? count : 1);
  size_t left = 0;
  for (size_t i = 0; i < count; i++) {
    const char *name = eseal__ofd_pkg_entry_name(pkg, i);
    int covered = eseal__ofd_pkg_entry_is_dir(pkg, i);
    /* Only a signature that did not fail covers, and only through a Reference whose digest held. */
    for (size_t s = 0; s < doc->sig_count && !covered; s++)
      covered = !failed[s] && (written_by(&doc->sigs[s], name) ||
                               protects(&doc->sigs[s], states[s], name));
    uncovered[i] = !covered;
    left += !covered;
  }
  int rc = 0;
  if (left == 0) {
    eseal__report_ok(r, "ofd.coverage", "every file of the package is covered by a signature");
    eseal__free(uncovered);
    return 0;
  }
  /* Only now is it worth knowing what readers render. */
  int walk = eseal__ofd_rendered(pkg, doc, rendered);
  if (walk == ESEAL_ENOMEM) {
    eseal__free(uncovered);
    return walk;
  }
  if (walk != 0)
    memset(rendered, 0, count); /* then every uncovered file is listed as "other" */
  eseal__dbuf shown = ESEAL__DBUF_INIT, other = ESEAL__DBUF_INIT;
  size_t n_shown = list(&shown, pkg, uncovered, rendered, 1);
  size_t n_other = list(&other, pkg, uncovered, rendered, 0);
  if (shown.failed || other.failed)
    rc = eseal__error_oom();
  else if (walk != 0)
    eseal__report_check(r, "ofd.coverage", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIGNED_DATA_NOT_FOUND,
                        "%zu files are covered by no signature (%s%s), and which files readers "
                        "render could not be told: %.300s", left, (const char *)other.ptr,
                        left > NAMED ? ", …" : "", eseal_error_last()->message);
  else if (n_shown)
    eseal__report_check(r, "ofd.coverage", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIGNED_DATA_NOT_FOUND,
                        "%zu rendered file%s covered by no signature, so what readers show is not "
                        "all signed (content added after signing?): %s%s", n_shown,
                        n_shown == 1 ? " is" : "s are", (const char *)shown.ptr,
                        n_shown > NAMED ? ", …" : "");
  else
    eseal__report_check(r, "ofd.coverage", ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE,
                        "%zu file%s that readers do not render %s covered by no signature: %s%s",
                        n_other, n_other == 1 ? "" : "s", n_other == 1 ? "is" : "are",
                        (const char *)other.ptr, n_other > NAMED ? ", …" : "");
  eseal__dbuf_release(&shown);
  eseal__dbuf_release(&other);
  eseal__free(uncovered);
  return rc;
}

int eseal__ofd_document_checks(eseal_report *r, const eseal__ofd_pkg *pkg,
                               const eseal__ofd_doc *doc, eseal__ref_state *const *states,
                               const uint8_t *failed) {
  if (doc->sig_count == 0) {
    eseal__report_check(r, "ofd.signatures", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIGNED_DATA_NOT_FOUND, "the document carries no signature");
    return 0;
  }
  eseal__report_ok(r, "ofd.signatures", "%zu signature%s in %zu signature list%s", doc->sig_count,
                   doc->sig_count == 1 ? "" : "s", doc->list_count, doc->list_count == 1 ? "" : "s");
  modification(r, doc, states);
  return coverage(r, pkg, doc, states, failed);
}
