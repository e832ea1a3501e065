/*
 * eseal_ctx_load_validation_data(): the CRLs, OCSP responses and certificates
 * an earlier report kept, read back from its JSON with jansson (duplicate
 * keys refused, depth bounded by jansson's parser). Items are found in every
 * "validation_data" and "certificates" array of the document, so OFD reports
 * with one report per signature work too.
 */
#include <string.h>

#include <jansson.h>

#include "eseal/errors.h"
#include "eseal/revocation.h"
#include "../asn1/timefmt.h"
#include "../context/context.h"
#include "../core/alloc.h"
#include "../core/base64.h"
#include "../core/error.h"
#include "../x509/cert.h"
#include "crl.h"
#include "ocsp.h"

/* Objects and arrays visited at most, and items taken at most. */
#define MAX_DEPTH 8
#define MAX_ITEMS 4096

typedef struct item {
  char kind; /* 'c' CRL, 'o' OCSP response, 'x' certificate */
  uint8_t *der;
  size_t len;
} item;

typedef struct loader {
  item *items;
  size_t count;
  /* CRLs (an item may hold several) and OCSP responses among the items. */
  size_t crls, ocsp;
  int64_t validation_time;
} loader;

static int decode_base64(const char *text, uint8_t **out, size_t *out_len) {
  size_t len = strlen(text);
  uint8_t *der = eseal__malloc(ESEAL__BASE64_ROOM(len));
  if (der == NULL)
    return eseal__error_oom();
  if (eseal__base64_decode_into(text, len, 0, der, out_len) != 0) {
    eseal__free(der);
    return eseal__error_set(ESEAL_EFORMAT, "validation data: bad base64");
  }
  *out = der;
  return 0;
}

/* Decodes and checks one item before anything is added to the context. */
static int take(loader *l, char kind, const char *base64) {
  if (l->count == MAX_ITEMS)
    return eseal__error_set(ESEAL_ELIMIT, "validation data: more than %d items", MAX_ITEMS);
  item it = {kind, NULL, 0};
  int rc = decode_base64(base64, &it.der, &it.len);
  if (rc)
    return rc;
  if (kind == 'c') {
    STACK_OF(X509_CRL) *check = NULL;
    rc = eseal__crl_read(it.der, it.len, &check);
    if (rc == 0)
      l->crls += (size_t)sk_X509_CRL_num(check);
    sk_X509_CRL_pop_free(check, X509_CRL_free);
  } else if (kind == 'o') {
    if (it.len == 0 || it.len > ESEAL__OCSP_MAX_BYTES || it.der[0] != 0x30)
      rc = eseal__error_set(ESEAL_EFORMAT, "validation data: not an OCSP response");
    l->ocsp++;
  } else {
    eseal_cert *cert = NULL;
    rc = eseal__cert_from_der(&cert, it.der, it.len);
    eseal_cert_free(cert);
  }
  if (rc) {
    eseal__free(it.der);
    return rc;
  }
  l->items[l->count++] = it;
  return 0;
}

static const char *member_string(const json_t *o, const char *key) {
  return json_string_value(json_object_get(o, key));
}

static int read_validation_array(loader *l, const json_t *array) {
  size_t i;
  const json_t *entry;
  json_array_foreach(array, i, entry) {
    const char *kind = member_string(entry, "kind"), *der = member_string(entry, "der_base64");
    if (kind == NULL || der == NULL)
      return eseal__error_set(ESEAL_EFORMAT, "validation data: an item without kind or DER");
    int rc = strcmp(kind, "crl") == 0    ? take(l, 'c', der)
             : strcmp(kind, "ocsp") == 0 ? take(l, 'o', der)
                                         : 0; /* timestamps travel with their signature */
    if (rc)
      return rc;
  }
  return 0;
}

static int read_certificates(loader *l, const json_t *array) {
  size_t i;
  const json_t *entry;
  json_array_foreach(array, i, entry) {
    const char *der = member_string(entry, "der_base64");
    if (der == NULL)
      return eseal__error_set(ESEAL_EFORMAT, "validation data: a certificate without DER");
    int rc = take(l, 'x', der);
    if (rc)
      return rc;
  }
  return 0;
}

static int walk(loader *l, const json_t *node, int depth) {
  if (depth > MAX_DEPTH)
    return 0;
  int rc = 0;
  if (json_is_array(node)) {
    size_t i;
    const json_t *v;
    json_array_foreach(node, i, v) if ((rc = walk(l, v, depth + 1)) != 0) return rc;
    return 0;
  }
  if (!json_is_object(node))
    return 0;
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)node, key, v) {
    if (strcmp(key, "validation_data") == 0 && json_is_array(v))
      rc = read_validation_array(l, v);
    else if (strcmp(key, "certificates") == 0 && json_is_array(v))
      rc = read_certificates(l, v);
    else
      rc = walk(l, v, depth + 1);
    if (rc)
      return rc;
  }
  return 0;
}

static int read_time(const json_t *root, int64_t *out) {
  const char *text = json_string_value(json_object_get(json_object_get(root, "times"), "validation"));
  eseal__time t;
  const char *why = NULL;
  if (text == NULL || eseal__time_parse_text(text, strlen(text), &t, &why) != 0)
    return eseal__error_set(ESEAL_EFORMAT, "validation data: the report has no validation time");
  *out = t.utc;
  return 0;
}

/* The context's sources' limits, checked for the whole document before anything is added. */
static int check_room(const eseal_ctx *ctx, const loader *l) {
  size_t crls = ctx->crls ? (size_t)sk_X509_CRL_num(ctx->crls) : 0;
  if (crls + l->crls > ESEAL__CTX_MAX_CRLS)
    return eseal__error_set(ESEAL_ELIMIT,
                            "validation data: %zu CRLs, and the context holds %zu of at most %d",
                            l->crls, crls, ESEAL__CTX_MAX_CRLS);
  if (ctx->ocsp_response_count + l->ocsp > ESEAL__OCSP_MAX_RESPONSES)
    return eseal__error_set(ESEAL_ELIMIT,
                            "validation data: %zu OCSP responses, and the context holds %zu of "
                            "at most %d",
                            l->ocsp, ctx->ocsp_response_count, ESEAL__OCSP_MAX_RESPONSES);
  return 0;
}

/* What the context held before the items were added, to take them back on failure. */
typedef struct mark {
  int crls, intermediates, configured;
  size_t ocsp;
} mark;

static void roll_back(eseal_ctx *ctx, const mark *m) {
  while (ctx->crls && sk_X509_CRL_num(ctx->crls) > m->crls)
    X509_CRL_free(sk_X509_CRL_pop(ctx->crls));
  while (ctx->ocsp_response_count > m->ocsp)
    eseal_buf_dispose(&ctx->ocsp_responses[--ctx->ocsp_response_count]);
  while (sk_X509_num(ctx->intermediates) > m->intermediates)
    X509_free(sk_X509_pop(ctx->intermediates));
  ctx->revocation_configured = m->configured;
}

/* Adds every item, or (on a failure such as ENOMEM) none. */
static int add_all(eseal_ctx *ctx, const loader *l) {
  mark m = {ctx->crls ? sk_X509_CRL_num(ctx->crls) : 0, sk_X509_num(ctx->intermediates),
            ctx->revocation_configured, ctx->ocsp_response_count};
  int rc = check_room(ctx, l);
  for (size_t i = 0; rc == 0 && i < l->count; i++) {
    const item *it = &l->items[i];
    if (it->kind == 'c') {
      rc = eseal_ctx_add_crl(ctx, it->der, it->len);
    } else if (it->kind == 'o') {
      rc = eseal_ctx_add_ocsp_response(ctx, it->der, it->len);
    } else {
      eseal_cert *cert = NULL;
      rc = eseal__cert_from_der(&cert, it->der, it->len);
      if (rc == 0)
        rc = eseal_ctx_add_intermediate_cert(ctx, cert);
      eseal_cert_free(cert);
    }
  }
  if (rc)
    roll_back(ctx, &m);
  return rc;
}

ESEAL_EXTERN(int) eseal_ctx_load_validation_data(eseal_ctx *ctx, const uint8_t *json, size_t len,
                                                 int64_t *validation_time) {
  if (ctx == NULL || json == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_load_validation_data: NULL argument");
  if (len > ESEAL_MAX_VALIDATION_DATA_BYTES)
    return eseal__error_set(ESEAL_ELIMIT, "validation data of %zu bytes exceeds the limit of %u",
                            len, ESEAL_MAX_VALIDATION_DATA_BYTES);
  json_error_t error;
  json_t *root = json_loadb((const char *)json, len, JSON_REJECT_DUPLICATES, &error);
  if (root == NULL)
    return eseal__error_set(ESEAL_EFORMAT, "validation data: not JSON (line %d: %s)", error.line,
                            error.text);
  loader l = {eseal__calloc(MAX_ITEMS, sizeof(item)), 0, 0};
  int rc = l.items == NULL ? eseal__error_oom() : read_time(root, &l.validation_time);
  if (rc == 0)
    rc = walk(&l, root, 0);
  if (rc == 0)
    rc = add_all(ctx, &l);
  if (rc == 0 && validation_time)
    *validation_time = l.validation_time;
  for (size_t i = 0; i < l.count; i++)
    eseal__free(l.items[i].der);
  eseal__free(l.items);
  json_decref(root);
  return rc;
}
