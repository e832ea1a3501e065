#include "data.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"

/* The digests being computed, those of `mask` (ESEAL__DATA_*); the others stay NULL. */
typedef struct hashing {
  EVP_MD_CTX *sm3, *sha256, *sha1;
} hashing;

static void hashing_release(hashing *h) {
  EVP_MD_CTX_free(h->sm3);
  EVP_MD_CTX_free(h->sha256);
  EVP_MD_CTX_free(h->sha1);
  h->sm3 = h->sha256 = h->sha1 = NULL;
}

static int start_one(EVP_MD_CTX **ctx, const EVP_MD *md) {
  return (*ctx = EVP_MD_CTX_new()) != NULL && EVP_DigestInit_ex(*ctx, md, NULL) == 1;
}

static int hashing_start(hashing *h, unsigned int mask) {
  *h = (hashing){NULL, NULL, NULL};
  if ((!(mask & ESEAL__DATA_SM3) || start_one(&h->sm3, EVP_sm3())) &&
      (!(mask & ESEAL__DATA_SHA256) || start_one(&h->sha256, EVP_sha256())) &&
      (!(mask & ESEAL__DATA_SHA1) || start_one(&h->sha1, EVP_sha1())))
    return 0;
  hashing_release(h);
  return eseal__error_set(ESEAL_ECRYPTO, "cannot start hashing the data");
}

static int update_one(EVP_MD_CTX *ctx, const uint8_t *p, size_t n) {
  return ctx == NULL || EVP_DigestUpdate(ctx, p, n) == 1;
}

static int hashing_update(hashing *h, const uint8_t *p, size_t n) {
  return update_one(h->sm3, p, n) && update_one(h->sha256, p, n) && update_one(h->sha1, p, n)
             ? 0
             : eseal__error_set(ESEAL_ECRYPTO, "hashing the data failed");
}

static int finish_one(EVP_MD_CTX *ctx, uint8_t *out) {
  return ctx == NULL || EVP_DigestFinal_ex(ctx, out, NULL) == 1;
}

/* The digests into sm3, sha256 and sha1 (each may be NULL when not computed). */
static int hashing_finish(hashing *h, uint8_t *sm3, uint8_t *sha256, uint8_t *sha1) {
  int ok = finish_one(h->sm3, sm3) && finish_one(h->sha256, sha256) && finish_one(h->sha1, sha1);
  hashing_release(h);
  return ok ? 0 : eseal__error_set(ESEAL_ECRYPTO, "hashing the data failed");
}

static int data_new(eseal_data **out) {
  *out = eseal__calloc(1, sizeof **out);
  if (*out == NULL)
    return eseal__error_oom();
  if (pthread_mutex_init(&(*out)->lock, NULL) != 0) {
    eseal__free(*out);
    *out = NULL;
    return eseal__error_oom();
  }
  return 0;
}

ESEAL_EXTERN(int) eseal_data_from_bytes(eseal_data **out, const uint8_t *data, size_t len) {
  if (out == NULL || (data == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_data_from_bytes: NULL argument");
  hashing h;
  int rc = data_new(out);
  if (rc)
    return rc;
  /* The bytes are not kept: every digest a signature may need is computed now. */
  if ((rc = hashing_start(&h, ESEAL__DATA_ALL)) == 0 &&
      (rc = hashing_update(&h, data, len)) == 0 &&
      (rc = hashing_finish(&h, (*out)->sm3, (*out)->sha256, (*out)->sha1)) == 0) {
    __atomic_store_n(&(*out)->have, ESEAL__DATA_ALL, __ATOMIC_RELEASE);
    return 0;
  }
  hashing_release(&h);
  eseal_data_free(*out);
  *out = NULL;
  return rc;
}

/* Reads `fd` to its end through the digests of `h`. */
static int hash_fd(int fd, const char *path, hashing *h) {
  uint8_t chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return eseal__error_set(ESEAL_EIO, "%s: %s", path, strerror(errno));
    if (n == 0)
      return 0;
    int rc = hashing_update(h, chunk, (size_t)n);
    if (rc)
      return rc;
  }
}

/*
 * Hashes the file `path` with the digests of `mask` into sm3/sha256/sha1.
 * First read (`again` 0): a regular file's identity (device, inode, size)
 * goes into `d`; anything else (a pipe, which cannot be read twice) is hashed
 * with every digest, *regular set to 0. Read again (`again` 1): only the same
 * regular file, checked before a byte is read, so that a path since replaced
 * by a pipe or a device neither blocks nor runs on (ESEAL_EIO).
 */
static int hash_file(const char *path, unsigned int mask, uint8_t *sm3, uint8_t *sha256,
                     uint8_t *sha1, int *regular, eseal_data *d, int again) {
  int fd;
  /* Read again: opened without blocking, since a pipe put in the file's place
     would wait for a writer; the check below refuses it before any read. */
  do
    fd = open(path, O_RDONLY | O_CLOEXEC | (again ? O_NONBLOCK : 0));
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return eseal__error_set(ESEAL_EIO, "%s: %s", path, strerror(errno));
  struct stat st;
  int rc = fstat(fd, &st) == 0 ? 0 : eseal__error_set(ESEAL_EIO, "%s: %s", path, strerror(errno));
  *regular = rc == 0 && S_ISREG(st.st_mode);
  if (rc == 0 && again &&
      (!*regular || st.st_dev != d->dev || st.st_ino != d->ino || st.st_size != d->size))
    rc = eseal__error_set(ESEAL_EIO, "%s changed while it was being verified", path);
  if (rc == 0 && !again) {
    d->dev = st.st_dev;
    d->ino = st.st_ino;
    d->size = st.st_size;
    if (!*regular)
      mask = ESEAL__DATA_ALL;
  }
  hashing h = {NULL, NULL, NULL};
  if (rc == 0 && (rc = hashing_start(&h, mask)) == 0 && (rc = hash_fd(fd, path, &h)) == 0)
    rc = hashing_finish(&h, sm3, sha256, sha1);
  hashing_release(&h);
  close(fd);
  return rc;
}

ESEAL_EXTERN(int) eseal_data_from_file(eseal_data **out, const char *path) {
  if (out == NULL || path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_data_from_file: NULL argument");
  int regular = 0;
  int rc = data_new(out);
  if (rc)
    return rc;
  eseal_data *d = *out;
  /* SM3 is what SM2 stamps carry; the others are computed when a signature needs them. */
  if ((rc = hash_file(path, ESEAL__DATA_SM3, d->sm3, d->sha256, d->sha1, &regular, d, 0)) == 0 &&
      (!regular || (d->path = eseal__strdup(path)) != NULL)) {
    __atomic_store_n(&d->have, regular ? ESEAL__DATA_SM3 : ESEAL__DATA_ALL, __ATOMIC_RELEASE);
    return 0;
  }
  if (rc == 0)
    rc = eseal__error_oom();
  eseal_data_free(d);
  *out = NULL;
  return rc;
}

int eseal__data_ensure(const eseal_data *cd, unsigned int want) {
  if (cd->hash_only || (__atomic_load_n(&cd->have, __ATOMIC_ACQUIRE) & want) == want)
    return 0;
  /* The digests are the object's cache: filled once, under its lock. */
  eseal_data *d = (eseal_data *)cd;
  pthread_mutex_lock(&d->lock);
  unsigned int have = __atomic_load_n(&d->have, __ATOMIC_ACQUIRE);
  unsigned int need = want & ~have;
  int rc = 0, regular = 0;
  uint8_t sm3[32], sha256[32], sha1[20];
  if (need && (rc = hash_file(d->path, ESEAL__DATA_SM3 | need, sm3, sha256, sha1, &regular, d,
                              1)) == 0) {
    if (memcmp(sm3, d->sm3, 32) != 0) {
      rc = eseal__error_set(ESEAL_EIO, "%s changed while it was being verified", d->path);
    } else {
      /* Only digests not there yet: others may be read by threads meanwhile. */
      if (need & ESEAL__DATA_SHA256)
        memcpy(d->sha256, sha256, 32);
      if (need & ESEAL__DATA_SHA1)
        memcpy(d->sha1, sha1, 20);
      __atomic_store_n(&d->have, have | need, __ATOMIC_RELEASE);
    }
  }
  pthread_mutex_unlock(&d->lock);
  return rc;
}

ESEAL_EXTERN(int) eseal_data_from_hash(eseal_data **out, const uint8_t *hash, size_t len) {
  if (out == NULL || hash == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_data_from_hash: NULL argument");
  *out = NULL;
  if (len != 20 && len != 32 && len != 48)
    return eseal__error_set(ESEAL_EINVAL, "a hash is 20, 32 or 48 bytes, not %zu", len);
  eseal_data *d = NULL;
  int rc = data_new(&d);
  if (rc)
    return rc;
  d->hash_only = 1;
  memcpy(d->given, hash, len);
  d->given_len = len;
  *out = d;
  return 0;
}

ESEAL_EXTERN(void) eseal_data_free(eseal_data *data) {
  if (data == NULL)
    return;
  pthread_mutex_destroy(&data->lock);
  eseal__free(data->path);
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
  int rc;
  if (len == 20) {
    *name = "the SHA-1 hash of the data";
    return (rc = eseal__data_ensure(d, ESEAL__DATA_SHA1)) != 0 ? rc
                                                              : memcmp(data_hash, d->sha1, 20) == 0;
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
  /* SHA-256 only when SM3 did not match: a file is then read again. */
  *name = "the SM3 and SHA-256 hashes of the data";
  if ((rc = eseal__data_ensure(d, ESEAL__DATA_SHA256)) != 0)
    return rc;
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
  /* Only digests computed count: the others are zeros. */
  unsigned int have = __atomic_load_n(&d->have, __ATOMIC_ACQUIRE);
  if (len == 20 && (have & ESEAL__DATA_SHA1) && memcmp(data_hash, d->sha1, 20) == 0)
    return EVP_sha1();
  if (len == 32 && (have & ESEAL__DATA_SM3) && memcmp(data_hash, d->sm3, 32) == 0)
    return EVP_sm3();
  if (len == 32 && (have & ESEAL__DATA_SHA256) && memcmp(data_hash, d->sha256, 32) == 0)
    return EVP_sha256();
  return NULL;
}
