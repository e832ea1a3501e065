/*
 * libeseal — what seals and signatures have in common: format versions,
 * parse options, sniffing, extension lists and parse warnings.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_FORMAT_H
#define ESEAL_FORMAT_H

#include "common.h"

ESEAL_BEGIN_DECL

/**
 * The format family of a seal or signature, told apart by structure:
 * V1 = GM/T 0031-2014, V4 = GB/T 38540-2020, V5 = GM/T 0031-2025.
 */
typedef enum eseal_format_version {
  ESEAL_FORMAT_UNKNOWN = 0,
  ESEAL_FORMAT_V1 = 1,
  ESEAL_FORMAT_V4 = 4,
  ESEAL_FORMAT_V5 = 5
} eseal_format_version;

/** What a blob of bytes holds. */
typedef enum eseal_kind {
  ESEAL_KIND_UNKNOWN = 0,
  /** An SESeal (electronic seal, usually Seal.esl). */
  ESEAL_KIND_SEAL = 1,
  /** An SES_Signature (electronic signature, usually SignedValue.dat). */
  ESEAL_KIND_SIGNATURE = 2
} eseal_kind;

/** "V1", "V4", "V5" or "unknown". */
ESEAL_EXTERN(const char *) eseal_format_name(eseal_format_version format);

/** "seal", "signature" or "unknown". */
ESEAL_EXTERN(const char *) eseal_kind_name(eseal_kind kind);

/** Parse flags. */
typedef enum eseal_parse_flag {
  /**
   * Refuse every tolerated real-world quirk (raw r‖s signatures, explicit
   * DEFAULT values, trailing bytes, tagging variants, V1 vendor variants, …)
   * instead of reporting it as a warning.
   */
  ESEAL_PARSE_STRICT = 1u << 0
} eseal_parse_flag;

#define ESEAL_PARSE_OPTIONS_VERSION 1

/** Options for the parsers. NULL means all defaults. */
typedef struct eseal_parse_options {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  /** A set of eseal_parse_flag bits. */
  unsigned int flags;
} eseal_parse_options;

#define ESEAL_PARSE_OPTIONS_INIT {ESEAL_PARSE_OPTIONS_VERSION, 0}

/** Fills `opts` with the defaults of `version`. ESEAL_EVERSION if unknown. */
ESEAL_EXTERN(int) eseal_parse_options_init(eseal_parse_options *opts, unsigned int version);

/**
 * Tells whether `data` is a seal or a signature, and which format. The bytes
 * are parsed in full, so a success means the matching eseal_*_parse()
 * succeeds with the same (default) options.
 *
 * @return 0; ESEAL_EFORMAT when the bytes are not a well-formed seal or
 *         signature (`*kind` then still names what the outer structure looked
 *         like, or ESEAL_KIND_UNKNOWN); ESEAL_ELIMIT, ESEAL_ENOMEM.
 */
ESEAL_EXTERN(int) eseal_sniff(eseal_kind *kind, eseal_format_version *format,
                              const uint8_t *data, size_t len);

/**
 * An ExtensionDatas list (seal extensions, or V4 TBS_Sign extDatas).
 * Borrowed from its seal or signature. Every function accepts NULL as an
 * empty list.
 */
typedef struct eseal_extensions eseal_extensions;

ESEAL_EXTERN(size_t) eseal_extensions_count(const eseal_extensions *ext);
/** The extnID in dotted form ("1.2.156.10197.6.7.2.2.1"), or NULL when out of range. */
ESEAL_EXTERN(const char *) eseal_extensions_oid(const eseal_extensions *ext, size_t i);
/** 1 when critical, 0 when not (or out of range). */
ESEAL_EXTERN(int) eseal_extensions_critical(const eseal_extensions *ext, size_t i);
/** The extnValue bytes; NULL with *len = 0 when out of range. */
ESEAL_EXTERN(const uint8_t *) eseal_extensions_value(const eseal_extensions *ext, size_t i,
                                                     size_t *len);

/**
 * The warnings a parse raised: deviations from strict DER or from the
 * standard that real files show and the parser tolerated. Borrowed from the
 * seal or signature. Ids are stable and listed in doc/warnings.md.
 */
typedef struct eseal_warnings eseal_warnings;

ESEAL_EXTERN(size_t) eseal_warnings_count(const eseal_warnings *warnings);
/** A stable id such as "signature.raw_rs"; NULL when out of range. */
ESEAL_EXTERN(const char *) eseal_warnings_id(const eseal_warnings *warnings, size_t i);
/** Where the deviation sits, as a field path ("SESeal.signedValue"). */
ESEAL_EXTERN(const char *) eseal_warnings_path(const eseal_warnings *warnings, size_t i);
/** A sentence for people. */
ESEAL_EXTERN(const char *) eseal_warnings_message(const eseal_warnings *warnings, size_t i);
/** 1 when `id` is among the warnings, else 0. */
ESEAL_EXTERN(int) eseal_warnings_has(const eseal_warnings *warnings, const char *id);

/** How a signature value was encoded inside its BIT STRING. */
typedef enum eseal_sigval_encoding {
  /** DER SEQUENCE { r INTEGER, s INTEGER } (the standard form). */
  ESEAL_SIGVAL_DER = 1,
  /** 64 bytes r‖s (device output; warning "signature.raw_rs"). */
  ESEAL_SIGVAL_RAW_RS = 2,
  /** 128 bytes, r and s each left-padded to 64 (warning "signature.raw_rs_padded"). */
  ESEAL_SIGVAL_RAW_RS_PADDED = 3,
  /** Not an elliptic-curve algorithm (RSA, unknown): the bytes as they are. */
  ESEAL_SIGVAL_OPAQUE = 4
} eseal_sigval_encoding;

/** "der", "raw_rs", "raw_rs_padded", "opaque". */
ESEAL_EXTERN(const char *) eseal_sigval_encoding_name(eseal_sigval_encoding encoding);

ESEAL_END_DECL

#endif
