/*
 * Reading one entry of a zip package straight from the package's bytes, for
 * package.c (which opens and checks the package with libzip first): stored
 * (method 0) or deflate (method 8, a raw RFC 1951 stream inflated with zlib),
 * handed to a sink in pieces of at most ESEAL__ZIP_PIECE bytes, never held
 * whole. One pass feeds the sink and computes the CRC-32, and what the
 * central directory states is checked as the data goes:
 *
 *   - an encrypted entry, or any other compression method, is refused;
 *   - a stored entry's compressed size must equal its size;
 *   - the inflater writes at most one byte past the stated size, and more
 *     data than stated is refused there: a record that lies about the size is
 *     corrupt, not a reason to write more;
 *   - the deflate stream must end exactly where the compressed bytes end: a
 *     truncated stream, or bytes after its end, is refused;
 *   - at the end, the size and the CRC-32 must be those stated.
 *
 * The sink sees the data before the CRC-32 is known: a caller keeps nothing
 * of a read that fails. Every fault of the data is ESEAL_EFORMAT (a corrupt
 * entry, told apart from an entry whose content was changed, which only a
 * digest shows); ESEAL_EIO when the package file cannot be read,
 * ESEAL_ENOMEM; a non-zero return of the sink stops the read and is returned
 * as it is.
 */
#ifndef ESEAL_OFD_ZIP_INFLATE_H
#define ESEAL_OFD_ZIP_INFLATE_H

#include <stdint.h>
#include <stdio.h>

#include "package.h"

#define ESEAL__ZIP_PIECE 65536

/* The package: its bytes in memory, or else the open file. */
typedef struct eseal__zip_source {
  const uint8_t *bytes;
  uint64_t len;
  FILE *file;
} eseal__zip_source;

/* One entry as the central directory states it, and where its data starts. */
typedef struct eseal__zip_entry {
  /* For messages. */
  const char *name;
  /* Offset of the compressed data (after the local header) in the package. */
  uint64_t offset;
  uint64_t comp_size;
  uint64_t size;
  uint32_t crc;
  int method;
  int encrypted;
} eseal__zip_entry;

int eseal__zip_inflate(const eseal__zip_source *src, const eseal__zip_entry *e,
                       eseal__ofd_sink sink, void *arg);

#endif
