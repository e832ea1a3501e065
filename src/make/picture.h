/* Internal helpers of the picture generator: sizes, options and the layout. */
#ifndef ESEAL_MAKE_PICTURE_H
#define ESEAL_MAKE_PICTURE_H

#include "eseal/picture.h"
#include "picture_path.h"

/* The drawn size in mm after defaults: the diameter for round seals, else width x height. */
void eseal__picture_size(const eseal_picture_options *o, unsigned int *width, unsigned int *height);

/* A version-2 copy of options of version 1 or 2 (fields a version-1 caller lacks are zero). */
int eseal__picture_options_copy(eseal_picture_options *dst, const eseal_picture_options *src);

/*
 * Checks the options and lays the picture out into `p` (initialised by the
 * caller, freed by the caller whatever the result). With `hash`, the font
 * file's SHA-256 is recorded too.
 */
int eseal__picture_layout(eseal__picture *p, const eseal_picture_options *o, int hash);

#endif
