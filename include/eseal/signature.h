/*
 * libeseal — electronic signatures (SES_Signature): parse, inspect, encode.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_SIGNATURE_H
#define ESEAL_SIGNATURE_H

#include "common.h"
#include "format.h"
#include "seal.h"

ESEAL_BEGIN_DECL

/**
 * A parsed electronic signature (V1, V4 or V5), with the seal it embeds.
 * Immutable; getters return borrowed pointers that live as long as it.
 */
typedef struct eseal_signature eseal_signature;

/**
 * Parses a signature and the seal inside it. The bytes are copied.
 *
 * @return 0; ESEAL_EFORMAT; ESEAL_ELIMIT; ESEAL_ENOMEM; ESEAL_EINVAL; ESEAL_EVERSION.
 */
ESEAL_EXTERN(int) eseal_signature_parse(eseal_signature **out, const uint8_t *data, size_t len,
                                        const eseal_parse_options *opts);

/** eseal_signature_parse() on the contents of a file; ESEAL_EIO when it cannot be read. */
ESEAL_EXTERN(int) eseal_signature_parse_file(eseal_signature **out, const char *path,
                                             const eseal_parse_options *opts);

/** Frees a signature and its embedded seal. NULL is accepted. */
ESEAL_EXTERN(void) eseal_signature_free(eseal_signature *sig);

/** The format, decided by structure: V1 (2 elements), V4, or V5 (V4 layout, V5 seal). */
ESEAL_EXTERN(eseal_format_version) eseal_signature_format(const eseal_signature *sig);

/** TBS_Sign.version as written. */
ESEAL_EXTERN(int64_t) eseal_signature_tbs_version(const eseal_signature *sig);

/** The embedded seal, as a full seal object (borrowed). */
ESEAL_EXTERN(const eseal_seal *) eseal_signature_seal(const eseal_signature *sig);

/** What TBS_Sign.timeInfo holds. */
typedef enum eseal_time_info_kind {
  /** V4/V5: a GeneralizedTime. */
  ESEAL_TIME_GENERALIZED = 1,
  /** V1: the BIT STRING holds a DER UTCTime or GeneralizedTime TLV. */
  ESEAL_TIME_DER_TLV = 2,
  /** V1: ASCII "yyyy-MM-dd HH:mm:ss" without a zone, read as China Standard Time (UTC+8). */
  ESEAL_TIME_TEXT_LOCAL = 3,
  /** V1: ASCII ISO 8601 with a zone ("2020-01-25T07:31:56.377Z"). */
  ESEAL_TIME_TEXT_ISO8601 = 4,
  /** V1: something else, possibly a timestamp token; only the raw bytes are available. */
  ESEAL_TIME_RAW = 5
} eseal_time_info_kind;

ESEAL_EXTERN(eseal_time_info_kind) eseal_signature_time_info_kind(const eseal_signature *sig);
/**
 * The signing time claimed by timeInfo, as UTC seconds since 1970-01-01.
 * @return 0; ESEAL_ENOTFOUND when timeInfo could not be decoded (kind RAW).
 */
ESEAL_EXTERN(int) eseal_signature_time(const eseal_signature *sig, int64_t *utc_seconds);
/** The time as text (GeneralizedTime string or V1 text), or NULL for kind RAW. */
ESEAL_EXTERN(const char *) eseal_signature_time_text(const eseal_signature *sig);
/** The timeInfo content bytes as received (GeneralizedTime text, or the V1 BIT STRING content). */
ESEAL_EXTERN(const uint8_t *) eseal_signature_time_info_raw(const eseal_signature *sig, size_t *len);

/** dataHash: the hash of the protected data (32 bytes of SM3 in practice). */
ESEAL_EXTERN(const uint8_t *) eseal_signature_data_hash(const eseal_signature *sig, size_t *len);
/** propertyInfo (in OFD: the path of the Signature.xml that was hashed). */
ESEAL_EXTERN(const char *) eseal_signature_property_info(const eseal_signature *sig);
/** V4/V5 TBS_Sign extDatas, or NULL when absent. */
ESEAL_EXTERN(const eseal_extensions *) eseal_signature_extensions(const eseal_signature *sig);

/** The signer (签章者) certificate, DER (inside TBS_Sign for V1, outside for V4). */
ESEAL_EXTERN(const uint8_t *) eseal_signature_signer_cert(const eseal_signature *sig, size_t *len);
/** The signature algorithm OID in dotted form. */
ESEAL_EXTERN(const char *) eseal_signature_algorithm(const eseal_signature *sig);
/** The signer's signature value as received. */
ESEAL_EXTERN(const uint8_t *) eseal_signature_value(const eseal_signature *sig, size_t *len);
/** The signature value normalised to DER SEQUENCE{r, s} (the received bytes when opaque). */
ESEAL_EXTERN(const uint8_t *) eseal_signature_value_der(const eseal_signature *sig, size_t *len);
/** How the signature value was encoded. */
ESEAL_EXTERN(eseal_sigval_encoding) eseal_signature_value_encoding(const eseal_signature *sig);
/** The V4/V5 timeStamp token bytes (BIT STRING content), or NULL when absent. */
ESEAL_EXTERN(const uint8_t *) eseal_signature_timestamp(const eseal_signature *sig, size_t *len);

/** The whole signature as received (without trailing bytes). */
ESEAL_EXTERN(const uint8_t *) eseal_signature_bytes(const eseal_signature *sig, size_t *len);
/** The TBS_Sign TLV as received: the bytes the signer signed. */
ESEAL_EXTERN(const uint8_t *) eseal_signature_tbs_bytes(const eseal_signature *sig, size_t *len);

/**
 * The parse warnings of the signature, followed by those of its embedded
 * seal (their paths start with "TBS_Sign.eseal").
 */
ESEAL_EXTERN(const eseal_warnings *) eseal_signature_warnings(const eseal_signature *sig);

/**
 * Writes the signature as canonical DER. The embedded seal is written with
 * its original bytes (it is signed). Equal to the input for a signature that
 * parsed without warnings.
 */
ESEAL_EXTERN(int) eseal_signature_encode(eseal_buf *out, const eseal_signature *sig);

/**
 * Every field as a JSON object (UTF-8, one line), the embedded seal included
 * (without its own "schema" key); ESEAL_INSPECT_SCHEMA names the schema.
 */
ESEAL_EXTERN(int) eseal_signature_to_json(eseal_buf *out, const eseal_signature *sig);

ESEAL_END_DECL

#endif
