/*
 * libeseal — verification of signatures and seals (GM/T 0031 §6, GB/T 38540).
 *
 * A verdict is not an error: these functions return 0 whenever they produced
 * a report, whatever it says. A negative code means the verification could
 * not run (bad arguments, out of memory).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_VERIFY_H
#define ESEAL_VERIFY_H

#include "common.h"
#include "context.h"
#include "report.h"
#include "seal.h"
#include "signature.h"
#include "stamp.h"

ESEAL_BEGIN_DECL

/** When the maker certificate must be valid. */
typedef enum eseal_maker_time_policy {
  /** At the seal's creation date (GM/T 0031-2025): the default. */
  ESEAL_MAKER_AT_CREATION = 1,
  /** At the signing time (for a seal alone: the validation time). */
  ESEAL_MAKER_AT_SIGNING = 2
} eseal_maker_time_policy;

/**
 * How claimed times count (doc/verification.md, "Times"). A claimed time
 * (timeInfo, createDate) is the signer's or maker's own word; proof of
 * existence (POE) is a time something else vouches for.
 */
typedef enum eseal_time_policy {
  /**
   * The default, as EU DSS and pyHanko do: certificates and the seal must be
   * valid at the claimed time, and something must prove the signature existed
   * before they expired (a verified timestamp or a POE given by the caller);
   * otherwise INDETERMINATE / OUT_OF_BOUNDS_NO_POE. A claimed time later than
   * the validation time (beyond the clock skew) is NOT_OK.
   */
  ESEAL_TIME_POLICY_POE = 1,
  /**
   * "claimed-time": GM/T 0031 §6.2.3 d) read literally; validity at the
   * claimed time suffices, and a later expiry is a WARNING.
   */
  ESEAL_TIME_POLICY_CLAIMED = 2
} eseal_time_policy;

/** Which algorithms and key sizes count (doc/verification.md, "Crypto policy"). */
typedef enum eseal_crypto_policy {
  /**
   * SM2 with SM3; RSA of 2048 bits or more; ECDSA on P-256, P-384 or P-521;
   * SHA-256 and stronger digests, in signatures, certificates and certList
   * digests; the dataHash made with the digest the signature algorithm implies.
   * Anything else is INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE.
   */
  ESEAL_CRYPTO_POLICY_DEFAULT = 1,
  /** For archives: old algorithms are accepted with a WARNING. */
  ESEAL_CRYPTO_POLICY_LEGACY = 2
} eseal_crypto_policy;

/**
 * Strict: quirks (see doc/parsing.md) make the format check fail instead of
 * warn, and a maker certificate whose extended key usage is serverAuth only
 * is refused instead of reported.
 */
#define ESEAL_VERIFY_STRICT 0x1u
/**
 * Hard-fail for every certificate class in this verification: without
 * revocation status the result is INDETERMINATE / TRY_LATER instead of a
 * WARNING (the context's eseal_revocation_config says so per class).
 */
#define ESEAL_VERIFY_REQUIRE_REVOCATION 0x2u

/** The clock skew allowed when none is set: a claimed time up to 5 minutes ahead. */
#define ESEAL_DEFAULT_CLOCK_SKEW 300
/** For clock_skew: allow none. */
#define ESEAL_CLOCK_SKEW_NONE (-1)

#define ESEAL_VERIFY_OPTIONS_VERSION 4
/** Tokens a verification accepts in poe_tokens. */
#define ESEAL_MAX_POE_TOKENS 16

/** How eseal_verify() judges. Start from ESEAL_VERIFY_OPTIONS_INIT. */
typedef struct eseal_verify_options {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  unsigned int flags; /**< ESEAL_VERIFY_* flags, or 0. */
  /** The validation time; 0 = the context clock. */
  int64_t validation_time;
  /** 0 = ESEAL_MAKER_AT_CREATION. */
  eseal_maker_time_policy maker_time;
  /* Version 2. */
  /**
   * What the input must be: ESEAL_KIND_SIGNATURE or ESEAL_KIND_SEAL; anything
   * else gives TOTAL_FAILED / FORMAT_FAILURE. ESEAL_KIND_UNKNOWN (0): either.
   */
  eseal_kind expect;
  /** 0 = ESEAL_TIME_POLICY_POE. */
  eseal_time_policy time_policy;
  /** 0 = ESEAL_CRYPTO_POLICY_DEFAULT. */
  eseal_crypto_policy crypto_policy;
  /** Seconds a claimed time may lie after the validation time; 0 = ESEAL_DEFAULT_CLOCK_SKEW. */
  int64_t clock_skew;
  /**
   * A proof of existence the caller holds: the signature is known to have
   * existed at this time (0: none), and where that comes from (an archive
   * system, a log inclusion proof), named in the report. Borrowed for the call.
   */
  int64_t poe_time;
  const char *poe_source; /**< Where poe_time comes from, named in the report. */
  /* Version 3. */
  /**
   * With a store on the context: the tenant whose registry the seal.state
   * check asks (NULL = ESEAL_STORE_DEFAULT_TENANT). Without a store there is
   * no seal.state check.
   */
  const char *tenant;
  /* Version 4. */
  /**
   * RFC 3161 timestamp tokens the caller kept over the signature, for
   * archives (doc/timestamps.md): the first over the SES_Signature's DER (or
   * its signature value), each next one over the previous token's DER, made
   * before that token's TSA certificate expired (a renewal). When all
   * verify, the first one's genTime is a proof of existence (check
   * poe.token). At most ESEAL_MAX_POE_TOKENS; borrowed for the call.
   */
  const uint8_t *const *poe_tokens;
  const size_t *poe_token_lens; /**< Their lengths. */
  size_t poe_token_count;       /**< How many. */
} eseal_verify_options;

#define ESEAL_VERIFY_OPTIONS_INIT                                                           \
  {ESEAL_VERIFY_OPTIONS_VERSION, 0, 0, ESEAL_MAKER_AT_CREATION, ESEAL_KIND_UNKNOWN,       \
   ESEAL_TIME_POLICY_POE, ESEAL_CRYPTO_POLICY_DEFAULT, 0, 0, NULL, NULL, NULL, NULL, 0}

/** "poe" or "claimed-time"; NULL for an unknown value. */
ESEAL_EXTERN(const char *) eseal_time_policy_name(eseal_time_policy policy);
/** "default" or "legacy"; NULL for an unknown value. */
ESEAL_EXTERN(const char *) eseal_crypto_policy_name(eseal_crypto_policy policy);

/**
 * Fills `opts` with the defaults. `version` is the caller's
 * ESEAL_VERIFY_OPTIONS_VERSION; versions 1 (the first four members), 2
 * (up to poe_source) and 3 (up to tenant) are still accepted here and by the
 * verify functions.
 */
ESEAL_EXTERN(int) eseal_verify_options_init(eseal_verify_options *opts, unsigned int version);

/**
 * Verifies a signature. `data` may be NULL: the data.hash check is then
 * skipped and the best result is INDETERMINATE / SIGNED_DATA_NOT_FOUND.
 * With opts->expect = ESEAL_KIND_SEAL the result is FORMAT_FAILURE.
 */
ESEAL_EXTERN(int) eseal_verify(eseal_report **out, const eseal_ctx *ctx, const eseal_signature *sig,
                               const eseal_data *data, const eseal_verify_options *opts);

/**
 * Verifies a seal on its own, at the validation time. With opts->expect =
 * ESEAL_KIND_SIGNATURE the result is FORMAT_FAILURE.
 */
ESEAL_EXTERN(int) eseal_verify_seal(eseal_report **out, const eseal_ctx *ctx,
                                    const eseal_seal *seal, const eseal_verify_options *opts);

/**
 * Parses `input` (a seal or a signature) and verifies it. Input that does not
 * parse gives a report with the format check NOT_OK (TOTAL_FAILED /
 * FORMAT_FAILURE) rather than an error. A seal covers no data: given `data`,
 * a seal gives INDETERMINATE / SIGNED_DATA_NOT_FOUND (no signature over the
 * data was found), never TOTAL_PASSED.
 */
ESEAL_EXTERN(int) eseal_verify_bytes(eseal_report **out, const eseal_ctx *ctx,
                                     const uint8_t *input, size_t len, const eseal_data *data,
                                     const eseal_verify_options *opts);

/** The most threads eseal_verify_batch() runs. */
#define ESEAL_VERIFY_BATCH_MAX_JOBS 64

/**
 * Verifies `n` inputs with up to `jobs` threads sharing `ctx` (the calling
 * thread is one of them): reports[i] is what
 * eseal_verify_bytes(&reports[i], ctx, inputs[i], lens[i], data ? data[i] : NULL, opts)
 * gives, whichever thread ran it, so the reports are those of serial calls.
 * `reports` is the caller's array of `n` pointers; each report is the
 * caller's, freed with eseal_report_free(). `data` may be NULL (no data for
 * any input) and data[i] may be NULL; the data objects are only read, and
 * one may be given for several inputs. `jobs`: 0 = one per online
 * processor; at most ESEAL_VERIFY_BATCH_MAX_JOBS and at most `n`; 1 runs
 * everything in the calling thread.
 *
 * 0 when every input has its report. Otherwise the error of the first input
 * (in input order) that could not be verified (ESEAL_EINVAL: a NULL input
 * with a length; ESEAL_ENOMEM), its index named in the message, and every
 * reports[i] NULL. ESEAL_EINVAL for NULL `reports`, `ctx`, `inputs` or
 * `lens` with n > 0.
 */
ESEAL_EXTERN(int) eseal_verify_batch(eseal_report **reports, const eseal_ctx *ctx,
                                     const uint8_t *const *inputs, const size_t *lens,
                                     const eseal_data *const *data, size_t n, unsigned int jobs,
                                     const eseal_verify_options *opts);

ESEAL_END_DECL

#endif
