/* Internal helpers of the picture generator. */
#ifndef ESEAL_MAKE_PICTURE_H
#define ESEAL_MAKE_PICTURE_H

#include "eseal/picture.h"

/* The drawn size in mm after defaults: the diameter for round seals, else width x height. */
void eseal__picture_size(const eseal_picture_options *o, unsigned int *width, unsigned int *height);

#endif
