/*
 * The parts of eseal_ofd_stamp(): where the appearance goes (placement.c,
 * keyword.c), the XML it writes (signature_xml.c) and the package it writes
 * (package_write.c). stamp.c puts them together. Lengths are in mm, in the
 * page's coordinates (origin top left, y downwards), as OFD has them.
 */
#ifndef ESEAL_OFD_STAMP_PARTS_H
#define ESEAL_OFD_STAMP_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/common.h"
#include "../core/dbuf.h"

typedef struct eseal_ofd__box {
  double x, y, w, h;
} eseal_ofd__box;

/* One page of the document being stamped. */
typedef struct eseal_ofd__page {
  const char *id;      /* its ID in Document.xml: the StampAnnot's PageRef */
  eseal_ofd__box area; /* its PhysicalBox */
} eseal_ofd__page;

/* One StampAnnot: the seal's box on a page, and for cross-page seals the slice shown. */
typedef struct eseal_ofd__annot {
  size_t page; /* index into the pages */
  eseal_ofd__box boundary;
  int clipped;
  eseal_ofd__box clip; /* in the boundary's coordinates */
} eseal_ofd__annot;

/* Where a keyword was found: the centre of the box around its characters. */
typedef struct eseal_ofd__hit {
  size_t page;
  double x, y;
} eseal_ofd__hit;

/* At most this many StampAnnots per signature (keyword hits or pages of a cross-page seal). */
#define ESEAL_OFD__MAX_ANNOTS 256u

/* placement.c. Each fills annots[0..*count) (capacity ESEAL_OFD__MAX_ANNOTS). */

/* A w x h box at (x, y) on page `page`; ESEAL_EINVAL when it does not fit inside the page. */
int eseal_ofd__place_at(eseal_ofd__annot *annots, size_t *count, const eseal_ofd__page *pages,
                        size_t npages, size_t page, double x, double y, double w, double h);
/* One w x h box centred on each hit. */
int eseal_ofd__place_on_hits(eseal_ofd__annot *annots, size_t *count, const eseal_ofd__hit *hits,
                             size_t nhits, double w, double h);
/*
 * A cross-page seal over pages first..last (indexes, at least two pages): page
 * i of n shows the i-th of n vertical slices of the seal flush with its right
 * edge, its top at y (y <= 0: centred on the page).
 */
int eseal_ofd__place_cross(eseal_ofd__annot *annots, size_t *count, const eseal_ofd__page *pages,
                           size_t npages, size_t first, size_t last, double y, double w, double h);

/*
 * keyword.c: finds `keyword` (UTF-8) in the text of a page's Content.xml
 * (every TextObject's TextCode, in document order, so that a keyword split
 * over several TextCodes is found too) and appends up to `max` - *count hits,
 * with `page` as their page. ESEAL_EFORMAT for content that is not
 * well-formed, ESEAL_ELIMIT beyond the XML reader's limits.
 */
int eseal_ofd__keyword_find(const uint8_t *content, size_t len, const char *keyword, size_t page,
                            eseal_ofd__hit *hits, size_t max, size_t *count);

/*
 * A list of plain decimal numbers ("10 20.5 -3"), read the same in every
 * locale: their count, or 0 when malformed or longer than `max`.
 */
size_t eseal_ofd__parse_numbers(const char *s, double *out, size_t max);

/* signature_xml.c */

/* A millimetre length as OFD writes it: up to three decimals, '.' whatever the locale. */
void eseal_ofd__append_mm(eseal__dbuf *out, double mm);

/* One Reference: a container path ("/Doc_0/...") and the SM3 of the file's bytes. */
typedef struct eseal_ofd__ref {
  const char *path;
  uint8_t sm3[32];
} eseal_ofd__ref;

typedef struct eseal_ofd__sigxml {
  int64_t time; /* SignatureDateTime, UTC seconds */
  const eseal_ofd__ref *refs;
  size_t nrefs;
  const eseal_ofd__annot *annots;
  size_t nannots;
  const eseal_ofd__page *pages;
  unsigned long first_annot_id; /* the annots get IDs "s<first_annot_id + i>" */
  const char *seal_path;         /* absolute: Seal.esl */
  const char *signed_value_path; /* absolute: SignedValue.dat */
} eseal_ofd__sigxml;

/* The bytes of a new Signature.xml (Type="Seal"), in the element order of GB/T 33190 table 67/68. */
int eseal_ofd__signature_xml(eseal_buf *out, const eseal_ofd__sigxml *in);

/* A signature or StampAnnot ID as written: "s" and at least three digits. */
void eseal_ofd__append_id(eseal__dbuf *out, unsigned long n);

/* A new Signatures.xml holding one Signature (ID s<id>, BaseLoc `base_loc`), MaxSignId s<max_id>. */
int eseal_ofd__signatures_new(eseal_buf *out, unsigned long id, unsigned long max_id,
                              const char *base_loc);

/*
 * Signatures.xml with one more Signature appended before the root's end tag,
 * and every MaxSignId set to s<max_id> (one is added first in the root when
 * there was none). The rest of the bytes stay as they were. ESEAL_EUNSUPPORTED
 * when the root end tag is not the last thing in the file.
 */
int eseal_ofd__signatures_add(eseal_buf *out, const uint8_t *xml, size_t len, unsigned long id,
                              unsigned long max_id, const char *base_loc);

/* OFD.xml with <Signatures>path</Signatures> added at the end of its first DocBody. */
int eseal_ofd__ofd_xml_add_signatures(eseal_buf *out, const uint8_t *xml, size_t len,
                                      const char *path);

/* package_write.c */

typedef struct eseal_ofd__file {
  const char *name; /* entry name, without the leading '/' */
  const uint8_t *data;
  size_t len;
} eseal_ofd__file;

/* A zip (deflated entries, in this order, stamped with `mtime`) into `out`. */
int eseal_ofd__zip_write(eseal_buf *out, const eseal_ofd__file *files, size_t n, int64_t mtime);

/*
 * Writes `len` bytes to `path` through a temporary file in the same folder,
 * renamed over `path` only once complete and synced: a failure leaves no file
 * behind and whatever was at `path` untouched. ESEAL_EIO.
 */
int eseal_ofd__write_atomic(const char *path, const uint8_t *data, size_t len);

#endif
