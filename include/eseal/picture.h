/*
 * libeseal — seal pictures drawn from the seal's own elements, as SVG.
 *
 * The drawing is deterministic: the same elements give the same bytes, so a
 * picture made from a seal's data cannot disagree with that data.
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
  /** Personal seal: a rectangle holding the name. */
  ESEAL_PICTURE_RECTANGLE = 2,
  /** Personal seal: an oval holding the name. */
  ESEAL_PICTURE_OVAL = 3
} eseal_picture_shape;

#define ESEAL_PICTURE_OPTIONS_VERSION 1

/** How eseal_picture_svg() draws a seal. Start from ESEAL_PICTURE_OPTIONS_INIT. */
typedef struct eseal_picture_options {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  eseal_picture_shape shape; /**< Round, rectangle or oval. */
  /** Round seals: outer diameter in mm (physical seals use 42, 40 or 38). 0 = 42. */
  unsigned int diameter_mm;
  /** Personal seals: size in mm. 0 = 20 x 20 (rectangle) or 24 x 16 (oval). */
  unsigned int width_mm;
  unsigned int height_mm; /**< With width_mm: the personal seal's size. */
  /** Round seals: the organisation, along the upper arc (UTF-8, 1..40 characters). */
  const char *organisation;
  /** Round seals: the seal's name under the star ("合同专用章"); personal seals: the person (1..8 characters). */
  const char *name;
  /** Round seals: the seal code along the lower arc (the esID); may be NULL. */
  const char *code;
  /** Ink colour as "#rrggbb"; NULL = "#d0021b". */
  const char *color;
} eseal_picture_options;

#define ESEAL_PICTURE_OPTIONS_INIT {ESEAL_PICTURE_OPTIONS_VERSION, ESEAL_PICTURE_ROUND, 0, 0, 0, NULL, NULL, NULL, NULL}

/** Fills `opts` with the defaults; ESEAL_EVERSION for an unknown version. */
ESEAL_EXTERN(int) eseal_picture_options_init(eseal_picture_options *opts, unsigned int version);

/**
 * Draws the picture as a standalone SVG document (UTF-8) into `out`.
 * ESEAL_EINVAL for a missing or over-long text, an unknown shape, a size
 * outside 10..100 mm or a malformed colour.
 */
ESEAL_EXTERN(int) eseal_picture_svg(eseal_buf *out, const eseal_picture_options *opts);

ESEAL_END_DECL

#endif
