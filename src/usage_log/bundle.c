/* Evidence bundles: canonical CBOR encoding and strict decoding (see bundle.h). */
#include "bundle.h"

#include <string.h>

#include <cbor.h>

#include "eseal/errors.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "checkpoint.h"
#include "merkle.h"
#include "record.h"

enum { BK_VERSION = 0, BK_CHECKPOINT = 1, BK_ENTRIES = 2, BK_LOG_CERTS = 3, BK_OTHER_CERTS = 4 };

/* ---- encoder ---- */

static void put_head(eseal__dbuf *b, size_t (*enc)(size_t, unsigned char *, size_t), size_t n) {
  unsigned char h[9];
  eseal__dbuf_append(b, h, enc(n, h, sizeof h));
}

static void put_uint(eseal__dbuf *b, uint64_t v) {
  unsigned char h[9];
  eseal__dbuf_append(b, h, cbor_encode_uint(v, h, sizeof h));
}

static void put_bytes(eseal__dbuf *b, const uint8_t *p, size_t n) {
  put_head(b, cbor_encode_bytestring_start, n);
  eseal__dbuf_append(b, p, n);
}

static void put_blobs(eseal__dbuf *b, const eseal__blob *list, size_t n) {
  put_head(b, cbor_encode_array_start, n);
  for (size_t i = 0; i < n; i++)
    put_bytes(b, list[i].ptr, list[i].len);
}

static int blobs_ok(const eseal__blob *list, size_t n, size_t min_count, size_t max_len) {
  if (n < min_count || n > ESEAL__BUNDLE_CERTS_MAX || (n && list == NULL))
    return 0;
  for (size_t i = 0; i < n; i++)
    if (list[i].ptr == NULL || list[i].len == 0 || list[i].len > max_len)
      return 0;
  return 1;
}

static int check_bundle(const eseal__bundle *b) {
  if (b->checkpoint.ptr == NULL || b->checkpoint.len == 0 ||
      b->checkpoint.len > ESEAL__CKPT_TEXT_MAX)
    return eseal__error_set(ESEAL_EINVAL, "evidence bundle: no checkpoint, or a too long one");
  if (b->entry_count == 0 || b->entry_count > ESEAL__BUNDLE_ENTRIES_MAX || b->entries == NULL)
    return eseal__error_set(ESEAL_EINVAL, "evidence bundle: 1 to %u records are needed",
                            ESEAL__BUNDLE_ENTRIES_MAX);
  for (size_t i = 0; i < b->entry_count; i++) {
    const eseal__bundle_entry *e = &b->entries[i];
    if ((i > 0 && e->index <= b->entries[i - 1].index) || e->record.ptr == NULL ||
        e->record.len == 0 || e->record.len > ESEAL__URECORD_MAX ||
        e->path_len > ESEAL__MERKLE_PATH_MAX || (e->path_len && e->path == NULL))
      return eseal__error_set(ESEAL_EINVAL, "evidence bundle: record %zu is out of order, empty, "
                                            "too long or has too long a path",
                              i);
  }
  if (!blobs_ok(b->log_certs, b->log_cert_count, 1, ESEAL__BUNDLE_CERT_MAX) ||
      !blobs_ok(b->other_certs, b->other_cert_count, 0, ESEAL__BUNDLE_CERT_MAX))
    return eseal__error_set(ESEAL_EINVAL, "evidence bundle: 1 to %u log certificates and at most "
                                          "%u others, each at most %u bytes, are needed",
                            ESEAL__BUNDLE_CERTS_MAX, ESEAL__BUNDLE_CERTS_MAX,
                            ESEAL__BUNDLE_CERT_MAX);
  return 0;
}

int eseal__bundle_encode(const eseal__bundle *b, eseal_buf *out) {
  int rc = check_bundle(b);
  if (rc)
    return rc;
  eseal__dbuf d = ESEAL__DBUF_INIT;
  put_head(&d, cbor_encode_map_start, b->other_cert_count ? 5 : 4);
  put_uint(&d, BK_VERSION), put_uint(&d, ESEAL__BUNDLE_VERSION);
  put_uint(&d, BK_CHECKPOINT), put_bytes(&d, b->checkpoint.ptr, b->checkpoint.len);
  put_uint(&d, BK_ENTRIES), put_head(&d, cbor_encode_array_start, b->entry_count);
  for (size_t i = 0; i < b->entry_count; i++) {
    const eseal__bundle_entry *e = &b->entries[i];
    put_head(&d, cbor_encode_array_start, 3);
    put_uint(&d, e->index);
    put_bytes(&d, e->record.ptr, e->record.len);
    put_head(&d, cbor_encode_array_start, e->path_len);
    for (size_t k = 0; k < e->path_len; k++)
      put_bytes(&d, e->path[k], 32);
  }
  put_uint(&d, BK_LOG_CERTS), put_blobs(&d, b->log_certs, b->log_cert_count);
  if (b->other_cert_count)
    put_uint(&d, BK_OTHER_CERTS), put_blobs(&d, b->other_certs, b->other_cert_count);
  if (eseal__dbuf_status(&d) == 0 && d.len > ESEAL__BUNDLE_MAX) {
    eseal__dbuf_release(&d);
    return eseal__error_set(ESEAL_EINVAL, "evidence bundle: longer than %u bytes",
                            ESEAL__BUNDLE_MAX);
  }
  return eseal__dbuf_finish(&d, out);
}

/* ---- decoder: one data item head at a time ---- */

typedef enum { IT_OTHER, IT_UINT, IT_BYTES, IT_ARRAY, IT_MAP } item_kind;

typedef struct item {
  item_kind kind;
  uint64_t value; /* UINT; ARRAY and MAP: the number of elements */
  const uint8_t *ptr;
  size_t len;
} item;

static void on_u8(void *c, uint8_t v) { *(item *)c = (item){IT_UINT, v, NULL, 0}; }
static void on_u16(void *c, uint16_t v) { *(item *)c = (item){IT_UINT, v, NULL, 0}; }
static void on_u32(void *c, uint32_t v) { *(item *)c = (item){IT_UINT, v, NULL, 0}; }
static void on_u64(void *c, uint64_t v) { *(item *)c = (item){IT_UINT, v, NULL, 0}; }
static void on_bytes(void *c, cbor_data p, size_t n) { *(item *)c = (item){IT_BYTES, 0, p, n}; }
static void on_array(void *c, size_t n) { *(item *)c = (item){IT_ARRAY, n, NULL, 0}; }
static void on_map(void *c, size_t n) { *(item *)c = (item){IT_MAP, n, NULL, 0}; }

typedef struct reader {
  const uint8_t *data;
  size_t len, pos;
  struct cbor_callbacks cb;
} reader;

/* The next item of kind `kind`; every other type (negative integers, text, tags, floats,
 * indefinite lengths) is refused. */
static int next(reader *rd, item_kind kind, item *it, const char *what) {
  *it = (item){IT_OTHER, 0, NULL, 0};
  if (rd->pos >= rd->len)
    return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: truncated before %s", what);
  struct cbor_decoder_result res =
      cbor_stream_decode(rd->data + rd->pos, rd->len - rd->pos, &rd->cb, it);
  if (res.status != CBOR_DECODER_FINISHED || res.read == 0)
    return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: malformed CBOR at byte %zu (%s)",
                            rd->pos, what);
  if (it->kind != kind)
    return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: %s at byte %zu has the wrong type",
                            what, rd->pos);
  rd->pos += res.read;
  return 0;
}

static int read_blobs(reader *rd, size_t min, size_t max_len, eseal__arena *arena,
                      const eseal__blob **out, size_t *count, const char *what) {
  item it;
  int rc = next(rd, IT_ARRAY, &it, what);
  if (rc)
    return rc;
  if (it.value < min || it.value > ESEAL__BUNDLE_CERTS_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "evidence bundle: %llu %s (%zu to %u allowed)",
                            (unsigned long long)it.value, what, min, ESEAL__BUNDLE_CERTS_MAX);
  eseal__blob *list = eseal__arena_alloc(arena, (size_t)it.value * sizeof *list + 1);
  if (list == NULL)
    return eseal__error_oom();
  for (size_t i = 0; i < it.value; i++) {
    item b;
    if ((rc = next(rd, IT_BYTES, &b, what)) != 0)
      return rc;
    if (b.len == 0 || b.len > max_len)
      return eseal__error_set(ESEAL_ELIMIT, "evidence bundle: one of the %s has %zu bytes", what,
                              b.len);
    list[i] = (eseal__blob){b.ptr, b.len};
  }
  *out = list;
  *count = (size_t)it.value;
  return 0;
}

static int read_entry(reader *rd, eseal__bundle_entry *e, eseal__arena *arena) {
  item it, rec, path;
  int rc;
  if ((rc = next(rd, IT_ARRAY, &it, "an entry")) != 0)
    return rc;
  if (it.value != 3)
    return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: an entry has %llu elements, not 3",
                            (unsigned long long)it.value);
  if ((rc = next(rd, IT_UINT, &it, "an entry's index")) != 0 ||
      (rc = next(rd, IT_BYTES, &rec, "an entry's record")) != 0 ||
      (rc = next(rd, IT_ARRAY, &path, "an entry's path")) != 0)
    return rc;
  if (rec.len == 0 || rec.len > ESEAL__URECORD_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "evidence bundle: a record of %zu bytes", rec.len);
  if (path.value > ESEAL__MERKLE_PATH_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "evidence bundle: a path of %llu hashes (at most %d)",
                            (unsigned long long)path.value, ESEAL__MERKLE_PATH_MAX);
  uint8_t(*hashes)[32] = eseal__arena_alloc(arena, (size_t)path.value * 32 + 1);
  if (hashes == NULL)
    return eseal__error_oom();
  for (size_t k = 0; k < path.value; k++) {
    item h;
    if ((rc = next(rd, IT_BYTES, &h, "a path hash")) != 0)
      return rc;
    if (h.len != 32)
      return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: a path hash of %zu bytes", h.len);
    memcpy(hashes[k], h.ptr, 32);
  }
  *e = (eseal__bundle_entry){it.value, {rec.ptr, rec.len}, (const uint8_t(*)[32])hashes,
                             (size_t)path.value};
  return 0;
}

static int read_entries(reader *rd, eseal__bundle *b, eseal__arena *arena) {
  item it;
  int rc = next(rd, IT_ARRAY, &it, "the entries");
  if (rc)
    return rc;
  if (it.value == 0 || it.value > ESEAL__BUNDLE_ENTRIES_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "evidence bundle: %llu records (1 to %u allowed)",
                            (unsigned long long)it.value, ESEAL__BUNDLE_ENTRIES_MAX);
  eseal__bundle_entry *entries = eseal__arena_alloc(arena, (size_t)it.value * sizeof *entries);
  if (entries == NULL)
    return eseal__error_oom();
  for (size_t i = 0; i < it.value; i++)
    if ((rc = read_entry(rd, &entries[i], arena)) != 0)
      return rc;
  b->entries = entries;
  b->entry_count = (size_t)it.value;
  return 0;
}

static int expect_key(reader *rd, uint64_t key) {
  item it;
  int rc = next(rd, IT_UINT, &it, "a map key");
  if (rc == 0 && it.value != key)
    rc = eseal__error_set(ESEAL_EFORMAT, "evidence bundle: key %llu where %llu belongs",
                          (unsigned long long)it.value, (unsigned long long)key);
  return rc;
}

static int read_bundle(reader *rd, eseal__bundle *b, eseal__arena *arena) {
  item it;
  int rc;
  if ((rc = next(rd, IT_MAP, &it, "the bundle")) != 0)
    return rc;
  if (it.value != 4 && it.value != 5)
    return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: a map of %llu entries",
                            (unsigned long long)it.value);
  uint64_t entries = it.value;
  if ((rc = expect_key(rd, BK_VERSION)) != 0 || (rc = next(rd, IT_UINT, &it, "the version")) != 0)
    return rc;
  if (it.value != ESEAL__BUNDLE_VERSION)
    return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: format version %llu is unknown",
                            (unsigned long long)it.value);
  if ((rc = expect_key(rd, BK_CHECKPOINT)) != 0 ||
      (rc = next(rd, IT_BYTES, &it, "the checkpoint")) != 0)
    return rc;
  if (it.len == 0 || it.len > ESEAL__CKPT_TEXT_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "evidence bundle: a checkpoint of %zu bytes", it.len);
  b->checkpoint = (eseal__blob){it.ptr, it.len};
  if ((rc = expect_key(rd, BK_ENTRIES)) != 0 || (rc = read_entries(rd, b, arena)) != 0 ||
      (rc = expect_key(rd, BK_LOG_CERTS)) != 0 ||
      (rc = read_blobs(rd, 1, ESEAL__BUNDLE_CERT_MAX, arena, &b->log_certs, &b->log_cert_count,
                       "log certificates")) != 0)
    return rc;
  if (entries == 5 &&
      ((rc = expect_key(rd, BK_OTHER_CERTS)) != 0 ||
       (rc = read_blobs(rd, 1, ESEAL__BUNDLE_CERT_MAX, arena, &b->other_certs,
                        &b->other_cert_count, "other certificates")) != 0))
    return rc;
  if (rd->pos != rd->len)
    return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: %zu bytes after the bundle",
                            rd->len - rd->pos);
  return 0;
}

int eseal__bundle_decode(const uint8_t *data, size_t len, eseal__bundle *out,
                         eseal__arena *arena) {
  memset(out, 0, sizeof *out);
  if (data == NULL || len == 0)
    return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: empty");
  if (len > ESEAL__BUNDLE_MAX)
    return eseal__error_set(ESEAL_ELIMIT, "evidence bundle: longer than %u bytes",
                            ESEAL__BUNDLE_MAX);
  reader rd = {data, len, 0, cbor_empty_callbacks};
  rd.cb.uint8 = on_u8, rd.cb.uint16 = on_u16, rd.cb.uint32 = on_u32, rd.cb.uint64 = on_u64;
  rd.cb.byte_string = on_bytes, rd.cb.array_start = on_array, rd.cb.map_start = on_map;
  int rc = read_bundle(&rd, out, arena);
  if (rc)
    return rc;
  /* Canonical form and the encoder's rules (order, non-empty, sizes): encode again, compare. */
  eseal_buf again = ESEAL_BUF_INIT;
  if ((rc = eseal__bundle_encode(out, &again)) == ESEAL_ENOMEM)
    return rc;
  int same = rc == 0 && again.size == len && memcmp(again.ptr, data, len) == 0;
  eseal_buf_dispose(&again);
  if (!same)
    return eseal__error_set(ESEAL_EFORMAT, "evidence bundle: not in canonical form (shortest "
                                           "heads, ascending distinct record indexes)");
  return 0;
}
