/* The path rules of package.h: references inside an OFD package to normalised names. */
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "package.h"

/* Appends component [s, s+len) to out (length *n), applying "." and "..". */
static int push(char *out, size_t *n, const char *s, size_t len) {
  if (len == 0 || (len == 1 && s[0] == '.'))
    return 0;
  if (len == 2 && s[0] == '.' && s[1] == '.') {
    if (*n == 0)
      return eseal__error_set(ESEAL_EFORMAT, "a path that climbs above the package root");
    while (*n && out[*n - 1] != '/')
      (*n)--;
    if (*n)
      (*n)--;
    out[*n] = 0;
    return 0;
  }
  if (*n + (*n ? 1 : 0) + len > ESEAL__OFD_MAX_PATH)
    return eseal__error_set(ESEAL_ELIMIT, "a path longer than %d bytes", ESEAL__OFD_MAX_PATH);
  if (*n)
    out[(*n)++] = '/';
  memcpy(out + *n, s, len);
  *n += len;
  out[*n] = 0;
  return 0;
}

static int push_all(char *out, size_t *n, const char *s, size_t len) {
  size_t start = 0;
  for (size_t i = 0; i <= len; i++)
    if (i == len || s[i] == '/') {
      int rc = push(out, n, s + start, i - start);
      if (rc != 0)
        return rc;
      start = i + 1;
    }
  return 0;
}

int eseal__ofd_path_resolve(char out[ESEAL__OFD_MAX_PATH + 1], const char *base_file,
                            const char *ref) {
  out[0] = 0;
  if (ref == NULL || ref[0] == 0)
    return eseal__error_set(ESEAL_EFORMAT, "an empty path");
  size_t ref_len = strlen(ref);
  if (ref_len > ESEAL__OFD_MAX_PATH)
    return eseal__error_set(ESEAL_ELIMIT, "a path longer than %d bytes", ESEAL__OFD_MAX_PATH);
  for (const char *p = ref; *p; p++)
    if (*p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7f)
      return eseal__error_set(ESEAL_EFORMAT, "a path with a backslash or a control character");
  size_t n = 0;
  if (ref[0] != '/' && base_file && base_file[0]) {
    const char *slash = strrchr(base_file, '/');
    if (slash) {
      int rc = push_all(out, &n, base_file, (size_t)(slash - base_file));
      if (rc != 0)
        return rc;
    }
  }
  int rc = push_all(out, &n, ref, ref_len);
  if (rc == 0 && n == 0)
    rc = eseal__error_set(ESEAL_EFORMAT, "a path naming the package root");
  return rc;
}
