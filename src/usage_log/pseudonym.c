/* Pseudonyms of personal values and their erasable clear side (pseudonym.h). */
#include "pseudonym.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "usage_log.h"

#define SALT_LEN 32
#define R_LEN 32
/* The clear side entry: kind ‖ r ‖ index key ‖ value. */
#define SIDE_HEAD (1 + R_LEN + 32)

static const uint8_t salt_key[] = {'v', '1'};

/* SM3 over a domain label, the kind byte, then two byte strings. */
static int sm3_of(const char *label, eseal__ps_kind kind, const uint8_t *a, size_t alen,
                  const uint8_t *b, size_t blen, uint8_t out[32]) {
  uint8_t k = (uint8_t)kind;
  unsigned int n = 0;
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int ok = md && EVP_DigestInit_ex(md, EVP_sm3(), NULL) &&
           EVP_DigestUpdate(md, label, strlen(label)) && EVP_DigestUpdate(md, &k, 1) &&
           EVP_DigestUpdate(md, a, alen) && EVP_DigestUpdate(md, b, blen) &&
           EVP_DigestFinal_ex(md, out, &n) && n == 32;
  EVP_MD_CTX_free(md);
  return ok ? 0 : eseal__error_set(ESEAL_ECRYPTO, "usage log: SM3 failed");
}

/* The tenant's index salt; made (writable txn) or ESEAL_ENOTFOUND (read-only) when absent. */
static int tenant_salt(eseal__txn *txn, const char *tenant, uint8_t salt[SALT_LEN]) {
  eseal_buf b = ESEAL_BUF_INIT;
  int rc = eseal__txn_kv_get(txn, tenant, ESEAL__USAGE_AREA_SALT, salt_key, sizeof salt_key, &b);
  if (rc == 0) {
    int ok = b.size == SALT_LEN;
    if (ok)
      memcpy(salt, b.ptr, SALT_LEN);
    eseal_buf_dispose(&b);
    return ok ? 0 : eseal__error_set(ESEAL_ETAMPERED, "usage log: the tenant's salt is damaged");
  }
  if (rc != ESEAL_ENOTFOUND || !eseal__txn_writable(txn))
    return rc;
  if (RAND_bytes(salt, SALT_LEN) != 1)
    return eseal__error_set(ESEAL_ECRYPTO, "usage log: no random bytes for the tenant's salt");
  return eseal__txn_kv_put(txn, tenant, ESEAL__USAGE_AREA_SALT, salt_key, sizeof salt_key, salt,
                           SALT_LEN);
}

static int index_key(eseal__txn *txn, const char *tenant, eseal__ps_kind kind, const uint8_t *v,
                     size_t len, uint8_t ix[32]) {
  uint8_t salt[SALT_LEN];
  int rc = tenant_salt(txn, tenant, salt);
  if (rc == 0)
    rc = sm3_of("eseal-usage-ix", kind, salt, SALT_LEN, v, len, ix);
  return rc;
}

int eseal__ps_find(eseal__txn *txn, const char *tenant, eseal__ps_kind kind, const uint8_t *v,
                   size_t len, uint8_t ps[32]) {
  uint8_t ix[32];
  eseal_buf b = ESEAL_BUF_INIT;
  int rc = index_key(txn, tenant, kind, v, len, ix);
  if (rc == 0)
    rc = eseal__txn_kv_get(txn, tenant, ESEAL__USAGE_AREA_PINDEX, ix, sizeof ix, &b);
  if (rc == 0 && b.size != 32)
    rc = eseal__error_set(ESEAL_ETAMPERED, "usage log: a pseudonym index entry is damaged");
  if (rc == 0)
    memcpy(ps, b.ptr, 32);
  eseal_buf_dispose(&b);
  return rc;
}

int eseal__ps_get_or_make(eseal__txn *txn, const char *tenant, eseal__ps_kind kind,
                          const uint8_t *v, size_t len, uint8_t ps[32]) {
  int rc = eseal__ps_find(txn, tenant, kind, v, len, ps);
  if (rc != ESEAL_ENOTFOUND)
    return rc;
  uint8_t ix[32], r[R_LEN];
  if ((rc = index_key(txn, tenant, kind, v, len, ix)) != 0)
    return rc;
  if (RAND_bytes(r, sizeof r) != 1)
    return eseal__error_set(ESEAL_ECRYPTO, "usage log: no random bytes for a pseudonym");
  if ((rc = sm3_of("eseal-usage-ps", kind, r, sizeof r, v, len, ps)) != 0)
    return rc;
  uint8_t *side = eseal__malloc(SIDE_HEAD + len);
  if (side == NULL)
    return eseal__error_oom();
  side[0] = (uint8_t)kind;
  memcpy(side + 1, r, R_LEN);
  memcpy(side + 1 + R_LEN, ix, 32);
  if (len)
    memcpy(side + SIDE_HEAD, v, len);
  rc = eseal__txn_kv_put(txn, tenant, ESEAL__USAGE_AREA_PERSONAL, ps, 32, side, SIDE_HEAD + len);
  eseal__free(side);
  if (rc == 0)
    rc = eseal__txn_kv_put(txn, tenant, ESEAL__USAGE_AREA_PINDEX, ix, sizeof ix, ps, 32);
  return rc;
}

/* Reads and checks the side entry of `ps`; the caller disposes `side`. */
static int side_entry(eseal__txn *txn, const char *tenant, const uint8_t ps[32], eseal_buf *side) {
  int rc = eseal__txn_kv_get(txn, tenant, ESEAL__USAGE_AREA_PERSONAL, ps, 32, side);
  if (rc != 0)
    return rc;
  uint8_t again[32];
  if (side->size < SIDE_HEAD || side->ptr[0] < ESEAL__PS_OPERATOR ||
      side->ptr[0] > ESEAL__PS_LOCATION)
    rc = eseal__error_set(ESEAL_ETAMPERED, "usage log: a personal-data entry is damaged");
  else if ((rc = sm3_of("eseal-usage-ps", (eseal__ps_kind)side->ptr[0], side->ptr + 1, R_LEN,
                        side->ptr + SIDE_HEAD, side->size - SIDE_HEAD, again)) == 0 &&
           memcmp(again, ps, 32) != 0)
    rc = eseal__error_set(ESEAL_ETAMPERED,
                          "usage log: a clear personal value does not match its pseudonym");
  if (rc != 0)
    eseal_buf_dispose(side);
  return rc;
}

int eseal__ps_clear(eseal__txn *txn, const char *tenant, const uint8_t ps[32],
                    eseal__ps_kind *kind, eseal_buf *value) {
  eseal_buf side = ESEAL_BUF_INIT;
  int rc = side_entry(txn, tenant, ps, &side);
  if (rc != 0)
    return rc;
  *kind = (eseal__ps_kind)side.ptr[0];
  rc = eseal_buf_set(value, side.ptr + SIDE_HEAD, side.size - SIDE_HEAD);
  eseal_buf_dispose(&side);
  return rc;
}

int eseal__ps_erase(eseal__txn *txn, const char *tenant, const uint8_t ps[32]) {
  eseal_buf side = ESEAL_BUF_INIT;
  int rc = eseal__txn_kv_get(txn, tenant, ESEAL__USAGE_AREA_PERSONAL, ps, 32, &side);
  if (rc != 0)
    return rc;
  /* A damaged entry is erased all the same; its index key is only known when intact. */
  if (side.size >= SIDE_HEAD) {
    rc = eseal__txn_kv_delete(txn, tenant, ESEAL__USAGE_AREA_PINDEX, side.ptr + 1 + R_LEN, 32);
    if (rc == ESEAL_ENOTFOUND)
      rc = 0;
  }
  eseal_buf_dispose(&side);
  if (rc == 0)
    rc = eseal__txn_kv_delete(txn, tenant, ESEAL__USAGE_AREA_PERSONAL, ps, 32);
  return rc;
}
