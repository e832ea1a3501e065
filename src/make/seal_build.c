/* eseal_seal_build(): checks the elements and the maker, then encodes and signs the seal. */
#include <string.h>

#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../asn1/oid.h"
#include "../asn1/timefmt.h"
#include "../codec/model.h"
#include "../context/context.h"
#include "../core/error.h"
#include "../crypto/digest.h"
#include "../crypto/key.h"
#include "../x509/cert.h"
#include "seal_builder.h"

static int check_elements(const eseal_seal_builder *b) {
  if (b->esid == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the seal has no esID");
  if (b->name == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the seal has no name");
  if (b->type == 0)
    return eseal__error_set(ESEAL_EINVAL, "the seal has no type");
  if (b->cert_count == 0)
    return eseal__error_set(ESEAL_EINVAL, "the seal lists no signer certificate");
  if (!b->dates_set)
    return eseal__error_set(ESEAL_EINVAL, "the seal has no dates");
  if (b->picture == NULL)
    return eseal__error_set(ESEAL_EINVAL, "the seal has no picture (set or draw one)");
  if (b->format == ESEAL_FORMAT_V1 && b->list_type != ESEAL_CERT_LIST_CERTS)
    return eseal__error_set(ESEAL_EINVAL, "V1 seals list whole certificates only");
  return 0;
}

static int check_maker(int64_t created, const eseal_key *key, const eseal_cert *maker) {
  int match = eseal_key_matches_cert(key, maker);
  if (match < 0)
    return match;
  if (!match)
    return eseal__error_set(ESEAL_ECRYPTO, "the maker key does not belong to the maker certificate");
  char when[21] = "";
  eseal__time_format_iso(created, when);
  if (created < maker->not_before || created > maker->not_after)
    return eseal__error_set(ESEAL_ECERT, "the maker certificate (%s) is not valid at the creation "
                            "date %s", maker->subject, when);
  if (!eseal__cert_can_sign(maker))
    return eseal__error_set(ESEAL_ECERT, "the maker certificate (%s) lacks the digitalSignature and "
                            "nonRepudiation key usages", maker->subject);
  return 0;
}

static int fill_certs(eseal_seal *seal, const eseal_seal_builder *b) {
  seal->cert_list_type = b->list_type;
  seal->cert_count = b->cert_count;
  seal->certs = eseal__arena_alloc(&seal->arena, b->cert_count * sizeof *seal->certs);
  if (seal->certs == NULL)
    return eseal__error_oom();
  for (size_t i = 0; i < b->cert_count; i++) {
    eseal__cert_entry *e = &seal->certs[i];
    const uint8_t *der = b->certs[i]->der;
    size_t len = b->certs[i]->der_len;
    uint8_t digest[ESEAL__DIGEST_MAX];
    if (b->list_type == ESEAL_CERT_LIST_DIGESTS) {
      int rc = eseal__digest(EVP_sm3(), der, len, digest, &len);
      if (rc)
        return rc;
      der = digest;
      e->digest_type = eseal__arena_strdup(&seal->arena, "SM3");
      if (e->digest_type == NULL)
        return eseal__error_oom();
    }
    e->data.ptr = eseal__arena_dup(&seal->arena, der, len);
    e->data.len = len;
    if (e->data.ptr == NULL)
      return eseal__error_oom();
  }
  return 0;
}

static int fill_extensions(eseal_seal *seal, const eseal_seal_builder *b) {
  if (b->extension_count == 0)
    return 0;
  seal->extensions = eseal__arena_alloc(&seal->arena, sizeof *seal->extensions);
  eseal__extension *items =
      eseal__arena_alloc(&seal->arena, b->extension_count * sizeof *items);
  if (seal->extensions == NULL || items == NULL)
    return eseal__error_oom();
  for (size_t i = 0; i < b->extension_count; i++) {
    items[i].oid = eseal__arena_strdup(&seal->arena, b->extensions[i].oid);
    items[i].critical = b->extensions[i].critical;
    items[i].value.ptr = eseal__arena_dup(&seal->arena, b->extensions[i].value,
                                          b->extensions[i].len);
    items[i].value.len = b->extensions[i].len;
    if (items[i].oid == NULL || items[i].value.ptr == NULL)
      return eseal__error_oom();
  }
  seal->extensions->items = items;
  seal->extensions->count = b->extension_count;
  return 0;
}

static int fill_model(eseal_seal *seal, const eseal_seal_builder *b, int64_t created,
                      const eseal_key *key, const eseal_cert *maker) {
  eseal__arena *a = &seal->arena;
  seal->format = b->format;
  seal->header_id = eseal__arena_strdup(a, "ES");
  seal->header_version = b->format == ESEAL_FORMAT_V1 ? 1 : 4;
  seal->vendor_id = eseal__arena_strdup(a, b->vendor);
  seal->esid = eseal__arena_strdup(a, b->esid);
  seal->type = b->type;
  seal->name = eseal__arena_strdup(a, b->name);
  seal->dates[0].utc = created;
  seal->dates[1].utc = b->dates[1];
  seal->dates[2].utc = b->dates[2];
  seal->picture_type = eseal__arena_strdup(a, b->picture_type);
  seal->picture.ptr = eseal__arena_dup(a, b->picture, b->picture_len);
  seal->picture.len = b->picture_len;
  seal->picture_width = b->picture_width;
  seal->picture_height = b->picture_height;
  seal->maker_cert.ptr = eseal__arena_dup(a, maker->der, maker->der_len);
  seal->maker_cert.len = maker->der_len;
  seal->algorithm = eseal__arena_strdup(a, eseal__oid_for_name(key->algorithm));
  if (!seal->header_id || !seal->vendor_id || !seal->esid || !seal->name || !seal->picture_type ||
      !seal->picture.ptr || !seal->maker_cert.ptr || !seal->algorithm)
    return eseal__error_oom();
  int rc = fill_certs(seal, b);
  return rc ? rc : fill_extensions(seal, b);
}

static int sign_and_encode(eseal_seal *seal, const eseal_ctx *ctx, eseal_key *key,
                           eseal_buf *out) {
  eseal_buf range = ESEAL_BUF_INIT, value = ESEAL_BUF_INIT;
  int rc = eseal__seal_encode_signed_range(&range, seal);
  if (rc == 0)
    rc = eseal__key_sign(key, ctx->sm2_id, ctx->sm2_id_len, range.ptr, range.size, &value);
  eseal_buf_dispose(&range);
  if (rc)
    return rc;
  seal->sigval_der.ptr = eseal__arena_dup(&seal->arena, value.ptr, value.size);
  seal->sigval_der.len = value.size;
  eseal_buf_dispose(&value);
  if (seal->sigval_der.ptr == NULL)
    return eseal__error_oom();
  return eseal_seal_encode(out, seal);
}

ESEAL_EXTERN(int) eseal_seal_build(eseal_seal **out, const eseal_ctx *ctx,
                                   const eseal_seal_builder *b, eseal_key *maker_key,
                                   const eseal_cert *maker_cert) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_build: NULL out");
  *out = NULL;
  if (ctx == NULL || b == NULL || maker_key == NULL || maker_cert == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_seal_build: NULL argument");
  int rc = check_elements(b);
  int64_t created = b->create_set ? b->dates[0] : eseal_ctx_now(ctx);
  if (rc == 0 && created > b->dates[2])
    rc = eseal__error_set(ESEAL_EINVAL, "the creation date lies after the end of validity");
  if (rc == 0)
    rc = check_maker(created, maker_key, maker_cert);
  if (rc)
    return rc;
  eseal_seal *model = eseal__seal_new();
  if (model == NULL)
    return eseal__error_oom();
  eseal_buf der = ESEAL_BUF_INIT;
  rc = fill_model(model, b, created, maker_key, maker_cert);
  if (rc == 0)
    rc = sign_and_encode(model, ctx, maker_key, &der);
  eseal_seal_free(model);
  if (rc == 0)
    rc = eseal_seal_parse(out, der.ptr, der.size, NULL);
  eseal_buf_dispose(&der);
  return rc;
}
