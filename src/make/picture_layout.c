/*
 * Laying a seal picture out: the ring, the star and each text element placed
 * as glyph cells (rotated rectangles that hold the outlines) along arcs, on
 * lines or in a grid. Each element is tried at decreasing sizes and widths
 * until every cell lies inside the ring and clear of the star and of every
 * other cell; an element that fits at no size is refused by name, never
 * dropped. Proportions follow doc/pictures.md.
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../core/text.h"
#include "picture.h"
#include "picture_font.h"

#define PI 3.14159265358979323846
#define MAX_CELLS 128
#define ARC_SAMPLES 1440
#define SIZE_STEPS 24
#define WIDTH_STEPS 12
/* Cells must be this far apart (mm) along some axis. */
#define CELL_GAP 0.05
/* Below this em height (mm) a printed seal's characters no longer read: refused instead. */
#define MIN_GLYPH_MM 1.2

typedef struct text {
  size_t n;
  uint32_t cp[40];
  eseal__glyph g[40];
} text;

/* One glyph's placement: cell centre, "up" unit vector, scales from em to mm. */
typedef struct place {
  double px, py, ux, uy, sx, sy;
} place;

typedef struct layout {
  eseal__picture *pic;
  eseal__font *font;
  double gap; /* between the ring's inside and any cell, mm */
  double cells[MAX_CELLS][4][2];
  size_t ncells;
  double star[5][2];
  int has_star;
} layout;

/* UTF-8 into code points: 1..max printable characters, else -1. */
static int split(const char *s, size_t max, text *t) {
  const uint8_t *p = (const uint8_t *)s;
  size_t len = strlen(s);
  t->n = 0;
  while (len > 0) {
    size_t k = eseal__utf8_sequence(p, len);
    if (k == 0 || t->n == max)
      return -1;
    uint32_t c = k == 1 ? p[0] : k == 2 ? (uint32_t)(p[0] & 0x1f) : k == 3 ? (uint32_t)(p[0] & 0x0f)
                                                                           : (uint32_t)(p[0] & 0x07);
    for (size_t i = 1; i < k; i++)
      c = c << 6 | (p[i] & 0x3f);
    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
      return -1;
    t->cp[t->n++] = c;
    p += k;
    len -= k;
  }
  return t->n ? 0 : -1;
}

static void text_free(text *t) {
  for (size_t i = 0; i < t->n; i++)
    eseal__glyph_free(&t->g[i]);
  t->n = 0;
}

static int load(layout *L, text *t) {
  for (size_t i = 0; i < t->n; i++) {
    int rc = eseal__font_glyph(L->font, t->cp[i], &t->g[i]);
    if (rc) {
      for (size_t j = 0; j < i; j++)
        eseal__glyph_free(&t->g[j]);
      t->n = 0;
      return rc;
    }
  }
  return 0;
}

static void corners(const eseal__glyph *g, const place *q, double out[4][2]) {
  double hw = (g->x1 - g->x0) / 2 * q->sx, hh = (g->y1 - g->y0) / 2 * q->sy;
  double rx = -q->uy, ry = q->ux; /* right of up */
  static const int sign[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
  for (int i = 0; i < 4; i++) {
    out[i][0] = q->px + sign[i][0] * hw * rx + sign[i][1] * hh * q->ux;
    out[i][1] = q->py + sign[i][0] * hw * ry + sign[i][1] * hh * q->uy;
  }
}

static int inside(const eseal__pic_bound *b, double gap, const double pt[2]) {
  double dx = pt[0] - b->cx, dy = pt[1] - b->cy, rx = b->rx - gap, ry = b->ry - gap;
  if (rx <= 0 || ry <= 0)
    return 0;
  if (b->ellipse)
    return (dx / rx) * (dx / rx) + (dy / ry) * (dy / ry) <= 1.0;
  return fabs(dx) <= rx && fabs(dy) <= ry;
}

/* Separating axes: 1 when the convex polygons come closer than CELL_GAP on every edge normal. */
static int too_close(const double (*a)[2], int na, const double (*b)[2], int nb) {
  for (int pass = 0; pass < 2; pass++) {
    const double (*p)[2] = pass ? b : a;
    int np = pass ? nb : na;
    for (int i = 0; i < np; i++) {
      double ex = p[(i + 1) % np][0] - p[i][0], ey = p[(i + 1) % np][1] - p[i][1];
      double len = sqrt(ex * ex + ey * ey);
      if (len == 0)
        continue;
      double nx = -ey / len, ny = ex / len;
      double amin = INFINITY, amax = -INFINITY, bmin = INFINITY, bmax = -INFINITY;
      for (int k = 0; k < na; k++) {
        double v = a[k][0] * nx + a[k][1] * ny;
        amin = fmin(amin, v);
        amax = fmax(amax, v);
      }
      for (int k = 0; k < nb; k++) {
        double v = b[k][0] * nx + b[k][1] * ny;
        bmin = fmin(bmin, v);
        bmax = fmax(bmax, v);
      }
      if (amin - bmax >= CELL_GAP || bmin - amax >= CELL_GAP)
        return 0;
    }
  }
  return 1;
}

/* 1 when the glyphs of `t` placed at `q` all fit; their cells go to L->cells[L->ncells...]. */
static int fits(layout *L, const text *t, const place *q) {
  if (L->ncells + t->n > MAX_CELLS)
    return 0;
  for (size_t i = 0; i < t->n; i++) {
    double(*c)[2] = L->cells[L->ncells + i];
    corners(&t->g[i], &q[i], c);
    for (int k = 0; k < 4; k++)
      if (!isfinite(c[k][0]) || !isfinite(c[k][1]) || !inside(&L->pic->inside, L->gap, c[k]))
        return 0;
    if (L->has_star && too_close((const double(*)[2])c, 4, (const double(*)[2])L->star, 5))
      return 0;
    for (size_t j = 0; j < L->ncells + i; j++)
      if (too_close((const double(*)[2])c, 4, (const double(*)[2])L->cells[j], 4))
        return 0;
  }
  return 1;
}

/* Writes the placed outlines of `t` into the picture and keeps their cells. */
static int emit(layout *L, const text *t, const place *q, eseal__pic_role role) {
  for (size_t i = 0; i < t->n; i++) {
    const eseal__glyph *g = &t->g[i];
    double xc = (g->x0 + g->x1) / 2, yc = (g->y0 + g->y1) / 2, rx = -q[i].uy, ry = q[i].ux;
    int rc = eseal__pic_begin(L->pic, role, 0);
    if (rc)
      return rc;
    memcpy(L->pic->items[L->pic->nitems - 1].cell, L->cells[L->ncells + i], sizeof(double[4][2]));
    for (size_t k = 0; k < g->ncmds; k++) {
      const eseal__pic_cmd *c = &g->cmds[k];
      int np = c->op == ESEAL__PIC_CUBIC ? 3 : c->op == ESEAL__PIC_CLOSE ? 0 : 1;
      double xy[6];
      for (int j = 0; j < np; j++) {
        double dx = (c->x[j] - xc) * q[i].sx, dy = (c->y[j] - yc) * q[i].sy;
        xy[2 * j] = q[i].px + dx * rx + dy * q[i].ux;
        xy[2 * j + 1] = q[i].py + dx * ry + dy * q[i].uy;
      }
      if ((rc = eseal__pic_add(L->pic, c->op, xy, np)) != 0)
        return rc;
    }
  }
  L->ncells += t->n;
  return 0;
}

/*
 * How an element is sized: nominal and smallest em height (mm), widest and
 * narrowest condensing; with `share`, h is instead the share of a grid slot.
 */
typedef struct sizing {
  double h_nom, h_min, c_nom, c_min;
  int share;
} sizing;

/* Where an element goes; place_fn fills one placement per glyph for em height h and condensing c. */
typedef int (*place_fn)(const void *where, const text *t, double h, double c, place *q);

static int fit(layout *L, text *t, eseal__pic_role role, const sizing *s, place_fn fn,
               const void *where, const char *what, const char *shape) {
  place q[40];
  for (int hi = 0; hi <= SIZE_STEPS; hi++) {
    double h = s->h_nom - (s->h_nom - s->h_min) * hi / SIZE_STEPS;
    if (h < MIN_GLYPH_MM && !s->share)
      break;
    for (int ci = 0; ci <= (s->c_nom > s->c_min ? WIDTH_STEPS : 0); ci++) {
      double c = s->c_nom - (s->c_nom - s->c_min) * ci / WIDTH_STEPS;
      if (fn(where, t, h, c, q) == 0 && fits(L, t, q))
        return emit(L, t, q, role);
    }
  }
  return eseal__error_set(ESEAL_EINVAL, "the %s (%zu characters) does not fit on %s", what, t->n,
                          shape);
}

/* A row of glyphs centred at (x, y). */
typedef struct line_at {
  double x, y;
} line_at;

static int place_line(const void *where, const text *t, double h, double c, place *q) {
  const line_at *at = where;
  double gap = 0.08 * h, total = 0;
  for (size_t i = 0; i < t->n; i++)
    total += (t->g[i].x1 - t->g[i].x0) * c * h + (i ? gap : 0);
  double x = at->x - total / 2;
  for (size_t i = 0; i < t->n; i++) {
    double w = (t->g[i].x1 - t->g[i].x0) * c * h;
    q[i] = (place){x + w / 2, at->y, 0, -1, c * h, h};
    x += w + gap;
  }
  return 0;
}

/* Text along an ellipse inside the ring: the upper arc (tops outward) or the lower (tops inward). */
typedef struct arc_at {
  double cx, cy, a, b; /* the inner edge of the ring, less the gap */
  double span_deg;     /* the widest arc the text may take */
  double spread;       /* extra room between glyphs when short, in em */
  int lower;
} arc_at;

/* The parameter angle whose arc length from the top (or bottom) is `s`, by the sampled table. */
static double angle_at(const double *table, double s) {
  double sign = s < 0 ? -1 : 1;
  s = fabs(s);
  int lo = 0, hi = ARC_SAMPLES;
  while (hi - lo > 1) {
    int mid = (lo + hi) / 2;
    if (table[mid] <= s)
      lo = mid;
    else
      hi = mid;
  }
  double step = PI / ARC_SAMPLES, d = table[hi] - table[lo];
  double frac = d > 0 ? (s - table[lo]) / d : 0;
  return sign * (lo + (frac > 1 ? 1 : frac)) * step;
}

static int place_arc(const void *where, const text *t, double h, double c, place *q) {
  const arc_at *at = where;
  double wmax = 0, sum = 0, hmax = 0;
  for (size_t i = 0; i < t->n; i++) {
    double w = (t->g[i].x1 - t->g[i].x0) * c * h;
    wmax = fmax(wmax, w);
    hmax = fmax(hmax, (t->g[i].y1 - t->g[i].y0) * h);
    sum += w;
  }
  /* The flat cells' corners reach past the curve by about the sagitta. */
  double rmin = fmin(at->a, at->b) * fmin(at->a, at->b) / fmax(at->a, at->b);
  double inset = wmax * wmax / (8 * rmin) + 0.01;
  double a = at->a - inset, b = at->b - inset;
  if (a <= hmax || b <= hmax)
    return -1;
  /* Arc length from the top over half a turn; the ellipse is symmetric. */
  double table[ARC_SAMPLES + 1];
  table[0] = 0;
  double px = 0, py = -b;
  for (int i = 1; i <= ARC_SAMPLES; i++) {
    double th = PI * i / ARC_SAMPLES, x = a * sin(th), y = -b * cos(th);
    table[i] = table[i - 1] + hypot(x - px, y - py);
    px = x;
    py = y;
  }
  double half = at->span_deg / 2 * PI / 180, limit = 2 * table[(int)(half / PI * ARC_SAMPLES)];
  double gap = 0.1 * h, total = sum + gap * (double)(t->n - 1);
  if (total > limit)
    return -1;
  total = fmin(limit, total + at->spread * h * (double)(t->n - 1));
  gap = t->n > 1 ? (total - sum) / (double)(t->n - 1) : 0;
  double off = -total / 2;
  for (size_t i = 0; i < t->n; i++) {
    double w = (t->g[i].x1 - t->g[i].x0) * c * h, hh = (t->g[i].y1 - t->g[i].y0) * h;
    double th = angle_at(table, off + w / 2);
    if (at->lower)
      th = PI - th;
    double qx = at->cx + a * sin(th), qy = at->cy - b * cos(th);
    double nx = sin(th) / a, ny = -cos(th) / b, nl = hypot(nx, ny);
    nx /= nl;
    ny /= nl;
    double ux = at->lower ? -nx : nx, uy = at->lower ? -ny : ny;
    /* The cell's outer edge sits on the curve: its top on the upper arc, its foot on the lower. */
    double back = at->lower ? hh / 2 : -hh / 2;
    q[i] = (place){qx + ux * back, qy + uy * back, ux, uy, c * h, h};
    off += w + gap;
  }
  return 0;
}

/* A square's name in a grid, read in columns from the right: cols x rows slots in the box. */
typedef struct grid_at {
  double cx, cy, half; /* the inside of the border, less the gap */
  int cols, rows;
} grid_at;

static int place_grid(const void *where, const text *t, double h, double c, place *q) {
  (void)c;
  const grid_at *at = where;
  double sw = 2 * at->half / at->cols, sh = 2 * at->half / at->rows, fill = h;
  for (size_t i = 0; i < t->n; i++) {
    int col = at->cols - 1 - (int)i / at->rows, row = (int)i % at->rows;
    double gw = t->g[i].x1 - t->g[i].x0, gh = t->g[i].y1 - t->g[i].y0;
    q[i] = (place){at->cx - at->half + sw * (col + 0.5), at->cy - at->half + sh * (row + 0.5), 0,
                   -1, sw * fill / gw, sh * fill / gh};
  }
  return 0;
}

static int ring(layout *L, double w, double h, int ellipse, double t) {
  eseal__picture *p = L->pic;
  double m = 0.005 * fmin(w, h), cx = w / 2, cy = h / 2;
  double rx = w / 2 - m - t / 2, ry = h / 2 - m - t / 2;
  p->inside = (eseal__pic_bound){ellipse, cx, cy, rx - t / 2, ry - t / 2};
  int rc = eseal__pic_begin(p, ESEAL__PIC_RING, t);
  if (rc)
    return rc;
  if (!ellipse) {
    double pts[4][2] = {{cx - rx, cy - ry}, {cx + rx, cy - ry}, {cx + rx, cy + ry}, {cx - rx, cy + ry}};
    for (int i = 0; i < 4 && rc == 0; i++)
      rc = eseal__pic_add(p, i ? ESEAL__PIC_LINE : ESEAL__PIC_MOVE, pts[i], 1);
    return rc ? rc : eseal__pic_add(p, ESEAL__PIC_CLOSE, NULL, 0);
  }
  /* Four cubic quarter arcs, top, right, bottom, left; k puts each midpoint on the ellipse. */
  const double k = 0.5522847498307936;
  const double arcs[4][6] = {
      {cx + k * rx, cy - ry, cx + rx, cy - k * ry, cx + rx, cy},
      {cx + rx, cy + k * ry, cx + k * rx, cy + ry, cx, cy + ry},
      {cx - k * rx, cy + ry, cx - rx, cy + k * ry, cx - rx, cy},
      {cx - rx, cy - k * ry, cx - k * rx, cy - ry, cx, cy - ry},
  };
  double start[2] = {cx, cy - ry};
  rc = eseal__pic_add(p, ESEAL__PIC_MOVE, start, 1);
  for (int i = 0; i < 4 && rc == 0; i++)
    rc = eseal__pic_add(p, ESEAL__PIC_CUBIC, arcs[i], 3);
  return rc ? rc : eseal__pic_add(p, ESEAL__PIC_CLOSE, NULL, 0);
}

static int star(layout *L, double cx, double cy, double outer) {
  double inner = outer * 0.381966;
  int rc = eseal__pic_begin(L->pic, ESEAL__PIC_STAR, 0);
  for (int i = 0; i < 10 && rc == 0; i++) {
    double r = i % 2 ? inner : outer, a = i * PI / 5.0;
    double xy[2] = {cx + r * sin(a), cy - r * cos(a)};
    if (i % 2 == 0) {
      L->star[i / 2][0] = xy[0];
      L->star[i / 2][1] = xy[1];
    }
    rc = eseal__pic_add(L->pic, i ? ESEAL__PIC_LINE : ESEAL__PIC_MOVE, xy, 1);
  }
  L->has_star = 1;
  return rc ? rc : eseal__pic_add(L->pic, ESEAL__PIC_CLOSE, NULL, 0);
}

/* The texts of one picture, loaded from the options. */
typedef struct texts {
  text org, name, code, tax;
  int has_org, has_name, has_code, has_tax;
} texts;

static int take(layout *L, const char *s, size_t max, text *t, int *has, const char *what) {
  if (s == NULL)
    return 0;
  if (split(s, max, t) != 0)
    return eseal__error_set(ESEAL_EINVAL, "the %s must be 1..%zu printable characters of valid UTF-8",
                            what, max);
  int rc = load(L, t);
  if (rc)
    return eseal__error_prefix(rc, what);
  *has = 1;
  return 0;
}

static int round_seal(layout *L, texts *x, double d) {
  if (!x->has_org)
    return eseal__error_set(ESEAL_EINVAL, "a round seal needs an organisation");
  if (x->has_tax)
    return eseal__error_set(ESEAL_EINVAL, "a round seal has no place for a taxpayer number: "
                            "draw an oval invoice seal");
  /* The ring is 1.2 mm on a 42 mm seal, 1 mm on 40 and smaller ones (doc/pictures.md). */
  double t = d >= 42 ? d * 0.12 / 4.2 : d * 0.1 / 4.0, c = d / 2, shape_gap = L->gap;
  int rc = ring(L, d, d, 1, t);
  if (rc || (rc = star(L, c, c, d / 6)) != 0)
    return rc;
  const eseal__pic_bound *in = &L->pic->inside;
  char where[64];
  snprintf(where, sizeof where, "a %.0f mm round seal", d);
  arc_at top = {c, c, in->rx - shape_gap, in->ry - shape_gap, 240, 0.35, 0};
  sizing s_org = {d * 0.15, d * 0.06, 0.85, 0.4};
  if ((rc = fit(L, &x->org, ESEAL__PIC_ORGANISATION, &s_org, place_arc, &top, "organisation", where)))
    return rc;
  if (x->has_code) {
    arc_at bottom = {c, c, in->rx - shape_gap, in->ry - shape_gap, 120, 0.15, 1};
    sizing s_code = {d * 0.065, d * 0.035, 0.9, 0.45};
    if ((rc = fit(L, &x->code, ESEAL__PIC_CODE, &s_code, place_arc, &bottom, "seal code", where)))
      return rc;
  }
  if (x->has_name) {
    line_at at = {c, c + d / 6 * 0.809 + d * 0.03 + d * 0.05};
    sizing s_name = {d * 0.1, d * 0.045, 0.9, 0.4};
    rc = fit(L, &x->name, ESEAL__PIC_NAME, &s_name, place_line, &at, "seal name", where);
  }
  return rc;
}

/* The invoice seal of the 2011 announcement, scaled from 40 x 30 mm (doc/pictures.md). */
static int invoice_seal(layout *L, texts *x, double w, double h) {
  if (!x->has_org || !x->has_tax)
    return eseal__error_set(ESEAL_EINVAL, "an oval invoice seal needs both the organisation and "
                            "the taxpayer number (taxpayer_id)");
  if (x->has_code)
    return eseal__error_set(ESEAL_EINVAL, "an oval invoice seal has no place for a seal code");
  double k = h / 30; /* mm of the model seal to mm of this one */
  int rc = ring(L, w, h, 1, k);
  if (rc)
    return rc;
  L->gap = 0.5 * k;
  const eseal__pic_bound *in = &L->pic->inside;
  char where[64];
  snprintf(where, sizeof where, "a %.0f x %.0f mm invoice seal", w, h);
  /* The name: 4.2 mm high, on an arc of 210..260 degrees, 0.5 mm inside the ring. */
  arc_at top = {w / 2, h / 2, in->rx - L->gap, in->ry - L->gap, 250, 0.3, 0};
  sizing s_org = {4.2 * k, 2.0 * k, 0.85, 0.4, 0};
  if ((rc = fit(L, &x->org, ESEAL__PIC_ORGANISATION, &s_org, place_arc, &top, "organisation", where)))
    return rc;
  /* The taxpayer number across the middle, 3.7 mm high, digits 1.3 mm wide. */
  line_at mid = {w / 2, h / 2};
  sizing s_tax = {3.7 * k, 1.8 * k, 0.65, 0.35, 0};
  if ((rc = fit(L, &x->tax, ESEAL__PIC_TAXPAYER, &s_tax, place_line, &mid, "taxpayer number", where)))
    return rc;
  /* "发票专用章" 4.6 mm high and 3 mm wide, its top 4.2 mm under the centre. */
  line_at low = {w / 2, h / 2 + 6.5 * k};
  sizing s_name = {4.6 * k, 2.3 * k, 0.65, 0.4, 0};
  return fit(L, &x->name, ESEAL__PIC_NAME, &s_name, place_line, &low, "seal name", where);
}

static int personal_oval(layout *L, texts *x, double w, double h) {
  if (x->has_code)
    return eseal__error_set(ESEAL_EINVAL, "a personal oval seal has no place for a seal code");
  int rc = ring(L, w, h, 1, fmin(w, h) * 0.05);
  if (rc)
    return rc;
  char where[64];
  snprintf(where, sizeof where, "a %.0f x %.0f mm oval seal", w, h);
  line_at mid = {w / 2, h / 2};
  sizing s = {h * 0.5, h * 0.15, 0.95, 0.4};
  return fit(L, &x->name, ESEAL__PIC_NAME, &s, place_line, &mid, "name", where);
}

static int rectangle(layout *L, texts *x, double w, double h) {
  if (x->has_tax)
    return eseal__error_set(ESEAL_EINVAL, "a rectangular seal has no place for a taxpayer number");
  int rc = ring(L, w, h, 0, fmin(w, h) * 0.05);
  if (rc)
    return rc;
  const eseal__pic_bound *in = &L->pic->inside;
  char where[64];
  snprintf(where, sizeof where, "a %.0f x %.0f mm rectangular seal", w, h);
  text *lines[3];
  eseal__pic_role roles[3];
  const char *names[3];
  int k = 0;
  if (x->has_org) {
    lines[k] = &x->org;
    roles[k] = ESEAL__PIC_ORGANISATION;
    names[k++] = "organisation";
  }
  lines[k] = &x->name;
  roles[k] = ESEAL__PIC_NAME;
  names[k++] = "name";
  if (x->has_code) {
    lines[k] = &x->code;
    roles[k] = ESEAL__PIC_CODE;
    names[k++] = "seal code";
  }
  double top = in->cy - in->ry + L->gap, slot = (2 * (in->ry - L->gap)) / k;
  for (int i = 0; i < k; i++) {
    line_at at = {in->cx, top + slot * (i + 0.5)};
    sizing s = {slot * 0.85, slot * 0.15, i == k - 1 && x->has_code ? 0.8 : 0.95, 0.35};
    if ((rc = fit(L, lines[i], roles[i], &s, place_line, &at, names[i], where)))
      return rc;
  }
  return 0;
}

static int square(layout *L, texts *x, double side) {
  if (x->has_org || x->has_code || x->has_tax)
    return eseal__error_set(ESEAL_EINVAL, "a square seal shows only a person's name: the %s "
                            "has no place on it", x->has_org ? "organisation"
                            : x->has_code ? "seal code" : "taxpayer number");
  if (x->name.n > 4)
    return eseal__error_set(ESEAL_EINVAL, "the name (%zu characters) does not fit on a square "
                            "seal, which holds 1 to 4", x->name.n);
  if (x->name.n == 3) { /* the custom: 3-character names become 4 with 印 */
    x->name.cp[3] = 0x5370;
    int rc = eseal__font_glyph(L->font, 0x5370, &x->name.g[3]);
    if (rc)
      return rc;
    x->name.n = 4;
  }
  int rc = ring(L, side, side, 0, side * 0.06);
  if (rc)
    return rc;
  const eseal__pic_bound *in = &L->pic->inside;
  grid_at at = {in->cx, in->cy, in->rx - L->gap, x->name.n > 2 ? 2 : (int)x->name.n,
                x->name.n > 2 ? 2 : 1};
  sizing s = {0.94, 0.5, 1, 1, 1};
  char where[64];
  snprintf(where, sizeof where, "a %.0f mm square seal", side);
  return fit(L, &x->name, ESEAL__PIC_NAME, &s, place_grid, &at, "name", where);
}

static int valid_color(const char *c, unsigned char rgb[3]) {
  if (strlen(c) != 7 || c[0] != '#')
    return 0;
  for (int i = 0; i < 3; i++) {
    unsigned v = 0;
    for (int j = 1; j <= 2; j++) {
      char ch = c[1 + 2 * i + j - 1];
      int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
            : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
      if (d < 0)
        return 0;
      v = v * 16 + (unsigned)d;
    }
    rgb[i] = (unsigned char)v;
  }
  return 1;
}

/* The taxpayer number: 15..20 ASCII letters and digits (the old tax number or the credit code). */
static int valid_taxpayer(const char *s) {
  size_t n = strlen(s);
  if (n < 15 || n > 20)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
      return 0;
  return 1;
}

void eseal__picture_size(const eseal_picture_options *o, unsigned int *width, unsigned int *height) {
  if (o->shape == ESEAL_PICTURE_ROUND) {
    *width = *height = o->diameter_mm ? o->diameter_mm : 42;
    return;
  }
  int oval = o->shape == ESEAL_PICTURE_OVAL;
  int invoice = oval && (o->organisation || (o->version >= 2 && o->taxpayer_id));
  *width = o->width_mm ? o->width_mm : invoice ? 40 : oval ? 24 : 20;
  *height = o->height_mm ? o->height_mm : invoice ? 30 : oval ? 16 : 20;
}

int eseal__picture_options_copy(eseal_picture_options *dst, const eseal_picture_options *src) {
  if (src->version != 1 && src->version != ESEAL_PICTURE_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_picture_options: unknown version %u",
                            src->version);
  memset(dst, 0, sizeof *dst);
  /* A version-1 caller's struct ends before taxpayer_id. */
  memcpy(dst, src, src->version == 1 ? offsetof(eseal_picture_options, taxpayer_id) : sizeof *dst);
  dst->version = ESEAL_PICTURE_OPTIONS_VERSION;
  return 0;
}

int eseal__picture_layout(eseal__picture *p, const eseal_picture_options *opts, int hash) {
  eseal_picture_options o;
  int rc = eseal__picture_options_copy(&o, opts);
  if (rc)
    return rc;
  if (!valid_color(o.color ? o.color : "#d0021b", p->rgb))
    return eseal__error_set(ESEAL_EINVAL, "the colour must be written #rrggbb");
  if (o.shape < ESEAL_PICTURE_ROUND || o.shape > ESEAL_PICTURE_SQUARE)
    return eseal__error_set(ESEAL_EINVAL, "unknown picture shape %d", (int)o.shape);
  unsigned int w, h;
  eseal__picture_size(&o, &w, &h);
  if (w < 10 || w > 100 || h < 10 || h > 100)
    return eseal__error_set(ESEAL_EINVAL, "picture sizes must be 10..100 mm");
  if (o.shape == ESEAL_PICTURE_SQUARE && w != h)
    return eseal__error_set(ESEAL_EINVAL, "a square seal needs the same width and height");
  if (o.taxpayer_id && !valid_taxpayer(o.taxpayer_id))
    return eseal__error_set(ESEAL_EINVAL, "the taxpayer number must be 15..20 letters and digits");
  int invoice = o.shape == ESEAL_PICTURE_OVAL && (o.organisation || o.taxpayer_id);
  if (invoice && o.name == NULL)
    o.name = "发票专用章";
  if (o.shape != ESEAL_PICTURE_ROUND && !invoice && o.name == NULL)
    return eseal__error_set(ESEAL_EINVAL, "a personal seal needs a name");
  p->width = w;
  p->height = h;
  layout L = {p, NULL, 0.012 * fmin(w, h), {{{0}}}, 0, {{0}}, 0};
  if ((rc = eseal__font_open(&L.font, o.font_path, hash)) != 0)
    return rc;
  p->font = *eseal__font_info(L.font);
  texts x;
  memset(&x, 0, sizeof x);
  int personal = o.shape != ESEAL_PICTURE_ROUND && !invoice;
  rc = take(&L, o.organisation, 40, &x.org, &x.has_org, "organisation");
  if (rc == 0)
    rc = take(&L, o.name, personal ? 8 : 20, &x.name, &x.has_name, personal ? "name" : "seal name");
  if (rc == 0)
    rc = take(&L, o.code, 40, &x.code, &x.has_code, "seal code");
  if (rc == 0)
    rc = take(&L, o.taxpayer_id, 20, &x.tax, &x.has_tax, "taxpayer number");
  if (rc == 0) {
    switch (o.shape) {
    case ESEAL_PICTURE_ROUND:
      rc = round_seal(&L, &x, w);
      break;
    case ESEAL_PICTURE_OVAL:
      rc = invoice ? invoice_seal(&L, &x, w, h) : personal_oval(&L, &x, w, h);
      break;
    case ESEAL_PICTURE_RECTANGLE:
      rc = rectangle(&L, &x, w, h);
      break;
    default:
      rc = square(&L, &x, w);
    }
  }
  text_free(&x.org);
  text_free(&x.name);
  text_free(&x.code);
  text_free(&x.tax);
  eseal__font_close(L.font);
  return rc;
}
