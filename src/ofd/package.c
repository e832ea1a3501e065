/* The zip container of an OFD package, checked as package.h describes. */
#include "package.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "zip_inflate.h"

typedef struct entry {
  char *name;
  uint64_t size;
  int is_dir;
  /* What the central directory states, for eseal__zip_inflate (data.name is name). */
  eseal__zip_entry data;
} entry;

/* What reading entries has cost so far: changed through the const package that readers share. */
typedef struct usage {
  uint64_t inflated;
  uint64_t budget;
  int exhausted;
} usage;

static _Thread_local uint64_t inflated_by_thread;

uint64_t eseal__ofd_inflated_bytes(void) {
  return inflated_by_thread;
}

struct eseal__ofd_pkg {
  /* libzip reads and checks the package while it is opened, and is then closed. */
  zip_t *zip;
  /* Entries are read from here (package bytes owned by the package, or its open file). */
  eseal__zip_source src;
  usage *use;
  /* The central directory as stored, for check_raw_names; freed after opening. */
  uint8_t *cdir;
  size_t cdir_len;
  uint64_t cdir_entries;
  /* Where each central record's data starts (after its local header); freed after opening. */
  uint64_t *data_offsets;
  entry *entries;
  size_t count;
  /* Indexes into entries sorted by name, for eseal__ofd_pkg_find. */
  size_t *sorted;
};

/* Normalises one name in place (see package.h); 0 or ESEAL_EFORMAT / ESEAL_ELIMIT. */
static int normalise_entry(char *name) {
  size_t len = strlen(name);
  if (len > ESEAL__OFD_MAX_PATH)
    return eseal__error_set(ESEAL_ELIMIT, "an entry name longer than %d bytes", ESEAL__OFD_MAX_PATH);
  char resolved[ESEAL__OFD_MAX_PATH + 1];
  int is_dir = len && name[len - 1] == '/';
  int rc = eseal__ofd_path_resolve(resolved, NULL, name);
  if (rc != 0)
    return rc;
  /* Entry names may not climb at all, not even back down: "a/../b" is refused. */
  for (const char *p = name; *p; p++)
    if (p[0] == '.' && p[1] == '.' && (p == name || p[-1] == '/') && (p[2] == '/' || !p[2]))
      return eseal__error_set(ESEAL_EFORMAT, "an entry name with a \"..\" component");
  const char *colon = strchr(resolved, ':'), *slash = strchr(resolved, '/');
  if (colon && (slash == NULL || colon < slash))
    return eseal__error_set(ESEAL_EFORMAT, "an entry name with a drive letter");
  strcpy(name, resolved);
  if (is_dir && resolved[0])
    strcat(name, "/");
  return 0;
}

static int fold(int c) {
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int casecmp(const char *a, const char *b) {
  while (*a && fold((unsigned char)*a) == fold((unsigned char)*b))
    a++, b++;
  return fold((unsigned char)*a) - fold((unsigned char)*b);
}

/* qsort has no argument: the entries being sorted. */
static _Thread_local const entry *sorting;

static int by_name(const void *x, const void *y) {
  return strcmp(sorting[*(const size_t *)x].name, sorting[*(const size_t *)y].name);
}

static int by_folded_name(const void *x, const void *y) {
  return casecmp(sorting[*(const size_t *)x].name, sorting[*(const size_t *)y].name);
}

static int check_duplicates(eseal__ofd_pkg *pkg) {
  size_t *order = eseal__malloc((pkg->count ? pkg->count : 1) * sizeof *order);
  if (order == NULL)
    return eseal__error_oom();
  for (size_t i = 0; i < pkg->count; i++)
    order[i] = pkg->sorted[i] = i;
  sorting = pkg->entries;
  qsort(order, pkg->count, sizeof *order, by_folded_name);
  qsort(pkg->sorted, pkg->count, sizeof *pkg->sorted, by_name);
  sorting = NULL;
  int rc = 0;
  for (size_t i = 1; i < pkg->count && rc == 0; i++) {
    const char *a = pkg->entries[order[i - 1]].name, *b = pkg->entries[order[i]].name;
    if (casecmp(a, b) == 0)
      rc = eseal__error_set(ESEAL_EFORMAT, "two entries named \"%s\" and \"%s\"", a, b);
  }
  eseal__free(order);
  return rc;
}

static uint32_t le16(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p) {
  return le16(p) | le16(p + 2) << 16;
}

/* Reads `len` bytes at `off` of the package; 0 or -1. */
typedef int (*read_at_fn)(void *arg, uint64_t off, uint8_t *buf, size_t len);

typedef struct span {
  const uint8_t *ptr;
  size_t len;
} span;

static int bytes_at(void *arg, uint64_t off, uint8_t *buf, size_t len) {
  const span *s = arg;
  if (off > s->len || len > s->len - off)
    return -1;
  memcpy(buf, s->ptr + off, len);
  return 0;
}

static int file_at(void *arg, uint64_t off, uint8_t *buf, size_t len) {
  FILE *f = arg;
  if (off > (uint64_t)LONG_MAX || fseek(f, (long)off, SEEK_SET) != 0)
    return -1;
  return fread(buf, 1, len, f) == len ? 0 : -1;
}

/*
 * Keeps a copy of the central directory as the package stores it. libzip
 * reports the name of an Info-ZIP Unicode Path extra field (0x7075) instead
 * of the header name even for ZIP_FL_ENC_RAW, while other readers show the
 * header name: check_raw_names refuses any difference, so every reader sees
 * the files the verifier hashed. The end record is the last one whose
 * comment ends the package (an unusual layout is refused, not guessed at);
 * Zip64 packages are refused. 0 or ESEAL_EFORMAT / ESEAL_ENOMEM.
 */
static int read_cdir(eseal__ofd_pkg *pkg, read_at_fn read_at, void *arg, uint64_t size) {
  enum { EOCD = 22, TAIL = EOCD + 65535 };
  size_t tail_len = size < TAIL ? (size_t)size : TAIL;
  uint8_t *tail = eseal__malloc(tail_len ? tail_len : 1);
  if (tail == NULL)
    return eseal__error_oom();
  int rc = read_at(arg, size - tail_len, tail, tail_len);
  size_t at = tail_len >= EOCD ? tail_len - EOCD + 1 : 0, found = SIZE_MAX;
  while (rc == 0 && found == SIZE_MAX && at-- > 0)
    if (le32(tail + at) == 0x06054b50 && at + EOCD + le16(tail + at + 20) == tail_len)
      found = at;
  if (found == SIZE_MAX) {
    eseal__free(tail);
    return eseal__error_set(ESEAL_EFORMAT, "package: no end of central directory record ends it");
  }
  const uint8_t *e = tail + found;
  uint32_t entries = le16(e + 10), cd_size = le32(e + 12), cd_off = le32(e + 16);
  eseal__free(tail);
  if (entries == 0xffff || cd_size == 0xffffffffu || cd_off == 0xffffffffu)
    return eseal__error_set(ESEAL_EFORMAT, "package: Zip64 packages are not supported");
  if ((uint64_t)cd_off + cd_size > size)
    return eseal__error_set(ESEAL_EFORMAT, "package: the central directory lies outside it");
  pkg->cdir = eseal__malloc(cd_size ? cd_size : 1);
  if (pkg->cdir == NULL)
    return eseal__error_oom();
  pkg->cdir_len = cd_size;
  pkg->cdir_entries = entries;
  if (read_at(arg, cd_off, pkg->cdir, cd_size) != 0)
    return eseal__error_set(ESEAL_EIO, "package: the central directory cannot be read");
  return 0;
}

/* The Info-ZIP Unicode extra field in `extra` (0x7075 Path or 0x6375 Comment), or 0. */
static uint32_t unicode_extra(const uint8_t *extra, size_t len) {
  for (size_t x = 0; x + 4 <= len;) {
    uint32_t id = le16(extra + x), field = le16(extra + x + 2);
    if (id == 0x7075 || id == 0x6375)
      return id;
    x += 4 + field;
  }
  return 0;
}

/*
 * Each entry's local header, which streaming readers use instead of the
 * central directory: it must carry the central record's name, byte for byte,
 * and its UTF-8 flag, and no Unicode extra field either. (libzip's own
 * consistency check covers sizes, CRC and method.) Records where each entry's
 * data starts, after its local header, in pkg->data_offsets (UINT64_MAX for
 * a record not reached). 0, ESEAL_EFORMAT, ESEAL_ENOMEM.
 */
static int check_local_headers(eseal__ofd_pkg *pkg, read_at_fn read_at, void *arg,
                               uint64_t size) {
  enum { LOCAL = 30 };
  const uint8_t *p = pkg->cdir, *end = pkg->cdir + pkg->cdir_len;
  uint8_t *buf = eseal__malloc(LOCAL + 2 * 65535);
  pkg->data_offsets = eseal__malloc((pkg->cdir_entries ? pkg->cdir_entries : 1) *
                                    sizeof *pkg->data_offsets);
  if (buf == NULL || pkg->data_offsets == NULL) {
    eseal__free(buf);
    return eseal__error_oom();
  }
  for (uint64_t i = 0; i < pkg->cdir_entries; i++)
    pkg->data_offsets[i] = UINT64_MAX;
  int rc = 0;
  for (uint64_t i = 0; rc == 0 && i < pkg->cdir_entries; i++) {
    /* A record too short here is refused by check_raw_names with its own message. */
    if (end - p < 46 || le32(p) != 0x02014b50)
      break;
    size_t name_len = le16(p + 28), extra_len = le16(p + 30), comment_len = le16(p + 32);
    if ((size_t)(end - p) - 46 < name_len + extra_len + comment_len)
      break;
    const uint8_t *name = p + 46;
    uint64_t off = le32(p + 42);
    uint32_t flags = le16(p + 8);
    p = name + name_len + extra_len + comment_len;
    if (off > size || size - off < LOCAL || read_at(arg, off, buf, LOCAL) != 0 ||
        le32(buf) != 0x04034b50) {
      rc = eseal__error_set(ESEAL_EFORMAT, "package: entry %llu has no local header where the "
                            "central directory says", (unsigned long long)i);
      break;
    }
    size_t local_name = le16(buf + 26), local_extra = le16(buf + 28);
    if (size - off - LOCAL < local_name + local_extra ||
        read_at(arg, off + LOCAL, buf + LOCAL, local_name + local_extra) != 0) {
      rc = eseal__error_set(ESEAL_EFORMAT, "package: the local header of entry %llu is truncated",
                            (unsigned long long)i);
      break;
    }
    uint32_t id = unicode_extra(buf + LOCAL + local_name, local_extra);
    if (local_name != name_len || memcmp(buf + LOCAL, name, name_len) != 0)
      rc = eseal__error_set(ESEAL_EFORMAT, "package: entry \"%.*s\" has another name in its "
                            "local header; refused", (int)(name_len < 200 ? name_len : 200),
                            (const char *)name);
    else if ((le16(buf + 6) ^ flags) & 0x0800)
      rc = eseal__error_set(ESEAL_EFORMAT, "package: entry \"%.*s\" is marked UTF-8 in one header "
                            "and not the other; refused", (int)(name_len < 200 ? name_len : 200),
                            (const char *)name);
    else if (id)
      rc = eseal__error_set(ESEAL_EFORMAT, "package: the local header of entry \"%.*s\" carries "
                            "an Info-ZIP Unicode %s extra field, which readers disagree on; refused",
                            (int)(name_len < 200 ? name_len : 200), (const char *)name,
                            id == 0x7075 ? "Path" : "Comment");
    pkg->data_offsets[i] = off + LOCAL + local_name + local_extra;
  }
  eseal__free(buf);
  return rc;
}

/* Refuses a name extra field, or a header name other than the one libzip gave entry `i`. */
static int check_raw_names(const eseal__ofd_pkg *pkg, zip_uint64_t n) {
  const uint8_t *p = pkg->cdir, *end = pkg->cdir + pkg->cdir_len;
  if (pkg->cdir_entries != n)
    return eseal__error_set(ESEAL_EFORMAT, "package: the central directory does not hold %llu entries",
                            (unsigned long long)n);
  for (zip_uint64_t i = 0; i < n; i++) {
    if (end - p < 46 || le32(p) != 0x02014b50)
      return eseal__error_set(ESEAL_EFORMAT, "package: central directory record %llu is corrupt",
                              (unsigned long long)i);
    size_t name_len = le16(p + 28), extra_len = le16(p + 30), comment_len = le16(p + 32);
    if ((size_t)(end - p) - 46 < name_len + extra_len + comment_len)
      return eseal__error_set(ESEAL_EFORMAT, "package: central directory record %llu is truncated",
                              (unsigned long long)i);
    const uint8_t *name = p + 46, *extra = name + name_len;
    uint32_t id = unicode_extra(extra, extra_len);
    if (id)
      return eseal__error_set(ESEAL_EFORMAT, "package: entry \"%.*s\" carries an Info-ZIP "
                              "Unicode %s extra field, which readers disagree on; refused",
                              (int)(name_len < 200 ? name_len : 200), (const char *)name,
                              id == 0x7075 ? "Path" : "Comment");
    const char *libzip_name = zip_get_name(pkg->zip, i, ZIP_FL_ENC_RAW);
    if (libzip_name == NULL || strlen(libzip_name) != name_len ||
        memcmp(libzip_name, name, name_len) != 0)
      return eseal__error_set(ESEAL_EFORMAT, "package: entry %llu is named \"%.*s\" in its header "
                              "but read under another name; refused", (unsigned long long)i,
                              (int)(name_len < 200 ? name_len : 200), (const char *)name);
    p = extra + extra_len + comment_len;
  }
  return 0;
}

static int check_entries(eseal__ofd_pkg *pkg) {
  zip_int64_t n = zip_get_num_entries(pkg->zip, 0);
  if (n < 0)
    return eseal__error_set(ESEAL_EFORMAT, "not a zip package");
  if ((uint64_t)n > ESEAL__OFD_MAX_ENTRIES)
    return eseal__error_set(ESEAL_ELIMIT, "%lld entries, more than the limit of %d",
                            (long long)n, ESEAL__OFD_MAX_ENTRIES);
  int raw = check_raw_names(pkg, (zip_uint64_t)n);
  eseal__free(pkg->cdir);
  pkg->cdir = NULL;
  if (raw != 0)
    return raw;
  /* check_raw_names has matched the central records with libzip's entries, one by one. */
  pkg->entries = eseal__calloc((size_t)n ? (size_t)n : 1, sizeof *pkg->entries);
  pkg->sorted = eseal__calloc((size_t)n ? (size_t)n : 1, sizeof *pkg->sorted);
  if (pkg->entries == NULL || pkg->sorted == NULL)
    return eseal__error_oom();
  uint64_t total = 0;
  for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
    zip_stat_t st;
    zip_stat_init(&st);
    /* Raw names: a name that is not UTF-8 then matches no (UTF-8) reference. */
    zip_uint64_t needed = ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC |
                          ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
    if (zip_stat_index(pkg->zip, i, ZIP_FL_ENC_RAW, &st) != 0 || (st.valid & needed) != needed)
      return eseal__error_set(ESEAL_EFORMAT, "entry %llu: unreadable directory record",
                              (unsigned long long)i);
    size_t len = strlen(st.name);
    entry *e = &pkg->entries[pkg->count];
    e->name = eseal__malloc(len + 2);
    if (e->name == NULL)
      return eseal__error_oom();
    memcpy(e->name, st.name, len + 1);
    pkg->count++;
    int rc = normalise_entry(e->name);
    if (rc != 0)
      return eseal__error_prefix(rc, "package");
    e->size = st.size;
    e->is_dir = len && st.name[len - 1] == '/';
    e->data = (eseal__zip_entry){e->name, pkg->data_offsets[i], st.comp_size, st.size, st.crc,
                                 st.comp_method, st.encryption_method != ZIP_EM_NONE};
    /* Bounds the reads of eseal__zip_inflate (libzip's consistency check refuses this first). */
    if (e->data.offset > pkg->src.len || st.comp_size > pkg->src.len - e->data.offset)
      return eseal__error_set(ESEAL_EFORMAT, "entry \"%s\": its data lies outside the package",
                              e->name);
    if (e->is_dir && st.size != 0)
      return eseal__error_set(ESEAL_EFORMAT, "directory entry \"%s\" holds data", e->name);
    if (st.size > ESEAL__OFD_MAX_ENTRY_SIZE)
      return eseal__error_set(ESEAL_ELIMIT, "entry \"%s\": %llu bytes, more than the limit of %llu",
                              e->name, (unsigned long long)st.size,
                              (unsigned long long)ESEAL__OFD_MAX_ENTRY_SIZE);
    if (st.size > ESEAL__OFD_RATIO_FLOOR &&
        st.size / (st.comp_size ? st.comp_size : 1) > ESEAL__OFD_MAX_RATIO)
      return eseal__error_set(ESEAL_ELIMIT, "entry \"%s\" inflates more than %d times",
                              e->name, ESEAL__OFD_MAX_RATIO);
    total += st.size;
    if (total > ESEAL__OFD_MAX_TOTAL_SIZE)
      return eseal__error_set(ESEAL_ELIMIT, "the entries inflate to more than %llu bytes",
                              (unsigned long long)ESEAL__OFD_MAX_TOTAL_SIZE);
  }
  pkg->use = eseal__calloc(1, sizeof *pkg->use);
  if (pkg->use == NULL)
    return eseal__error_oom();
  pkg->use->budget = total * ESEAL__OFD_INFLATE_FACTOR + ESEAL__OFD_INFLATE_SLACK;
  return check_duplicates(pkg);
}

static int finish_open(eseal__ofd_pkg **out, eseal__ofd_pkg *pkg) {
  int rc = check_entries(pkg);
  if (rc != 0) {
    eseal__ofd_pkg_free(pkg);
    return rc;
  }
  eseal__free(pkg->data_offsets);
  pkg->data_offsets = NULL;
  zip_discard(pkg->zip);
  pkg->zip = NULL;
  *out = pkg;
  return 0;
}

static int zip_failure(int code, const char *what) {
  if (code == ZIP_ER_MEMORY)
    return eseal__error_oom();
  if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_NOENT)
    return eseal__error_set(ESEAL_EIO, "%s: cannot be read", what);
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  int rc = eseal__error_set(ESEAL_EFORMAT, "%s: not a zip package (%s)", what, zip_error_strerror(&e));
  zip_error_fini(&e);
  return rc;
}

int eseal__ofd_pkg_open_file(eseal__ofd_pkg **out, const char *path) {
  if (out == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal__ofd_pkg_open_file: NULL argument");
  *out = NULL;
  eseal__ofd_pkg *pkg = eseal__calloc(1, sizeof *pkg);
  if (pkg == NULL)
    return eseal__error_oom();
  int code = 0;
  pkg->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (pkg->zip == NULL) {
    eseal__free(pkg);
    return zip_failure(code, path);
  }
  /* Kept open: entries are read from it (zip_inflate.h). */
  FILE *f = fopen(path, "rb");
  long size = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  pkg->src.file = f;
  pkg->src.len = size < 0 ? 0 : (uint64_t)size;
  int rc = size < 0 ? eseal__error_set(ESEAL_EIO, "%s: cannot be read", path)
                    : read_cdir(pkg, file_at, f, (uint64_t)size);
  if (rc == 0)
    rc = check_local_headers(pkg, file_at, f, (uint64_t)size);
  if (rc != 0) {
    eseal__ofd_pkg_free(pkg);
    return rc;
  }
  return finish_open(out, pkg);
}

int eseal__ofd_pkg_open_bytes(eseal__ofd_pkg **out, const uint8_t *data, size_t len) {
  if (out == NULL || (data == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal__ofd_pkg_open_bytes: NULL argument");
  *out = NULL;
  /* The end-of-central-directory record alone takes 22 bytes. */
  if (len < 22)
    return eseal__error_set(ESEAL_EFORMAT, "package: %zu bytes is too short to be a zip file",
                            len);
  eseal__ofd_pkg *pkg = eseal__calloc(1, sizeof *pkg);
  /* The package's own copy, which entries are read from; libzip reads it too but does not own it. */
  uint8_t *copy = eseal__malloc(len);
  if (pkg == NULL || copy == NULL) {
    eseal__free(pkg);
    eseal__free(copy);
    return eseal__error_oom();
  }
  memcpy(copy, data, len);
  pkg->src.bytes = copy;
  pkg->src.len = len;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(copy, len, 0, &err);
  if (src == NULL) {
    eseal__ofd_pkg_free(pkg);
    zip_error_fini(&err);
    return eseal__error_oom();
  }
  pkg->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (pkg->zip == NULL) {
    int code = zip_error_code_zip(&err);
    zip_source_free(src);
    zip_error_fini(&err);
    eseal__ofd_pkg_free(pkg);
    return zip_failure(code, "package");
  }
  zip_error_fini(&err);
  span whole = {copy, len};
  int rc = read_cdir(pkg, bytes_at, &whole, len);
  if (rc == 0)
    rc = check_local_headers(pkg, bytes_at, &whole, len);
  if (rc != 0) {
    eseal__ofd_pkg_free(pkg);
    return rc;
  }
  return finish_open(out, pkg);
}

void eseal__ofd_pkg_free(eseal__ofd_pkg *pkg) {
  if (pkg == NULL)
    return;
  for (size_t i = 0; i < pkg->count; i++)
    eseal__free(pkg->entries[i].name);
  eseal__free(pkg->entries);
  eseal__free(pkg->sorted);
  eseal__free(pkg->cdir);
  eseal__free(pkg->data_offsets);
  eseal__free(pkg->use);
  if (pkg->zip)
    zip_discard(pkg->zip);
  /* After libzip, which may read the bytes until it is closed. */
  eseal__free((void *)(uintptr_t)pkg->src.bytes);
  if (pkg->src.file)
    fclose(pkg->src.file);
  eseal__free(pkg);
}

size_t eseal__ofd_pkg_entry_count(const eseal__ofd_pkg *pkg) {
  return pkg ? pkg->count : 0;
}

const char *eseal__ofd_pkg_entry_name(const eseal__ofd_pkg *pkg, size_t i) {
  return pkg && i < pkg->count ? pkg->entries[i].name : NULL;
}

uint64_t eseal__ofd_pkg_entry_size(const eseal__ofd_pkg *pkg, size_t i) {
  return pkg && i < pkg->count ? pkg->entries[i].size : 0;
}

int eseal__ofd_pkg_entry_is_dir(const eseal__ofd_pkg *pkg, size_t i) {
  return pkg && i < pkg->count ? pkg->entries[i].is_dir : 0;
}

long eseal__ofd_pkg_find(const eseal__ofd_pkg *pkg, const char *name) {
  if (pkg == NULL || name == NULL)
    return -1;
  size_t lo = 0, hi = pkg->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(pkg->entries[pkg->sorted[mid]].name, name);
    if (c == 0)
      return pkg->entries[pkg->sorted[mid]].is_dir ? -1 : (long)pkg->sorted[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

static int over_budget(const eseal__ofd_pkg *pkg) {
  return eseal__error_set(ESEAL_ELIMIT, "reading the package would inflate more than %llu bytes "
                          "(%d times the size of its entries plus %llu MiB): refused",
                          (unsigned long long)pkg->use->budget, ESEAL__OFD_INFLATE_FACTOR,
                          (unsigned long long)(ESEAL__OFD_INFLATE_SLACK >> 20));
}

int eseal__ofd_pkg_budget_check(const eseal__ofd_pkg *pkg) {
  return pkg->use->exhausted ? over_budget(pkg) : 0;
}

/* A sink in front of the caller's that counts every inflated byte against the package's budget. */
typedef struct metered {
  const eseal__ofd_pkg *pkg;
  eseal__ofd_sink sink;
  void *arg;
} metered;

static int count_inflated(void *arg, const uint8_t *data, size_t n) {
  metered *m = arg;
  usage *use = m->pkg->use;
  if ((uint64_t)n > use->budget - use->inflated) {
    use->exhausted = 1;
    return over_budget(m->pkg);
  }
  use->inflated += (uint64_t)n;
  inflated_by_thread += (uint64_t)n;
  return m->sink(m->arg, data, n);
}

/* Inflates entry `i` through `sink` (zip_inflate.h), within the package's budget. */
static int stream_entry(const eseal__ofd_pkg *pkg, size_t i, eseal__ofd_sink sink, void *arg) {
  if (pkg->use->exhausted)
    return over_budget(pkg);
  metered m = {pkg, sink, arg};
  return eseal__zip_inflate(&pkg->src, &pkg->entries[i].data, count_inflated, &m);
}

static long find_or_raise(const eseal__ofd_pkg *pkg, const char *name) {
  long i = eseal__ofd_pkg_find(pkg, name);
  if (i < 0)
    eseal__error_set(ESEAL_ENOTFOUND, "no file \"%s\" in the package", name);
  return i;
}

int eseal__ofd_pkg_stream(const eseal__ofd_pkg *pkg, const char *name, eseal__ofd_sink sink,
                          void *arg) {
  long i = find_or_raise(pkg, name);
  return i < 0 ? ESEAL_ENOTFOUND : stream_entry(pkg, (size_t)i, sink, arg);
}

typedef struct collect {
  uint8_t *ptr;
  size_t len;
} collect;

static int append(void *arg, const uint8_t *data, size_t len) {
  collect *c = arg;
  memcpy(c->ptr + c->len, data, len);
  c->len += len;
  return 0;
}

int eseal__ofd_pkg_read(const eseal__ofd_pkg *pkg, const char *name, size_t max, eseal_buf *out) {
  *out = (eseal_buf)ESEAL_BUF_INIT;
  long i = find_or_raise(pkg, name);
  if (i < 0)
    return ESEAL_ENOTFOUND;
  uint64_t size = pkg->entries[i].size;
  if (size > max)
    return eseal__error_set(ESEAL_ELIMIT, "\"%s\": %llu bytes, more than the limit of %zu", name,
                            (unsigned long long)size, max);
  /* One byte more for the NUL of eseal_buf; the stream stops at the stated size. */
  collect c = {eseal__malloc((size_t)size + 1), 0};
  if (c.ptr == NULL)
    return eseal__error_oom();
  int rc = stream_entry(pkg, (size_t)i, append, &c);
  if (rc != 0) {
    eseal__free(c.ptr);
    return rc;
  }
  c.ptr[c.len] = 0;
  out->ptr = c.ptr;
  out->size = c.len;
  return 0;
}
