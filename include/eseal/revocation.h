/*
 * libeseal — revocation status (CRL, OCSP) of the certificates behind a
 * stamp, and how a context looks it up. doc/revocation.md.
 *
 * Offline is the default: only the CRLs and OCSP responses given to the
 * context (and its cache) count. Online mode also fetches, through the
 * context's fetcher (sys/fetcher.h), from the certificates' CRL distribution
 * points and OCSP responders, for certificates that already chain to an
 * anchor, under the egress rules.
 *
 * Thread safety: configure a context before sharing it; lookups from several
 * threads are safe (the cache and the counters lock).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_REVOCATION_H
#define ESEAL_REVOCATION_H

#include "cert.h"
#include "common.h"
#include "context.h"
#include "sys/fetcher.h"

ESEAL_BEGIN_DECL

typedef enum eseal_revocation_mode {
  /** The default: given CRLs and OCSP responses, and the cache. */
  ESEAL_REVOCATION_OFFLINE = 0,
  /** Also fetch CRLs and OCSP responses (and AIA issuers) through the fetcher. */
  ESEAL_REVOCATION_ONLINE = 1,
  /** No revocation check at all: the checks are SKIPPED and say so. */
  ESEAL_REVOCATION_OFF = 2
} eseal_revocation_mode;

/** The classes of certificates, each with its own policy. */
typedef enum eseal_cert_class {
  ESEAL_CERT_CLASS_SIGNER = 0,
  ESEAL_CERT_CLASS_MAKER = 1,
  /** Intermediate CAs of any chain. */
  ESEAL_CERT_CLASS_CA = 2,
  /** Timestamp authorities' certificates. */
  ESEAL_CERT_CLASS_TSA = 3
} eseal_cert_class;
#define ESEAL_CERT_CLASS_COUNT 4

/**
 * What a missing status means once revocation is configured. A context the
 * caller never configured (no eseal_ctx_set_revocation(), no source) reports
 * a missing status as a WARNING, "no source configured".
 */
typedef enum eseal_revocation_failure {
  /** No status: INDETERMINATE / TRY_LATER. The default for every class. */
  ESEAL_REVOCATION_HARD_FAIL = 0,
  /** No status: a WARNING in the report (never silent). */
  ESEAL_REVOCATION_SOFT_FAIL = 1
} eseal_revocation_failure;

typedef enum eseal_revocation_order {
  /** The default: OCSP, then CRLs when OCSP gives no answer. */
  ESEAL_REVOCATION_OCSP_FIRST = 0,
  ESEAL_REVOCATION_CRL_FIRST = 1
} eseal_revocation_order;

#define ESEAL_REVOCATION_CONFIG_VERSION 1

/** How a context looks revocation up (eseal_ctx_set_revocation()). Start from eseal_revocation_config_init(). */
typedef struct eseal_revocation_config {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  eseal_revocation_mode mode; /**< Offline (the default), online or off. */
  /** Per eseal_cert_class. */
  eseal_revocation_failure failure[ESEAL_CERT_CLASS_COUNT];
  eseal_revocation_order order[ESEAL_CERT_CLASS_COUNT]; /**< Per eseal_cert_class: OCSP or CRL first. */
  /** Online: loopback, private and link-local targets are allowed. */
  int allow_private_targets;
  /** Online: each fetch's time limit (0 = 5000 ms) and size limit (0 = 8 MiB). */
  long timeout_ms;
  size_t max_response_bytes; /**< The size limit. */
  /** Online: send an OCSP nonce (off by default; a mismatch fails, absence warns). */
  int ocsp_nonce;
  /** Online: ask this OCSP responder for every certificate instead of the AIA one (NULL: none; copied). */
  const char *ocsp_url;
  /** An OCSP response without nextUpdate counts for this long after thisUpdate (0 = 86400 s). */
  int64_t ocsp_max_age;
} eseal_revocation_config;

/** Fills `cfg` with the defaults (offline, hard-fail, OCSP first). */
ESEAL_EXTERN(int) eseal_revocation_config_init(eseal_revocation_config *cfg, unsigned int version);

/**
 * Sets the revocation policy of `ctx` (copied). Setting it (or adding a CRL
 * or OCSP response) makes stamping fail-closed: before anything is signed,
 * a revoked signer or chain certificate refuses with ESEAL_EREVOKED and an
 * unknown status with ESEAL_ESTATUS, whatever the soft-fail setting, which
 * concerns verification. Online mode without a fetcher set creates the
 * libcurl one. 0, ESEAL_EINVAL, ESEAL_EVERSION, ESEAL_EUNSUPPORTED, ESEAL_ENOMEM.
 */
ESEAL_EXTERN(int) eseal_ctx_set_revocation(eseal_ctx *ctx, const eseal_revocation_config *cfg);

/** The context's policy, copied into `cfg` (its ocsp_url borrowed from the context). */
ESEAL_EXTERN(int) eseal_ctx_revocation(const eseal_ctx *ctx, eseal_revocation_config *cfg);

/** Sets the fetcher (the context takes it over and frees it; NULL = none). */
ESEAL_EXTERN(int) eseal_ctx_set_fetcher(eseal_ctx *ctx, eseal_fetcher *fetcher);

/**
 * Adds CRLs (DER, or PEM with one or more X509 CRL blocks) as an offline
 * source. They are checked when used (signature, scope, times), not here.
 * At most 64 MiB and 64 CRLs an input, 1,024 CRLs a context; all the CRLs
 * of the input are added, or none. 0, ESEAL_EFORMAT, ESEAL_ELIMIT, ESEAL_ENOMEM.
 */
ESEAL_EXTERN(int) eseal_ctx_add_crl(eseal_ctx *ctx, const uint8_t *data, size_t len);
ESEAL_EXTERN(int) eseal_ctx_add_crl_file(eseal_ctx *ctx, const char *path);

/** Adds an OCSP response (DER OCSPResponse) as an offline source. */
ESEAL_EXTERN(int) eseal_ctx_add_ocsp_response(eseal_ctx *ctx, const uint8_t *data, size_t len);
ESEAL_EXTERN(int) eseal_ctx_add_ocsp_response_file(eseal_ctx *ctx, const char *path);

/** The largest report a context loads validation data from. */
#define ESEAL_MAX_VALIDATION_DATA_BYTES (64u << 20)

/**
 * Loads the validation data of an earlier report, given as its JSON
 * (eseal_report_to_json(), or an OFD report, whose signatures' reports are
 * read too): its CRLs and OCSP responses become offline sources and its
 * certificates intermediates (never anchors: trust still comes from the
 * caller). *validation_time (may be NULL) gets the report's validation
 * time, so a verification can be re-run as it was (doc/revocation.md,
 * "Re-running offline"). All or nothing: every item is decoded and checked,
 * and the sources' limits (1,024 CRLs and 1,024 OCSP responses a context,
 * 64 CRLs an item) are checked for the whole document, before any is added;
 * on any failure the context is left as it was. 0, ESEAL_EFORMAT (not a
 * report, bad base64 or DER), ESEAL_ELIMIT (beyond
 * ESEAL_MAX_VALIDATION_DATA_BYTES or the sources' limits), ESEAL_ENOMEM.
 */
ESEAL_EXTERN(int) eseal_ctx_load_validation_data(eseal_ctx *ctx, const uint8_t *json, size_t len,
                                                 int64_t *validation_time);

/** The revocation status of one certificate. */
typedef enum eseal_cert_status_value {
  ESEAL_CERT_STATUS_GOOD = 1,
  ESEAL_CERT_STATUS_REVOKED = 2,
  /** No usable answer: none configured, the sources did not know it, or they failed. */
  ESEAL_CERT_STATUS_UNKNOWN = 3
} eseal_cert_status_value;

/** CRLReason (RFC 5280 §5.3.1); ESEAL_REASON_ABSENT when the source gave none. */
#define ESEAL_REASON_ABSENT (-1)

/** A certificate's status and where it came from (eseal_cert_status_lookup()). */
typedef struct eseal_cert_status {
  eseal_cert_status_value status; /**< Good, revoked, unknown or no answer. */
  /** For REVOKED: when, and why (CRLReason or ESEAL_REASON_ABSENT). */
  int64_t revocation_time;
  int reason; /**< The CRLReason, or ESEAL_REASON_ABSENT. */
  /** The answer's window (0 = none) and where it came from: "crl", "delta-crl", "ocsp", "cache". */
  int64_t this_update;
  int64_t next_update; /**< The window's end; 0 = none. */
  char source[16];     /**< "crl", "delta-crl", "ocsp" or "cache". */
  /** For people: the responder or CRL issuer, or why there is no answer. */
  char message[512];
} eseal_cert_status;

/**
 * Looks up the status of `cert` with sources current at `at` (0 = the
 * context clock) under the context's policy and sources (online mode may
 * fetch). `issuer` may be NULL: it is then found among the context's anchors
 * and intermediates. A revocation is reported whatever its time (it is never
 * undone): compare revocation_time with the time that matters to you. The
 * answer is in *out whatever it is; the return is 0, ESEAL_EINVAL or ESEAL_ENOMEM.
 */
ESEAL_EXTERN(int) eseal_cert_status_lookup(const eseal_ctx *ctx, const eseal_cert *cert,
                                           const eseal_cert *issuer, int64_t at,
                                           eseal_cert_status *out);

/** "unspecified", "keyCompromise", … or NULL for a value RFC 5280 does not define. */
ESEAL_EXTERN(const char *) eseal_revocation_reason_name(int reason);

/** A context's revocation counters since it was made (eseal_ctx_revocation_stats()). */
typedef struct eseal_revocation_stats {
  uint64_t cache_hits;     /**< Answers found in the cache. */
  uint64_t cache_misses;   /**< Lookups the cache could not answer. */
  uint64_t fetches;        /**< CRLs, OCSP responses and certificates fetched online. */
  uint64_t fetch_failures; /**< Fetches that failed (network, egress rules, limits). */
} eseal_revocation_stats;

/** The context's counters since it was made. */
ESEAL_EXTERN(int) eseal_ctx_revocation_stats(const eseal_ctx *ctx, eseal_revocation_stats *out);

ESEAL_END_DECL

#endif
