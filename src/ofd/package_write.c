/* Writing the stamped package: a zip built in memory, then put in place atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/rand.h>
#include <zip.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "stamp_parts.h"

static int zip_failed(zip_t *za, const char *what) {
  return eseal__error_set(ESEAL_ERROR, "writing the package: %s: %s", what,
                          za ? zip_strerror(za) : "libzip failed");
}

static int add_files(zip_t *za, const eseal_ofd__file *files, size_t n, int64_t mtime) {
  for (size_t i = 0; i < n; i++) {
    /* The buffers are read at zip_close(): the caller keeps them alive until then. */
    zip_source_t *src = zip_source_buffer(za, files[i].data, files[i].len, 0);
    if (src == NULL)
      return zip_failed(za, files[i].name);
    zip_int64_t idx = zip_file_add(za, files[i].name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(src);
      return zip_failed(za, files[i].name);
    }
    if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_mtime(za, (zip_uint64_t)idx, (time_t)mtime, 0) != 0)
      return zip_failed(za, files[i].name);
  }
  return 0;
}

/* The bytes the closed archive left in its buffer source. */
static int read_back(zip_source_t *src, eseal_buf *out) {
  zip_stat_t st;
  if (zip_source_open(src) != 0)
    return eseal__error_set(ESEAL_ERROR, "writing the package: cannot reopen it");
  int rc = 0;
  uint8_t *p = NULL;
  if (zip_source_stat(src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size == 0 ||
      st.size > SIZE_MAX - 1) {
    rc = eseal__error_set(ESEAL_ERROR, "writing the package: no size");
  } else if ((p = eseal__malloc((size_t)st.size + 1)) == NULL) {
    rc = eseal__error_oom();
  } else if (zip_source_read(src, p, st.size) != (zip_int64_t)st.size) {
    rc = eseal__error_set(ESEAL_ERROR, "writing the package: cannot read it back");
  }
  zip_source_close(src);
  if (rc) {
    eseal__free(p);
    return rc;
  }
  p[st.size] = 0;
  out->ptr = p;
  out->size = (size_t)st.size;
  return 0;
}

int eseal_ofd__zip_write(eseal_buf *out, const eseal_ofd__file *files, size_t n, int64_t mtime) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
  zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
  zip_error_fini(&err);
  if (za == NULL) {
    zip_source_free(src);
    return zip_failed(NULL, "opening");
  }
  zip_source_keep(src); /* outlives the archive, so that its bytes can be read */
  int rc = add_files(za, files, n, mtime);
  if (rc == 0 && zip_close(za) != 0)
    rc = zip_failed(za, "closing");
  if (rc != 0)
    zip_discard(za);
  if (rc == 0)
    rc = read_back(src, out);
  zip_source_free(src);
  return rc;
}

/*
 * Creates "DIR/.NAME.XXXXXXXX" beside `path` (random hex, exclusive create, so
 * that the umask applies as to any new file, which mkstemp's 0600 would not).
 */
static int create_temp(const char *path, char **name) {
  const char *slash = strrchr(path, '/');
  size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
  size_t n = strlen(path) + 24;
  char *t = eseal__malloc(n);
  if (t == NULL)
    return -ENOMEM;
  for (int attempt = 0; attempt < 16; attempt++) {
    unsigned char r[6];
    if (RAND_bytes(r, sizeof r) != 1)
      break;
    snprintf(t, n, "%.*s.%s.%02x%02x%02x%02x%02x%02x", (int)dir, path, path + dir, r[0], r[1],
             r[2], r[3], r[4], r[5]);
    int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      *name = t;
      return fd;
    }
    if (errno != EEXIST) {
      int e = errno;
      eseal__free(t);
      return -e;
    }
  }
  eseal__free(t);
  return -EEXIST;
}

int eseal_ofd__write_atomic(const char *path, const uint8_t *data, size_t len) {
  char *tmp = NULL;
  int fd = create_temp(path, &tmp);
  if (fd < 0)
    return eseal__error_set(fd == -ENOMEM ? ESEAL_ENOMEM : ESEAL_EIO,
                            "cannot create a file beside %s: %s", path, strerror(-fd));
  int err = 0;
  for (size_t done = 0; done < len && err == 0;) {
    ssize_t w = write(fd, data + done, len - done);
    if (w < 0 && errno != EINTR)
      err = errno;
    else if (w > 0)
      done += (size_t)w;
  }
  if (err == 0 && fsync(fd) != 0)
    err = errno;
  if (close(fd) != 0 && err == 0)
    err = errno;
  if (err == 0 && rename(tmp, path) != 0)
    err = errno;
  if (err != 0)
    unlink(tmp);
  eseal__free(tmp);
  if (err != 0)
    return eseal__error_set(ESEAL_EIO, "cannot write %s: %s", path, strerror(err));
  return 0;
}
