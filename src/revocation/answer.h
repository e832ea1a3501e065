/*
 * What one revocation source (a CRL, a delta CRL, an OCSP response) says about
 * one certificate, after the source itself was checked: the common currency
 * of crl.c, ocsp.c, the cache and the verification steps. Floor 1: plain data.
 */
#ifndef ESEAL_REVOCATION_ANSWER_H
#define ESEAL_REVOCATION_ANSWER_H

#include <stdint.h>

typedef enum eseal__rev_status {
  /* The source is authentic, in scope and current, and does not list the certificate. */
  ESEAL__REV_GOOD = 1,
  /* The source is authentic and in scope and lists the certificate (a stale
   * source still counts for this: a revocation is never undone, except a hold). */
  ESEAL__REV_REVOKED = 2,
  /* The source is authentic but does not know the certificate (OCSP "unknown"). */
  ESEAL__REV_UNKNOWN = 3,
  /* The source cannot be used for this certificate: bad signature, unauthorised
   * signer, out of scope, stale or from the future, malformed, CertID mismatch. */
  ESEAL__REV_UNUSABLE = 4,
  /* The responder asked to try later (tryLater, internalError, unauthorized). */
  ESEAL__REV_TRY_LATER = 5
} eseal__rev_status;

/* CRLReason certificateHold: a REVOKED answer with it may be lifted later. */
#define ESEAL__REASON_HOLD 6

/* OCSP nonce outcomes. */
#define ESEAL__NONCE_NOT_ASKED 0
#define ESEAL__NONCE_MATCHED 1
#define ESEAL__NONCE_ABSENT 2 /* asked, none in the answer: a warning */

typedef struct eseal__rev_answer {
  eseal__rev_status status;
  /* The source's window (0 = absent) and, for OCSP, producedAt. */
  int64_t this_update;
  int64_t next_update;
  int64_t produced_at;
  /* For REVOKED: revocationDate, CRLReason (-1 = absent) and invalidityDate (0 = absent). */
  int64_t revocation_time;
  int reason;
  int64_t invalidity_date;
  /* "crl", "delta-crl" or "ocsp". */
  char source[16];
  /* The issuer of the CRL or the responder, or why the source is unusable. */
  char detail[400];
  /* OCSP only: ESEAL__NONCE_*. */
  int nonce;
} eseal__rev_answer;

#endif
