/* eseal_evidence_verify(): an evidence bundle checked offline (include/eseal/evidence.h). */
#include "eseal/evidence.h"

#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/arena.h"
#include "../core/error.h"
#include "../x509/cert.h"
#include "bundle.h"
#include "checkpoint.h"
#include "merkle.h"
#include "record.h"

struct eseal_evidence {
  int error;
  char reason[512];
  char origin[ESEAL__CKPT_ORIGIN_MAX + 1];
  uint64_t tree_size;
  int64_t time;
  const char *hash_name;
  const eseal_cert *signer; /* one of log_certs */
  uint8_t *data;            /* a copy of the bundle; the blobs point into it */
  eseal__arena arena;
  eseal__bundle bundle;
  eseal_cert **log_certs;
  eseal_cert **certs;
};

/* Records a refusal: the code and eseal_error_last()'s message after `part`. */
static int refuse(eseal_evidence *e, int code, const char *part) {
  e->error = code;
  snprintf(e->reason, sizeof e->reason, "%s: %s", part, eseal_error_last()->message);
  return code;
}

static int load_certs(eseal_evidence *e, const eseal__blob *blobs, size_t n, eseal_cert ***out,
                      const char *what) {
  *out = eseal__arena_alloc(&e->arena, (n + 1) * sizeof **out);
  if (*out == NULL)
    return eseal__error_oom();
  for (size_t i = 0; i < n; i++) {
    int rc = eseal__cert_from_der(&(*out)[i], blobs[i].ptr, blobs[i].len);
    if (rc == ESEAL_ENOMEM)
      return rc;
    if (rc) {
      char part[64];
      snprintf(part, sizeof part, "%s %zu", what, i);
      return refuse(e, ESEAL_EFORMAT, part);
    }
  }
  return 0;
}

static int check_checkpoint(eseal_evidence *e, const eseal_ctx *ctx, eseal__checkpoint *cp) {
  eseal__signed_checkpoint *scp = eseal__malloc(sizeof *scp); /* 10 KiB: not on the stack */
  if (scp == NULL)
    return eseal__error_oom();
  size_t signer = 0;
  int rc = eseal__checkpoint_verify(ctx, e->bundle.checkpoint.ptr, e->bundle.checkpoint.len,
                                    (const eseal_cert *const *)e->log_certs,
                                    e->bundle.log_cert_count, scp, &signer);
  if (rc == 0 || rc == ESEAL_ECERT || rc == ESEAL_ETAMPERED) {
    /* Readable: tell what it claims, even when refused. */
    *cp = scp->cp;
    snprintf(e->origin, sizeof e->origin, "%s", cp->origin);
    e->tree_size = cp->size;
    e->time = cp->time;
    e->hash_name = eseal__tlog_hash_name(cp->alg);
  }
  if (rc == 0)
    e->signer = e->log_certs[signer];
  eseal__free(scp);
  if (rc == ESEAL_ENOMEM || rc == ESEAL_EINVAL)
    return rc;
  return rc ? refuse(e, rc, "checkpoint") : 0;
}

static int check_entry(eseal_evidence *e, const eseal__checkpoint *cp, size_t i) {
  const eseal__bundle_entry *en = &e->bundle.entries[i];
  char part[64];
  snprintf(part, sizeof part, "record %zu (index %llu)", i, (unsigned long long)en->index);
  eseal__arena scratch = {NULL};
  eseal__urecord r;
  int rc = eseal__urecord_decode(en->record.ptr, en->record.len, &r, &scratch);
  eseal__arena_release(&scratch);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc)
    return refuse(e, rc, part);
  if (r.seq != en->index) {
    eseal__error_set(ESEAL_ETAMPERED, "the record says it is number %llu",
                     (unsigned long long)r.seq);
    return refuse(e, ESEAL_ETAMPERED, part);
  }
  uint8_t leaf[32];
  if ((rc = eseal__merkle_leaf_hash(cp->alg, en->record.ptr, en->record.len, leaf)) != 0)
    return rc;
  rc = eseal__merkle_verify_inclusion(cp->alg, en->index, cp->size, leaf, en->path, en->path_len,
                                      cp->root);
  if (rc == ESEAL_ETAMPERED)
    return refuse(e, rc, part);
  return rc;
}

static int check(eseal_evidence *e, const eseal_ctx *ctx, const uint8_t *bundle, size_t len) {
  int rc = eseal__bundle_decode(bundle, len, &e->bundle, &e->arena);
  if (rc)
    memset(&e->bundle, 0, sizeof e->bundle); /* nothing of a refused bundle is shown */
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc)
    return refuse(e, rc, "bundle");
  if ((rc = load_certs(e, e->bundle.log_certs, e->bundle.log_cert_count, &e->log_certs,
                       "log certificate")) != 0 ||
      (rc = load_certs(e, e->bundle.other_certs, e->bundle.other_cert_count, &e->certs,
                       "certificate")) != 0)
    return rc;
  eseal__checkpoint cp;
  if ((rc = check_checkpoint(e, ctx, &cp)) != 0)
    return rc;
  for (size_t i = 0; i < e->bundle.entry_count; i++)
    if ((rc = check_entry(e, &cp, i)) != 0)
      return rc;
  return 0;
}

ESEAL_EXTERN(int) eseal_evidence_verify(eseal_evidence **out, const eseal_ctx *ctx,
                                        const uint8_t *bundle, size_t len) {
  if (out == NULL || ctx == NULL || (bundle == NULL && len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_evidence_verify: NULL argument");
  *out = NULL;
  eseal_evidence *e = eseal__calloc(1, sizeof *e);
  if (e == NULL || (len && (e->data = eseal__malloc(len)) == NULL)) {
    eseal__free(e);
    return eseal__error_oom();
  }
  if (len)
    memcpy(e->data, bundle, len);
  e->hash_name = "";
  int rc = check(e, ctx, e->data, len);
  if (rc == ESEAL_ENOMEM || rc == ESEAL_EINVAL || rc == ESEAL_ECRYPTO) {
    int code = rc;
    eseal_evidence_free(e);
    return code; /* the message is raised already */
  }
  if (rc) /* a refusal that is not the bundle's fault would have returned above */
    e->signer = NULL;
  *out = e;
  return 0;
}

ESEAL_EXTERN(int) eseal_evidence_ok(const eseal_evidence *e) { return e && e->error == 0; }
ESEAL_EXTERN(int) eseal_evidence_error(const eseal_evidence *e) {
  return e ? e->error : ESEAL_EINVAL;
}
ESEAL_EXTERN(const char *) eseal_evidence_reason(const eseal_evidence *e) {
  return e ? e->reason : "";
}
ESEAL_EXTERN(const char *) eseal_evidence_origin(const eseal_evidence *e) {
  return e ? e->origin : "";
}
ESEAL_EXTERN(uint64_t) eseal_evidence_tree_size(const eseal_evidence *e) {
  return e ? e->tree_size : 0;
}
ESEAL_EXTERN(int64_t) eseal_evidence_time(const eseal_evidence *e) { return e ? e->time : 0; }
ESEAL_EXTERN(const char *) eseal_evidence_hash_name(const eseal_evidence *e) {
  return e ? e->hash_name : "";
}
ESEAL_EXTERN(const eseal_cert *) eseal_evidence_log_signer(const eseal_evidence *e) {
  return e && e->error == 0 ? e->signer : NULL;
}
ESEAL_EXTERN(size_t) eseal_evidence_record_count(const eseal_evidence *e) {
  return e ? e->bundle.entry_count : 0;
}
ESEAL_EXTERN(uint64_t) eseal_evidence_record_seq(const eseal_evidence *e, size_t i) {
  return e && i < e->bundle.entry_count ? e->bundle.entries[i].index : 0;
}
ESEAL_EXTERN(const uint8_t *) eseal_evidence_record(const eseal_evidence *e, size_t i,
                                                    size_t *len) {
  if (len)
    *len = 0;
  if (e == NULL || i >= e->bundle.entry_count)
    return NULL;
  if (len)
    *len = e->bundle.entries[i].record.len;
  return e->bundle.entries[i].record.ptr;
}
ESEAL_EXTERN(size_t) eseal_evidence_cert_count(const eseal_evidence *e) {
  return e && e->certs ? e->bundle.other_cert_count : 0;
}
ESEAL_EXTERN(const eseal_cert *) eseal_evidence_cert(const eseal_evidence *e, size_t i) {
  return i < eseal_evidence_cert_count(e) ? e->certs[i] : NULL;
}

ESEAL_EXTERN(void) eseal_evidence_free(eseal_evidence *e) {
  if (e == NULL)
    return;
  for (size_t i = 0; e->log_certs && i < e->bundle.log_cert_count; i++)
    eseal_cert_free(e->log_certs[i]);
  for (size_t i = 0; e->certs && i < e->bundle.other_cert_count; i++)
    eseal_cert_free(e->certs[i]);
  eseal__arena_release(&e->arena);
  eseal__free(e->data);
  eseal__free(e);
}
