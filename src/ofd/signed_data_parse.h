/*
 * Reading a GB/T 35275-2017 SignedData (PKCS#7 / CMS shape, SM2 or PKCS#7
 * OIDs) with the project's strict DER reader. OpenSSL's PKCS7 and CMS
 * decoders do not know the SM2 content types, and verification needs the
 * bytes as received anyway. Nothing is copied: every view points into the
 * input, which must outlive the result.
 */
#ifndef ESEAL_OFD_SIGNED_DATA_PARSE_H
#define ESEAL_OFD_SIGNED_DATA_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "../asn1/oid.h"
#include "../codec/model.h"
#include "signed_data.h"

/* Tolerated deviations, reported by ofd.sign.format (refused in strict mode). */
#define ESEAL_OFD__SD_RAW_SIGNATURE 0x1u     /* EC signature as raw r‖s, not DER */
#define ESEAL_OFD__SD_NO_CONTENT_TYPE 0x2u   /* signed attributes without contentType */
#define ESEAL_OFD__SD_TRAILING_BYTES 0x4u    /* bytes after the ContentInfo */

typedef struct eseal_ofd__signed_data {
  /* 1 when the outer content type is GB/T 35275's, 0 for PKCS#7's. */
  int sm2_oids;
  char content_type[ESEAL__OID_TEXT_CAPACITY]; /* encapsulated content type */
  /* The encapsulated content; ptr NULL when detached. */
  eseal__bytes content;
  eseal__bytes certs[ESEAL_OFD__SIGNED_DATA_MAX_CERTS];
  size_t cert_count;

  /* The one SignerInfo. */
  /* issuerAndSerialNumber: the issuer Name TLV and the serial INTEGER TLV;
   * or, in CMS version 3, a subjectKeyIdentifier (the OCTET STRING contents). */
  eseal__bytes issuer;
  eseal__bytes serial;
  eseal__bytes key_id;
  char digest_oid[ESEAL__OID_TEXT_CAPACITY];
  char signature_oid[ESEAL__OID_TEXT_CAPACITY]; /* digestEncryptionAlgorithm */
  /* The [0] IMPLICIT signed attributes TLV as received (ptr NULL: none). */
  eseal__bytes signed_attrs;
  /* Within them: messageDigest's OCTET STRING contents, the contentType
   * value, signingTime. */
  eseal__bytes message_digest;
  int has_message_digest;
  char attr_content_type[ESEAL__OID_TEXT_CAPACITY];
  int has_attr_content_type;
  int64_t signing_time;
  int has_signing_time;
  /* The encryptedDigest OCTET STRING contents as received. */
  eseal__bytes signature;
  size_t unsigned_attr_count;

  unsigned int quirks;
} eseal_ofd__signed_data;

/*
 * Reads `der` (at most ESEAL_OFD__SIGNED_DATA_MAX_BYTES) into *out. Refuses:
 * other content types, malformed DER, more certificates or attributes than
 * the limits, other than exactly one SignerInfo, repeated contentType,
 * messageDigest or signingTime attributes, or such an attribute without
 * exactly one value of its type. 0, or -1 with a message in why[256].
 */
int eseal_ofd__signed_data_parse(eseal_ofd__signed_data *out, const uint8_t *der, size_t len,
                                 char why[256]);

#endif
