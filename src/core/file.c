/* Reading whole input files, bounded by the input size limit. */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eseal/errors.h"
#include "alloc.h"
#include "error.h"

/* What is read past the limit to tell a file of exactly the limit from a larger one. */
#define PROBE 1

/* A regular file's size, as the first allocation; 64 KiB for anything else (a pipe). */
static size_t first_size(int fd) {
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
      (uint64_t)st.st_size <= ESEAL_MAX_INPUT_SIZE)
    return (size_t)st.st_size + PROBE;
  return 64 * 1024;
}

/*
 * Reads to the end of `fd` into *buf (grown as needed, NUL-terminated room
 * kept). The file's size is only a hint: a file that grows or shrinks while
 * read is read to the end it has, within the limit.
 */
static int read_all(int fd, const char *path, uint8_t **buf, size_t *len) {
  size_t cap = first_size(fd), used = 0;
  uint8_t *p = eseal__malloc(cap + 1);
  if (p == NULL)
    return eseal__error_oom();
  for (;;) {
    if (used == cap) {
      size_t grown = cap * 2 > ESEAL_MAX_INPUT_SIZE + PROBE ? ESEAL_MAX_INPUT_SIZE + PROBE : cap * 2;
      uint8_t *q = eseal__realloc(p, cap + 1, grown + 1);
      if (q == NULL) {
        eseal__free(p);
        return eseal__error_oom();
      }
      p = q;
      cap = grown;
    }
    ssize_t n = read(fd, p + used, cap - used);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int err = errno;
      eseal__free(p);
      return eseal__error_set(ESEAL_EIO, "%s: %s", path, strerror(err));
    }
    if (n == 0)
      break;
    used += (size_t)n;
    if (used > ESEAL_MAX_INPUT_SIZE) {
      eseal__free(p);
      return eseal__error_set(ESEAL_ELIMIT, "%s: larger than the input limit of %u bytes", path,
                              ESEAL_MAX_INPUT_SIZE);
    }
  }
  p[used] = 0;
  *buf = p;
  *len = used;
  return 0;
}

int eseal__read_file(eseal_buf *out, const char *path) {
  if (path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "no file name");
  int fd;
  do
    fd = open(path, O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return eseal__error_set(ESEAL_EIO, "%s: %s", path, strerror(errno));
  uint8_t *buf = NULL;
  size_t len = 0;
  int rc = read_all(fd, path, &buf, &len);
  close(fd);
  if (rc == 0) {
    out->ptr = buf;
    out->size = len;
  }
  return rc;
}
