/*
 * The font seal pictures take glyph outlines from: chosen by family name in a
 * collection, read unhinted in font units so that outlines are the same on
 * every machine with the same font file.
 */
#ifndef ESEAL_MAKE_PICTURE_FONT_H
#define ESEAL_MAKE_PICTURE_FONT_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/picture.h"
#include "picture_path.h"

typedef struct eseal__font eseal__font;

/* A glyph outline in em units (y up), and the box that holds it and its em cell. */
typedef struct eseal__glyph {
  eseal__pic_cmd *cmds;
  size_t ncmds;
  double x0, y0, x1, y1;
} eseal__glyph;

/* Opens `path` (NULL = the build's default) and picks the face; with `hash`, also the file's SHA-256. */
int eseal__font_open(eseal__font **out, const char *path, int hash);
void eseal__font_close(eseal__font *f);
const eseal_picture_font_info *eseal__font_info(const eseal__font *f);
/* The outline of code point `cp`; ESEAL_EINVAL when the font has no glyph for it. */
int eseal__font_glyph(eseal__font *f, uint32_t cp, eseal__glyph *g);
void eseal__glyph_free(eseal__glyph *g);

#endif
