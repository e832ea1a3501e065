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

/** Quirks (see doc/parsing.md) make the format check fail instead of warn. */
#define ESEAL_VERIFY_STRICT 0x1u
/** Without revocation status the result is INDETERMINATE / TRY_LATER instead of a skipped check. */
#define ESEAL_VERIFY_REQUIRE_REVOCATION 0x2u

#define ESEAL_VERIFY_OPTIONS_VERSION 1

typedef struct eseal_verify_options {
  unsigned int version;
  unsigned int flags;
  /** The validation time; 0 = the context clock. */
  int64_t validation_time;
  /** 0 = ESEAL_MAKER_AT_CREATION. */
  eseal_maker_time_policy maker_time;
} eseal_verify_options;

#define ESEAL_VERIFY_OPTIONS_INIT {ESEAL_VERIFY_OPTIONS_VERSION, 0, 0, ESEAL_MAKER_AT_CREATION}

ESEAL_EXTERN(int) eseal_verify_options_init(eseal_verify_options *opts, unsigned int version);

/**
 * Verifies a signature. `data` may be NULL: the data.hash check is then
 * skipped and the best result is INDETERMINATE / SIGNED_DATA_NOT_FOUND.
 */
ESEAL_EXTERN(int) eseal_verify(eseal_report **out, const eseal_ctx *ctx, const eseal_signature *sig,
                               const eseal_data *data, const eseal_verify_options *opts);

/** Verifies a seal on its own, at the validation time. */
ESEAL_EXTERN(int) eseal_verify_seal(eseal_report **out, const eseal_ctx *ctx,
                                    const eseal_seal *seal, const eseal_verify_options *opts);

/**
 * Parses `input` (a seal or a signature) and verifies it. Input that does not
 * parse gives a report with the format check NOT_OK (TOTAL_FAILED /
 * FORMAT_FAILURE) rather than an error. `data` is ignored for a seal.
 */
ESEAL_EXTERN(int) eseal_verify_bytes(eseal_report **out, const eseal_ctx *ctx,
                                     const uint8_t *input, size_t len, const eseal_data *data,
                                     const eseal_verify_options *opts);

ESEAL_END_DECL

#endif
