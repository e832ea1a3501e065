/* The eseal_ofd_report object: the document checks and one report per signature. */
#ifndef ESEAL_OFD_REPORT_H
#define ESEAL_OFD_REPORT_H

#include "eseal/ofd.h"
#include "../core/arena.h"
#include "../verify/report.h"

typedef struct eseal__ofd_sig_report {
  const char *id;
  const char *type;
  const char *path;
  eseal_report *report;
} eseal__ofd_sig_report;

struct eseal_ofd_report {
  eseal__arena arena;
  /* The document checks, in a report of kind ESEAL_KIND_UNKNOWN. */
  eseal_report *document;
  eseal__ofd_sig_report *sigs;
  size_t sig_count;
  eseal_indication indication;
  eseal_sub_indication sub;
};

/* An empty report with room for `sig_count` signatures. */
int eseal__ofd_report_new(eseal_ofd_report **out, size_t sig_count);

/*
 * The document indication from the document checks and the signature reports
 * (include/eseal/ofd.h); ESEAL_ENOMEM when filling a report failed.
 */
int eseal__ofd_report_conclude(eseal_ofd_report *r);

#endif
