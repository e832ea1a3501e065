/*
 * Seal pictures as PNG: the same laid-out path list as the SVG, filled and
 * stroked by cairo on a transparent canvas. cairo's PNG writer stores no
 * time or text chunks, so the bytes depend only on the input, the font and
 * the cairo version.
 */
#include <math.h>
#include <string.h>

#include <cairo.h>

#include "eseal/errors.h"
#include "eseal/picture.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "picture.h"

#define MIN_DPI 72u
#define MAX_DPI 1200u
#define MAX_SIDE 4096

static void trace(cairo_t *cr, const eseal__picture *p, const eseal__pic_item *it) {
  cairo_new_path(cr);
  for (size_t i = it->first; i < it->first + it->count; i++) {
    const eseal__pic_cmd *c = &p->cmds[i];
    switch (c->op) {
    case ESEAL__PIC_MOVE:
      cairo_move_to(cr, c->x[0], c->y[0]);
      break;
    case ESEAL__PIC_LINE:
      cairo_line_to(cr, c->x[0], c->y[0]);
      break;
    case ESEAL__PIC_CUBIC:
      cairo_curve_to(cr, c->x[0], c->y[0], c->x[1], c->y[1], c->x[2], c->y[2]);
      break;
    case ESEAL__PIC_CLOSE:
      cairo_close_path(cr);
      break;
    }
  }
}

static cairo_status_t to_dbuf(void *closure, const unsigned char *data, unsigned int length) {
  eseal__dbuf *b = closure;
  eseal__dbuf_append(b, data, length);
  return eseal__dbuf_status(b) ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

static int render(const eseal__picture *p, unsigned int dpi, eseal_buf *out) {
  double scale = dpi / 25.4;
  double wpx = ceil(p->width * scale), hpx = ceil(p->height * scale);
  if (wpx > MAX_SIDE || hpx > MAX_SIDE)
    return eseal__error_set(ESEAL_EINVAL, "%.0f x %.0f pixels is over the %d x %d limit: lower "
                            "the dpi", wpx, hpx, MAX_SIDE, MAX_SIDE);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)wpx, (int)hpx);
  cairo_t *cr = cairo_create(s);
  cairo_scale(cr, scale, scale);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_GRAY);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
  cairo_set_source_rgb(cr, p->rgb[0] / 255.0, p->rgb[1] / 255.0, p->rgb[2] / 255.0);
  for (size_t i = 0; i < p->nitems; i++) {
    const eseal__pic_item *it = &p->items[i];
    trace(cr, p, it);
    if (it->stroke_width > 0) {
      cairo_set_line_width(cr, it->stroke_width);
      cairo_stroke(cr);
    } else {
      cairo_fill(cr);
    }
  }
  eseal__dbuf b = ESEAL__DBUF_INIT;
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_write_to_png_stream(s, to_dbuf, &b);
  cairo_surface_destroy(s);
  if (st != CAIRO_STATUS_SUCCESS) {
    eseal__dbuf_release(&b);
    return st == CAIRO_STATUS_NO_MEMORY ? eseal__error_oom()
                                        : eseal__error_set(ESEAL_EINVAL, "cairo: %s",
                                                           cairo_status_to_string(st));
  }
  return eseal__dbuf_finish(&b, out);
}

ESEAL_EXTERN(int) eseal_picture_png(eseal_buf *out, const eseal_picture_options *opts,
                                    unsigned int dpi) {
  if (out == NULL || opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_picture_png: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  if (dpi < MIN_DPI || dpi > MAX_DPI)
    return eseal__error_set(ESEAL_EINVAL, "the resolution must be %u..%u dpi, not %u", MIN_DPI,
                            MAX_DPI, dpi);
  eseal__picture p;
  eseal__pic_init(&p);
  int rc = eseal__picture_layout(&p, opts, 0);
  if (rc == 0)
    rc = render(&p, dpi, out);
  eseal__pic_free(&p);
  return rc;
}
