/* Reading whole input files, bounded by the input size limit. */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "dbuf.h"
#include "error.h"

int eseal__read_file(eseal_buf *out, const char *path) {
  if (path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "no file name");
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return eseal__error_set(ESEAL_EIO, "%s: %s", path, strerror(errno));
  eseal__dbuf b = ESEAL__DBUF_INIT;
  uint8_t chunk[16384];
  size_t n;
  int rc = 0;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (b.len + n > ESEAL_MAX_INPUT_SIZE) {
      rc = eseal__error_set(ESEAL_ELIMIT, "%s: larger than the input limit of %u bytes", path,
                            ESEAL_MAX_INPUT_SIZE);
      break;
    }
    eseal__dbuf_append(&b, chunk, n);
  }
  if (rc == 0 && ferror(f))
    rc = eseal__error_set(ESEAL_EIO, "%s: read error", path);
  fclose(f);
  if (rc == 0)
    return eseal__dbuf_finish(&b, out);
  eseal__dbuf_release(&b);
  return rc;
}
