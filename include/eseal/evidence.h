/*
 * libeseal — checking a usage-log evidence bundle offline.
 *
 * An evidence bundle (written by the usage log's export; byte format in
 * doc/usage-log.md, "Evidence bundles") carries usage records, each with its
 * inclusion proof, the signed checkpoint the proofs lead to, the log
 * signer's certificates and, optionally, other certificates the records
 * refer to. eseal_evidence_verify() checks it with no database:
 *
 *   1. the bundle is canonical CBOR of the documented shape, within limits;
 *   2. the checkpoint is a well-formed signed note, signed by one of the log
 *      certificates it carries, whose chain reaches an anchor of `ctx`
 *      trusted for ESEAL_ROLE_LOG_SIGNER and which was valid (with its chain
 *      and the anchor's trust window) at the checkpoint's time;
 *   3. every record decodes as a canonical usage record whose sequence number
 *      is its index in the tree, and its inclusion proof leads from its leaf
 *      hash to the checkpoint's root.
 *
 * The other certificates are only checked to be DER certificates; they are
 * carried so that a reader can verify the signatures the records name (with
 * eseal_verify()). What a valid bundle proves: the log operator's key
 * committed, at the checkpoint's time, to a log of tree-size records among
 * which these records sit at these positions. It does not prove that the log
 * holds every use (an operator may have left one out before logging), nor
 * anything about records not in the bundle.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_EVIDENCE_H
#define ESEAL_EVIDENCE_H

#include "cert.h"
#include "common.h"
#include "context.h"

ESEAL_BEGIN_DECL

/** The outcome of checking an evidence bundle (not thread-safe; immutable once made). */
typedef struct eseal_evidence eseal_evidence;

/**
 * Checks `bundle` against the trust of `ctx` and sets *out to the outcome,
 * also when the bundle is refused: like eseal_verify(), the verdict is in the
 * outcome, and a negative return means the check could not run (ESEAL_EINVAL
 * for NULL arguments, ESEAL_ENOMEM). Free the outcome with eseal_evidence_free().
 */
ESEAL_EXTERN(int) eseal_evidence_verify(eseal_evidence **out, const eseal_ctx *ctx,
                                        const uint8_t *bundle, size_t len);

/** 1 when every check passed, else 0. */
ESEAL_EXTERN(int) eseal_evidence_ok(const eseal_evidence *e);

/**
 * 0, or why the bundle was refused: ESEAL_EFORMAT / ESEAL_ELIMIT (not a
 * bundle, or a part of it malformed), ESEAL_ECERT (no signature by a trusted
 * log signer), ESEAL_ETAMPERED (a signature or proof does not fit).
 */
ESEAL_EXTERN(int) eseal_evidence_error(const eseal_evidence *e);

/** "" when ok, else a sentence naming the part refused and why (borrowed). */
ESEAL_EXTERN(const char *) eseal_evidence_reason(const eseal_evidence *e);

/**
 * The checkpoint's origin (the log's name), tree size, time (seconds since
 * the epoch) and tree hash ("SM3" or "SHA-256"); "", 0, 0 and "" when the
 * checkpoint could not be read. Trust them only when eseal_evidence_ok().
 */
ESEAL_EXTERN(const char *) eseal_evidence_origin(const eseal_evidence *e);
ESEAL_EXTERN(uint64_t) eseal_evidence_tree_size(const eseal_evidence *e);
ESEAL_EXTERN(int64_t) eseal_evidence_time(const eseal_evidence *e);
ESEAL_EXTERN(const char *) eseal_evidence_hash_name(const eseal_evidence *e);

/** The certificate whose key signed the checkpoint (borrowed), or NULL when not ok. */
ESEAL_EXTERN(const eseal_cert *) eseal_evidence_log_signer(const eseal_evidence *e);

/** The records carried (0 when the bundle could not be read). */
ESEAL_EXTERN(size_t) eseal_evidence_record_count(const eseal_evidence *e);

/** Record i's sequence number (its leaf index); 0 when i is out of range. */
ESEAL_EXTERN(uint64_t) eseal_evidence_record_seq(const eseal_evidence *e, size_t i);

/**
 * Record i's bytes as logged (canonical CBOR, doc/usage-log.md "Records"),
 * borrowed; NULL when i is out of range.
 */
ESEAL_EXTERN(const uint8_t *) eseal_evidence_record(const eseal_evidence *e, size_t i,
                                                    size_t *len);

/** The other certificates carried (seal makers', signers'), borrowed. */
ESEAL_EXTERN(size_t) eseal_evidence_cert_count(const eseal_evidence *e);
ESEAL_EXTERN(const eseal_cert *) eseal_evidence_cert(const eseal_evidence *e, size_t i);

/** Frees an outcome; NULL is accepted. */
ESEAL_EXTERN(void) eseal_evidence_free(eseal_evidence *e);

ESEAL_END_DECL

#endif
