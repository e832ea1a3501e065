/* The eseal_data object: the hashes of the protected data. */
#ifndef ESEAL_STAMP_DATA_H
#define ESEAL_STAMP_DATA_H

#include <pthread.h>
#include <sys/types.h>

#include "eseal/stamp.h"
#include "../crypto/digest.h"

/* The digests an eseal_data may hold. */
#define ESEAL__DATA_SM3 1u
#define ESEAL__DATA_SHA256 2u
#define ESEAL__DATA_SHA1 4u
#define ESEAL__DATA_ALL 7u

struct eseal_data {
  /* 1 when only a precomputed hash is known. */
  int hash_only;
  /* Which digests are computed (ESEAL__DATA_*): all for bytes, which are not
   * kept; SM3 for a regular file, whose other digests are computed when a
   * signature needs them, under `lock`; read and written with __atomic
   * builtins (this header is read by C++ tests too). */
  unsigned int have;
  /* A regular file's path, and what it was when read: it is read again only
   * while it is still that file (device, inode, size). */
  char *path;
  dev_t dev;
  ino_t ino;
  off_t size;
  pthread_mutex_t lock;
  uint8_t sm3[32];
  uint8_t sha256[32];
  uint8_t sha1[20];
  uint8_t given[ESEAL__DIGEST_MAX];
  size_t given_len;
};

/*
 * Makes sure the digests `want` (ESEAL__DATA_*) of `d` are computed: a file's
 * are computed by reading it again, and its SM3 must come out as before.
 * 0, or ESEAL_EIO (raised) when the file cannot be read or changed.
 */
int eseal__data_ensure(const eseal_data *d, unsigned int want);

/*
 * Compares `data_hash` with the data: a precomputed hash byte for byte (the
 * lengths must be equal), else the hash of the same length (SM3 first, then
 * SHA-256, for 32 bytes; SHA-1 for 20), computing a file's SHA-256 or SHA-1
 * only when needed. Returns 1 when equal, 0 when not, or ESEAL_EIO (raised)
 * from eseal__data_ensure().
 *
 * *name is always set, to a static phrase (never NULL) naming what dataHash
 * was compared with, article included, so that it reads as
 * "dataHash equals %s" or "dataHash (N bytes) differs from %s":
 *   "the given precomputed hash"
 *   "the given precomputed hash, which has another length"
 *   "the SHA-1 hash of the data"
 *   "the SM3 hash of the data" / "the SHA-256 hash of the data" (equal)
 *   "the SM3 and SHA-256 hashes of the data" (32 bytes, equal to neither)
 *   "no hash of the data (a dataHash of that length matches no supported
 *    digest: SHA-1 has 20 bytes, SM3 and SHA-256 have 32)"
 */
int eseal__data_matches(const eseal_data *d, const uint8_t *data_hash, size_t len,
                        const char **name);

/*
 * The digest of the data that `data_hash` equals (SM3, SHA-256 or SHA-1), for
 * the crypto policy; NULL when none does or only a precomputed hash is known.
 */
const EVP_MD *eseal__data_digest_matched(const eseal_data *d, const uint8_t *data_hash,
                                         size_t len);

#endif
