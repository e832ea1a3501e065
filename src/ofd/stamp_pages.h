/* The pages of the document being stamped (Document.xml), for placing the appearance. */
#ifndef ESEAL_OFD_STAMP_PAGES_H
#define ESEAL_OFD_STAMP_PAGES_H

#include "eseal/ofd.h"
#include "../core/arena.h"
#include "package.h"
#include "stamp_parts.h"

typedef struct eseal_ofd__pages {
  eseal__arena arena;
  eseal_ofd__page *pages; /* the area is CommonData/PageArea's until page_area() reads the page's own */
  const char **content;   /* each page's Content.xml (normalised name) */
  size_t count;
} eseal_ofd__pages;

/* Reads Document.xml `doc_root`: ESEAL_EFORMAT when it lists no page or a page without ID/BaseLoc. */
int eseal_ofd__pages_read(eseal_ofd__pages *out, const eseal__ofd_pkg *pkg, const char *doc_root);
/* Takes page i's size from its own Area/PhysicalBox when it has one. */
int eseal_ofd__page_area(eseal_ofd__pages *pages, const eseal__ofd_pkg *pkg, size_t i);
void eseal_ofd__pages_release(eseal_ofd__pages *pages);

/*
 * stamp_layout.c: the StampAnnots the options ask for, a w x h mm seal,
 * into annots (capacity ESEAL_OFD__MAX_ANNOTS). Reads the pages' own sizes
 * and, for a keyword, their content.
 */
int eseal_ofd__layout(eseal_ofd__annot *annots, size_t *count, eseal_ofd__pages *pages,
                      const eseal__ofd_pkg *pkg, const eseal_ofd_stamp_options *opts, double w,
                      double h);

#endif
