/*
 * The pieces of timestamp token verification (tst_verify.c puts them
 * together): the TSTInfo reader, the ESSCertID match, the TSA certificate
 * and signature. Internal to src/timestamp/.
 */
#ifndef ESEAL_TIMESTAMP_TST_PARTS_H
#define ESEAL_TIMESTAMP_TST_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "eseal/context.h"
#include "../asn1/oid.h"
#include "../cms/signed_data.h"
#include "../codec/model.h"

#define ESEAL__OID_CT_TSTINFO "1.2.840.113549.1.9.16.1.4"

/* What a TSTInfo (RFC 3161 §2.4.2) says; views into the token. */
typedef struct eseal__tst_info {
  char policy[ESEAL__OID_TEXT_CAPACITY];
  char imprint_oid[ESEAL__OID_TEXT_CAPACITY];
  eseal__bytes imprint;
  eseal__bytes serial;  /* the INTEGER's contents */
  int64_t gen_time;
  int64_t accuracy;     /* seconds, rounded up (0: none given), at most ESEAL__TST_MAX_ACCURACY */
  eseal__bytes nonce;   /* the INTEGER's contents; ptr NULL when absent */
} eseal__tst_info;

/* Accuracy beyond this (a year) is kept as this. */
#define ESEAL__TST_MAX_ACCURACY (365 * 86400)

/*
 * Reads exactly `len` bytes of DER TSTInfo: version 1, a canonical
 * GeneralizedTime (fractions allowed), accuracy kept, ordering and tsa read
 * and ignored, no critical extension. 0, or -1 with why[256].
 */
int eseal__tst_info_parse(const uint8_t *der, size_t len, eseal__tst_info *out, char why[256]);

/* "SM3", "SHA256", "SHA384", "SHA512", "SHA1" for a digest OID, or NULL. */
const char *eseal__tst_digest_name(const char *oid);

/*
 * Whether the first ESSCertID (v2: ESSCertIDv2) of `value` (the
 * SigningCertificate(V2) SEQUENCE) names `cert`: its hash over the
 * certificate's DER, and issuerSerial when present. 1 it does, 0 it does not
 * or is malformed (why[256] says which), ESEAL_ENOMEM.
 */
int eseal__ess_names_cert(const eseal__bytes *value, int v2, X509 *cert, char why[256]);

/*
 * The signature algorithm name eseal__pkey_verify takes for a SignerInfo's
 * digestEncryptionAlgorithm and digest name ("SM2-SM3", "RSA-SHA256",
 * "ECDSA-SHA384", …), or NULL when the pair is unknown or uses SHA-1.
 */
const char *eseal__tst_signature_name(const char *signature_oid, const char *digest);

/*
 * RFC 3161 §2.3: NULL when `cert` has one extendedKeyUsage extension,
 * critical, naming id-kp-timeStamping and nothing else; else why not
 * (static text, after "the TSA certificate <name> ").
 */
const char *eseal__tst_usage_problem(X509 *cert);

#endif
