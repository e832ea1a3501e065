/*
 * Placing glyphs in a seal picture: each glyph gets a cell (a rotated
 * rectangle holding its outline) on a line, along an arc or in a grid, and an
 * element is tried at decreasing sizes and widths until every cell lies
 * inside the ring and clear of the star and of every other cell.
 */
#ifndef ESEAL_MAKE_PICTURE_PLACE_H
#define ESEAL_MAKE_PICTURE_PLACE_H

#include <stddef.h>
#include <stdint.h>

#include "picture_font.h"
#include "picture_path.h"

#define ESEAL__PIC_MAX_CELLS 128

/* The characters of one text element and their outlines. */
typedef struct eseal__pic_text {
  size_t n;
  uint32_t cp[40];
  eseal__glyph g[40];
} eseal__pic_text;

/* One glyph's placement: cell centre, "up" unit vector, scales from em to mm. */
typedef struct eseal__pic_place {
  double px, py, ux, uy, sx, sy;
} eseal__pic_place;

/* A layout in progress: the picture, the font, the cells placed so far and the star. */
typedef struct eseal__pic_layout {
  eseal__picture *pic;
  eseal__font *font;
  double gap; /* between the ring's inside and any cell, mm */
  double cells[ESEAL__PIC_MAX_CELLS][4][2];
  size_t ncells;
  double star[5][2];
  int has_star;
} eseal__pic_layout;

/*
 * How an element is sized: nominal and smallest em height (mm), widest and
 * narrowest condensing; with `share`, h is instead the share of a grid slot.
 */
typedef struct eseal__pic_sizing {
  double h_nom, h_min, c_nom, c_min;
  int share;
} eseal__pic_sizing;

/* Fills one placement per glyph of `t` at em height h (mm) and condensing c; -1 when impossible. */
typedef int (*eseal__pic_place_fn)(const void *where, const eseal__pic_text *t, double h, double c,
                                   eseal__pic_place *q);

/* A row of glyphs centred at (x, y). */
typedef struct eseal__pic_line {
  double x, y;
} eseal__pic_line;

/* Text along an ellipse inside the ring: the upper arc (tops outward) or the lower (tops inward). */
typedef struct eseal__pic_arc {
  double cx, cy, a, b; /* the inner edge of the ring, less the gap */
  double span_deg;     /* the widest arc the text may take */
  double spread;       /* extra room between glyphs when short, in em */
  int lower;
} eseal__pic_arc;

/* A square's name in a grid, read in columns from the right: cols x rows slots in the box. */
typedef struct eseal__pic_grid {
  double cx, cy, half; /* the inside of the border, less the gap */
  int cols, rows;
} eseal__pic_grid;

/* Places `t` by `fn` at the first size that fits and writes its outlines; else
 * ESEAL_EINVAL naming `what` (e.g. "organisation") and `shape`. */
int eseal__pic_fit(eseal__pic_layout *L, eseal__pic_text *t, eseal__pic_role role,
                   const eseal__pic_sizing *s, eseal__pic_place_fn fn, const void *where,
                   const char *what, const char *shape);
/* The placers: `where` is an eseal__pic_line, eseal__pic_arc or eseal__pic_grid. */
int eseal__pic_place_line(const void *where, const eseal__pic_text *t, double h, double c,
                          eseal__pic_place *q);
int eseal__pic_place_arc(const void *where, const eseal__pic_text *t, double h, double c,
                         eseal__pic_place *q);
int eseal__pic_place_grid(const void *where, const eseal__pic_text *t, double h, double c,
                          eseal__pic_place *q);
/* The border: an ellipse or a box of stroke width t inside w x h; sets the picture's inside. */
int eseal__pic_ring(eseal__pic_layout *L, double w, double h, int ellipse, double t);
/* The five-pointed star, filled, which no cell may touch. */
int eseal__pic_star(eseal__pic_layout *L, double cx, double cy, double outer);

#endif
