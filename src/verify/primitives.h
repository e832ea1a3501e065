/*
 * The checks both stamping and verification run: signature values over the
 * bytes as received, and the binding of a signer certificate to a seal.
 */
#ifndef ESEAL_VERIFY_PRIMITIVES_H
#define ESEAL_VERIFY_PRIMITIVES_H

#include "eseal/cert.h"
#include "eseal/context.h"
#include "eseal/seal.h"
#include "eseal/signature.h"

typedef enum eseal__sig_outcome {
  ESEAL__SIG_VALID = 1,
  ESEAL__SIG_INVALID = 2,
  /* The algorithm is unknown or does not fit the certificate's key. */
  ESEAL__SIG_UNSUPPORTED = 3,
  /* The certificate that should carry the key is not a certificate. */
  ESEAL__SIG_BAD_CERT = 4
} eseal__sig_outcome;

typedef struct eseal__check_outcome {
  int outcome;
  /* A message for the report; static text, or `buf`. */
  const char *detail;
  char buf[256];
} eseal__check_outcome;

/*
 * The maker's signature over the seal's signed bytes, with the public key of
 * `maker` (NULL when the maker certificate could not be read: outcome
 * ESEAL__SIG_BAD_CERT). 0, or ESEAL_ENOMEM.
 */
int eseal__check_seal_signature(const eseal_ctx *ctx, const eseal_seal *seal,
                                const eseal_cert *maker, eseal__check_outcome *out);

/* The signer's signature over the TBS bytes, with `signer`'s key (NULL as above). */
int eseal__check_signature_value(const eseal_ctx *ctx, const eseal_signature *sig,
                                 const eseal_cert *signer, eseal__check_outcome *out);

/*
 * A signature by `cert`'s key over `msg` with the algorithm `alg_oid` (the
 * value as DER for EC algorithms): for signed structures other than seals and
 * SES signatures (the SignedData of OFD Type="Sign" signatures).
 */
int eseal__check_signed_bytes(const eseal_ctx *ctx, const eseal_cert *cert, const char *alg_oid,
                              const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len,
                              eseal__check_outcome *out);

/*
 * 1 when the signer's SM2 signature, which does not verify over the TBS
 * bytes, verifies with dataHash taken as the digest e: the signer signed a
 * precomputed hash (a vendor quirk), which still fails the check.
 */
int eseal__signature_signs_data_hash(const eseal_signature *sig, const eseal_cert *signer);

typedef enum eseal__binding {
  ESEAL__BOUND = 1,
  ESEAL__NOT_BOUND = 2,
  /* The certList form does not allow a comparison (unknown digest, certificate ids). */
  ESEAL__BINDING_UNKNOWN = 3
} eseal__binding;

/* Whether the certificate `der` is in the seal's certList. */
void eseal__check_binding(const eseal_seal *seal, const uint8_t *der, size_t len,
                          eseal__check_outcome *out);

#endif
