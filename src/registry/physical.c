/*
 * eseal_device_register() and eseal_log_physical_use(): a device's report
 * checked against its registered certificate, logged, judged by the risk
 * policy at the device's time, and a freeze of the seal when a FREEZE rule
 * is hit by a report that verifies, all in one transaction.
 */
#include "physical.h"

#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../asn1/timefmt.h"
#include "../context/context.h"
#include "../core/dbuf.h"
#include "../core/error.h"
#include "../crypto/digest.h"
#include "../usage_log/usage_log.h"
#include "../x509/cert.h"
#include "risk_gate.h"

ESEAL_EXTERN(int) eseal_device_register(const eseal_ctx *ctx, const char *tenant,
                                        const char *device, const eseal_cert *cert) {
  eseal_store *store = ctx ? eseal_ctx_store(ctx) : NULL;
  if (store == NULL || cert == NULL || device == NULL || !*device ||
      strlen(device) > ESEAL_PHYSICAL_MAX_TEXT || strpbrk(device, "\r\n"))
    return eseal__error_set(ESEAL_EINVAL, "eseal_device_register: a store, a device id and a "
                                          "certificate are needed");
  tenant = eseal__registry_tenant(tenant);
  int rc = eseal_store_check_name(tenant);
  eseal__txn *txn = NULL;
  if (rc == 0)
    rc = eseal__store_begin(store, 1, &txn);
  if (rc)
    return rc;
  rc = eseal__txn_kv_put(txn, tenant, ESEAL__AREA_DEVICES, (const uint8_t *)device,
                         strlen(device), cert->der, cert->der_len);
  if (rc) {
    eseal__txn_rollback(txn);
    return rc;
  }
  return eseal__txn_commit(txn);
}

static const eseal__rule late_rule = {.name = "late-report", .level = ESEAL_RISK_ALERT};

typedef struct logging {
  const eseal_ctx *ctx;
  const eseal_physical_use *in;
  const char *tenant;
  const uint8_t *msg, *sig;
  size_t msg_len, sig_len;
  uint8_t report_hash[32];
  int64_t now;
  eseal__risk_use use;
  eseal__risk_result risk;
  eseal_physical_outcome out;
  char msg_err[512];
} logging;

/* Checks the signature against the device's registered certificate: 1, 0 (none), -1 (bad). */
static int signature_status(eseal__txn *txn, logging *l, int *status) {
  *status = 0;
  if (l->sig == NULL)
    return 0;
  eseal_buf der = ESEAL_BUF_INIT;
  int rc = eseal__txn_kv_get(txn, l->tenant, ESEAL__AREA_DEVICES, (const uint8_t *)l->in->device,
                             strlen(l->in->device), &der);
  *status = -1;
  if (rc == ESEAL_ENOTFOUND)
    return 0; /* an unregistered device: its signature proves nothing */
  eseal_cert *cert = NULL;
  if (rc == 0 && eseal__cert_from_der(&cert, der.ptr, der.size) == 0) {
    rc = eseal__physical_verify(l->ctx, cert, l->msg, l->msg_len, l->sig, l->sig_len);
    if (rc >= 0)
      *status = rc == 1 ? 1 : -1, rc = 0;
  } else if (rc == 0)
    rc = eseal__error_set(ESEAL_ETAMPERED, "a registered device certificate is damaged");
  eseal_cert_free(cert);
  eseal_buf_dispose(&der);
  return rc;
}

static void fill_use(logging *l, const eseal__seal_record *r, int trusted) {
  const eseal_physical_use *in = l->in;
  eseal__risk_use *u = &l->use;
  memset(u, 0, sizeof *u);
  u->tenant = l->tenant;
  u->es_id = r->es_id;
  u->seal_hash = r->hash;
  u->time = in->device_time;
  /* A report's use is counted at the device's time, also on a server clock:
   * the server only knows when the report arrived. Never later than that
   * arrival, though: a count takes every entry newer than its window's start,
   * so a report dated years ahead would weigh in every window until then. */
  u->rate_time = in->device_time < l->now ? in->device_time : l->now;
  u->operator_id = in->operator_id;
  u->device = in->device;
  u->place = in->place;
  u->has_location = in->has_location;
  u->latitude = in->latitude;
  u->longitude = in->longitude;
  u->accuracy_m = in->accuracy_m;
  u->trusted = trusted;
}

/* The PHYSICAL record: the device's time, the receipt time and the checks in its reason. */
static int append_use(eseal__txn *txn, logging *l, const eseal__seal_record *r) {
  static const char *const status[] = {"does not verify", "absent", "verified"};
  const eseal_physical_use *in = l->in;
  char received[21] = "", why[200];
  eseal__time_format_iso(l->now, received);
  snprintf(why, sizeof why, "received %s; device signature %s%s", received,
           status[l->out.signature + 1], l->out.late ? "; late report" : "");
  eseal_usage_record u = ESEAL_USAGE_RECORD_INIT;
  u.action = ESEAL_USAGE_PHYSICAL;
  u.time = in->device_time;
  u.es_id = r->es_id;
  u.seal_hash = r->hash;
  u.seal_hash_len = 32;
  u.operator_id = in->operator_id && *in->operator_id ? in->operator_id : NULL;
  u.device = in->device;
  u.has_location = in->has_location;
  u.latitude = in->latitude;
  u.longitude = in->longitude;
  u.accuracy_m = in->accuracy_m;
  u.place = in->place && *in->place ? in->place : NULL;
  u.has_force = in->has_force;
  u.force_newtons = in->force_newtons;
  u.reason = why;
  return eseal__usage_append(txn, l->ctx, l->tenant, &u, &l->out.sequence);
}

static int run_log(eseal__txn *txn, void *arg) {
  logging *l = arg;
  memset(&l->out, 0, sizeof l->out);
  l->msg_err[0] = 0;
  eseal__risk_result_dispose(&l->risk);
  eseal__seal_record r;
  eseal_buf seen = ESEAL_BUF_INIT;
  int rc = eseal__seal_record_get_esid(txn, l->tenant, l->in->es_id, &r);
  if (rc == ESEAL_ENOTFOUND)
    rc = eseal__error_set(rc, "seal %.200s is not registered in tenant %s", l->in->es_id,
                          l->tenant);
  if (rc == 0) {
    rc = eseal__txn_kv_get(txn, l->tenant, ESEAL__AREA_REPORTS, l->report_hash, 32, &seen);
    eseal_buf_dispose(&seen);
    rc = rc == 0 ? eseal__error_set(ESEAL_EEXISTS, "this physical-use report was logged before")
         : rc == ESEAL_ENOTFOUND ? 0
                                 : rc;
  }
  if (rc == 0)
    rc = signature_status(txn, l, &l->out.signature);
  const eseal_policy *p = l->ctx->policy;
  int64_t window = p ? p->late_window : ESEAL__LATE_WINDOW_DEFAULT;
  l->out.late = l->now - l->in->device_time > window;
  if (rc == 0) {
    fill_use(l, &r, l->out.signature == 1);
    rc = eseal__risk_judge(txn, p, &l->use, &l->risk);
  }
  if (rc == 0 && l->out.late) {
    eseal__risk_hit *h = &l->risk.hits[l->risk.count++];
    h->rule = &late_rule;
    h->level = ESEAL_RISK_ALERT;
    snprintf(h->detail, sizeof h->detail, "reported %lld s after the use (window %lld s)",
             (long long)(l->now - l->in->device_time), (long long)window);
  }
  if (rc == 0)
    rc = append_use(txn, l, &r);
  if (rc == 0)
    rc = eseal__risk_gate_record(txn, l->ctx, &l->use, &r, &l->risk, l->out.sequence, 1, l->now);
  if (rc == 0) {
    static const uint8_t one = 1;
    rc = eseal__txn_kv_put(txn, l->tenant, ESEAL__AREA_REPORTS, l->report_hash, 32, &one, 1);
  }
  l->out.alerts = l->risk.count;
  for (size_t i = 0; i < l->risk.count; i++)
    l->out.froze |= l->risk.hits[i].freeze_seq != 0;
  if (rc)
    snprintf(l->msg_err, sizeof l->msg_err, "%s",
             eseal_error_last() ? eseal_error_last()->message : eseal_strerror(rc));
  return rc;
}

ESEAL_EXTERN(int) eseal_log_physical_use(eseal_physical_outcome *outcome, const eseal_ctx *ctx,
                                         const eseal_physical_use *use, const uint8_t *sig,
                                         size_t sig_len) {
  eseal_store *store = ctx ? eseal_ctx_store(ctx) : NULL;
  if (store == NULL || use == NULL || (sig == NULL && sig_len))
    return eseal__error_set(ESEAL_EINVAL, "eseal_log_physical_use: a context with a store and a "
                                          "use are needed");
  logging l;
  memset(&l, 0, sizeof l);
  l.ctx = ctx;
  l.in = use;
  l.tenant = eseal__registry_tenant(use->tenant);
  l.sig = sig_len ? sig : NULL;
  l.sig_len = sig_len;
  l.now = eseal_ctx_now(ctx);
  eseal_buf msg = ESEAL_BUF_INIT;
  size_t n = 0;
  uint8_t md[ESEAL__DIGEST_MAX];
  eseal__dbuf both = ESEAL__DBUF_INIT;
  int rc = eseal_physical_use_encode(&msg, use);
  if (rc == 0 && sig_len > ESEAL_PHYSICAL_MAX_SIGNATURE)
    rc = eseal__error_set(ESEAL_ELIMIT, "a physical-use signature has at most %d bytes",
                          ESEAL_PHYSICAL_MAX_SIGNATURE);
  /* A replay is the same report with the same signature: an unsigned copy
   * logged first must not block the device's signed report. */
  if (rc == 0) {
    eseal__dbuf_append(&both, msg.ptr, msg.size);
    if (sig_len)
      eseal__dbuf_append(&both, sig, sig_len);
    rc = eseal__dbuf_status(&both);
  }
  if (rc == 0)
    rc = eseal__digest(EVP_sm3(), both.ptr, both.len, md, &n);
  eseal__dbuf_release(&both);
  if (rc == 0) {
    memcpy(l.report_hash, md, 32);
    l.msg = msg.ptr;
    l.msg_len = msg.size;
    rc = eseal__store_run_grouped(store, run_log, &l);
  }
  if (rc == 0) {
    eseal__risk_gate_dispatch(ctx, &l.use, &l.risk, l.out.sequence);
    if (outcome)
      *outcome = l.out;
  } else if (l.msg_err[0])
    eseal__error_set(rc, "logging a physical use failed: %s", l.msg_err);
  eseal__risk_result_dispose(&l.risk);
  eseal_buf_dispose(&msg);
  return rc;
}
