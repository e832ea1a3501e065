/* Where a stamp's appearance goes: at a position, on keyword hits, or across page edges. */
#include <math.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "stamp_parts.h"

static int size_ok(double w, double h) {
  /* Real seals measure 10..100 mm; allow a little more either side. */
  return isfinite(w) && isfinite(h) && w >= 1 && h >= 1 && w <= 500 && h <= 500;
}

int eseal_ofd__place_at(eseal_ofd__annot *annots, size_t *count, const eseal_ofd__page *pages,
                        size_t npages, size_t page, double x, double y, double w, double h) {
  *count = 0;
  if (page >= npages)
    return eseal__error_set(ESEAL_EINVAL, "page %zu: the document has %zu pages", page + 1, npages);
  if (!size_ok(w, h))
    return eseal__error_set(ESEAL_EINVAL, "the seal's size must be 1..500 mm");
  const eseal_ofd__box *a = &pages[page].area;
  if (!isfinite(x) || !isfinite(y) || x < 0 || y < 0 || x + w > a->w || y + h > a->h)
    return eseal__error_set(ESEAL_EINVAL,
                            "a %gx%g mm seal at (%g, %g) mm does not fit on page %zu (%gx%g mm)", w,
                            h, x, y, page + 1, a->w, a->h);
  annots[0] = (eseal_ofd__annot){page, {a->x + x, a->y + y, w, h}, 0, {0, 0, 0, 0}};
  *count = 1;
  return 0;
}

int eseal_ofd__place_on_hits(eseal_ofd__annot *annots, size_t *count, const eseal_ofd__hit *hits,
                             size_t nhits, double w, double h) {
  *count = 0;
  if (!size_ok(w, h))
    return eseal__error_set(ESEAL_EINVAL, "the seal's size must be 1..500 mm");
  if (nhits > ESEAL_OFD__MAX_ANNOTS)
    return eseal__error_set(ESEAL_ELIMIT, "more than %u stamp annotations", ESEAL_OFD__MAX_ANNOTS);
  for (size_t i = 0; i < nhits; i++)
    annots[i] = (eseal_ofd__annot){
        hits[i].page, {hits[i].x - w / 2, hits[i].y - h / 2, w, h}, 0, {0, 0, 0, 0}};
  *count = nhits;
  return 0;
}

int eseal_ofd__place_cross(eseal_ofd__annot *annots, size_t *count, const eseal_ofd__page *pages,
                           size_t npages, size_t first, size_t last, double y, double w, double h) {
  *count = 0;
  if (first >= last || last >= npages)
    return eseal__error_set(ESEAL_EINVAL,
                            "a cross-page seal needs two or more pages within 1..%zu (asked %zu-%zu)",
                            npages, first + 1, last + 1);
  if (!size_ok(w, h))
    return eseal__error_set(ESEAL_EINVAL, "the seal's size must be 1..500 mm");
  size_t n = last - first + 1;
  if (n > ESEAL_OFD__MAX_ANNOTS)
    return eseal__error_set(ESEAL_ELIMIT, "a cross-page seal over more than %u pages",
                            ESEAL_OFD__MAX_ANNOTS);
  double slice = w / (double)n;
  for (size_t i = 0; i < n; i++) {
    const eseal_ofd__box *a = &pages[first + i].area;
    double top = y > 0 ? y : (a->h - h) / 2;
    if (!isfinite(top) || top < 0 || top + h > a->h || w > a->w)
      return eseal__error_set(ESEAL_EINVAL, "a %gx%g mm seal does not fit on page %zu (%gx%g mm)",
                              w, h, first + i + 1, a->w, a->h);
    /* The whole seal is placed so that slice i lands on the last `slice` mm of the page. */
    double left = a->x + a->w - (double)(i + 1) * slice;
    annots[i] = (eseal_ofd__annot){first + i, {left, a->y + top, w, h}, 1,
                                   {(double)i * slice, 0, slice, h}};
  }
  *count = n;
  return 0;
}
