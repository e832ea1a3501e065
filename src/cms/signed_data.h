/*
 * Reading a GB/T 35275-2017 SignedData (PKCS#7 / CMS shape, SM2 or PKCS#7
 * OIDs) with the project's strict DER reader, for the OFD Type="Sign"
 * signatures (src/ofd/) and RFC 3161 timestamp tokens (src/timestamp/).
 * OpenSSL's PKCS7 and CMS decoders do not know the SM2 content types, and
 * verification needs the bytes as received anyway. Nothing is copied: every
 * view points into the input, which must outlive the result.
 *
 * Floor 2 (plain data); it uses codec/model.h's byte views, on the same
 * floor, which uses nothing here.
 */
#ifndef ESEAL_CMS_SIGNED_DATA_H
#define ESEAL_CMS_SIGNED_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "../asn1/oid.h"
#include <openssl/x509.h>

#include "../codec/model.h"

/* Limits on the input: its size and element counts. The nesting depth is
 * fixed by the schema: the reader descends only into known fields. */
#define ESEAL__CMS_MAX_BYTES (1u << 20)
#define ESEAL__CMS_MAX_CERTS 16
#define ESEAL__CMS_MAX_ATTRS 32

/* Tolerated deviations, which each user judges (the OFD code reports them in
 * ofd.sign.format; timestamp tokens refuse them). */
#define ESEAL__CMS_RAW_SIGNATURE 0x1u     /* EC signature as raw r‖s, not DER (set by the user) */
#define ESEAL__CMS_NO_CONTENT_TYPE 0x2u   /* signed attributes without contentType */
#define ESEAL__CMS_TRAILING_BYTES 0x4u    /* bytes after the ContentInfo */

typedef struct eseal__cms_signed_data {
  /* 1 when the outer content type is GB/T 35275's, 0 for PKCS#7's. */
  int sm2_oids;
  char content_type[ESEAL__OID_TEXT_CAPACITY]; /* encapsulated content type */
  /* The encapsulated content; ptr NULL when detached. */
  eseal__bytes content;
  eseal__bytes certs[ESEAL__CMS_MAX_CERTS];
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
  /* The single value (a SEQUENCE TLV) of the signingCertificate (RFC 2634
   * ESSCertID) and signingCertificateV2 (RFC 5035) attributes; ptr NULL: absent. */
  eseal__bytes ess_cert_id;
  eseal__bytes ess_cert_id_v2;
  /* The encryptedDigest OCTET STRING contents as received. */
  eseal__bytes signature;
  size_t unsigned_attr_count;

  unsigned int quirks;
} eseal__cms_signed_data;

/*
 * Reads `der` (at most ESEAL__CMS_MAX_BYTES) into *out. `content_types`
 * (NULL-terminated) lists the encapsulated content types accepted, and
 * `content_name` names them in the refusal ("data", "TSTInfo"). Refuses:
 * other content types, malformed DER, more certificates or attributes than
 * the limits, other than exactly one SignerInfo, repeated contentType,
 * messageDigest, signingTime, signingCertificate or signingCertificateV2
 * attributes, or such an attribute without exactly one value of its type.
 * 0, or -1 with a message in why[256].
 */
int eseal__cms_signed_data_parse(eseal__cms_signed_data *out, const uint8_t *der, size_t len,
                                 const char *const *content_types, const char *content_name,
                                 char why[256]);

/* 1 when `cert` is the one the SignerInfo's identifier names. */
int eseal__cms_names_signer(const eseal__cms_signed_data *sd, X509 *cert);

/*
 * The bytes the SignerInfo signature covers when there are signed
 * attributes: their DER as received, the [0] IMPLICIT tag re-tagged as the
 * SET OF it stands for (RFC 5652 §5.4). A copy from eseal__malloc (free with
 * eseal__free), or NULL on allocation failure (raised).
 */
uint8_t *eseal__cms_signed_attrs_message(const eseal__cms_signed_data *sd);

#endif
