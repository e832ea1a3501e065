/*
 * libeseal — seal pictures drawn from the seal's own elements, as SVG or PNG.
 *
 * The drawing is deterministic: the same elements (and the same font) give
 * the same bytes, so a picture made from a seal's data cannot disagree with
 * that data. Characters are glyph outlines taken from a CJK font file (by
 * default Noto Serif CJK SC), never text a viewer would set in its own
 * fonts. Every element a shape has is drawn, condensed or made smaller to
 * fit; when it cannot fit, the call fails and says which element
 * (doc/pictures.md has the layouts and their sources).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_PICTURE_H
#define ESEAL_PICTURE_H

#include "common.h"

ESEAL_BEGIN_DECL

typedef enum eseal_picture_shape {
  /** Organisation seal: ring, five-pointed star, name on the upper arc, code on the lower arc. */
  ESEAL_PICTURE_ROUND = 1,
  /** A rectangle holding lines: the organisation (if given), the name, the code (if given). */
  ESEAL_PICTURE_RECTANGLE = 2,
  /**
   * An oval. With an organisation or a taxpayer_id it is the invoice seal
   * (发票专用章): the organisation on the upper arc, the taxpayer number
   * across the middle, the name (default "发票专用章") below; both the
   * organisation and the taxpayer_id are then required. With only a name it
   * is a personal seal holding the name on one line.
   */
  ESEAL_PICTURE_OVAL = 3,
  /** Personal seal: a square holding a name of 1..4 characters in a grid; a 3-character name gets "印". */
  ESEAL_PICTURE_SQUARE = 4
} eseal_picture_shape;

/** The current layout of eseal_picture_options; version-1 callers (without taxpayer_id..png_dpi) still work. */
#define ESEAL_PICTURE_OPTIONS_VERSION 2

/** How eseal_picture_svg() draws a seal. Start from ESEAL_PICTURE_OPTIONS_INIT. */
typedef struct eseal_picture_options {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  eseal_picture_shape shape; /**< Round, rectangle or oval. */
  /** Round seals: outer diameter in mm (physical seals use 42, 40 or 38). 0 = 42. */
  unsigned int diameter_mm;
  /** Other shapes: size in mm. 0 = 20 x 20 (rectangle, square), 24 x 16 (personal oval) or 40 x 30 (invoice oval). */
  unsigned int width_mm;
  unsigned int height_mm; /**< With width_mm: the personal seal's size. */
  /** The organisation (UTF-8, 1..40 characters): round and invoice seals along the upper arc, rectangles on the first line. */
  const char *organisation;
  /** Round seals: the seal's name under the star ("合同专用章", 1..20 characters); personal seals: the person (1..8). */
  const char *name;
  /** Round seals: the seal code along the lower arc (the esID, 1..40 characters); rectangles: the last line; may be NULL. */
  const char *code;
  /** Ink colour as "#rrggbb"; NULL = "#d0021b". */
  const char *color;
  /** Version 2. Oval invoice seals: the taxpayer number (15..20 letters and digits) across the middle. */
  const char *taxpayer_id;
  /** Version 2. The font file (TrueType/OpenType, or a collection) the glyphs come from; NULL = the build's default (Noto Serif CJK SC). */
  const char *font_path;
  /** Version 2. eseal_seal_builder_draw_picture() only: 0 draws SVG, 72..1200 draws PNG at that resolution. */
  unsigned int png_dpi;
} eseal_picture_options;

/** The defaults: a round seal, default sizes, colour and font. */
#define ESEAL_PICTURE_OPTIONS_INIT {ESEAL_PICTURE_OPTIONS_VERSION, ESEAL_PICTURE_ROUND, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0}

/** What the glyphs of a picture were taken from, as recorded in the SVG's metadata. */
typedef struct eseal_picture_font_info {
  /** The face's family name, e.g. "Noto Serif CJK SC". */
  char family[64];
  /** The font's version string (name ID 5), cut at 127 bytes. */
  char version[128];
  /** SHA-256 of the whole font file, lowercase hex. */
  char sha256[65];
} eseal_picture_font_info;

/** Fills `opts` (of layout `version`, 1 or 2) with the defaults; ESEAL_EVERSION for an unknown version. */
ESEAL_EXTERN(int) eseal_picture_options_init(eseal_picture_options *opts, unsigned int version);

/**
 * Draws the picture as a standalone SVG document (UTF-8) into `out`: glyph
 * outlines as <path> elements with coordinates in mm to three decimals, no
 * <text>, and the font's family, version and SHA-256 in <metadata>.
 * ESEAL_EINVAL for a missing, over-long or invalid text, an element that does
 * not fit the shape (the message names it), an element the shape has no place
 * for, an unknown shape, a size outside 10..100 mm, a malformed colour, a font
 * that cannot be read or lacks a character's glyph.
 */
ESEAL_EXTERN(int) eseal_picture_svg(eseal_buf *out, const eseal_picture_options *opts);

/**
 * Draws the same picture as eseal_picture_svg() as a PNG into `out`: 8-bit
 * RGBA, transparent background, antialiased, `dpi` pixels per inch (72..1200,
 * at most 4096 x 4096 pixels). The same input, font and cairo version give the
 * same bytes. Errors as eseal_picture_svg(), and ESEAL_EINVAL for the dpi.
 */
ESEAL_EXTERN(int) eseal_picture_png(eseal_buf *out, const eseal_picture_options *opts, unsigned int dpi);

/**
 * Reads the font at `font_path` (NULL = the default) as pictures would use it:
 * the face chosen, its version and the file's SHA-256 into `info`.
 * ESEAL_EINVAL when the file cannot be opened or is not a font.
 */
ESEAL_EXTERN(int) eseal_picture_font(const char *font_path, eseal_picture_font_info *info);

ESEAL_END_DECL

#endif
