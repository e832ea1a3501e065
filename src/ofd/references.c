/* ofd.check_method and ofd.reference: the digests of the files a signature protects. */
#include "references.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/x509.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "../crypto/digest.h"

typedef enum method_kind {
  METHOD_SM3,
  /* 1.2.156.10197.1.401.2: HMAC-SM3 in GM/T 0006, but dms360 writes SM3(Z ‖ file). */
  METHOD_SM3_Z,
  METHOD_SHA256,
  /* Accepted only under the legacy crypto policy. */
  METHOD_WEAK,
  METHOD_UNKNOWN
} method_kind;

typedef struct method {
  const char *name;
  method_kind kind;
  const char *md;
} method;

/* Names compared without case; OIDs exactly. */
static const method methods[] = {
    {"1.2.156.10197.1.401", METHOD_SM3, "SM3"},
    {"1.2.156.10197.1.401.1", METHOD_SM3, "SM3"},
    {"SM3", METHOD_SM3, "SM3"},
    {"1.2.156.10197.1.401.2", METHOD_SM3_Z, "SM3"},
    {"2.16.840.1.101.3.4.2.1", METHOD_SHA256, "SHA256"},
    {"SHA256", METHOD_SHA256, "SHA256"},
    {"SHA-256", METHOD_SHA256, "SHA256"},
    {"1.3.14.3.2.26", METHOD_WEAK, "SHA1"},
    {"SHA1", METHOD_WEAK, "SHA1"},
    {"SHA-1", METHOD_WEAK, "SHA1"},
    {"1.2.840.113549.2.5", METHOD_WEAK, "MD5"},
    {"MD5", METHOD_WEAK, "MD5"},
};

static const method *find_method(const char *name) {
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
    if (strcasecmp(methods[i].name, name) == 0)
      return &methods[i];
  return NULL;
}

/* The SM2 Z value of the SES signer's key (ID 1234567812345678), for METHOD_SM3_Z. */
static int signer_z(const eseal_signature *ses, uint8_t z[32]) {
  size_t len = 0;
  const uint8_t *der = ses ? eseal_signature_signer_cert(ses, &len) : NULL;
  if (der == NULL)
    return -1;
  X509 *x = d2i_X509(NULL, &der, (long)len);
  EVP_PKEY *pub = x ? X509_get0_pubkey(x) : NULL;
  static const uint8_t id[] = "1234567812345678";
  int rc = pub ? eseal__sm2_z(pub, id, sizeof id - 1, z) : -1;
  X509_free(x);
  return rc == 0 ? 0 : -1;
}

static int md_update(void *arg, const uint8_t *data, size_t len) {
  return EVP_DigestUpdate(arg, data, len) == 1 ? 0 : ESEAL_ECRYPTO;
}

int eseal__digest_cache_init(eseal__digest_cache *cache, size_t entries) {
  size_t n = entries ? entries : 1;
  cache->count = entries;
  cache->value = eseal__calloc(n * ESEAL__DIGEST_KINDS, sizeof *cache->value);
  cache->len = eseal__calloc(n * ESEAL__DIGEST_KINDS, 1);
  cache->z = eseal__calloc(n, sizeof *cache->z);
  if (cache->value && cache->len && cache->z)
    return 0;
  eseal__digest_cache_free(cache);
  return eseal__error_oom();
}

void eseal__digest_cache_free(eseal__digest_cache *cache) {
  eseal__free(cache->value);
  eseal__free(cache->len);
  eseal__free(cache->z);
  *cache = (eseal__digest_cache){NULL, NULL, NULL, 0};
}

/* The cache slot kind of `md` (SM3 with `z` when not NULL), or -1 for a digest not kept. */
static int digest_kind(const EVP_MD *md, const uint8_t *z) {
  int type = EVP_MD_get_type(md);
  if (z)
    return type == NID_sm3 ? 4 : -1;
  return type == NID_sm3 ? 0 : type == NID_sha256 ? 1 : type == NID_sha1 ? 2 : type == NID_md5 ? 3 : -1;
}

/*
 * The digest of entry `path` (with `z` first when not NULL); 0, or the
 * package's error (ESEAL_ENOTFOUND, ESEAL_EFORMAT for corrupt data,
 * ESEAL_ELIMIT past the inflation budget…).
 */
static int file_digest(const eseal__ofd_pkg *pkg, const char *path, const EVP_MD *md,
                       const uint8_t *z, eseal__digest_cache *cache, uint8_t *out, size_t *out_len) {
  long index = eseal__ofd_pkg_find(pkg, path);
  int kind = digest_kind(md, z);
  size_t slot = (size_t)index * ESEAL__DIGEST_KINDS + (size_t)kind;
  int cacheable = kind >= 0 && index >= 0 && cache && (size_t)index < cache->count &&
                  EVP_MD_get_size(md) <= 32;
  if (cacheable && cache->len[slot] && (z == NULL || memcmp(cache->z[index], z, 32) == 0)) {
    memcpy(out, cache->value[slot], cache->len[slot]);
    *out_len = cache->len[slot];
    return 0;
  }
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (ctx == NULL || EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
      (z && EVP_DigestUpdate(ctx, z, 32) != 1)) {
    EVP_MD_CTX_free(ctx);
    return ESEAL_ECRYPTO;
  }
  int rc = eseal__ofd_pkg_stream(pkg, path, md_update, ctx);
  unsigned int n = 0;
  if (rc == 0 && EVP_DigestFinal_ex(ctx, out, &n) != 1)
    rc = ESEAL_ECRYPTO;
  EVP_MD_CTX_free(ctx);
  *out_len = n;
  if (rc == 0 && cacheable) {
    memcpy(cache->value[slot], out, n);
    cache->len[slot] = (uint8_t)n;
    if (z)
      memcpy(cache->z[index], z, 32);
  }
  return rc;
}

/* Adds ofd.check_method; returns the method to use, or NULL when the references cannot be checked. */
static const method *check_method(eseal_report *r, const eseal__ofd_sig *sig,
                                  eseal_crypto_policy policy) {
  static const method assumed = {"SM3", METHOD_SM3, "SM3"};
  if (sig->check_method == NULL) {
    eseal__report_check(r, "ofd.check_method", ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED,
                        ESEAL_SUB_NONE, "References has no CheckMethod: SM3 assumed");
    return &assumed;
  }
  const method *m = find_method(sig->check_method);
  if (m == NULL || m->kind == METHOD_UNKNOWN) {
    eseal__report_check(r, "ofd.check_method", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                        "unknown CheckMethod \"%.200s\": the references cannot be checked",
                        sig->check_method);
    return NULL;
  }
  if (m->kind == METHOD_WEAK && policy != ESEAL_CRYPTO_POLICY_LEGACY) {
    eseal__report_check(r, "ofd.check_method", ESEAL_CHECK_NOT_OK, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                        "CheckMethod %s (%s) is accepted only under the legacy crypto policy",
                        m->name, m->md);
    return NULL;
  }
  if (m->kind == METHOD_WEAK)
    eseal__report_check(r, "ofd.check_method", ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED,
                        ESEAL_SUB_NONE, "CheckMethod %s (%s): a weak digest, accepted by the legacy crypto policy",
                        m->name, m->md);
  else if (m->kind == METHOD_SM3_Z)
    eseal__report_check(r, "ofd.check_method", ESEAL_CHECK_WARNING, ESEAL_TOTAL_PASSED,
                        ESEAL_SUB_NONE,
                        "CheckMethod %s: read as SM3(Z || file) with the signer's key, as dms360 writes it "
                        "(GM/T 0006 names HMAC-SM3)", m->name);
  else
    eseal__report_ok(r, "ofd.check_method", "CheckMethod %s (%s)", m->name, m->md);
  return m;
}

/* Appends one problem to the list of the message (the first few are named). */
static void note(eseal__dbuf *why, size_t *problems, const char *path, const char *what) {
  if ((*problems)++ < 4)
    eseal__dbuf_appendf(why, "%s%.200s %s", *problems > 1 ? "; " : "", path, what);
}

/* qsort has no argument: the References being sorted. */
static _Thread_local const eseal__ofd_ref *sorting_refs;

static int by_path(const void *x, const void *y) {
  const char *a = sorting_refs[*(const size_t *)x].path, *b = sorting_refs[*(const size_t *)y].path;
  return a && b ? strcmp(a, b) : (a != NULL) - (b != NULL);
}

/*
 * The first path two References of `sig` name, or NULL (also when out of
 * memory, *oom then set). A repeated FileRef adds no protection and only
 * multiplies the hashing, so it is refused.
 */
static const char *repeated_path(const eseal__ofd_sig *sig, int *oom) {
  size_t *order = eseal__malloc(sig->ref_count * sizeof *order);
  if (order == NULL) {
    *oom = 1;
    return NULL;
  }
  for (size_t i = 0; i < sig->ref_count; i++)
    order[i] = i;
  sorting_refs = sig->refs;
  qsort(order, sig->ref_count, sizeof *order, by_path);
  sorting_refs = NULL;
  const char *twice = NULL;
  for (size_t i = 1; i < sig->ref_count && twice == NULL; i++)
    if (sig->refs[order[i]].path && sig->refs[order[i - 1]].path &&
        strcmp(sig->refs[order[i - 1]].path, sig->refs[order[i]].path) == 0)
      twice = sig->refs[order[i]].path;
  eseal__free(order);
  return twice;
}

int eseal__ofd_check_references(eseal_report *r, const eseal__ofd_pkg *pkg,
                                const eseal__ofd_sig *sig, const eseal_signature *ses,
                                eseal_crypto_policy policy, eseal__digest_cache *cache,
                                eseal__ref_state *states) {
  const method *m = check_method(r, sig, policy);
  if (m == NULL) {
    eseal__report_check(r, "ofd.reference", ESEAL_CHECK_SKIPPED, ESEAL_INDETERMINATE,
                        ESEAL_SUB_CRYPTO_CONSTRAINTS_FAILURE,
                        "the %zu references were not checked: their CheckMethod is not accepted",
                        sig->ref_count);
    return 0;
  }
  if (sig->ref_count == 0) {
    eseal__report_fail(r, "ofd.reference", ESEAL_SUB_HASH_FAILURE,
                       "Signature.xml has no Reference: the signature protects no file of the document");
    return 0;
  }
  int oom = 0;
  const char *twice = repeated_path(sig, &oom);
  if (oom)
    return eseal__error_oom();
  if (twice) {
    eseal__report_check(r, "ofd.reference", ESEAL_CHECK_NOT_OK, ESEAL_TOTAL_FAILED,
                        ESEAL_SUB_FORMAT_FAILURE,
                        "%.200s is referenced more than once: the references were not checked",
                        twice);
    return 0;
  }
  uint8_t z[32];
  int have_z = m->kind == METHOD_SM3_Z && signer_z(ses, z) == 0;
  /* The project's table knows the modern digests; MD5 comes from OpenSSL by name. */
  const EVP_MD *md = eseal__digest_by_name(m->md);
  if (md == NULL)
    md = EVP_get_digestbyname(m->md);
  eseal__dbuf why = ESEAL__DBUF_INIT;
  size_t problems = 0;
  for (size_t i = 0; i < sig->ref_count; i++) {
    const eseal__ofd_ref *ref = &sig->refs[i];
    const char *shown = ref->path ? ref->path : ref->file_ref ? ref->file_ref : "(no FileRef)";
    uint8_t digest[ESEAL__DIGEST_MAX];
    size_t digest_len = 0;
    states[i] = ESEAL__REF_MISMATCH;
    if (ref->path == NULL) {
      note(&why, &problems, shown, "is not a package path");
      continue;
    }
    if (m->kind == METHOD_SM3_Z && !have_z) {
      note(&why, &problems, shown, "cannot be checked: no SM2 signer key for SM3-with-Z");
      continue;
    }
    int rc = md ? file_digest(pkg, ref->path, md, have_z ? z : NULL, cache, digest, &digest_len)
                : ESEAL_ECRYPTO;
    if (rc == ESEAL_ENOTFOUND) {
      states[i] = ESEAL__REF_MISSING;
      note(&why, &problems, shown, "is missing");
    } else if (rc != 0) {
      note(&why, &problems, shown, "cannot be read");
    } else if (ref->check_value == NULL) {
      note(&why, &problems, shown, "has no base64 CheckValue");
    } else if (ref->check_value_len != digest_len ||
               memcmp(ref->check_value, digest, digest_len) != 0) {
      note(&why, &problems, shown, "was changed (digest differs)");
    } else {
      states[i] = ESEAL__REF_OK;
    }
  }
  int rc = eseal__dbuf_status(&why);
  if (rc == 0 && problems == 0)
    eseal__report_ok(r, "ofd.reference", "all %zu referenced files match their CheckValue",
                     sig->ref_count);
  else if (rc == 0) {
    eseal__dbuf_append_byte(&why, 0);
    eseal__report_fail(r, "ofd.reference", ESEAL_SUB_HASH_FAILURE, "%zu of %zu references fail: %s%s",
                       problems, sig->ref_count, why.failed ? "" : (const char *)why.ptr,
                       problems > 4 ? "; …" : "");
  }
  eseal__dbuf_release(&why);
  return rc;
}
