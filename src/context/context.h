/* The eseal_ctx object. */
#ifndef ESEAL_CONTEXT_CONTEXT_H
#define ESEAL_CONTEXT_CONTEXT_H

#include <openssl/x509_vfy.h>

#include "eseal/context.h"
#include "eseal/policy.h"
#include "eseal/revocation.h"
#include "eseal/trust.h"
#include "../core/error.h"

#define ESEAL__MAX_STAMP_CHECKS 32
/* One X509_STORE per role bit of eseal_trust_role. */
#define ESEAL__ROLE_COUNT 7

/* A trust anchor: a certificate and what it is trusted for. */
typedef struct eseal__anchor {
  eseal_cert *cert;
  unsigned int roles;
  /* The window the anchor is trusted in (a trust list's entry); 0 = unbounded. */
  int64_t trusted_from;
  int64_t trusted_until;
  /* It came from a trust list that carried no signature. */
  int unsigned_list;
  /* Where it came from, for the report: "trust path roots.pem", "trust list X #7". */
  char source[256];
} eseal__anchor;

typedef struct eseal__stamp_hook {
  char name[64];
  eseal_stamp_check_fn check;
  void *payload;
} eseal__stamp_hook;

struct eseal_ctx {
  eseal_clock_fn clock;
  void *clock_payload;
  int64_t fixed_time;
  uint8_t *sm2_id;
  size_t sm2_id_len;
  eseal_sm2_verifier sm2_verifier;
  /* Trust anchors; `store` holds them all, role_stores[i] those with role bit i. */
  eseal__anchor *anchors;
  size_t anchor_count;
  size_t anchor_cap;
  X509_STORE *store;
  X509_STORE *role_stores[ESEAL__ROLE_COUNT];
  /* Notes about the trust configuration (eseal_ctx_trust_note). */
  char **trust_notes;
  size_t trust_note_count;
  /* Untrusted CA certificates offered for chain building. */
  STACK_OF(X509) *intermediates;
  /* Critical extension OIDs the caller accepts (eseal_ctx_accept_critical_extension). */
  char **accepted_extensions;
  size_t accepted_extension_count;
  eseal__stamp_hook hooks[ESEAL__MAX_STAMP_CHECKS];
  size_t hook_count;
  /* The store of the registry and usage log (borrowed; store_attach.c), or NULL. */
  struct eseal_store *data_store;
  /* Revocation (revocation_config.c): the policy, whether the caller set one
   * or added a source (which makes stamping fail-closed), the fetcher (owned),
   * the offline sources, and the cache with its counters (src/revocation/). */
  eseal_revocation_config revocation;
  char *ocsp_url;
  int revocation_configured;
  eseal_fetcher *fetcher;
  STACK_OF(X509_CRL) *crls;
  eseal_buf *ocsp_responses;
  size_t ocsp_response_count;
  struct eseal__cache *rev_cache;
  /* The caches of caches.h, the SHA-256 their keys are made with, and SM3. */
  struct eseal__memo *cert_cache, *chain_cache, *seal_cache, *prefix_cache;
  EVP_MD *sha256, *sm3;
  int caches_off;
  /* Risk control (policy_attach.c): the policy (borrowed) and the alert callback. */
  const struct eseal_policy *policy;
  eseal_alert_fn alert_fn;
  void *alert_payload;
};

/*
 * Adds `cert` as an anchor for `roles` (merging with an anchor already there),
 * with its source and trust window. 0, ESEAL_EINVAL or ESEAL_ENOMEM.
 */
int eseal__ctx_add_anchor(eseal_ctx *ctx, const eseal_cert *cert, unsigned int roles,
                          const char *source, int64_t trusted_from, int64_t trusted_until,
                          int unsigned_list);

/* Appends a trust note (printf-style). 0 or ESEAL_ENOMEM. */
int eseal__ctx_trust_note(eseal_ctx *ctx, const char *fmt, ...) ESEAL__PRINTF(2, 3);

/* The store of the anchors trusted for the single role `role`. */
X509_STORE *eseal__ctx_role_store(const eseal_ctx *ctx, unsigned int role);

/* The anchor whose certificate is `x`, or NULL. */
const eseal__anchor *eseal__ctx_find_anchor(const eseal_ctx *ctx, const X509 *x);

/* 1 when the caller accepts the critical extension `oid`. */
int eseal__ctx_accepts_extension(const eseal_ctx *ctx, const char *oid);

/* Appends a copy of `text` to a growing list of strings. 0 or ESEAL_ENOMEM. */
int eseal__strings_push(char ***list, size_t *count, const char *text);
void eseal__strings_free(char **list, size_t count);

/* Frees the anchors, stores and notes (for eseal_ctx_free). */
void eseal__ctx_trust_free(eseal_ctx *ctx);

/* The revocation part of eseal_ctx_new / eseal_ctx_free (revocation_config.c). */
int eseal__ctx_revocation_init(eseal_ctx *ctx);
void eseal__ctx_revocation_free(eseal_ctx *ctx);

/* Creates the empty stores (for eseal_ctx_new). 0 or ESEAL_ENOMEM. */
int eseal__ctx_trust_init(eseal_ctx *ctx);

#endif
