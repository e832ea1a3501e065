/*
 * The usage log on a store (floor 4, usage_log/; uses storage/, crypto/,
 * context/ and core/). Per tenant it keeps, in the store:
 *
 *   log  "usage"            the records, canonical CBOR (record.h), seq 0, 1, 2, …
 *   area "usage.leaf"       seq (8 bytes, big-endian) -> the record's Merkle leaf hash
 *                           (a cache for roots and proofs; `verify` recomputes it)
 *   area "usage.salt"       "v1" -> the tenant's 32-byte index salt (made on first use)
 *   area "usage.pindex"     index key -> pseudonym          (erasable, pseudonym.c)
 *   area "usage.personal"   pseudonym -> clear value        (erasable, pseudonym.c)
 *   area "usage.checkpoint" tree size (8 bytes, big-endian) -> signed checkpoint note
 *   area "usage.logcert"    SM3 of a certificate -> that log-signer certificate (DER)
 *   area "usage.srvtime"    seq (8 bytes, big-endian) -> the store's server clock at the
 *                           append, Unix milliseconds (8, big-endian); written only
 *                           by stores with a shared clock (PostgreSQL), outside the
 *                           record and its hash: the record's time stays the node's
 */
#ifndef ESEAL_USAGE_LOG_USAGE_LOG_H
#define ESEAL_USAGE_LOG_USAGE_LOG_H

#include <stdint.h>

#include "eseal/context.h"
#include "eseal/usage_log.h"
#include "../storage/store.h"

#define ESEAL__USAGE_LOG "usage"
#define ESEAL__USAGE_AREA_LEAF "usage.leaf"
#define ESEAL__USAGE_AREA_SALT "usage.salt"
#define ESEAL__USAGE_AREA_PINDEX "usage.pindex"
#define ESEAL__USAGE_AREA_PERSONAL "usage.personal"
#define ESEAL__USAGE_AREA_CHECKPOINT "usage.checkpoint"
#define ESEAL__USAGE_AREA_LOGCERT "usage.logcert"
#define ESEAL__USAGE_AREA_SERVER_TIME "usage.srvtime"

/*
 * Appends `rec` to the usage log of `tenant` inside the caller's writable
 * transaction, so that the caller's state change and its record commit (or
 * roll back) together. Personal values become pseudonyms (pseudonym.c); the
 * time is the context clock's when rec->time is 0. When the store has a
 * shared clock, its time is kept beside the record ("usage.srvtime"). *seq (may be NULL)
 * receives the record's sequence number. 0, ESEAL_EINVAL (a field outside
 * the record format, named in the message), ESEAL_EVERSION, or a store error.
 */
int eseal__usage_append(eseal__txn *txn, const eseal_ctx *ctx, const char *tenant,
                        const eseal_usage_record *rec, uint64_t *seq);

/* The 8-byte big-endian key of a sequence number or tree size. */
void eseal__usage_u64_key(uint64_t v, uint8_t key[8]);

#endif
