/* The document checks ofd.signatures, ofd.modification and ofd.coverage (include/eseal/ofd.h). */
#ifndef ESEAL_OFD_COVERAGE_H
#define ESEAL_OFD_COVERAGE_H

#include "../verify/report.h"
#include "package.h"
#include "references.h"

/*
 * Adds the document checks to `r`. `states[i]` holds the Reference states
 * of doc->sigs[i] (NULL when its references were not read); `failed[i]` is
 * nonzero when doc->sigs[i] is TOTAL_FAILED, and such a signature covers
 * nothing. 0, or ESEAL_ENOMEM.
 */
int eseal__ofd_document_checks(eseal_report *r, const eseal__ofd_pkg *pkg,
                               const eseal__ofd_doc *doc, eseal__ref_state *const *states,
                               const uint8_t *failed);

#endif
