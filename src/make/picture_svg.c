/*
 * Seal pictures as SVG, drawn from the seal's elements. Coordinates are in
 * millimetres and printed with two decimals, so the same elements always give
 * the same bytes.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/picture.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "../core/text.h"
#include "picture.h"

#define MAX_CHARS 64
#define PI 3.14159265358979323846

typedef struct glyphs {
  size_t count;
  /* Each character as an XML-escaped UTF-8 string. */
  char text[MAX_CHARS][12];
} glyphs;

/* Splits UTF-8 `s` into characters; -1 when invalid, empty or longer than `max`. */
static int split(const char *s, size_t max, glyphs *g) {
  const uint8_t *p = (const uint8_t *)s;
  size_t len = strlen(s);
  g->count = 0;
  while (len > 0) {
    size_t n = eseal__utf8_sequence(p, len);
    if (n == 0 || g->count == max || p[0] < 0x20)
      return -1;
    char *out = g->text[g->count++];
    const char *esc = p[0] == '&' ? "&amp;" : p[0] == '<' ? "&lt;" : p[0] == '>' ? "&gt;"
                    : p[0] == '"' ? "&quot;" : p[0] == '\'' ? "&apos;" : NULL;
    if (esc) {
      strcpy(out, esc);
    } else {
      memcpy(out, p, n);
      out[n] = 0;
    }
    p += n;
    len -= n;
  }
  return g->count ? 0 : -1;
}

static int valid_color(const char *c) {
  if (strlen(c) != 7 || c[0] != '#')
    return 0;
  for (int i = 1; i < 7; i++)
    if (!strchr("0123456789abcdefABCDEF", c[i]))
      return 0;
  return 1;
}

static void text_attrs(eseal__dbuf *b, double size, const char *color) {
  eseal__dbuf_appendf(b, " font-family=\"SimSun, 'Songti SC', serif\" font-size=\"%.2f\" fill=\"%s\""
         " text-anchor=\"middle\" dominant-baseline=\"central\"",
      size, color);
}

/* Characters along an arc of radius r centred at angle `mid` (degrees, clockwise from the top). */
static void arc_text(eseal__dbuf *b, const glyphs *g, double c, double r, double mid,
                     double span, double size, int upright_at_bottom, const char *color) {
  for (size_t i = 0; i < g->count; i++) {
    double frac = (i + 0.5) / g->count - 0.5;
    double deg = upright_at_bottom ? mid - frac * span : mid + frac * span;
    double rad = deg * PI / 180.0;
    double x = c + r * sin(rad), y = c - r * cos(rad);
    double rot = upright_at_bottom ? deg - 180.0 : deg;
    eseal__dbuf_appendf(b, "<text x=\"%.2f\" y=\"%.2f\" transform=\"rotate(%.2f %.2f %.2f)\"", x, y, rot, x, y);
    text_attrs(b, size, color);
    eseal__dbuf_appendf(b, ">%s</text>\n", g->text[i]);
  }
}

static void star(eseal__dbuf *b, double c, double outer, const char *color) {
  double inner = outer * 0.381966;
  eseal__dbuf_appendf(b, "<polygon fill=\"%s\" points=\"", color);
  for (int i = 0; i < 10; i++) {
    double r = i % 2 ? inner : outer, a = i * PI / 5.0;
    eseal__dbuf_appendf(b, "%s%.2f,%.2f", i ? " " : "", c + r * sin(a), c - r * cos(a));
  }
  eseal__dbuf_appendf(b, "\"/>\n");
}

static void header(eseal__dbuf *b, unsigned int w, unsigned int h) {
  eseal__dbuf_appendf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%umm\" height=\"%umm\" "
         "viewBox=\"0 0 %u %u\">\n",
      w, h, w, h);
}

void eseal__picture_size(const eseal_picture_options *o, unsigned int *width, unsigned int *height) {
  int oval = o->shape == ESEAL_PICTURE_OVAL;
  if (o->shape == ESEAL_PICTURE_ROUND) {
    *width = *height = o->diameter_mm ? o->diameter_mm : 42;
    return;
  }
  *width = o->width_mm ? o->width_mm : (oval ? 24 : 20);
  *height = o->height_mm ? o->height_mm : (oval ? 16 : 20);
}

static int draw_round(eseal__dbuf *b, const eseal_picture_options *o, const char *color) {
  glyphs org, name, code;
  if (o->organisation == NULL || split(o->organisation, 40, &org) != 0)
    return eseal__error_set(ESEAL_EINVAL, "a round seal needs an organisation of 1..40 characters");
  if (o->name && split(o->name, 20, &name) != 0)
    return eseal__error_set(ESEAL_EINVAL, "the seal name must be 1..20 characters");
  if (o->code && split(o->code, 40, &code) != 0)
    return eseal__error_set(ESEAL_EINVAL, "the seal code must be 1..40 characters");
  unsigned int d, unused;
  eseal__picture_size(o, &d, &unused);
  if (d < 10 || d > 100)
    return eseal__error_set(ESEAL_EINVAL, "the diameter must be 10..100 mm");
  double c = d / 2.0, ring = d * 0.03, font = d * 0.125;
  header(b, d, d);
  eseal__dbuf_appendf(b, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"none\" stroke=\"%s\" "
         "stroke-width=\"%.2f\"/>\n",
      c, c, c - ring / 2 - d * 0.01, color, ring);
  star(b, c, d * 0.18, color);
  /* The organisation takes up to 240 degrees of the upper arc, tighter when short. */
  double r_org = c - ring - d * 0.01 - font * 0.7;
  double step = font * 1.05 / r_org * 180.0 / PI;
  double span = org.count * step < 240.0 ? org.count * step : 240.0;
  arc_text(b, &org, c, r_org, 0.0, span, font, 0, color);
  if (o->name) {
    double size = d * 0.085;
    eseal__dbuf_appendf(b, "<text x=\"%.2f\" y=\"%.2f\"", c, c + d * 0.29);
    text_attrs(b, size, color);
    eseal__dbuf_appendf(b, ">");
    for (size_t i = 0; i < name.count; i++)
      eseal__dbuf_appendf(b, "%s", name.text[i]);
    eseal__dbuf_appendf(b, "</text>\n");
  }
  if (o->code) {
    double small = d * 0.05, r_code = c - ring - d * 0.01 - small * 0.8;
    double cstep = small * 0.75 / r_code * 180.0 / PI;
    double cspan = code.count * cstep < 100.0 ? code.count * cstep : 100.0;
    arc_text(b, &code, c, r_code, 180.0, cspan, small, 1, color);
  }
  eseal__dbuf_appendf(b, "</svg>\n");
  return 0;
}

static int draw_personal(eseal__dbuf *b, const eseal_picture_options *o, const char *color) {
  glyphs name;
  if (o->name == NULL || split(o->name, 8, &name) != 0)
    return eseal__error_set(ESEAL_EINVAL, "a personal seal needs a name of 1..8 characters");
  int oval = o->shape == ESEAL_PICTURE_OVAL;
  unsigned int w, h;
  eseal__picture_size(o, &w, &h);
  if (w < 10 || w > 100 || h < 10 || h > 100)
    return eseal__error_set(ESEAL_EINVAL, "personal seal sizes must be 10..100 mm");
  double line = (w < h ? w : h) * 0.06;
  header(b, w, h);
  if (oval)
    eseal__dbuf_appendf(b, "<ellipse cx=\"%.2f\" cy=\"%.2f\" rx=\"%.2f\" ry=\"%.2f\"", w / 2.0, h / 2.0,
        w / 2.0 - line, h / 2.0 - line);
  else
    eseal__dbuf_appendf(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"", line / 2, line / 2,
        w - line, h - line);
  eseal__dbuf_appendf(b, " fill=\"none\" stroke=\"%s\" stroke-width=\"%.2f\"/>\n", color, line);
  /* The name on one line, as large as the inner width allows. */
  double inner = (oval ? 0.7 : 0.8) * w;
  double size = inner / name.count;
  double max = h * 0.6;
  if (size > max)
    size = max;
  eseal__dbuf_appendf(b, "<text x=\"%.2f\" y=\"%.2f\"", w / 2.0, h / 2.0);
  text_attrs(b, size, color);
  eseal__dbuf_appendf(b, ">");
  for (size_t i = 0; i < name.count; i++)
    eseal__dbuf_appendf(b, "%s", name.text[i]);
  eseal__dbuf_appendf(b, "</text>\n</svg>\n");
  return 0;
}

ESEAL_EXTERN(int) eseal_picture_options_init(eseal_picture_options *opts, unsigned int version) {
  if (opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_picture_options_init: NULL options");
  if (version != ESEAL_PICTURE_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_picture_options: unknown version %u", version);
  *opts = (eseal_picture_options)ESEAL_PICTURE_OPTIONS_INIT;
  return 0;
}

ESEAL_EXTERN(int) eseal_picture_svg(eseal_buf *out, const eseal_picture_options *opts) {
  if (out == NULL || opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_picture_svg: NULL argument");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  if (opts->version != ESEAL_PICTURE_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_picture_options: unknown version %u",
                            opts->version);
  const char *color = opts->color ? opts->color : "#d0021b";
  if (!valid_color(color))
    return eseal__error_set(ESEAL_EINVAL, "the colour must be written #rrggbb");
  eseal__dbuf b = ESEAL__DBUF_INIT;
  int rc;
  switch (opts->shape) {
  case ESEAL_PICTURE_ROUND:
    rc = draw_round(&b, opts, color);
    break;
  case ESEAL_PICTURE_RECTANGLE:
  case ESEAL_PICTURE_OVAL:
    rc = draw_personal(&b, opts, color);
    break;
  default:
    rc = eseal__error_set(ESEAL_EINVAL, "unknown picture shape %d", (int)opts->shape);
  }
  if (rc) {
    eseal__dbuf_release(&b);
    return rc;
  }
  return eseal__dbuf_finish(&b, out);
}
