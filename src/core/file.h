/* Reading whole files. */
#ifndef ESEAL_CORE_FILE_H
#define ESEAL_CORE_FILE_H

#include "eseal/common.h"

/* Reads a whole file of at most ESEAL_MAX_INPUT_SIZE bytes into `out`.
 * ESEAL_EIO when it cannot be read, ESEAL_ELIMIT when it is larger. */
int eseal__read_file(eseal_buf *out, const char *path);

#endif
