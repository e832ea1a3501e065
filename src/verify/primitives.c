#include "primitives.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../asn1/oid.h"
#include "../context/context.h"
#include "../crypto/digest.h"
#include "../crypto/pkey.h"

static int check(const eseal_ctx *ctx, const uint8_t *cert, size_t cert_len, const char *alg_oid,
                 const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len,
                 eseal__check_outcome *out) {
  const char *alg = eseal__oid_name(alg_oid);
  if (alg == NULL || eseal__algorithm_digest(alg) == NULL) {
    out->outcome = ESEAL__SIG_UNSUPPORTED;
    snprintf(out->buf, sizeof out->buf, "signature algorithm %s is not supported",
             alg_oid ? alg_oid : "(none)");
    out->detail = out->buf;
    return 0;
  }
  const unsigned char *p = cert;
  X509 *x = cert && cert_len <= LONG_MAX ? d2i_X509(NULL, &p, (long)cert_len) : NULL;
  EVP_PKEY *pub = x ? X509_get0_pubkey(x) : NULL;
  if (pub == NULL) {
    X509_free(x);
    ERR_clear_error();
    out->outcome = ESEAL__SIG_BAD_CERT;
    out->detail = "the certificate carrying the public key cannot be read";
    return 0;
  }
  int rc = eseal__pkey_verify(pub, alg, ctx->sm2_id, ctx->sm2_id_len, msg, len, sig, sig_len);
  X509_free(x);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc < 0) {
    out->outcome = ESEAL__SIG_UNSUPPORTED;
    snprintf(out->buf, sizeof out->buf, "%s does not fit the certificate's key", alg);
    out->detail = out->buf;
  } else {
    out->outcome = rc ? ESEAL__SIG_VALID : ESEAL__SIG_INVALID;
    snprintf(out->buf, sizeof out->buf, rc ? "%s signature verifies" : "%s signature does not verify",
             alg);
    out->detail = out->buf;
  }
  return 0;
}

int eseal__check_seal_signature(const eseal_ctx *ctx, const eseal_seal *seal,
                                eseal__check_outcome *out) {
  size_t cert_len = 0, msg_len = 0, sig_len = 0;
  const uint8_t *cert = eseal_seal_maker_cert(seal, &cert_len);
  const uint8_t *msg = eseal_seal_signed_bytes(seal, &msg_len);
  const uint8_t *sig = eseal_seal_signature_value_der(seal, &sig_len);
  const char *alg = eseal_seal_algorithm(seal);
  if (eseal__oid_is_ec_signature(alg) == 0)
    sig = eseal_seal_signature_value(seal, &sig_len);
  return check(ctx, cert, cert_len, alg, msg, msg_len, sig, sig_len, out);
}

int eseal__check_signature_value(const eseal_ctx *ctx, const eseal_signature *s,
                                 eseal__check_outcome *out) {
  size_t cert_len = 0, msg_len = 0, sig_len = 0;
  const uint8_t *cert = eseal_signature_signer_cert(s, &cert_len);
  const uint8_t *msg = eseal_signature_tbs_bytes(s, &msg_len);
  const uint8_t *sig = eseal_signature_value_der(s, &sig_len);
  const char *alg = eseal_signature_algorithm(s);
  if (eseal__oid_is_ec_signature(alg) == 0)
    sig = eseal_signature_value(s, &sig_len);
  return check(ctx, cert, cert_len, alg, msg, msg_len, sig, sig_len, out);
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
