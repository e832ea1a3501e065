/*
 * libeseal — electronic seals (SESeal): parse, inspect, encode.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_SEAL_H
#define ESEAL_SEAL_H

#include "common.h"
#include "format.h"

ESEAL_BEGIN_DECL

/**
 * A parsed electronic seal (V1, V4 or V5). Immutable once parsed; every
 * pointer a getter returns is borrowed and lives as long as the seal.
 */
typedef struct eseal_seal eseal_seal;

/**
 * Parses a seal. The bytes are copied; the seal keeps them, and the original
 * bytes of every signed element can be read back (eseal_seal_signed_bytes()).
 *
 * @param out   receives the seal, to be freed with eseal_seal_free()
 * @param opts  NULL for the defaults
 * @return 0; ESEAL_EFORMAT (not a seal, or malformed); ESEAL_ELIMIT;
 *         ESEAL_ENOMEM; ESEAL_EINVAL; ESEAL_EVERSION (opts).
 */
ESEAL_EXTERN(int) eseal_seal_parse(eseal_seal **out, const uint8_t *data, size_t len,
                                   const eseal_parse_options *opts);

/** eseal_seal_parse() on the contents of a file; ESEAL_EIO when it cannot be read. */
ESEAL_EXTERN(int) eseal_seal_parse_file(eseal_seal **out, const char *path,
                                        const eseal_parse_options *opts);

/** Frees a seal. NULL is accepted. */
ESEAL_EXTERN(void) eseal_seal_free(eseal_seal *seal);

/** The format, decided by structure (never by the header version alone). */
ESEAL_EXTERN(eseal_format_version) eseal_seal_format(const eseal_seal *seal);

/** @name SES_Header */
/**@{*/
/** The header ID, "ES" in conforming seals. */
ESEAL_EXTERN(const char *) eseal_seal_header_id(const eseal_seal *seal);
/** The header version as written (4 for V4, 5 for V5, vendor-chosen for V1). */
ESEAL_EXTERN(int64_t) eseal_seal_header_version(const eseal_seal *seal);
/** The vendor ID (Vid). */
ESEAL_EXTERN(const char *) eseal_seal_vendor_id(const eseal_seal *seal);
/**@}*/

/** The esID: the code of the filed physical seal this electronic seal stands for. */
ESEAL_EXTERN(const char *) eseal_seal_esid(const eseal_seal *seal);

/** @name SES_ESPropertyInfo */
/**@{*/
/** The seal type (V1: 1 organisation, 2 personal; V4: business-defined). */
ESEAL_EXTERN(int64_t) eseal_seal_type(const eseal_seal *seal);
/** The seal name (UTF-8). */
ESEAL_EXTERN(const char *) eseal_seal_name(const eseal_seal *seal);

/** What the certList holds. */
typedef enum eseal_cert_list_type {
  /** DER X.509 signer certificates (certListType 1; V1 OCTET STRING entries). */
  ESEAL_CERT_LIST_CERTS = 1,
  /** Digests of signer certificates (certListType 2, V4 only). */
  ESEAL_CERT_LIST_DIGESTS = 2,
  /** Certificate IDs as IA5String (a V1 vendor variant; warning "v1.cert_id"). */
  ESEAL_CERT_LIST_IDS = 3
} eseal_cert_list_type;

/** The kind of certList. V1 has no certListType field: it is derived from the entries. */
ESEAL_EXTERN(eseal_cert_list_type) eseal_seal_cert_list_type(const eseal_seal *seal);
/** The number of certList entries. */
ESEAL_EXTERN(size_t) eseal_seal_cert_count(const eseal_seal *seal);
/**
 * Entry `i` of the certList: the DER certificate, the digest value, or the ID
 * text, according to eseal_seal_cert_list_type(). NULL when out of range.
 */
ESEAL_EXTERN(const uint8_t *) eseal_seal_cert(const eseal_seal *seal, size_t i, size_t *len);
/** For certListType 2, the CertDigestObj type of entry `i`; otherwise NULL. */
ESEAL_EXTERN(const char *) eseal_seal_cert_digest_type(const eseal_seal *seal, size_t i);

/** The three dates of a seal. */
typedef enum eseal_seal_date {
  ESEAL_SEAL_CREATE_DATE = 1,
  ESEAL_SEAL_VALID_START = 2,
  ESEAL_SEAL_VALID_END = 3
} eseal_seal_date;

/** A date as UTC seconds since 1970-01-01 (0 for an unknown `which`). */
ESEAL_EXTERN(int64_t) eseal_seal_date_utc(const eseal_seal *seal, eseal_seal_date which);
/** A date as written in the seal ("20200422020900Z"), or NULL for an unknown `which`. */
ESEAL_EXTERN(const char *) eseal_seal_date_text(const eseal_seal *seal, eseal_seal_date which);
/**@}*/

/** @name SES_ESPictrueInfo */
/**@{*/
/** The picture type as written ("PNG", "png", "GIF", "ofd", …). */
ESEAL_EXTERN(const char *) eseal_seal_picture_type(const eseal_seal *seal);
/** The picture bytes. */
ESEAL_EXTERN(const uint8_t *) eseal_seal_picture_data(const eseal_seal *seal, size_t *len);
/** The display width, in millimetres. */
ESEAL_EXTERN(int64_t) eseal_seal_picture_width(const eseal_seal *seal);
/** The display height, in millimetres. */
ESEAL_EXTERN(int64_t) eseal_seal_picture_height(const eseal_seal *seal);
/**@}*/

/** The seal's extDatas, or NULL when the seal has none. */
ESEAL_EXTERN(const eseal_extensions *) eseal_seal_extensions(const eseal_seal *seal);

/** @name The maker's signature */
/**@{*/
/** The maker (制章者) certificate, DER. */
ESEAL_EXTERN(const uint8_t *) eseal_seal_maker_cert(const eseal_seal *seal, size_t *len);
/** The signature algorithm OID in dotted form ("1.2.156.10197.1.501" = SM2 with SM3). */
ESEAL_EXTERN(const char *) eseal_seal_algorithm(const eseal_seal *seal);
/** The signature value as received (the BIT STRING's content after the unused-bits octet). */
ESEAL_EXTERN(const uint8_t *) eseal_seal_signature_value(const eseal_seal *seal, size_t *len);
/** The signature value normalised to DER SEQUENCE{r, s} (equal to the received bytes when opaque). */
ESEAL_EXTERN(const uint8_t *) eseal_seal_signature_value_der(const eseal_seal *seal, size_t *len);
/** How the signature value was encoded. */
ESEAL_EXTERN(eseal_sigval_encoding) eseal_seal_signature_encoding(const eseal_seal *seal);
/** The V5 timeStamp over the signature value, or NULL when absent. */
ESEAL_EXTERN(const uint8_t *) eseal_seal_timestamp(const eseal_seal *seal, size_t *len);
/**@}*/

/** @name Original bytes */
/**@{*/
/** The whole seal as received (without any trailing bytes). */
ESEAL_EXTERN(const uint8_t *) eseal_seal_bytes(const eseal_seal *seal, size_t *len);
/** The SES_SealInfo TLV as received. */
ESEAL_EXTERN(const uint8_t *) eseal_seal_info_bytes(const eseal_seal *seal, size_t *len);
/**
 * The bytes the maker signed, as received: for V4/V5 the SES_SealInfo TLV;
 * for V1 SEQUENCE { SealInfo, cert, signatureAlgorithm } built from the
 * three original TLVs.
 */
ESEAL_EXTERN(const uint8_t *) eseal_seal_signed_bytes(const eseal_seal *seal, size_t *len);
/**@}*/

/** The parse warnings; an empty list when the seal is canonical. */
ESEAL_EXTERN(const eseal_warnings *) eseal_seal_warnings(const eseal_seal *seal);

/**
 * Writes the seal as canonical DER (V1 or V4/V5 after its format; DER
 * signature values; [0] EXPLICIT for optional tagged fields). For a seal that
 * parsed without warnings the output equals the input. A seal that had
 * warnings comes out re-encoded, so its maker signature no longer covers it.
 */
ESEAL_EXTERN(int) eseal_seal_encode(eseal_buf *out, const eseal_seal *seal);

/**
 * The value of the "schema" key of eseal_seal_to_json() and
 * eseal_signature_to_json() (`eseal inspect --json`), described by
 * doc/schema/eseal-inspect.schema.json ("$id" "urn:libeseal:" and this value).
 */
#define ESEAL_INSPECT_SCHEMA "eseal-inspect/1"

/**
 * Every field of the seal as a JSON object (UTF-8, one line), including its
 * warnings; every key always written, null when the seal has no value for it.
 */
ESEAL_EXTERN(int) eseal_seal_to_json(eseal_buf *out, const eseal_seal *seal);

ESEAL_END_DECL

#endif
