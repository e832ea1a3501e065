/*
 * Looking up the revocation status of one certificate under the context's
 * policy: the cache, then the offline sources and (online) the network, in
 * the order the certificate's class asks for. Floor 4: uses context/ (the
 * cache, the sources), fetch/ and the CRL and OCSP checks beside it.
 */
#ifndef ESEAL_REVOCATION_LOOKUP_H
#define ESEAL_REVOCATION_LOOKUP_H

#include <openssl/x509.h>

#include "eseal/revocation.h"
#include "answer.h"

typedef struct eseal__rev_query {
  /* The certificate and its issuer (both required). */
  X509 *cert;
  X509 *issuer;
  eseal_cert_class cls;
  /* The time the sources must be current at (the validation time). */
  int64_t at;
  /* 0 for the certificate asked about; 1 for a delegated OCSP responder's
   * own status, whose responders are not followed further. */
  int depth;
} eseal__rev_query;

typedef struct eseal__rev_result {
  /* GOOD or REVOKED with the deciding answer; UNKNOWN with why in `tried`. */
  eseal_cert_status_value status;
  eseal__rev_answer answer;
  /* A source asked to try later, or a fetch failed. */
  int try_later;
  /* The answer came from the cache. */
  int from_cache;
  /* What was tried, for people (always filled). */
  char tried[700];
  /* The DER of the deciding CRL or OCSP response ("crl" / "ocsp"), for the report. */
  eseal_buf evidence;
  char evidence_kind[8];
} eseal__rev_result;

/* Off: the caller should skip the check. */
int eseal__rev_is_off(const eseal_ctx *ctx);

/*
 * Looks up `q` into *out (release with eseal__rev_result_release). Returns 0
 * whatever the status, or ESEAL_ENOMEM.
 */
int eseal__rev_lookup(const eseal_ctx *ctx, const eseal__rev_query *q, eseal__rev_result *out);

void eseal__rev_result_release(eseal__rev_result *r);

/*
 * For the report's validation data: when `decided` (the lookup of `q`) rests
 * on an OCSP response signed by a delegated responder without
 * id-pkix-ocsp-nocheck, the lookup of that responder's own status, whose
 * evidence (the CA's CRL, say) an offline re-run needs too. Otherwise *out
 * has no evidence. Release *out; 0 or ESEAL_ENOMEM.
 */
int eseal__rev_responder_lookup(const eseal_ctx *ctx, const eseal__rev_query *q,
                                const eseal__rev_result *decided, eseal__rev_result *out);

/*
 * RFC 6960 §4.2.2.2.1: when `a` (GOOD, REVOKED or UNKNOWN, about q->cert)
 * was signed by the delegated responder `responder` (without
 * id-pkix-ocsp-nocheck; NULL: nothing to do), that responder's own status
 * is looked up, issued by q->issuer, in q's class and at q->at, with the
 * same sources and cache. Unless it is GOOD, `a` becomes UNUSABLE with the
 * reason: a revoked responder (whatever the revocation time), or one whose
 * status is unknown (then the class's soft-fail applies to the certificate
 * itself, once no other source answers). At depth 1 a delegated responder
 * is not followed: `a` becomes UNUSABLE. Frees `responder`. 0 or ESEAL_ENOMEM.
 */
int eseal__rev_check_responder(const eseal_ctx *ctx, const eseal__rev_query *q, X509 *responder,
                               eseal__rev_answer *a);

#endif
