/* Glyph cells in a seal picture: placing them, checking them, writing their outlines. */
#include <math.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "picture_place.h"

#define PI 3.14159265358979323846
#define ARC_SAMPLES 1440
#define SIZE_STEPS 24
#define WIDTH_STEPS 12
/* Cells must be this far apart (mm) along some axis. */
#define CELL_GAP 0.05
/* Below this em height (mm) a printed seal's characters no longer read: refused instead. */
#define MIN_GLYPH_MM 1.2

static void corners(const eseal__glyph *g, const eseal__pic_place *q, double out[4][2]) {
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
static int fits(eseal__pic_layout *L, const eseal__pic_text *t, const eseal__pic_place *q) {
  if (L->ncells + t->n > ESEAL__PIC_MAX_CELLS)
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
static int emit(eseal__pic_layout *L, const eseal__pic_text *t, const eseal__pic_place *q, eseal__pic_role role) {
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

int eseal__pic_fit(eseal__pic_layout *L, eseal__pic_text *t, eseal__pic_role role, const eseal__pic_sizing *s, eseal__pic_place_fn fn,
               const void *where, const char *what, const char *shape) {
  eseal__pic_place q[40];
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

int eseal__pic_place_line(const void *where, const eseal__pic_text *t, double h, double c, eseal__pic_place *q) {
  const eseal__pic_line *at = where;
  double gap = 0.08 * h, total = 0;
  for (size_t i = 0; i < t->n; i++)
    total += (t->g[i].x1 - t->g[i].x0) * c * h + (i ? gap : 0);
  double x = at->x - total / 2;
  for (size_t i = 0; i < t->n; i++) {
    double w = (t->g[i].x1 - t->g[i].x0) * c * h;
    q[i] = (eseal__pic_place){x + w / 2, at->y, 0, -1, c * h, h};
    x += w + gap;
  }
  return 0;
}

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

int eseal__pic_place_arc(const void *where, const eseal__pic_text *t, double h, double c, eseal__pic_place *q) {
  const eseal__pic_arc *at = where;
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
    q[i] = (eseal__pic_place){qx + ux * back, qy + uy * back, ux, uy, c * h, h};
    off += w + gap;
  }
  return 0;
}

int eseal__pic_place_grid(const void *where, const eseal__pic_text *t, double h, double c, eseal__pic_place *q) {
  (void)c;
  const eseal__pic_grid *at = where;
  double sw = 2 * at->half / at->cols, sh = 2 * at->half / at->rows, fill = h;
  for (size_t i = 0; i < t->n; i++) {
    int col = at->cols - 1 - (int)i / at->rows, row = (int)i % at->rows;
    double gw = t->g[i].x1 - t->g[i].x0, gh = t->g[i].y1 - t->g[i].y0;
    q[i] = (eseal__pic_place){at->cx - at->half + sw * (col + 0.5), at->cy - at->half + sh * (row + 0.5), 0,
                   -1, sw * fill / gw, sh * fill / gh};
  }
  return 0;
}

int eseal__pic_ring(eseal__pic_layout *L, double w, double h, int ellipse, double t) {
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

int eseal__pic_star(eseal__pic_layout *L, double cx, double cy, double outer) {
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
