/*
 * libeseal — the seal maker: build a SESeal from its elements and sign it.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_SEAL_BUILDER_H
#define ESEAL_SEAL_BUILDER_H

#include "cert.h"
#include "common.h"
#include "context.h"
#include "key.h"
#include "picture.h"
#include "seal.h"

ESEAL_BEGIN_DECL

typedef struct eseal_seal_builder eseal_seal_builder;

/** A builder for a V4 (GB/T 38540) seal with vendor id "libeseal". */
ESEAL_EXTERN(int) eseal_seal_builder_new(eseal_seal_builder **out);
ESEAL_EXTERN(void) eseal_seal_builder_free(eseal_seal_builder *b);

/** ESEAL_FORMAT_V4 (default) or ESEAL_FORMAT_V1. */
ESEAL_EXTERN(int) eseal_seal_builder_set_format(eseal_seal_builder *b, eseal_format_version format);
/** The vendor id (Vid), ASCII. */
ESEAL_EXTERN(int) eseal_seal_builder_set_vendor(eseal_seal_builder *b, const char *vendor_id);
/** The esID: the code of the filed physical seal (ASCII, 1..64 characters). Required. */
ESEAL_EXTERN(int) eseal_seal_builder_set_esid(eseal_seal_builder *b, const char *esid);
/** The seal type (GB/T 38540: 1 legal-person seal, 2 finance, 3 contract, 4 other…; 1..255). Required. */
ESEAL_EXTERN(int) eseal_seal_builder_set_type(eseal_seal_builder *b, int type);
/** The seal's name, UTF-8. Required. */
ESEAL_EXTERN(int) eseal_seal_builder_set_name(eseal_seal_builder *b, const char *name);

/**
 * ESEAL_CERT_LIST_CERTS (default: certificates listed whole) or
 * ESEAL_CERT_LIST_DIGESTS (V4 only: their SM3 digests).
 */
ESEAL_EXTERN(int) eseal_seal_builder_set_cert_list_type(eseal_seal_builder *b,
                                                        eseal_cert_list_type type);
/** Adds a certificate that may stamp with the seal (at least one; at most ESEAL_MAX_CERTS). */
ESEAL_EXTERN(int) eseal_seal_builder_add_signer_cert(eseal_seal_builder *b, const eseal_cert *cert);

/**
 * The validity window, in seconds since the epoch (start < end). The creation
 * date is the context clock's time when the seal is built: a validity that
 * starts in the past never backdates the creation. This or
 * eseal_seal_builder_set_dates() is required.
 */
ESEAL_EXTERN(int) eseal_seal_builder_set_validity(eseal_seal_builder *b, int64_t valid_start,
                                                  int64_t valid_end);

/**
 * The creation date set explicitly (re-issuing a filed seal, tests), and the
 * validity window; start < end and create <= end. The maker certificate must
 * be valid at the creation date.
 */
ESEAL_EXTERN(int) eseal_seal_builder_set_dates(eseal_seal_builder *b, int64_t create,
                                               int64_t valid_start, int64_t valid_end);

/**
 * The picture: `type` is "PNG", "GIF", "JPG", "BMP", "SVG" or "OFD"; size in
 * mm (1..1000). The bytes are copied. ESEAL_EINVAL for an unknown type,
 * ESEAL_ELIMIT above ESEAL_MAX_PICTURE_SIZE.
 */
ESEAL_EXTERN(int) eseal_seal_builder_set_picture(eseal_seal_builder *b, const char *type,
                                                 const uint8_t *data, size_t len,
                                                 unsigned int width_mm, unsigned int height_mm);

/**
 * Draws the picture from the seal's elements and sets it as an SVG picture
 * (eseal_picture_svg()), or a PNG one (eseal_picture_png()) when the options
 * (version 2) give a png_dpi. The options' `name` and `code` default to the
 * builder's name and esID; `organisation` defaults to the O= of the first
 * signer certificate. Call after the name, esID and certificates are set.
 */
ESEAL_EXTERN(int) eseal_seal_builder_draw_picture(eseal_seal_builder *b,
                                                  const eseal_picture_options *opts);

/** Adds an ExtData (V4) / extension (V1): OID in dotted form, critical flag, value. */
ESEAL_EXTERN(int) eseal_seal_builder_add_extension(eseal_seal_builder *b, const char *oid,
                                                   int critical, const uint8_t *value, size_t len);

/** The layout of eseal_filing_info this header describes. */
#define ESEAL_FILING_INFO_VERSION 1

/**
 * The filing (备案) data of the physical seal the electronic seal stands for,
 * carried in the filing ExtData (doc/filing.md). Start from
 * ESEAL_FILING_INFO_INIT. Every field is required, UTF-8, NUL-terminated.
 */
typedef struct eseal_filing_info {
  /** The layout the caller filled: ESEAL_FILING_INFO_VERSION. */
  unsigned int version;
  /** The filing authority, the public-security organ's name (1..256 bytes). */
  const char *authority;
  /** The filing number it gave (1..64 bytes). */
  const char *number;
  /** The filing date, YYYY-MM-DD (a real calendar date). */
  const char *date;
  /**
   * The organisation's unified social credit code (GB 32100-2015): 18
   * characters, its check character and organisation-code check digit verified.
   */
  const char *credit_code;
} eseal_filing_info;

/** An eseal_filing_info with no fields set. */
#define ESEAL_FILING_INFO_INIT {ESEAL_FILING_INFO_VERSION, NULL, NULL, NULL, NULL}

/**
 * Sets the seal's filing data: checks it (ESEAL_EINVAL for a missing field, a
 * date that is not a real YYYY-MM-DD, a credit code that fails its check
 * characters; ESEAL_ELIMIT for an over-long field; ESEAL_EVERSION for an
 * unknown version) and writes it as the non-critical filing ExtData, replacing
 * filing data set before. The builder is unchanged when it fails. The esID's
 * own form is never checked: any esID stays accepted.
 */
ESEAL_EXTERN(int) eseal_seal_builder_set_filing(eseal_seal_builder *b,
                                                const eseal_filing_info *info);

/**
 * Signs the seal with the maker's key and returns it parsed (so its original
 * bytes are available). The maker certificate must carry the key, be valid at
 * the creation date and have the digitalSignature or nonRepudiation key usage
 * (ESEAL_ECERT otherwise). ESEAL_EINVAL names a missing or inconsistent
 * element. The builder can be reused.
 */
ESEAL_EXTERN(int) eseal_seal_build(eseal_seal **out, const eseal_ctx *ctx,
                                   const eseal_seal_builder *b, eseal_key *maker_key,
                                   const eseal_cert *maker_cert);

ESEAL_END_DECL

#endif
