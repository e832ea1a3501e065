#include "data.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

typedef struct hashing {
  EVP_MD_CTX *sm3, *sha256, *sha1;
} hashing;

static void hashing_release(hashing *h) {
  EVP_MD_CTX_free(h->sm3);
  EVP_MD_CTX_free(h->sha256);
  EVP_MD_CTX_free(h->sha1);
  h->sm3 = h->sha256 = h->sha1 = NULL;
}

static int hashing_start(hashing *h) {
  h->sm3 = EVP_MD_CTX_new();
  h->sha256 = EVP_MD_CTX_new();
  h->sha1 = EVP_MD_CTX_new();
  if (h->sm3 && h->sha256 && h->sha1 && EVP_DigestInit_ex(h->sm3, EVP_sm3(), NULL) == 1 &&
      EVP_DigestInit_ex(h->sha256, EVP_sha256(), NULL) == 1 &&
      EVP_DigestInit_ex(h->sha1, EVP_sha1(), NULL) == 1)
    return 0;
  hashing_release(h);
  return eseal__error_set(ESEAL_ECRYPTO, "cannot start SM3, SHA-256 and SHA-1");
}

static int hashing_update(hashing *h, const uint8_t *p, size_t n) {
  return EVP_DigestUpdate(h->sm3, p, n) == 1 && EVP_DigestUpdate(h->sha256, p, n) == 1 &&
                 EVP_DigestUpdate(h->sha1, p, n) == 1
             ? 0
             : eseal__error_set(ESEAL_ECRYPTO, "hashing the data failed");
}

static int hashing_finish(hashing *h, eseal_data *d) {
  int ok = EVP_DigestFinal_ex(h->sm3, d->sm3, NULL) == 1 &&
           EVP_DigestFinal_ex(h->sha256, d->sha256, NULL) == 1 &&
           EVP_DigestFinal_ex(h->sha1, d->sha1, NULL) == 1;
  hashing_release(h);
  return ok ? 0 : eseal__error_set(ESEAL_ECRYPTO, "hashing the data failed");
}

static int data_new(eseal_data **out, hashing *h) {
  *out = eseal__calloc(1, sizeof **out);
  if (*out == NULL)
    return eseal__error_oom();
  int rc = hashing_start(h);
  if (rc) {
    eseal__free(*out);
    *out = NULL;
  }
  return rc;
}

ESEAL_EXTERN(int) eseal_data_from_bytes(eseal_data **out, const uint8_t *data, size_t len) {
  if (out == NULL || (data == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_data_from_bytes: NULL argument");
  hashing h;
  int rc = data_new(out, &h);
  if (rc)
    return rc;
  if ((rc = hashing_update(&h, data, len)) != 0 || (rc = hashing_finish(&h, *out)) != 0) {
    hashing_release(&h);
    eseal_data_free(*out);
    *out = NULL;
  }
  return rc;
}

ESEAL_EXTERN(int) eseal_data_from_file(eseal_data **out, const char *path) {
  if (out == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_data_from_file: NULL argument");
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return eseal__error_set(ESEAL_EIO, "%s: %s", path, strerror(errno));
  hashing h;
  int rc = data_new(out, &h);
  uint8_t chunk[65536];
  size_t n;
  while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    rc = hashing_update(&h, chunk, n);
  if (rc == 0 && ferror(f))
    rc = eseal__error_set(ESEAL_EIO, "%s: read error", path);
  fclose(f);
  if (rc == 0)
    rc = hashing_finish(&h, *out);
  else if (*out)
    hashing_release(&h);
  if (rc) {
    eseal_data_free(*out);
    *out = NULL;
  }
  return rc;
}

ESEAL_EXTERN(int) eseal_data_from_hash(eseal_data **out, const uint8_t *hash, size_t len) {
  if (out == NULL || hash == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_data_from_hash: NULL argument");
  *out = NULL;
  if (len != 20 && len != 32 && len != 48)
    return eseal__error_set(ESEAL_EINVAL, "a hash is 20, 32 or 48 bytes, not %zu", len);
  eseal_data *d = eseal__calloc(1, sizeof *d);
  if (d == NULL)
    return eseal__error_oom();
  d->hash_only = 1;
  memcpy(d->given, hash, len);
  d->given_len = len;
  *out = d;
  return 0;
}

ESEAL_EXTERN(void) eseal_data_free(eseal_data *data) {
  eseal__free(data);
}

int eseal__data_matches(const eseal_data *d, const uint8_t *data_hash, size_t len,
                        const char **name) {
  if (d->hash_only) {
    if (len != d->given_len) {
      *name = "the given precomputed hash, which has another length";
      return 0;
    }
    *name = "the given precomputed hash";
    return memcmp(data_hash, d->given, len) == 0;
  }
  if (len == 20) {
    *name = "the SHA-1 hash of the data";
    return memcmp(data_hash, d->sha1, 20) == 0;
  }
  if (len != 32) {
    *name = "no hash of the data (a dataHash of that length matches no supported digest: "
            "SHA-1 has 20 bytes, SM3 and SHA-256 have 32)";
    return 0;
  }
  if (memcmp(data_hash, d->sm3, 32) == 0) {
    *name = "the SM3 hash of the data";
    return 1;
  }
  if (memcmp(data_hash, d->sha256, 32) == 0) {
    *name = "the SHA-256 hash of the data";
    return 1;
  }
  *name = "the SM3 and SHA-256 hashes of the data";
  return 0;
}

const EVP_MD *eseal__data_digest_matched(const eseal_data *d, const uint8_t *data_hash,
                                         size_t len) {
  if (d->hash_only)
    return NULL;
  if (len == 20 && memcmp(data_hash, d->sha1, 20) == 0)
    return EVP_sha1();
  if (len == 32 && memcmp(data_hash, d->sm3, 32) == 0)
    return EVP_sm3();
  if (len == 32 && memcmp(data_hash, d->sha256, 32) == 0)
    return EVP_sha256();
  return NULL;
}
