/*
 * Reading an OFD package (GB/T 33190 zip container) and its signature
 * structure (GB/T 33190 ch. 18, ses-format.md §9), for the verifier and the
 * stamper of this floor (ofd/ uses core/, codec/ and crypto/ below it).
 *
 * The container is opened with libzip and checked as a whole, before any
 * entry is inflated; entries are then read from the package's bytes with
 * zlib, their CRC-32 and sizes checked in the same pass (zip_inflate.h):
 *
 *   - at most ESEAL__OFD_MAX_ENTRIES entries;
 *   - every entry at most ESEAL__OFD_MAX_ENTRY_SIZE bytes inflated, all of
 *     them together at most ESEAL__OFD_MAX_TOTAL_SIZE, and an entry larger
 *     than ESEAL__OFD_RATIO_FLOOR inflated may not grow more than
 *     ESEAL__OFD_MAX_RATIO times (zip bombs). The sizes the central
 *     directory states are checked here, and the inflater stops at the stated
 *     size, so a lying directory cannot make it write more;
 *   - entry names: no `..` component, no backslash, no NUL or control
 *     character, no drive letter, at most ESEAL__OFD_MAX_PATH bytes;
 *   - the central directory is also read from the package bytes: no Info-ZIP
 *     Unicode Path or Comment extra field, the names libzip reads, and each
 *     entry's local header with the central record's name and UTF-8 flag
 *     and no Unicode extra field either; Zip64 packages, and end records
 *     that do not end the package, are refused;
 *   - no two entries with the same name after normalisation (leading `/`,
 *     `./`, doubled `/` removed) and ASCII case folding: two readers could
 *     otherwise show different files under one name.
 *
 * Names inside the package are kept normalised: no leading slash, single
 * slashes, no `.` component. Directory entries (names ending in `/`) are
 * listed but hold no data.
 *
 * Errors: ESEAL_EFORMAT (not a zip, refused name, duplicate), ESEAL_ELIMIT
 * (a limit above), ESEAL_ENOTFOUND (no such entry), ESEAL_EIO, ESEAL_ENOMEM.
 */
#ifndef ESEAL_OFD_PACKAGE_H
#define ESEAL_OFD_PACKAGE_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/common.h"
#include "../core/arena.h"

#define ESEAL__OFD_MAX_ENTRIES 10000
#define ESEAL__OFD_MAX_ENTRY_SIZE ((uint64_t)512 << 20)
#define ESEAL__OFD_MAX_TOTAL_SIZE ((uint64_t)2 << 30)
#define ESEAL__OFD_MAX_RATIO 100
#define ESEAL__OFD_RATIO_FLOOR ((uint64_t)1 << 20)
#define ESEAL__OFD_MAX_PATH 1024
/*
 * Bytes inflated from one opened package, all reads together (one
 * verification or stamping): ESEAL__OFD_INFLATE_FACTOR times the stated size
 * of its entries plus ESEAL__OFD_INFLATE_SLACK. Each entry is read a few
 * times (parsed, hashed once per digest it is referenced under, compared);
 * beyond the budget every read fails with ESEAL_ELIMIT.
 */
#define ESEAL__OFD_INFLATE_FACTOR 4
#define ESEAL__OFD_INFLATE_SLACK ((uint64_t)16 << 20)
/* An XML file of the package (OFD.xml, Signatures.xml, Signature.xml, Document.xml…). */
#define ESEAL__OFD_MAX_XML_SIZE ((size_t)16 << 20)
/* Signatures in one document, References in one signature. */
#define ESEAL__OFD_MAX_SIGNATURES 1000
#define ESEAL__OFD_MAX_REFERENCES 100000

typedef struct eseal__ofd_pkg eseal__ofd_pkg;

/* Opens a package file. */
int eseal__ofd_pkg_open_file(eseal__ofd_pkg **out, const char *path);
/* Opens a package held in memory; the bytes are copied. */
int eseal__ofd_pkg_open_bytes(eseal__ofd_pkg **out, const uint8_t *data, size_t len);
void eseal__ofd_pkg_free(eseal__ofd_pkg *pkg);

/* Entries in central-directory order; the name is normalised (see above). */
size_t eseal__ofd_pkg_entry_count(const eseal__ofd_pkg *pkg);
const char *eseal__ofd_pkg_entry_name(const eseal__ofd_pkg *pkg, size_t i);
/* Inflated size as the central directory states it. */
uint64_t eseal__ofd_pkg_entry_size(const eseal__ofd_pkg *pkg, size_t i);
/* 1 for a directory entry. */
int eseal__ofd_pkg_entry_is_dir(const eseal__ofd_pkg *pkg, size_t i);
/* The index of the entry with normalised name `name` (exact bytes), or -1. */
long eseal__ofd_pkg_find(const eseal__ofd_pkg *pkg, const char *name);

/*
 * Reads entry `name` (normalised) whole into `out`; ESEAL_ELIMIT when it is
 * larger than `max` bytes, ESEAL_EFORMAT when its data is corrupt (CRC, or
 * more or fewer bytes than the directory says, a truncated deflate stream or
 * bytes after its end), encrypted, or neither stored nor deflated.
 */
int eseal__ofd_pkg_read(const eseal__ofd_pkg *pkg, const char *name, size_t max, eseal_buf *out);

/*
 * Streams entry `name` through `sink` in pieces (for hashing large pages
 * without holding them); a non-zero return from `sink` stops and is returned.
 */
typedef int (*eseal__ofd_sink)(void *arg, const uint8_t *data, size_t len);
int eseal__ofd_pkg_stream(const eseal__ofd_pkg *pkg, const char *name, eseal__ofd_sink sink,
                          void *arg);

/*
 * ESEAL_ELIMIT (with its message) once a read ran out of the inflation
 * budget (ESEAL__OFD_INFLATE_FACTOR): callers that turn read errors into
 * report entries ask this to refuse the package instead. Else 0.
 */
int eseal__ofd_pkg_budget_check(const eseal__ofd_pkg *pkg);

/* Bytes inflated by this thread from any package so far (tests count repeated work with it). */
uint64_t eseal__ofd_inflated_bytes(void);

/*
 * Path rules (ses-format.md §9). Resolves `ref` as written in the file
 * `base_file` (a normalised package name; NULL or "" for the root):
 *
 *   - `/a/b` and `//a/b`  absolute: from the package root;
 *   - `a/b`, `./a/b`       relative to the folder of `base_file`;
 *   - `x/../y`            allowed while it stays inside the package;
 *   - doubled slashes inside are collapsed.
 *
 * The result is a normalised name in `out` (NUL-terminated). ESEAL_EFORMAT
 * for an empty reference, one that climbs above the root, a backslash or a
 * control character; ESEAL_ELIMIT when longer than ESEAL__OFD_MAX_PATH.
 */
int eseal__ofd_path_resolve(char out[ESEAL__OFD_MAX_PATH + 1], const char *base_file,
                            const char *ref);

/* ---- The signature structure -------------------------------------------- */

/* One Reference of SignedInfo/References. */
typedef struct eseal__ofd_ref {
  /* FileRef as written, and resolved (NULL when it does not resolve). */
  const char *file_ref;
  const char *path;
  /* CheckValue decoded from base64 (NULL, 0 when absent or not base64). */
  const uint8_t *check_value;
  size_t check_value_len;
} eseal__ofd_ref;

/* One StampAnnot of SignedInfo: the appearance. */
typedef struct eseal__ofd_annot {
  const char *id;
  const char *page_ref;
  const char *boundary;
  const char *clip;
} eseal__ofd_annot;

/* One Signature of a Signatures.xml, with what its Signature.xml says. */
typedef struct eseal__ofd_sig {
  /* From Signatures.xml. type is "Seal" when the attribute is absent. */
  const char *id;
  const char *type;
  const char *base_loc;
  /* Signatures.xml this entry came from (normalised). */
  const char *list_path;
  /* BaseLoc resolved (NULL when it does not resolve). */
  const char *path;
  /*
   * Why Signature.xml could not be read or parsed (NULL when it was); the
   * fields below are then empty.
   */
  const char *error;
  /* Signature.xml as stored, never re-serialised. */
  const uint8_t *xml;
  size_t xml_len;
  /* SignedInfo/Provider (attributes, or child elements as dms360 writes them). */
  const char *provider_name;
  const char *provider_version;
  const char *provider_company;
  const char *signature_method;
  const char *signature_date_time;
  /* References/@CheckMethod; NULL when absent. */
  const char *check_method;
  eseal__ofd_ref *refs;
  size_t ref_count;
  eseal__ofd_annot *annots;
  size_t annot_count;
  /* SignedValue resolved against Signature.xml's folder (NULL when absent or unresolved). */
  const char *signed_value_ref;
  const char *signed_value;
  /* SignedInfo/Seal/BaseLoc as written and resolved; both NULL without a Seal element. */
  const char *seal_ref;
  const char *seal;
} eseal__ofd_sig;

/* The documents of a package and the signatures found in them. */
typedef struct eseal__ofd_doc {
  eseal__arena arena;
  /* DocBody/DocRoot of each document (normalised; NULL when unresolved). */
  const char **doc_roots;
  size_t doc_count;
  /* Every Signatures.xml named by a DocBody (normalised). */
  const char **lists;
  size_t list_count;
  /* Signatures in document order, then Signatures.xml order. */
  eseal__ofd_sig *sigs;
  size_t sig_count;
} eseal__ofd_doc;

/*
 * Reads OFD.xml, each DocBody's Signatures.xml and each Signature.xml.
 * ESEAL_EFORMAT when OFD.xml or a Signatures.xml is missing or malformed
 * (a package without DocBody/Signatures gives sig_count 0); a Signature.xml
 * that cannot be read is recorded in that signature's `error` instead, so
 * that the others are still verified.
 */
int eseal__ofd_doc_read(eseal__ofd_doc **out, const eseal__ofd_pkg *pkg);
void eseal__ofd_doc_free(eseal__ofd_doc *doc);

/*
 * Parses one Signatures.xml / Signature.xml held in memory, as read by
 * eseal__ofd_doc_read (also for the fuzz targets). `path` is the file's own
 * normalised name, for relative paths. Entries are added to `doc`.
 */
int eseal__ofd_parse_signatures(eseal__ofd_doc *doc, const char *path, const uint8_t *xml,
                                size_t len);
int eseal__ofd_parse_signature(eseal__ofd_doc *doc, eseal__ofd_sig *sig, const char *path,
                               const uint8_t *xml, size_t len);

#endif
