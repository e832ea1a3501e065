/*
 * The drawn picture as one list of paths in millimetres (y down): the ring,
 * the star and every placed glyph outline. The SVG writer and the PNG
 * renderer both walk this list, so the two outputs cannot differ in geometry.
 */
#ifndef ESEAL_MAKE_PICTURE_PATH_H
#define ESEAL_MAKE_PICTURE_PATH_H

#include <stddef.h>

#include "eseal/picture.h"

typedef enum eseal__pic_op { ESEAL__PIC_MOVE, ESEAL__PIC_LINE, ESEAL__PIC_CUBIC, ESEAL__PIC_CLOSE } eseal__pic_op;

/* One path command; a cubic uses all three points, a move or line the first. */
typedef struct eseal__pic_cmd {
  eseal__pic_op op;
  double x[3], y[3];
} eseal__pic_cmd;

/* What an item is, for the layout checks (tests look at glyph cells). */
typedef enum eseal__pic_role {
  ESEAL__PIC_RING,
  ESEAL__PIC_STAR,
  ESEAL__PIC_ORGANISATION,
  ESEAL__PIC_NAME,
  ESEAL__PIC_CODE,
  ESEAL__PIC_TAXPAYER
} eseal__pic_role;

/* A run of commands filled (nonzero rule) or stroked with `stroke_width` mm. */
typedef struct eseal__pic_item {
  eseal__pic_role role;
  double stroke_width; /* 0 = filled */
  size_t first, count; /* range in the command list */
  double cell[4][2];   /* glyphs: the placed cell (a rotated rectangle) holding the outline */
} eseal__pic_item;

/* The inside of the ring, which no glyph cell may cross. */
typedef struct eseal__pic_bound {
  int ellipse; /* 1: centre cx,cy, semi-axes rx,ry; 0: the box cx±rx, cy±ry */
  double cx, cy, rx, ry;
} eseal__pic_bound;

typedef struct eseal__picture {
  double width, height; /* mm */
  unsigned char rgb[3];
  eseal__pic_bound inside;
  eseal__pic_cmd *cmds;
  size_t ncmds, cap_cmds;
  eseal__pic_item *items;
  size_t nitems, cap_items;
  eseal_picture_font_info font;
} eseal__picture;

void eseal__pic_init(eseal__picture *p);
void eseal__pic_free(eseal__picture *p);
/* Starts an item; an error code (set) when the list would grow past its bound. */
int eseal__pic_begin(eseal__picture *p, eseal__pic_role role, double stroke_width);
/* Adds a command to the current item; an error code as eseal__pic_begin(). */
int eseal__pic_add(eseal__picture *p, eseal__pic_op op, const double *xy, int npoints);

#endif
