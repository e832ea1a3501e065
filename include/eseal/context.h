/*
 * libeseal — the context: clock, SM2 distinguishing ID, trust anchors and
 * the pre-stamp checks. Configure it first, then share it between threads:
 * the eseal_ctx_set_* / eseal_ctx_add_* functions are not thread-safe, every
 * use of a configured context is.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_CONTEXT_H
#define ESEAL_CONTEXT_H

#include "cert.h"
#include "common.h"
#include "seal.h"

ESEAL_BEGIN_DECL

typedef struct eseal_ctx eseal_ctx;

/** The SM2 distinguishing ID used unless set otherwise (GM/T 0009): "1234567812345678". */
#define ESEAL_SM2_DEFAULT_ID "1234567812345678"

/** A new context: system clock, default SM2 ID, no trust anchors. */
ESEAL_EXTERN(int) eseal_ctx_new(eseal_ctx **out);

/** Frees a context; NULL is accepted. Objects made with it do not depend on it. */
ESEAL_EXTERN(void) eseal_ctx_free(eseal_ctx *ctx);

/** A clock: the current time in seconds since the epoch (UTC). */
typedef int64_t (*eseal_clock_fn)(void *payload);

/** Replaces the clock (NULL restores the system clock). */
ESEAL_EXTERN(int) eseal_ctx_set_clock(eseal_ctx *ctx, eseal_clock_fn clock, void *payload);

/** Freezes the clock at `utc_seconds` (tests, point-in-time work). */
ESEAL_EXTERN(int) eseal_ctx_set_fixed_time(eseal_ctx *ctx, int64_t utc_seconds);

/** The context's current time. */
ESEAL_EXTERN(int64_t) eseal_ctx_now(const eseal_ctx *ctx);

/**
 * Sets the SM2 distinguishing ID for signing and verifying seals and
 * signatures (1..8191 bytes). Certificate signatures in chains are always
 * checked with ESEAL_SM2_DEFAULT_ID, which certification authorities use.
 */
ESEAL_EXTERN(int) eseal_ctx_set_sm2_id(eseal_ctx *ctx, const uint8_t *id, size_t len);

/** The SM2 distinguishing ID in use, borrowed. */
ESEAL_EXTERN(const uint8_t *) eseal_ctx_sm2_id(const eseal_ctx *ctx, size_t *len);

/** Which code verifies SM2 signatures of seals and stamps. */
typedef enum eseal_sm2_verifier {
  /** The library's own variable-time verifier (the default): several times faster. */
  ESEAL_SM2_VERIFIER_BUILTIN = 0,
  /** OpenSSL's, for comparison or as a fallback. The answers are the same. */
  ESEAL_SM2_VERIFIER_OPENSSL = 1
} eseal_sm2_verifier;

/**
 * Chooses the SM2 verifier for the maker and signer signatures (certificate
 * chains are always checked by OpenSSL). ESEAL_EINVAL for an unknown value.
 * Set it before sharing the context between threads.
 */
ESEAL_EXTERN(int) eseal_ctx_set_sm2_verifier(eseal_ctx *ctx, eseal_sm2_verifier verifier);

/** The SM2 verifier in use. */
ESEAL_EXTERN(eseal_sm2_verifier) eseal_ctx_sm2_verifier(const eseal_ctx *ctx);

/**
 * Adds trust anchors (the roots the national seal platform publishes) with
 * the default roles, ESEAL_ROLES_DEFAULT (eseal/trust.h; prefer
 * eseal_ctx_add_trust_path_roles() or a trust list): a PEM bundle, a single
 * DER certificate, or a directory whose *.pem, *.crt, *.cer and *.der files
 * are read. ESEAL_EIO when unreadable; ESEAL_EFORMAT when a file holds no
 * certificate or a bundle has a damaged certificate block (named in the
 * message); ESEAL_ENOTFOUND when a directory has none. In a directory, a file
 * that holds no certificate is skipped and noted (eseal_ctx_trust_note()).
 */
ESEAL_EXTERN(int) eseal_ctx_add_trust_path(eseal_ctx *ctx, const char *path);

/** Adds one trust anchor with the default roles, ESEAL_ROLES_DEFAULT. */
ESEAL_EXTERN(int) eseal_ctx_add_trust_cert(eseal_ctx *ctx, const eseal_cert *cert);

/** The number of trust anchors. */
ESEAL_EXTERN(size_t) eseal_ctx_trust_count(const eseal_ctx *ctx);

/**
 * Adds intermediate CA certificates (not trusted, only used to build chains):
 * the same inputs as eseal_ctx_add_trust_path().
 */
ESEAL_EXTERN(int) eseal_ctx_add_intermediate_path(eseal_ctx *ctx, const char *path);

/** Adds one intermediate CA certificate (not trusted; the context takes a reference). */
ESEAL_EXTERN(int) eseal_ctx_add_intermediate_cert(eseal_ctx *ctx, const eseal_cert *cert);

/**
 * Accepts a critical extension (a dotted OID) in seals and signatures whose
 * meaning the caller has checked or does not care about. Without it, a critical
 * extension the library does not know makes the result INDETERMINATE /
 * SIG_CONSTRAINTS_FAILURE; with it, the extensions check is a WARNING that
 * names the OID. doc/verification.md lists the vendor OIDs accepted by default.
 */
ESEAL_EXTERN(int) eseal_ctx_accept_critical_extension(eseal_ctx *ctx, const char *oid);

/**
 * A pre-stamp check: called by eseal_stamp() after the built-in checks and
 * before anything is signed, with the seal, the signer certificate and the
 * signing time. Return 0 to allow, or a negative code (after raising a
 * message through eseal_stamp_check_refuse()) to refuse the stamping.
 * Revocation, seal state and risk policy plug in here.
 */
typedef int (*eseal_stamp_check_fn)(void *payload, const eseal_ctx *ctx, const eseal_seal *seal,
                                    const eseal_cert *signer, int64_t signing_time);

/** Appends a pre-stamp check; checks run in the order they were added. At most 32. */
ESEAL_EXTERN(int) eseal_ctx_add_stamp_check(eseal_ctx *ctx, const char *name,
                                            eseal_stamp_check_fn check, void *payload);

/**
 * The context's caches, which spare work that gives the same answer every
 * time: parsed certificates (by the SHA-256 of their DER), chains built for a
 * certificate under the context's anchors and intermediates, with the
 * certificates a timestamp token or signed object carries as part of the key
 * (validity periods and revocation are still judged by each verification;
 * adding anchors or intermediates forgets them), a seal's maker signature
 * check (by the SM2 ID and the seal's bytes as received, compared whole),
 * which stamping uses too, and SM3's state after Z and the start of a stamp's
 * TBS_Sign up to the end of its seal, which all stamps of a seal share (Z and
 * those bytes compared whole). Certificates and chains hold at most 1024
 * entries each, seals and digests 256, of seals up to 64 KiB. A cache never
 * changes a report.
 */
/** The context's caches (doc/performance.md). */
typedef enum eseal_cache_kind {
  ESEAL_CACHE_CERTS = 0,  /**< Parsed certificates, by the hash of their DER. */
  ESEAL_CACHE_CHAINS = 1, /**< Chains built to the anchors, judged again at each use. */
  ESEAL_CACHE_SEALS = 2,  /**< Maker signature checks, by the seal's bytes. */
  ESEAL_CACHE_DIGESTS = 3 /**< SM3 states after the seal that starts its stamps' signed bytes. */
} eseal_cache_kind;

/** One cache's counters (eseal_ctx_cache_stats()). */
typedef struct eseal_cache_stats {
  /** Lookups answered from the cache. */
  uint64_t hits;
  /** Lookups that were not. */
  uint64_t misses;
  /** Entries held now. */
  uint64_t entries;
} eseal_cache_stats;

/**
 * Turns the caches on (the default) or off; turning them off empties them.
 * Not thread-safe, like the other setters.
 */
ESEAL_EXTERN(int) eseal_ctx_set_caches(eseal_ctx *ctx, int enabled);

/** A cache's counters since the context was made. ESEAL_EINVAL for an unknown kind. */
ESEAL_EXTERN(int) eseal_ctx_cache_stats(const eseal_ctx *ctx, eseal_cache_kind kind,
                                        eseal_cache_stats *out);

/** Raises `code` with `message` as the thread's last error and returns `code`. */
ESEAL_EXTERN(int) eseal_stamp_check_refuse(int code, const char *message);

ESEAL_END_DECL

#endif
