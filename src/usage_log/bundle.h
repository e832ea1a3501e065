/*
 * Evidence bundles: records of the usage log with their inclusion proofs, the
 * signed checkpoint they lead to and the certificates needed to check it, in
 * one canonical CBOR item (RFC 8949 §4.2, definite lengths, shortest heads,
 * map keys ascending). doc/usage-log.md, "Evidence bundles":
 *
 *   bundle = {
 *     0: 1,                      ; format version
 *     1: bstr,                   ; the signed checkpoint note (checkpoint.h)
 *     2: [+ entry],              ; ascending, distinct indexes
 *     3: [+ bstr],               ; log certificates (DER): the signer's, and CA certificates
 *     ? 4: [+ bstr],             ; other certificates (DER) the records refer to
 *   }
 *   entry = [ index: uint, record: bstr, path: [* bstr .size 32] ]
 *
 * The decoder accepts exactly what the encoder writes (it encodes what it
 * decoded again and compares), within the limits below (ESEAL_ELIMIT).
 * Floor 4 (usage_log/): uses core/ and libcbor.
 */
#ifndef ESEAL_USAGE_LOG_BUNDLE_H
#define ESEAL_USAGE_LOG_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/common.h"
#include "../core/arena.h"

#define ESEAL__BUNDLE_VERSION 1
#define ESEAL__BUNDLE_MAX (16u * 1024u * 1024u) /* bytes of a bundle */
#define ESEAL__BUNDLE_ENTRIES_MAX 4096u
#define ESEAL__BUNDLE_CERTS_MAX 16u          /* in each certificate list */
#define ESEAL__BUNDLE_CERT_MAX (64u * 1024u) /* bytes of one certificate */

typedef struct eseal__blob {
  const uint8_t *ptr;
  size_t len;
} eseal__blob;

typedef struct eseal__bundle_entry {
  uint64_t index;              /* the record's leaf index (its sequence number) */
  eseal__blob record;          /* the record's bytes as logged */
  const uint8_t (*path)[32];   /* its inclusion proof in the checkpoint's tree */
  size_t path_len;
} eseal__bundle_entry;

typedef struct eseal__bundle {
  eseal__blob checkpoint;
  const eseal__bundle_entry *entries;
  size_t entry_count;
  const eseal__blob *log_certs;
  size_t log_cert_count;
  const eseal__blob *other_certs; /* may be 0 */
  size_t other_cert_count;
} eseal__bundle;

/*
 * The canonical encoding of `b` (what eseal_usage_log export writes). The
 * entries must be in ascending index order. ESEAL_EINVAL raised when `b` is
 * outside what the decoder accepts, so that whatever is written reads back.
 */
int eseal__bundle_encode(const eseal__bundle *b, eseal_buf *out);

/*
 * Decodes a bundle; the blobs point into `data`, the tables live in `arena`
 * (released by the caller, also on failure). 0, ESEAL_EFORMAT, ESEAL_ELIMIT
 * (raised) or ESEAL_ENOMEM. Nothing is verified but the form.
 */
int eseal__bundle_decode(const uint8_t *data, size_t len, eseal__bundle *out,
                         eseal__arena *arena);

#endif
