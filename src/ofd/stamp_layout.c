/* From the stamping options to StampAnnots: which pages, where on them. */
#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "stamp_pages.h"

static int by_keyword(eseal_ofd__annot *annots, size_t *count, eseal_ofd__pages *pages,
                      const eseal__ofd_pkg *pkg, const eseal_ofd_stamp_options *o, double w,
                      double h) {
  size_t max = o->all_occurrences ? ESEAL_OFD__MAX_ANNOTS : 1, n = 0;
  eseal_ofd__hit *hits = eseal__malloc(max * sizeof *hits);
  if (hits == NULL)
    return eseal__error_oom();
  int rc = 0;
  for (size_t i = 0; i < pages->count && n < max && rc == 0; i++) {
    eseal_buf content = ESEAL_BUF_INIT;
    rc = eseal__ofd_pkg_read(pkg, pages->content[i], ESEAL__OFD_MAX_XML_SIZE, &content);
    if (rc == 0)
      rc = eseal_ofd__keyword_find(content.ptr, content.size, o->keyword, i, hits, max, &n);
    eseal_buf_dispose(&content);
  }
  if (rc == 0 && n == 0)
    rc = eseal__error_set(ESEAL_ENOTFOUND, "the keyword is on none of the %zu pages",
                          pages->count);
  if (rc == 0)
    rc = eseal_ofd__place_on_hits(annots, count, hits, n, w, h);
  eseal__free(hits);
  return rc;
}

static int across(eseal_ofd__annot *annots, size_t *count, eseal_ofd__pages *pages,
                  const eseal__ofd_pkg *pkg, const eseal_ofd_stamp_options *o, double w,
                  double h) {
  size_t first = o->page ? o->page - 1 : 0;
  size_t last = o->last_page ? o->last_page - 1 : pages->count - 1;
  for (size_t i = first; i <= last && i < pages->count; i++) {
    int rc = eseal_ofd__page_area(pages, pkg, i);
    if (rc)
      return rc;
  }
  return eseal_ofd__place_cross(annots, count, pages->pages, pages->count, first, last, o->y_mm,
                                w, h);
}

int eseal_ofd__layout(eseal_ofd__annot *annots, size_t *count, eseal_ofd__pages *pages,
                      const eseal__ofd_pkg *pkg, const eseal_ofd_stamp_options *o, double w,
                      double h) {
  switch (o->placement) {
  case ESEAL_OFD_PLACE_AT: {
    if (o->page == 0 || o->page > pages->count)
      return eseal__error_set(ESEAL_EINVAL, "page %u: the document has pages 1..%zu", o->page,
                              pages->count);
    int rc = eseal_ofd__page_area(pages, pkg, o->page - 1);
    return rc ? rc
              : eseal_ofd__place_at(annots, count, pages->pages, pages->count, o->page - 1,
                                    o->x_mm, o->y_mm, w, h);
  }
  case ESEAL_OFD_PLACE_KEYWORD:
    return by_keyword(annots, count, pages, pkg, o, w, h);
  case ESEAL_OFD_PLACE_CROSS_PAGE:
    return across(annots, count, pages, pkg, o, w, h);
  }
  return eseal__error_set(ESEAL_EINVAL, "unknown placement %d", (int)o->placement);
}
