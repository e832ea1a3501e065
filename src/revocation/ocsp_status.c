/*
 * eseal__ocsp_status(): what one DER OCSPResponse says about one
 * certificate, under the rules of ocsp.h. OpenSSL parses; the decisions
 * (who signed, which entries count, which times are current) are made here,
 * without OpenSSL's trust checks or its clock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "eseal/errors.h"
#include "ocsp.h"
#include "ocsp_internal.h"
#include "../asn1/der.h"
#include "../asn1/timefmt.h"
#include "../core/error.h"
#include "../x509/cert_summary.h"

/* The DER of id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.1). */
static const uint8_t kBasicType[] = {0x06, 0x09, 0x2b, 0x06, 0x01, 0x05,
                                     0x05, 0x07, 0x30, 0x01, 0x01};

/* What one SingleResponse about the certificate says. */
typedef struct single_verdict {
  eseal__rev_status status;
  int64_t this_update, next_update, revocation_time, invalidity_date;
  int reason;
  char why[240];
} single_verdict;

static void unusable(eseal__rev_answer *out, const char *fmt, ...) ESEAL__PRINTF(2, 3);
static void unusable(eseal__rev_answer *out, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  out->status = ESEAL__REV_UNUSABLE;
  vsnprintf(out->detail, sizeof out->detail, fmt, ap);
  va_end(ap);
}

static const char *iso(int64_t t, char buf[21]) {
  if (eseal__time_format_iso(t, buf) != 0)
    snprintf(buf, 21, "(out of range)");
  return buf;
}

/* The outer form: one DER SEQUENCE and nothing after it. NULL, or why not. */
static const char *outer_form(const uint8_t *der, size_t len) {
  eseal__tlv top;
  const char *why = NULL;
  if (der == NULL || eseal__der_read(&top, der, len, &why) != 0 || top.tag != DER_SEQUENCE)
    return "it is not a DER OCSPResponse";
  if (top.tlv_len != len)
    return "trailing bytes follow the OCSPResponse";
  return NULL;
}

/*
 * The tbsResponseData bytes as received, found by walking OCSPResponse →
 * responseBytes → BasicOCSPResponse (of an outer form already checked);
 * NULL, or why the walk failed.
 */
static const char *find_tbs(const uint8_t *der, size_t len, eseal__tlv *tbs) {
  eseal__tlv top, status, bytes, rb, type, octets, basic;
  const char *why = NULL;
  eseal__der_iter it;
  if (eseal__der_read(&top, der, len, &why) != 0)
    return "it is not a DER OCSPResponse";
  eseal__der_iter_init(&it, top.val, top.val_len);
  if (eseal__der_iter_next(&it, &status, &why) != 0 ||
      eseal__der_iter_next(&it, &bytes, &why) != 0 ||
      bytes.tag != (DER_CONTEXT | DER_CONSTRUCTED) || !eseal__der_iter_done(&it))
    return "its responseBytes are missing or malformed";
  if (eseal__der_read(&rb, bytes.val, bytes.val_len, &why) != 0 || rb.tlv_len != bytes.val_len ||
      rb.tag != DER_SEQUENCE)
    return "its responseBytes are malformed";
  eseal__der_iter_init(&it, rb.val, rb.val_len);
  if (eseal__der_iter_next(&it, &type, &why) != 0 ||
      eseal__der_iter_next(&it, &octets, &why) != 0 || !eseal__der_iter_done(&it) ||
      octets.tag != DER_OCTET_STRING)
    return "its responseBytes are malformed";
  if (type.tlv_len != sizeof kBasicType || memcmp(type.tlv, kBasicType, sizeof kBasicType) != 0)
    return "its responseType is not id-pkix-ocsp-basic";
  if (eseal__der_read(&basic, octets.val, octets.val_len, &why) != 0 ||
      basic.tlv_len != octets.val_len || basic.tag != DER_SEQUENCE ||
      eseal__der_read(tbs, basic.val, basic.val_len, &why) != 0 || tbs->tag != DER_SEQUENCE)
    return "its BasicOCSPResponse is malformed";
  return NULL;
}

/* The responseStatus other than successful: TRY_LATER for the transient ones. */
static void unsuccessful(int status, eseal__rev_answer *out) {
  static const char *const names[] = {"successful",    "malformedRequest", "internalError",
                                      "tryLater",      "(4)",              "sigRequired",
                                      "unauthorized"};
  const char *name = status >= 0 && status <= 6 ? names[status] : "(unknown)";
  if (status == OCSP_RESPONSE_STATUS_TRYLATER || status == OCSP_RESPONSE_STATUS_INTERNALERROR ||
      status == OCSP_RESPONSE_STATUS_SIGREQUIRED || status == OCSP_RESPONSE_STATUS_UNAUTHORIZED) {
    out->status = ESEAL__REV_TRY_LATER;
    snprintf(out->detail, sizeof out->detail, "the responder answered %s", name);
    return;
  }
  unusable(out, "the responder answered %s (responseStatus %d)", name, status);
}

/* Critical extensions other than those known here make the response unusable. */
static int known_single_extension(int nid) {
  return nid == NID_invalidity_date || nid == NID_id_pkix_OCSP_archiveCutoff ||
         nid == NID_id_pkix_OCSP_CrlID;
}

static void oid_text(const X509_EXTENSION *e, char *buf, size_t cap) {
  if (OBJ_obj2txt(buf, (int)cap, X509_EXTENSION_get_object((X509_EXTENSION *)e), 1) <= 0)
    snprintf(buf, cap, "(unreadable)");
}

/* The window and status of one SingleResponse about the certificate. */
static void judge_single(OCSP_SINGLERESP *s, int64_t produced_at, int64_t at, int64_t skew,
                         int64_t max_age, single_verdict *v) {
  char t1[21], t2[21];
  memset(v, 0, sizeof *v);
  v->status = ESEAL__REV_UNUSABLE;
  v->reason = -1;
  for (int i = 0; i < OCSP_SINGLERESP_get_ext_count(s); i++) {
    X509_EXTENSION *e = OCSP_SINGLERESP_get_ext(s, i);
    if (X509_EXTENSION_get_critical(e) &&
        !known_single_extension(OBJ_obj2nid(X509_EXTENSION_get_object(e)))) {
      char oid[80];
      oid_text(e, oid, sizeof oid);
      snprintf(v->why, sizeof v->why, "a SingleResponse has the unknown critical extension %s",
               oid);
      return;
    }
  }
  int reason = -1;
  ASN1_GENERALIZEDTIME *revoked = NULL, *this_update = NULL, *next_update = NULL;
  int status = OCSP_single_get0_status(s, &reason, &revoked, &this_update, &next_update);
  if (eseal__ocsp_time(this_update, &v->this_update) != 0 ||
      (next_update && eseal__ocsp_time(next_update, &v->next_update) != 0)) {
    snprintf(v->why, sizeof v->why, "thisUpdate or nextUpdate is not a DER GeneralizedTime");
    return;
  }
  if (v->this_update > at + skew) {
    snprintf(v->why, sizeof v->why, "thisUpdate %s is after the time of the check %s",
             iso(v->this_update, t1), iso(at, t2));
    return;
  }
  if (next_update && v->next_update < v->this_update) {
    snprintf(v->why, sizeof v->why, "nextUpdate %s is before thisUpdate %s",
             iso(v->next_update, t1), iso(v->this_update, t2));
    return;
  }
  if (produced_at < v->this_update - skew) {
    snprintf(v->why, sizeof v->why, "producedAt %s is before thisUpdate %s", iso(produced_at, t1),
             iso(v->this_update, t2));
    return;
  }
  /* Stale: a GOOD or UNKNOWN is no longer current; a revocation still stands. */
  char stale[240] = "";
  if (next_update && v->next_update < at - skew)
    snprintf(stale, sizeof stale, "the response is stale: nextUpdate %s is before %s",
             iso(v->next_update, t1), iso(at, t2));
  else if (next_update && produced_at > v->next_update)
    snprintf(stale, sizeof stale, "producedAt %s is after nextUpdate %s", iso(produced_at, t1),
             iso(v->next_update, t2));
  else if (!next_update && v->this_update < at - max_age)
    snprintf(stale, sizeof stale,
             "the response is stale: no nextUpdate, and thisUpdate %s is older than %lld s",
             iso(v->this_update, t1), (long long)max_age);
  if (status == V_OCSP_CERTSTATUS_REVOKED) {
    if (eseal__ocsp_time(revoked, &v->revocation_time) != 0) {
      snprintf(v->why, sizeof v->why, "revocationTime is not a DER GeneralizedTime");
      return;
    }
    v->reason = reason;
    ASN1_GENERALIZEDTIME *inv = OCSP_SINGLERESP_get1_ext_d2i(s, NID_invalidity_date, NULL, NULL);
    /* Informative only: one that cannot be read is reported absent. */
    if (inv == NULL || eseal__ocsp_time(inv, &v->invalidity_date) != 0)
      v->invalidity_date = 0;
    ASN1_GENERALIZEDTIME_free(inv);
    ERR_clear_error();
    v->status = ESEAL__REV_REVOKED;
    snprintf(v->why, sizeof v->why, "%s", stale);
    return;
  }
  if (stale[0]) {
    snprintf(v->why, sizeof v->why, "%s", stale);
    return;
  }
  if (status == V_OCSP_CERTSTATUS_GOOD)
    v->status = ESEAL__REV_GOOD;
  else if (status == V_OCSP_CERTSTATUS_UNKNOWN)
    v->status = ESEAL__REV_UNKNOWN;
  else
    snprintf(v->why, sizeof v->why, "a SingleResponse has no readable certStatus");
}

/* Which of two verdicts about one certificate decides: revoked, unusable, good, unknown. */
static int rank(const single_verdict *v) {
  switch (v->status) {
  case ESEAL__REV_REVOKED:
    return 4;
  case ESEAL__REV_UNUSABLE:
    return 3;
  case ESEAL__REV_GOOD:
    return 2;
  default:
    return 1;
  }
}

/* The response extensions: unknown critical ones, and the nonce. 0, or why not. */
static const char *check_extensions(OCSP_BASICRESP *bs, const uint8_t *nonce, size_t nonce_len,
                                    eseal__rev_answer *out, char *buf, size_t cap) {
  int nonces = 0;
  out->nonce = nonce_len ? ESEAL__NONCE_ABSENT : ESEAL__NONCE_NOT_ASKED;
  for (int i = 0; i < OCSP_BASICRESP_get_ext_count(bs); i++) {
    X509_EXTENSION *e = OCSP_BASICRESP_get_ext(bs, i);
    if (OBJ_obj2nid(X509_EXTENSION_get_object(e)) != NID_id_pkix_OCSP_Nonce) {
      if (X509_EXTENSION_get_critical(e)) {
        char oid[80];
        oid_text(e, oid, sizeof oid);
        snprintf(buf, cap, "the response has the unknown critical extension %s", oid);
        return buf;
      }
      continue;
    }
    if (++nonces > 1)
      return "the response has two nonce extensions";
    if (nonce_len == 0)
      continue;
    /* RFC 8954: the extension value is an OCTET STRING holding the nonce. */
    const ASN1_OCTET_STRING *value = X509_EXTENSION_get_data(e);
    eseal__tlv t;
    const char *why = NULL;
    if (eseal__der_read(&t, ASN1_STRING_get0_data(value), (size_t)ASN1_STRING_length(value),
                        &why) != 0 ||
        t.tag != DER_OCTET_STRING || t.tlv_len != (size_t)ASN1_STRING_length(value) ||
        t.val_len != nonce_len || memcmp(t.val, nonce, nonce_len) != 0)
      return "the response's nonce is not the one sent";
    out->nonce = ESEAL__NONCE_MATCHED;
  }
  return NULL;
}

/* The verdict of the SingleResponses about `cert`; 0 when none is (why in *why). */
static int judge_singles(OCSP_BASICRESP *bs, X509 *cert, X509 *issuer, int64_t produced_at,
                         int64_t at, int64_t skew, int64_t max_age, single_verdict *best,
                         const char **why) {
  eseal__ocsp_issuer_hashes hashes;
  eseal__ocsp_issuer_hashes_init(&hashes, issuer);
  int found = 0, noted = 0;
  *why = "the response has no SingleResponse";
  for (int i = 0; i < OCSP_resp_count(bs); i++) {
    OCSP_SINGLERESP *s = OCSP_resp_get0(bs, i);
    const char *mismatch = NULL;
    if (eseal__ocsp_certid_match(OCSP_SINGLERESP_get0_id(s), cert, &hashes, &mismatch) != 1) {
      if (!noted)
        *why = mismatch;
      noted = 1;
      continue;
    }
    single_verdict v;
    judge_single(s, produced_at, at, skew, max_age, &v);
    /* Of two revocations, the earlier date is kept. */
    if (!found || rank(&v) > rank(best) ||
        (v.status == ESEAL__REV_REVOKED && best->status == ESEAL__REV_REVOKED &&
         v.revocation_time < best->revocation_time))
      *best = v;
    found = 1;
  }
  return found;
}

int eseal__ocsp_status(const uint8_t *der, size_t len, X509 *cert, X509 *issuer,
                       STACK_OF(X509) *trusted_responders, const uint8_t *sm2_id,
                       size_t sm2_id_len, int64_t at, int64_t skew, int64_t max_age,
                       const uint8_t *nonce, size_t nonce_len, eseal__rev_answer *out,
                       X509 **check_responder) {
  memset(out, 0, sizeof *out);
  if (check_responder)
    *check_responder = NULL;
  snprintf(out->source, sizeof out->source, "ocsp");
  out->reason = -1;
  out->status = ESEAL__REV_UNUSABLE;
  if (len > ESEAL__OCSP_MAX_BYTES) {
    unusable(out, "the OCSP response has %zu bytes, more than the %u accepted", len,
             ESEAL__OCSP_MAX_BYTES);
    return 0;
  }
  const char *why = outer_form(der, len);
  if (why) {
    unusable(out, "%s", why);
    return 0;
  }
  const unsigned char *p = der;
  OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
  OCSP_BASICRESP *bs = NULL;
  int rc = 0;
  char buf[400];
  if (resp == NULL || p != der + len) {
    unusable(out, "it is not a DER OCSPResponse");
    goto done;
  }
  int status = OCSP_response_status(resp);
  if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    unsuccessful(status, out);
    goto done;
  }
  eseal__tlv tbs;
  why = find_tbs(der, len, &tbs);
  if (why) {
    unusable(out, "%s", why);
    goto done;
  }
  bs = OCSP_response_get1_basic(resp);
  if (bs == NULL) {
    unusable(out, "its BasicOCSPResponse cannot be read");
    goto done;
  }
  eseal__ocsp_responder responder;
  rc = eseal__ocsp_find_responder(bs, tbs.tlv, tbs.tlv_len, issuer, trusted_responders, sm2_id,
                                  sm2_id_len, at, &responder, buf, sizeof buf);
  if (rc != 1) {
    if (rc == 0)
      unusable(out, "%s", buf);
    goto done;
  }
  rc = 0;
  why = check_extensions(bs, nonce, nonce_len, out, buf, sizeof buf);
  if (why) {
    unusable(out, "%s", why);
    goto done;
  }
  if (eseal__ocsp_time(OCSP_resp_get0_produced_at(bs), &out->produced_at) != 0) {
    unusable(out, "producedAt is not a DER GeneralizedTime");
    goto done;
  }
  single_verdict v;
  if (!judge_singles(bs, cert, issuer, out->produced_at, at, skew, max_age, &v, &why)) {
    unusable(out, "no SingleResponse is about this certificate: %s", why);
    goto done;
  }
  out->status = v.status;
  out->this_update = v.this_update;
  out->next_update = v.next_update;
  out->revocation_time = v.revocation_time;
  out->reason = v.reason;
  out->invalidity_date = v.invalidity_date;
  if (v.status == ESEAL__REV_UNUSABLE) {
    snprintf(out->detail, sizeof out->detail, "%s", v.why);
  } else {
    char name[120];
    eseal__name_text(name, sizeof name, X509_get_subject_name(responder.cert));
    snprintf(out->detail, sizeof out->detail, "signed by %s, %s%s%s%.200s", responder.role, name,
             responder.nocheck ? " (id-pkix-ocsp-nocheck)" : "", v.why[0] ? "; " : "", v.why);
    /* The issuer and the caller's trusted responders are trusted as they are. */
    if (check_responder && responder.delegated && !responder.nocheck) {
      if (!X509_up_ref(responder.cert))
        unusable(out, "the delegated responder cannot be kept for its own status check");
      else
        *check_responder = responder.cert;
    }
  }
done:
  OCSP_BASICRESP_free(bs);
  OCSP_RESPONSE_free(resp);
  ERR_clear_error();
  return rc;
}
