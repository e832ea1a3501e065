/*
 * Seal pictures as SVG: the laid-out path list written as <path> elements,
 * coordinates in millimetres with three decimals, so the same elements and
 * font always give the same bytes. The font's family, version and SHA-256
 * go into <metadata>.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/picture.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "picture.h"
#include "picture_font.h"

/* Three decimals after `lead` ("" for none), and never "-0.000". */
static void num(eseal__dbuf *b, const char *lead, double v) {
  if (fabs(v) < 0.0005)
    v = 0;
  eseal__dbuf_appendf(b, "%s%.3f", lead, v);
}

static void path_data(eseal__dbuf *b, const eseal__picture *p, const eseal__pic_item *it) {
  for (size_t i = it->first; i < it->first + it->count; i++) {
    const eseal__pic_cmd *c = &p->cmds[i];
    int n = c->op == ESEAL__PIC_CUBIC ? 3 : c->op == ESEAL__PIC_CLOSE ? 0 : 1;
    eseal__dbuf_append_str(b, c->op == ESEAL__PIC_MOVE ? "M" : c->op == ESEAL__PIC_LINE ? "L"
                              : c->op == ESEAL__PIC_CUBIC ? "C" : "Z");
    for (int k = 0; k < n; k++) {
      num(b, k ? " " : "", c->x[k]);
      num(b, ",", c->y[k]);
    }
  }
}

/* The font's names are outside input: only printable ASCII, XML-escaped. */
static void attr(eseal__dbuf *b, const char *s) {
  for (; *s; s++)
    if (*s == '&')
      eseal__dbuf_append_str(b, "&amp;");
    else if (*s == '<')
      eseal__dbuf_append_str(b, "&lt;");
    else if (*s == '>')
      eseal__dbuf_append_str(b, "&gt;");
    else if (*s == '"')
      eseal__dbuf_append_str(b, "&quot;");
    else if (*s >= 0x20 && *s < 0x7f)
      eseal__dbuf_append_byte(b, (uint8_t)*s);
}

static int write_svg(const eseal__picture *p, eseal_buf *out) {
  eseal__dbuf b = ESEAL__DBUF_INIT;
  char color[8];
  snprintf(color, sizeof color, "#%02x%02x%02x", p->rgb[0], p->rgb[1], p->rgb[2]);
  eseal__dbuf_appendf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0fmm\" height=\"%.0fmm\" "
                      "viewBox=\"0 0 %.0f %.0f\">\n<metadata><font xmlns=\"urn:libeseal:picture-font\" family=\"",
                      p->width, p->height, p->width, p->height);
  attr(&b, p->font.family);
  eseal__dbuf_append_str(&b, "\" version=\"");
  attr(&b, p->font.version);
  eseal__dbuf_append_str(&b, "\" sha256=\"");
  attr(&b, p->font.sha256);
  eseal__dbuf_append_str(&b, "\"/></metadata>\n");
  for (size_t i = 0; i < p->nitems; i++) {
    const eseal__pic_item *it = &p->items[i];
    eseal__dbuf_append_str(&b, "<path d=\"");
    path_data(&b, p, it);
    if (it->stroke_width > 0) {
      eseal__dbuf_appendf(&b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"", color);
      num(&b, "", it->stroke_width);
      eseal__dbuf_append_str(&b, "\"/>\n");
    } else {
      eseal__dbuf_appendf(&b, "\" fill=\"%s\"/>\n", color);
    }
  }
  eseal__dbuf_append_str(&b, "</svg>\n");
  return eseal__dbuf_finish(&b, out);
}

ESEAL_EXTERN(int) eseal_picture_options_init(eseal_picture_options *opts, unsigned int version) {
  if (opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_picture_options_init: NULL options");
  if (version != 1 && version != ESEAL_PICTURE_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_picture_options: unknown version %u", version);
  eseal_picture_options d = ESEAL_PICTURE_OPTIONS_INIT;
  d.version = version;
  /* A version-1 struct is shorter: write only its fields. */
  memcpy(opts, &d, version == 1 ? offsetof(eseal_picture_options, taxpayer_id) : sizeof d);
  return 0;
}

ESEAL_EXTERN(int) eseal_picture_svg(eseal_buf *out, const eseal_picture_options *opts) {
  if (out == NULL || opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_picture_svg: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  eseal__picture p;
  eseal__pic_init(&p);
  int rc = eseal__picture_layout(&p, opts, 1);
  if (rc == 0)
    rc = write_svg(&p, out);
  eseal__pic_free(&p);
  return rc;
}

ESEAL_EXTERN(int) eseal_picture_font(const char *font_path, eseal_picture_font_info *info) {
  if (info == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_picture_font: NULL info");
  memset(info, 0, sizeof *info);
  eseal__font *f;
  int rc = eseal__font_open(&f, font_path, 1);
  if (rc)
    return rc;
  *info = *eseal__font_info(f);
  eseal__font_close(f);
  return 0;
}
