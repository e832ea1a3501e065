/*
 * Unfreeze orders (doc/registry.md, "Unfreeze orders"): DER
 *
 *   UnfreezeOrder ::= SEQUENCE {
 *     tbs        SEQUENCE { version INTEGER (1), tenant UTF8String, esID UTF8String,
 *                           sealHash OCTET STRING (SIZE(32)), freezeSequence INTEGER,
 *                           time GeneralizedTime, reason UTF8String },
 *     algorithm  OBJECT IDENTIFIER,    -- SM2-SM3, ECDSA-SHA256 or RSA-SHA256
 *     signer     Certificate,
 *     signature  BIT STRING }          -- over the tbs bytes; DER SEQUENCE{r,s} for EC
 */
#include "order.h"

#include <string.h>

#include "eseal/errors.h"
#include "eseal/store.h"
#include "eseal/trust.h"
#include "../asn1/der.h"
#include "../asn1/oid.h"
#include "../asn1/timefmt.h"
#include "../context/context.h"
#include "../context/role_cert.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../crypto/key.h"
#include "../crypto/pkey.h"
#include "../x509/cert.h"
#include "fields.h"

#define ORDER_VERSION 1

static int encode_tbs(eseal__dbuf *b, const char *tenant, const char *es_id,
                      const uint8_t *hash, uint64_t seq, int64_t t, const char *reason) {
  char when[16];
  if (eseal__time_format_generalized(t, when) != 0)
    return eseal__error_set(ESEAL_EINVAL, "an unfreeze order's time must fall in years 0..9999");
  size_t mark = eseal__der_begin(b);
  eseal__der_put_int64(b, ORDER_VERSION);
  eseal__der_put(b, DER_UTF8_STRING, tenant, strlen(tenant));
  eseal__der_put(b, DER_UTF8_STRING, es_id, strlen(es_id));
  eseal__der_put(b, DER_OCTET_STRING, hash, 32);
  eseal__der_put_int64(b, (int64_t)seq);
  eseal__der_put(b, DER_GENERALIZED_TIME, when, 15);
  eseal__der_put(b, DER_UTF8_STRING, reason, strlen(reason));
  eseal__der_end(b, mark, DER_SEQUENCE);
  return eseal__dbuf_status(b);
}

static int check_sign_args(const char *tenant, const char *es_id, const uint8_t *hash,
                           size_t hash_len, uint64_t seq, const char *reason) {
  int rc = eseal_store_check_name(tenant);
  if (rc)
    return rc;
  size_t n = es_id ? strlen(es_id) : 0;
  if (n == 0 || n > ESEAL__REGISTRY_MAX_ESID)
    return eseal__error_set(ESEAL_EINVAL, "an esID has 1 to %u bytes", ESEAL__REGISTRY_MAX_ESID);
  if (hash == NULL || hash_len != 32)
    return eseal__error_set(ESEAL_EINVAL, "a seal hash is 32 bytes (SM3)");
  if (seq > INT64_MAX)
    return eseal__error_set(ESEAL_EINVAL, "freeze sequence out of range");
  if (strlen(reason) > ESEAL_REGISTRY_MAX_TEXT)
    return eseal__error_set(ESEAL_ELIMIT, "the reason exceeds %d bytes", ESEAL_REGISTRY_MAX_TEXT);
  return 0;
}

ESEAL_EXTERN(int) eseal_unfreeze_order_sign(eseal_buf *out, const eseal_ctx *ctx,
                                            const char *tenant, const char *es_id,
                                            const uint8_t *seal_hash, size_t seal_hash_len,
                                            uint64_t freeze_sequence, int64_t time,
                                            const char *reason, eseal_key *key,
                                            const eseal_cert *cert) {
  if (out == NULL || ctx == NULL || key == NULL || cert == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_unfreeze_order_sign: NULL argument");
  tenant = eseal__registry_tenant(tenant);
  reason = reason ? reason : "";
  int rc = check_sign_args(tenant, es_id, seal_hash, seal_hash_len, freeze_sequence, reason);
  if (rc)
    return rc;
  int match = eseal_key_matches_cert(key, cert);
  if (match <= 0)
    return match < 0 ? match
                     : eseal__error_set(ESEAL_ECRYPTO, "the key does not belong to the certificate");
  const char *oid = eseal__oid_for_name(key->algorithm);
  if (oid == NULL)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "cannot sign orders with %s", key->algorithm);
  eseal__dbuf tbs = ESEAL__DBUF_INIT, b = ESEAL__DBUF_INIT;
  eseal_buf sig = ESEAL_BUF_INIT;
  rc = encode_tbs(&tbs, tenant, es_id, seal_hash, freeze_sequence,
                  time ? time : eseal_ctx_now(ctx), reason);
  if (rc == 0)
    rc = eseal__key_sign(key, ctx->sm2_id, ctx->sm2_id_len, tbs.ptr, tbs.len, &sig);
  if (rc == 0) {
    size_t mark = eseal__der_begin(&b);
    eseal__dbuf_append(&b, tbs.ptr, tbs.len);
    if (eseal__oid_put(&b, oid) != 0)
      rc = eseal__error_set(ESEAL_ERROR, "cannot encode the OID %s", oid);
    eseal__dbuf_append(&b, cert->der, cert->der_len);
    eseal__der_put_bit_string(&b, sig.ptr, sig.size);
    eseal__der_end(&b, mark, DER_SEQUENCE);
    rc = rc ? rc : eseal__dbuf_finish(&b, out);
  }
  eseal__dbuf_release(&b);
  eseal__dbuf_release(&tbs);
  eseal_buf_dispose(&sig);
  return rc;
}

static int parse_tbs(eseal_unfreeze_order *o, const eseal__tlv *tbs, const char **why) {
  eseal__fields f;
  eseal__tlv t;
  int64_t version = 0, seq = 0;
  if (eseal__fields_open(&f, tbs->tlv, tbs->tlv_len) || eseal__fields_int64(&f, &version) ||
      eseal__fields_text(&f, o->tenant, sizeof o->tenant) ||
      eseal__fields_text(&f, o->es_id, sizeof o->es_id) ||
      eseal__fields_hash(&f, o->seal_hash, 32, 0, NULL) || eseal__fields_int64(&f, &seq) ||
      eseal__fields_element(&f, DER_GENERALIZED_TIME, &t) ||
      eseal__fields_text(&f, o->reason, sizeof o->reason) || eseal__fields_close(&f)) {
    *why = f.why;
    return -1;
  }
  eseal__time when;
  if (version != ORDER_VERSION || seq < 0) {
    *why = version != ORDER_VERSION ? "an unknown order version" : "a negative freeze sequence";
    return -1;
  }
  if (eseal__time_parse_generalized((const char *)t.val, t.val_len, &when, why) != 0)
    return -1;
  if (when.not_der || when.no_zone || when.fraction) {
    *why = "the time is not in the DER form YYYYMMDDhhmmssZ";
    return -1;
  }
  o->freeze_sequence = (uint64_t)seq;
  o->time = when.utc;
  return 0;
}

static int parse(eseal_unfreeze_order *o, const char **why) {
  eseal__fields f;
  eseal__tlv tbs, alg, cert, sig;
  if (eseal__fields_open(&f, o->der, o->der_len) ||
      eseal__fields_element(&f, DER_SEQUENCE, &tbs) ||
      eseal__fields_element(&f, DER_OID, &alg) || eseal__fields_element(&f, DER_SEQUENCE, &cert) ||
      eseal__fields_element(&f, DER_BIT_STRING, &sig) || eseal__fields_close(&f)) {
    *why = f.why;
    return -1;
  }
  if (parse_tbs(o, &tbs, why) != 0)
    return -1;
  if (eseal__oid_to_text(alg.val, alg.val_len, o->algorithm, sizeof o->algorithm, why) != 0)
    return -1;
  if (sig.val_len < 2 || sig.val[0] != 0) {
    *why = "the signature BIT STRING has unused bits or is empty";
    return -1;
  }
  o->tbs = tbs.tlv;
  o->tbs_len = tbs.tlv_len;
  o->signature = sig.val + 1;
  o->signature_len = sig.val_len - 1;
  int rc = eseal__cert_from_der(&o->signer, cert.tlv, cert.tlv_len);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc) {
    *why = "the signer certificate cannot be read";
    return -1;
  }
  return 0;
}

ESEAL_EXTERN(int) eseal_unfreeze_order_parse(eseal_unfreeze_order **out, const uint8_t *der,
                                             size_t len) {
  if (out == NULL || (der == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_unfreeze_order_parse: NULL argument");
  *out = NULL;
  if (len > ESEAL_UNFREEZE_ORDER_MAX_SIZE)
    return eseal__error_set(ESEAL_ELIMIT, "an unfreeze order has at most %d bytes",
                            ESEAL_UNFREEZE_ORDER_MAX_SIZE);
  eseal_unfreeze_order *o = eseal__calloc(1, sizeof *o);
  if (o == NULL || (o->der = eseal__malloc(len ? len : 1)) == NULL) {
    eseal__free(o);
    return eseal__error_oom();
  }
  if (len)
    memcpy(o->der, der, len);
  o->der_len = len;
  const char *why = "malformed";
  int rc = parse(o, &why);
  if (rc) {
    eseal_unfreeze_order_free(o);
    return rc == ESEAL_ENOMEM ? rc
                              : eseal__error_set(ESEAL_EFORMAT, "not an unfreeze order: %s", why);
  }
  *out = o;
  return 0;
}

ESEAL_EXTERN(void) eseal_unfreeze_order_free(eseal_unfreeze_order *order) {
  if (order == NULL)
    return;
  eseal_cert_free(order->signer);
  eseal__free(order->der);
  eseal__free(order);
}

ESEAL_EXTERN(const char *) eseal_unfreeze_order_tenant(const eseal_unfreeze_order *o) {
  return o ? o->tenant : NULL;
}
ESEAL_EXTERN(const char *) eseal_unfreeze_order_es_id(const eseal_unfreeze_order *o) {
  return o ? o->es_id : NULL;
}
ESEAL_EXTERN(const uint8_t *) eseal_unfreeze_order_seal_hash(const eseal_unfreeze_order *o,
                                                             size_t *len) {
  if (len)
    *len = o ? 32 : 0;
  return o ? o->seal_hash : NULL;
}
ESEAL_EXTERN(uint64_t) eseal_unfreeze_order_freeze_sequence(const eseal_unfreeze_order *o) {
  return o ? o->freeze_sequence : 0;
}
ESEAL_EXTERN(int64_t) eseal_unfreeze_order_time(const eseal_unfreeze_order *o) {
  return o ? o->time : 0;
}
ESEAL_EXTERN(const char *) eseal_unfreeze_order_reason(const eseal_unfreeze_order *o) {
  return o ? o->reason : NULL;
}
ESEAL_EXTERN(const eseal_cert *) eseal_unfreeze_order_signer(const eseal_unfreeze_order *o) {
  return o ? o->signer : NULL;
}

ESEAL_EXTERN(int) eseal_unfreeze_order_verify(const eseal_ctx *ctx,
                                              const eseal_unfreeze_order *order, int64_t at) {
  if (ctx == NULL || order == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_unfreeze_order_verify: NULL argument");
  const char *alg = eseal__oid_name(order->algorithm);
  if (alg == NULL)
    return eseal__error_set(ESEAL_ECRYPTO, "the order's algorithm %s is not supported",
                            order->algorithm);
  int ok = eseal__pkey_verify(X509_get0_pubkey(order->signer->x509), alg, ctx->sm2_id,
                              ctx->sm2_id_len, order->tbs, order->tbs_len, order->signature,
                              order->signature_len);
  if (ok == ESEAL_ENOMEM)
    return ok;
  if (ok != 1)
    return eseal__error_set(ESEAL_ECRYPTO, "the unfreeze order's signature does not verify with "
                                           "the certificate it carries");
  return eseal__ctx_check_role_cert(ctx, order->signer, ESEAL_ROLE_REGISTRY_SUPERVISOR,
                                    at ? at : eseal_ctx_now(ctx), "the unfreeze order's signer");
}
