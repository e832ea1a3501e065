/* The tenant's log-signer certificates (log_certs.h). */
#include "log_certs.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "usage_log.h"

int eseal__log_cert_hash(const eseal_cert *cert, uint8_t out[32]) {
  size_t len = 0;
  const uint8_t *der = eseal_cert_der(cert, &len);
  unsigned int n = 0;
  if (der == NULL || EVP_Digest(der, len, out, &n, EVP_sm3(), NULL) != 1 || n != 32)
    return eseal__error_set(ESEAL_ECRYPTO, "usage log: cannot hash a certificate");
  return 0;
}

int eseal__log_cert_key_name(const eseal_cert *cert, char out[24]) {
  uint8_t h[32];
  int rc = eseal__log_cert_hash(cert, h);
  if (rc != 0)
    return rc;
  int n = snprintf(out, 24, "log-");
  for (int i = 0; i < 8; i++)
    n += snprintf(out + n, (size_t)(24 - n), "%02x", h[i]);
  return 0;
}

typedef struct cert_scan {
  eseal__log_certs *out;
  size_t cap;
  int rc;
} cert_scan;

static int take_cert(void *arg, const uint8_t *key, size_t key_len, const uint8_t *value,
                     size_t value_len) {
  cert_scan *s = arg;
  eseal__log_certs *c = s->out;
  if (c->count == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 4;
    eseal_cert **certs = eseal__realloc(c->cert, s->cap * sizeof *certs, cap * sizeof *certs);
    if (certs)
      c->cert = certs;
    uint8_t(*hashes)[32] = eseal__realloc(c->hash, s->cap * 32, cap * 32);
    if (hashes)
      c->hash = hashes;
    if (!certs || !hashes)
      return s->rc = eseal__error_oom(), 1;
    s->cap = cap;
  }
  eseal_cert *cert = NULL;
  uint8_t h[32];
  if (eseal_cert_load(&cert, value, value_len) != 0 || eseal__log_cert_hash(cert, h) != 0 ||
      key_len != 32 || memcmp(h, key, 32) != 0) {
    eseal_cert_free(cert);
    s->rc = eseal__error_set(ESEAL_ETAMPERED, "usage log: a stored log-signer certificate is "
                                              "damaged or filed under another hash");
    return 1;
  }
  c->cert[c->count] = cert;
  memcpy(c->hash[c->count++], h, 32);
  return 0;
}

int eseal__log_certs_load(eseal__txn *txn, const char *tenant, eseal__log_certs *out) {
  memset(out, 0, sizeof *out);
  cert_scan s = {out, 0, 0};
  int rc = eseal__txn_kv_scan(txn, tenant, ESEAL__USAGE_AREA_LOGCERT, NULL, 0, take_cert, &s);
  if (rc == 1)
    rc = s.rc;
  if (rc != 0)
    eseal__log_certs_release(out);
  return rc;
}

void eseal__log_certs_release(eseal__log_certs *certs) {
  for (size_t i = 0; i < certs->count; i++)
    eseal_cert_free(certs->cert[i]);
  eseal__free(certs->cert);
  eseal__free(certs->hash);
  memset(certs, 0, sizeof *certs);
}
