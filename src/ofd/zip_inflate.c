/* One zip entry's data, inflated and checked in one pass as zip_inflate.h describes. */
#include "zip_inflate.h"

#include <limits.h>
#include <string.h>

#include <zlib.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

typedef struct reader {
  const eseal__zip_source *src;
  const eseal__zip_entry *e;
  eseal__ofd_sink sink;
  void *arg;
  /* Next compressed byte to read and how many are left. */
  uint64_t at, left;
  /* Bytes handed to the sink so far, and their CRC-32. */
  uint64_t done;
  uLong crc;
  /* A package file's bytes are read into `in` (NULL for a package in memory); inflated bytes
     are written to `out`. Each under 128 KiB, so that malloc reuses its heap instead of mapping. */
  uint8_t *in, *out;
} reader;

/* The next piece of compressed bytes: in the package held in memory, or read from its file. */
static int next_input(reader *r, const uint8_t **piece, size_t *len) {
  size_t n = r->left < ESEAL__ZIP_PIECE ? (size_t)r->left : ESEAL__ZIP_PIECE;
  const eseal__zip_source *src = r->src;
  if (src->bytes) {
    *piece = src->bytes + r->at;
  } else {
    if (r->at > (uint64_t)LONG_MAX || fseek(src->file, (long)r->at, SEEK_SET) != 0 ||
        fread(r->in, 1, n, src->file) != n)
      return eseal__error_set(ESEAL_EIO, "entry \"%s\": the package cannot be read", r->e->name);
    *piece = r->in;
  }
  r->at += n;
  r->left -= n;
  *len = n;
  return 0;
}

/* Hands `n` inflated bytes to the sink, refusing any beyond the stated size. */
static int emit(reader *r, const uint8_t *data, size_t n) {
  if (n > r->e->size - r->done)
    return eseal__error_set(ESEAL_EFORMAT, "entry \"%s\": more data than its stated size",
                            r->e->name);
  r->done += n;
  r->crc = crc32_z(r->crc, data, n);
  return r->sink(r->arg, data, n);
}

static int read_stored(reader *r) {
  if (r->e->comp_size != r->e->size)
    return eseal__error_set(ESEAL_EFORMAT, "entry \"%s\": stored in %llu bytes but stated to hold "
                            "%llu", r->e->name, (unsigned long long)r->e->comp_size,
                            (unsigned long long)r->e->size);
  int rc = 0;
  while (rc == 0 && r->left > 0) {
    const uint8_t *piece;
    size_t n;
    rc = next_input(r, &piece, &n);
    if (rc == 0)
      rc = emit(r, piece, n);
  }
  return rc;
}

static voidpf zlib_alloc(voidpf opaque, uInt items, uInt size) {
  (void)opaque;
  return eseal__malloc((size_t)items * size);
}

static void zlib_free(voidpf opaque, voidpf ptr) {
  (void)opaque;
  eseal__free(ptr);
}

static int corrupt(const reader *r, const char *what) {
  return eseal__error_set(ESEAL_EFORMAT, "entry \"%s\": corrupt data (%s)", r->e->name, what);
}

static int read_deflated(reader *r) {
  z_stream z;
  memset(&z, 0, sizeof z);
  z.zalloc = zlib_alloc;
  z.zfree = zlib_free;
  int zrc = inflateInit2(&z, -MAX_WBITS);
  if (zrc != Z_OK)
    return zrc == Z_MEM_ERROR ? eseal__error_oom() : corrupt(r, "zlib cannot start");
  int rc = 0;
  while (rc == 0 && zrc != Z_STREAM_END) {
    if (z.avail_in == 0 && r->left > 0) {
      const uint8_t *piece;
      size_t n;
      rc = next_input(r, &piece, &n);
      if (rc != 0)
        break;
      z.next_in = (Bytef *)(uintptr_t)piece;
      z.avail_in = (uInt)n;
    }
    /* Room for one byte past the stated size at most: enough to tell that there is more. */
    uint64_t left_out = r->e->size - r->done;
    uInt room = left_out < ESEAL__ZIP_PIECE ? (uInt)left_out + 1 : ESEAL__ZIP_PIECE;
    z.next_out = r->out;
    z.avail_out = room;
    zrc = inflate(&z, Z_NO_FLUSH);
    if (zrc == Z_MEM_ERROR)
      rc = eseal__error_oom();
    else if (zrc == Z_DATA_ERROR || zrc == Z_NEED_DICT || zrc == Z_STREAM_ERROR)
      rc = corrupt(r, z.msg ? z.msg : "not a deflate stream");
    else if (zrc == Z_BUF_ERROR && z.avail_in == 0 && r->left == 0)
      rc = corrupt(r, "the deflate stream is truncated");
    else if (room > z.avail_out)
      rc = emit(r, r->out, room - z.avail_out);
  }
  if (rc == 0 && (z.avail_in > 0 || r->left > 0))
    rc = corrupt(r, "bytes after the end of the deflate stream");
  inflateEnd(&z);
  return rc;
}

int eseal__zip_inflate(const eseal__zip_source *src, const eseal__zip_entry *e,
                       eseal__ofd_sink sink, void *arg) {
  if (e->encrypted)
    return eseal__error_set(ESEAL_EFORMAT, "entry \"%s\" is encrypted; refused", e->name);
  if (e->method != 0 && e->method != 8)
    return eseal__error_set(ESEAL_EFORMAT, "entry \"%s\": compression method %d; only stored (0) "
                            "and deflate (8) are read", e->name, e->method);
  reader r = {src, e, sink, arg, e->offset, e->comp_size, 0, crc32_z(0, NULL, 0), NULL, NULL};
  r.in = src->bytes ? NULL : eseal__malloc(ESEAL__ZIP_PIECE);
  r.out = e->method == 0 ? NULL : eseal__malloc(ESEAL__ZIP_PIECE);
  int rc = (src->bytes == NULL && r.in == NULL) || (e->method != 0 && r.out == NULL)
               ? eseal__error_oom()
               : e->method == 0 ? read_stored(&r) : read_deflated(&r);
  eseal__free(r.in);
  eseal__free(r.out);
  if (rc == 0 && r.done != e->size)
    rc = eseal__error_set(ESEAL_EFORMAT, "entry \"%s\": less data than its stated size", e->name);
  if (rc == 0 && (uint32_t)r.crc != e->crc)
    rc = eseal__error_set(ESEAL_EFORMAT, "entry \"%s\": its CRC-32 is not the one the central "
                          "directory states", e->name);
  return rc;
}
