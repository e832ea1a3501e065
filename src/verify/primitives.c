#include "primitives.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../asn1/oid.h"
#include "../codec/model.h"
#include "../context/caches.h"
#include "../context/context.h"
#include "../crypto/digest.h"
#include "../crypto/pkey.h"
#include "../crypto/sm2_fast.h"
#include "../x509/cert.h"

/*
 * 1 valid, 0 not, or an error, as eseal__pkey_verify_by(); the library's own
 * SM2 digests the first `shared` bytes of msg once for all the messages that
 * start with them (0: none shared).
 */
static int verify_value(const eseal_ctx *ctx, EVP_PKEY *pub, const char *alg, const uint8_t *msg,
                        size_t len, size_t shared, const uint8_t *sig, size_t sig_len) {
  if (shared == 0 || !eseal__pkey_uses_builtin_sm2(pub, alg, ctx->sm2_verifier))
    return eseal__pkey_verify_by(pub, alg, ctx->sm2_id, ctx->sm2_id_len, msg, len, sig, sig_len,
                                 ctx->sm2_verifier);
  uint8_t e[32];
  int rc = eseal__ctx_sm2_e(ctx, pub, msg, len, shared, e);
  return rc ? rc : eseal__sm2_verify_e(pub, e, sig, sig_len);
}

static int check(const eseal_ctx *ctx, const eseal_cert *cert, const char *alg_oid,
                 const uint8_t *msg, size_t len, size_t shared, const uint8_t *sig,
                 size_t sig_len, eseal__check_outcome *out) {
  const char *alg = eseal__oid_name(alg_oid);
  if (alg == NULL || eseal__algorithm_digest(alg) == NULL) {
    out->outcome = ESEAL__SIG_UNSUPPORTED;
    snprintf(out->buf, sizeof out->buf, "signature algorithm %s is not supported",
             alg_oid ? alg_oid : "(none)");
    out->detail = out->buf;
    return 0;
  }
  EVP_PKEY *pub = cert ? X509_get0_pubkey(cert->x509) : NULL;
  ERR_clear_error();
  if (pub == NULL) {
    out->outcome = ESEAL__SIG_BAD_CERT;
    out->detail = "the certificate carrying the public key cannot be read";
    return 0;
  }
  int rc = verify_value(ctx, pub, alg, msg, len, shared, sig, sig_len);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc < 0) {
    out->outcome = ESEAL__SIG_UNSUPPORTED;
    snprintf(out->buf, sizeof out->buf, "%s does not fit the certificate's key", alg);
  } else {
    out->outcome = rc ? ESEAL__SIG_VALID : ESEAL__SIG_INVALID;
    snprintf(out->buf, sizeof out->buf, rc ? "%s signature verifies" : "%s signature does not verify",
             alg);
  }
  out->detail = out->buf;
  return 0;
}

/* The signature value to verify: DER for EC algorithms, as received otherwise. */
static const uint8_t *value_for(const char *alg, const uint8_t *raw, size_t raw_len,
                                const uint8_t *der, size_t der_len, size_t *len) {
  int ec = eseal__oid_is_ec_signature(alg);
  *len = ec ? der_len : raw_len;
  return ec ? der : raw;
}

static int seal_signature(const eseal_ctx *ctx, const eseal_seal *seal, const eseal_cert *maker,
                          eseal__check_outcome *out) {
  size_t msg_len = 0, sig_len = 0;
  const uint8_t *msg = eseal_seal_signed_bytes(seal, &msg_len);
  const uint8_t *sig = value_for(seal->algorithm, seal->sigval.ptr, seal->sigval.len,
                                 seal->sigval_der.ptr, seal->sigval_der.len, &sig_len);
  return check(ctx, maker, seal->algorithm, msg, msg_len, 0, sig, sig_len, out);
}

/* The answer as the cache keeps it, and back. */
static void to_kept(const eseal__check_outcome *o, eseal__seal_check *kept) {
  kept->outcome = o->outcome;
  snprintf(kept->detail, sizeof kept->detail, "%s", o->detail);
}

static void from_kept(const eseal__seal_check *kept, eseal__check_outcome *o) {
  o->outcome = kept->outcome;
  snprintf(o->buf, sizeof o->buf, "%s", kept->detail);
  o->detail = o->buf;
}

/*
 * Remembered by the seal's bytes as received, which hold everything the
 * check reads (the signed bytes, the algorithm, the value, the maker
 * certificate), and the context's SM2 ID; `maker` is parsed from those bytes.
 */
int eseal__check_seal_signature(const eseal_ctx *ctx, const eseal_seal *seal,
                                const eseal_cert *maker, eseal__check_outcome *out) {
  eseal__seal_check kept;
  int rc = eseal__ctx_seal_check_get(ctx, seal->bytes.ptr, seal->bytes.len, &kept);
  if (rc < 0)
    return rc;
  if (rc == 1) {
    from_kept(&kept, out);
    return 0;
  }
  if ((rc = seal_signature(ctx, seal, maker, out)) != 0)
    return rc;
  to_kept(out, &kept);
  eseal__ctx_seal_check_put(ctx, seal->bytes.ptr, seal->bytes.len, &kept);
  return 0;
}

int eseal__check_signature_value(const eseal_ctx *ctx, const eseal_signature *s,
                                 const eseal_cert *signer, eseal__check_outcome *out) {
  size_t sig_len = 0;
  const uint8_t *sig = value_for(s->algorithm, s->sigval.ptr, s->sigval.len, s->sigval_der.ptr,
                                 s->sigval_der.len, &sig_len);
  /* A seal's stamps all start their TBS_Sign alike, up to the end of the seal. */
  return check(ctx, signer, s->algorithm, s->tbs.ptr, s->tbs.len, s->tbs_seal_end, sig, sig_len,
               out);
}

int eseal__check_signed_bytes(const eseal_ctx *ctx, const eseal_cert *cert, const char *alg_oid,
                              const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len,
                              eseal__check_outcome *out) {
  return check(ctx, cert, alg_oid, msg, len, 0, sig, sig_len, out);
}

int eseal__signature_signs_data_hash(const eseal_signature *s, const eseal_cert *signer) {
  if (signer == NULL || s->data_hash.len != 32 || s->sigval_der.ptr == NULL ||
      strcmp(s->algorithm ? s->algorithm : "", ESEAL__OID_SM2_SM3) != 0)
    return 0;
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(X509_get0_pubkey(signer->x509), NULL);
  int ok = pctx && EVP_PKEY_verify_init(pctx) == 1 &&
           EVP_PKEY_verify(pctx, s->sigval_der.ptr, s->sigval_der.len, s->data_hash.ptr,
                           s->data_hash.len) == 1;
  EVP_PKEY_CTX_free(pctx);
  ERR_clear_error();
  return ok;
}

void eseal__check_binding(const eseal_seal *seal, const uint8_t *der, size_t len,
                          eseal__check_outcome *out) {
  eseal_cert_list_type type = eseal_seal_cert_list_type(seal);
  size_t count = eseal_seal_cert_count(seal);
  out->outcome = ESEAL__NOT_BOUND;
  out->detail = type == ESEAL_CERT_LIST_DIGESTS
                    ? "no certDigestList entry matches the signer certificate's digest"
                    : "the signer certificate is not in the seal's certList";
  if (type == ESEAL_CERT_LIST_IDS) {
    out->outcome = ESEAL__BINDING_UNKNOWN;
    out->detail = "the certList holds certificate ids, which cannot be compared";
    return;
  }
  for (size_t i = 0; i < count; i++) {
    size_t entry_len = 0;
    const uint8_t *entry = eseal_seal_cert(seal, i, &entry_len);
    if (type == ESEAL_CERT_LIST_CERTS) {
      if (entry_len == len && memcmp(entry, der, len) == 0) {
        out->outcome = ESEAL__BOUND;
        snprintf(out->buf, sizeof out->buf, "the signer certificate is certList entry %zu", i + 1);
        out->detail = out->buf;
        return;
      }
      continue;
    }
    const char *type_name = eseal_seal_cert_digest_type(seal, i);
    const EVP_MD *md = eseal__digest_by_name(type_name);
    uint8_t digest[ESEAL__DIGEST_MAX];
    size_t digest_len = 0;
    if (md == NULL || eseal__digest(md, der, len, digest, &digest_len) != 0) {
      out->outcome = ESEAL__BINDING_UNKNOWN;
      snprintf(out->buf, sizeof out->buf, "certDigestList entry %zu uses digest type '%s'", i + 1,
               type_name ? type_name : "");
      out->detail = out->buf;
      continue;
    }
    if (entry_len == digest_len && memcmp(entry, digest, digest_len) == 0) {
      out->outcome = ESEAL__BOUND;
      snprintf(out->buf, sizeof out->buf, "the signer certificate's %s digest is entry %zu",
               type_name, i + 1);
      out->detail = out->buf;
      return;
    }
  }
}
