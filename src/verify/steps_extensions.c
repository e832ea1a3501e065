/*
 * Critical extensions (GB/T 38540 ExtData): one the verifier does not know
 * may change what the seal or signature means, so it stops a TOTAL_PASSED.
 * The library checks the meaning of no extension; the vendor extensions
 * found marked critical in real files, and those the caller names, are
 * accepted with a warning that says so (doc/verification.md, "Extensions").
 */
#include <stdio.h>
#include <string.h>

#include "../codec/model.h"
#include "../context/context.h"
#include "steps.h"

static const struct {
  const char *oid;
  const char *vendor;
} vendor_critical[] = {
    {"1.2.156.112600.7.2", "Hebei Gede seal data"},
    {"1.3.6.1.5.5.7.1.4", "Shandong Tongzhiweiye TBS_Sign signature"},
    {"1.3.6.1.4.1.54706.1", "dms360 provider name"},
};

static const char *known_vendor(const eseal_ctx *ctx, const char *oid) {
  for (size_t i = 0; i < sizeof vendor_critical / sizeof vendor_critical[0]; i++)
    if (strcmp(oid, vendor_critical[i].oid) == 0)
      return vendor_critical[i].vendor;
  return eseal__ctx_accepts_extension(ctx, oid) ? "accepted by the caller" : NULL;
}

typedef struct tally {
  size_t total;
  char unknown[300];
  char accepted[300];
} tally;

/* Appends "oid what" to a "; "-separated list. */
static void append(char *list, size_t cap, const char *oid, const char *what) {
  size_t n = strlen(list);
  if (n + 8 < cap)
    snprintf(list + n, cap - n, "%s%s %s", n ? "; " : "", oid, what);
}

static void count(const eseal_ctx *ctx, const eseal_extensions *e, const char *where, tally *t) {
  for (size_t i = 0; e && i < e->count; i++) {
    const eseal__extension *x = &e->items[i];
    t->total++;
    if (!x->critical)
      continue;
    const char *vendor = known_vendor(ctx, x->oid);
    char what[80];
    snprintf(what, sizeof what, vendor ? "(%s)" : "in %s", vendor ? vendor : where);
    append(vendor ? t->accepted : t->unknown, sizeof t->accepted, x->oid, what);
  }
}

void eseal__step_extensions(eseal__verifier *v, const eseal_seal *seal,
                            const eseal_extensions *tbs_extensions) {
  tally t = {0};
  count(v->ctx, seal->extensions, "the seal", &t);
  count(v->ctx, tbs_extensions, "TBS_Sign", &t);
  if (*t.unknown)
    eseal__report_check(v->report, "extensions", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_SIG_CONSTRAINTS_FAILURE,
                        "critical extensions the verifier does not know: %s", t.unknown);
  else if (*t.accepted)
    eseal__report_check(v->report, "extensions", ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED,
                        ESEAL_SUB_NONE,
                        "critical extensions accepted, their meaning not checked: %s", t.accepted);
  else
    eseal__report_ok(v->report, "extensions", "%zu extensions, none critical", t.total);
}
