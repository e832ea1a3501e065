/* eseal_stamp(): pre-stamp checks, then TBS_Sign, the signer's signature and SES_Signature. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/store.h"
#include "../asn1/der.h"
#include "../asn1/oid.h"
#include "../asn1/timefmt.h"
#include "../codec/model.h"
#include "../context/context.h"
#include "../core/error.h"
#include "../crypto/key.h"
#include "../registry/stamp_gate.h"
#include "../x509/cert.h"
#include "data.h"
#include "prestamp.h"
#include "stamp_checks.h"

/* The size of the options struct a caller of `version` has. */
static size_t version_size(unsigned int version) {
  return version == 1 ? offsetof(eseal_stamp_options, tenant)
         : version == 2 ? offsetof(eseal_stamp_options, tsa_url)
                        : sizeof(eseal_stamp_options);
}

ESEAL_EXTERN(int) eseal_stamp_options_init(eseal_stamp_options *opts, unsigned int version) {
  if (opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_stamp_options_init: NULL options");
  if (version < 1 || version > ESEAL_STAMP_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_stamp_options: unknown version %u", version);
  eseal_stamp_options defaults = ESEAL_STAMP_OPTIONS_INIT;
  if (version < ESEAL_STAMP_OPTIONS_VERSION) {
    /* An older caller's struct ends earlier: after property_info (1) or allow_unregistered (2). */
    memcpy(opts, &defaults, version_size(version));
    opts->version = version;
  } else {
    *opts = defaults;
  }
  return 0;
}

/* WGS-84 degrees and a non-negative accuracy, when a location is given. */
static int check_location(const eseal_stamp_options *o) {
  if (!o->has_location)
    return 0;
  if (!(fabs(o->latitude) <= 90.0) || !(fabs(o->longitude) <= 180.0) || !(o->accuracy_m >= 0.0))
    return eseal__error_set(ESEAL_EINVAL, "a location is a latitude within ±90°, a longitude "
                                          "within ±180° and an accuracy of 0 m or more");
  return 0;
}

static int check_options(const eseal_stamp_options *opts, const eseal_seal *seal,
                         eseal_stamp_options *out) {
  *out = (eseal_stamp_options)ESEAL_STAMP_OPTIONS_INIT;
  if (opts) {
    if (opts->version >= 1 && opts->version <= ESEAL_STAMP_OPTIONS_VERSION)
      memcpy(out, opts, version_size(opts->version));
    else
      return eseal__error_set(ESEAL_EVERSION, "eseal_stamp_options: unknown version %u",
                              opts->version);
    out->version = ESEAL_STAMP_OPTIONS_VERSION;
  }
  if (out->format == ESEAL_FORMAT_UNKNOWN)
    out->format = seal->format;
  if (out->format != ESEAL_FORMAT_V4 && out->format != ESEAL_FORMAT_V1)
    return eseal__error_set(ESEAL_EINVAL, "stamping writes V4 or V1 signatures");
  if (out->format != seal->format)
    return eseal__error_set(ESEAL_EINVAL, "a %s signature needs a %s seal, not a %s one",
                            eseal_format_name(out->format), eseal_format_name(out->format),
                            eseal_format_name(seal->format));
  if (out->tsa_url && out->format != ESEAL_FORMAT_V4)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "a V1 signature has no timeStamp field: "
                                                "timestamps need V4");
  if (out->property_info && strlen(out->property_info) > ESEAL_MAX_TEXT_SIZE)
    return eseal__error_set(ESEAL_ELIMIT, "propertyInfo exceeds %u bytes", ESEAL_MAX_TEXT_SIZE);
  return check_location(out);
}

/* dataHash: the data's digest for the key's algorithm. */
static int pick_data_hash(const eseal_data *data, const char *algorithm, const uint8_t **hash,
                          size_t *len) {
  int sm3 = strcmp(algorithm, "SM2-SM3") == 0;
  if (data->hash_only) {
    if (data->given_len != 32)
      return eseal__error_set(ESEAL_EINVAL, "%s stamps need a 32-byte %s hash, not %zu bytes",
                              algorithm, sm3 ? "SM3" : "SHA-256", data->given_len);
    *hash = data->given;
  } else {
    int rc = eseal__data_ensure(data, sm3 ? ESEAL__DATA_SM3 : ESEAL__DATA_SHA256);
    if (rc)
      return rc;
    *hash = sm3 ? data->sm3 : data->sha256;
  }
  *len = 32;
  return 0;
}

/* Fills the TBS_Sign fields of `sig` (whose arena owns the copies). */
static int fill_model(eseal_signature *sig, const eseal_seal *seal, const eseal_key *key,
                      const eseal_cert *signer, const eseal_data *data,
                      const eseal_stamp_options *opts, int64_t t) {
  sig->format = opts->format;
  sig->tbs_version = seal->header_version;
  sig->seal = (eseal_seal *)seal; /* borrowed for encoding; detached before free */
  sig->has_time = 1;
  sig->time_utc = t;
  if (opts->format == ESEAL_FORMAT_V1) {
    /* V1 timeInfo: the DER UTCTime TLV, the standard's "UTCTIME" with an explicit zone. */
    char text[14];
    if (eseal__time_format_utc(t, text) != 0)
      return eseal__error_set(ESEAL_EINVAL, "V1 signing times must fall in 1950..2049");
    uint8_t tlv[15] = {DER_UTC_TIME, 13};
    memcpy(tlv + 2, text, 13);
    sig->time_raw.ptr = eseal__arena_dup(&sig->arena, tlv, sizeof tlv);
    sig->time_raw.len = sizeof tlv;
  }
  const uint8_t *hash = NULL;
  size_t hash_len = 0;
  int rc = pick_data_hash(data, key->algorithm, &hash, &hash_len);
  if (rc)
    return rc;
  sig->data_hash.ptr = eseal__arena_dup(&sig->arena, hash, hash_len);
  sig->data_hash.len = hash_len;
  sig->property_info =
      eseal__arena_strdup(&sig->arena, opts->property_info ? opts->property_info : "");
  sig->signer_cert.ptr = eseal__arena_dup(&sig->arena, signer->der, signer->der_len);
  sig->signer_cert.len = signer->der_len;
  sig->algorithm = eseal__arena_strdup(&sig->arena, eseal__oid_for_name(key->algorithm));
  if (!sig->data_hash.ptr || !sig->property_info || !sig->signer_cert.ptr || !sig->algorithm ||
      (opts->format == ESEAL_FORMAT_V1 && !sig->time_raw.ptr))
    return eseal__error_oom();
  return 0;
}

/* Embeds a timestamp over the signature value as encoded in `der`, and encodes again. */
static int add_timestamp(eseal_signature *sig, const eseal_ctx *ctx, const eseal_stamp_options *o,
                         eseal_buf *der) {
  eseal_signature *encoded = NULL;
  eseal_buf token = ESEAL_BUF_INIT;
  int rc = eseal_signature_parse(&encoded, der->ptr, der->size, NULL);
  if (rc == 0)
    rc = eseal__stamp_timestamp(ctx, o, strcmp(sig->algorithm, ESEAL__OID_SM2_SM3) == 0,
                                encoded->sigval.ptr, encoded->sigval.len, &token);
  eseal_signature_free(encoded);
  if (rc == 0) {
    sig->timestamp.ptr = eseal__arena_dup(&sig->arena, token.ptr, token.size);
    sig->timestamp.len = token.size;
    rc = sig->timestamp.ptr ? 0 : eseal__error_oom();
  }
  eseal_buf_dispose(&token);
  if (rc == 0) {
    eseal_buf_dispose(der);
    rc = eseal_signature_encode(der, sig);
  }
  return rc;
}

/* Signs the model's TBS_Sign and encodes the whole SES_Signature into `out`. */
static int sign_and_encode(eseal_signature *sig, const eseal_ctx *ctx, eseal_key *key,
                           eseal_buf *out) {
  eseal__dbuf tbs = ESEAL__DBUF_INIT;
  int rc = eseal__signature_encode_tbs(&tbs, sig);
  eseal_buf value = ESEAL_BUF_INIT;
  if (rc == 0)
    rc = eseal__key_sign(key, ctx->sm2_id, ctx->sm2_id_len, tbs.ptr, tbs.len, &value);
  eseal__dbuf_release(&tbs);
  if (rc)
    return rc;
  sig->sigval_der.ptr = eseal__arena_dup(&sig->arena, value.ptr, value.size);
  sig->sigval_der.len = value.size;
  eseal_buf_dispose(&value);
  if (sig->sigval_der.ptr == NULL)
    return eseal__error_oom();
  return eseal_signature_encode(out, sig);
}

ESEAL_EXTERN(int) eseal_stamp(eseal_signature **out, const eseal_ctx *ctx, const eseal_seal *seal,
                              eseal_key *key, const eseal_cert *signer_cert,
                              const eseal_data *data, const eseal_stamp_options *opts) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_stamp: NULL out");
  *out = NULL;
  if (ctx == NULL || seal == NULL || key == NULL || signer_cert == NULL || data == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_stamp: NULL argument");
  eseal_stamp_options o;
  int rc = check_options(opts, seal, &o);
  if (rc)
    return rc;
  int64_t t = eseal_ctx_now(ctx);
  if ((rc = eseal__prestamp_run(ctx, seal, key, signer_cert, t)) != 0 ||
      (rc = eseal__stamp_check_revocation(ctx, signer_cert, t)) != 0)
    return rc;

  /* With a store: phase (a), the state check and the intent, in one transaction. */
  eseal__stamp_gate gate;
  const uint8_t *doc_hash = NULL;
  size_t doc_hash_len = 0;
  int gated = eseal_ctx_store(ctx) != NULL;
  if (gated && ((rc = pick_data_hash(data, key->algorithm, &doc_hash, &doc_hash_len)) != 0 ||
                (rc = eseal__stamp_gate_open(&gate, ctx, seal, &o, doc_hash, doc_hash_len)) != 0))
    return rc;

  /* Phase (b): signing, with no transaction open. */
  eseal_signature *model = eseal__signature_new();
  eseal_buf der = ESEAL_BUF_INIT;
  rc = model ? fill_model(model, seal, key, signer_cert, data, &o, t) : eseal__error_oom();
  if (rc == 0)
    rc = sign_and_encode(model, ctx, key, &der);
  if (rc == 0 && o.tsa_url)
    rc = add_timestamp(model, ctx, &o, &der);
  if (model)
    model->seal = NULL;
  eseal_signature_free(model);
  if (rc == 0)
    rc = eseal_signature_parse(out, der.ptr, der.size, NULL);

  /* Phase (c): the completion, committed before the signature is handed out. */
  if (gated) {
    char why[512] = "";
    if (rc)
      snprintf(why, sizeof why, "%s", eseal_error_last() ? eseal_error_last()->message : "");
    int done = eseal__stamp_gate_close(&gate, rc, rc ? NULL : der.ptr, der.size);
    if (rc)
      eseal__error_set(rc, "%s", why);
    else if (done) {
      eseal_signature_free(*out);
      *out = NULL;
      rc = done;
    }
  }
  eseal_buf_dispose(&der);
  return rc;
}
