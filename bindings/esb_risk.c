/*
 * Risk control for the languages (eseal_binding.h): policies from JSON, a
 * per-thread queue of alerts that the languages drain on the stamping thread
 * after the call returns, and physical-use reports with plain arguments.
 */
#include <stdlib.h>
#include <string.h>

#include "eseal_binding.h"

typedef struct queued {
  char *rule, *tenant, *es_id, *detail;
  int level;
  int64_t time, use_seq, alert_seq, freeze_seq;
} queued;

/* The thread's queue (oldest first) and the slot esb_alert_next() fills. */
static _Thread_local queued queue[ESB_ALERT_QUEUE_MAX];
static _Thread_local size_t queue_len;
static _Thread_local queued current;
static _Thread_local eseal_physical_outcome last_outcome;

static char *copy(const char *s) {
  size_t n = s ? strlen(s) : 0;
  char *p = malloc(n + 1);
  if (p) {
    if (n)
      memcpy(p, s, n);
    p[n] = 0;
  }
  return p;
}

static void drop(queued *q) {
  free(q->rule), free(q->tenant), free(q->es_id), free(q->detail);
  memset(q, 0, sizeof *q);
}

static void enqueue(void *payload, const eseal_alert *a) {
  (void)payload;
  if (queue_len == ESB_ALERT_QUEUE_MAX) {
    drop(&queue[0]);
    memmove(queue, queue + 1, (ESB_ALERT_QUEUE_MAX - 1) * sizeof *queue);
    queue_len--;
  }
  queued q = {copy(a->rule), copy(a->tenant), copy(a->es_id), copy(a->detail), (int)a->level,
              a->time, (int64_t)a->use_sequence, (int64_t)a->alert_sequence,
              (int64_t)a->freeze_sequence};
  if (!q.rule || !q.tenant || !q.es_id || !q.detail) {
    drop(&q); /* out of memory: the alert stays in the usage log */
    return;
  }
  queue[queue_len++] = q;
}

eseal_policy *esb_policy_load(const uint8_t *data, size_t len) {
  eseal_policy *p = NULL;
  return eseal_policy_load(&p, data ? data : (const uint8_t *)"", len) == 0 ? p : NULL;
}

int esb_ctx_queue_alerts(eseal_ctx *ctx, int on) {
  return eseal_ctx_set_alert_callback(ctx, on ? enqueue : NULL, NULL);
}

int esb_alert_next(void) {
  drop(&current);
  if (queue_len == 0)
    return 0;
  current = queue[0];
  memmove(queue, queue + 1, (queue_len - 1) * sizeof *queue);
  queue_len--;
  return 1;
}

void esb_alert_clear(void) {
  while (esb_alert_next())
    ;
}

const char *esb_alert_rule(void) { return current.rule; }
int esb_alert_level(void) { return current.level; }
const char *esb_alert_tenant(void) { return current.tenant; }
const char *esb_alert_es_id(void) { return current.es_id; }
const char *esb_alert_detail(void) { return current.detail; }
int64_t esb_alert_time(void) { return current.time; }
int64_t esb_alert_use_sequence(void) { return current.use_seq; }
int64_t esb_alert_alert_sequence(void) { return current.alert_seq; }
int64_t esb_alert_freeze_sequence(void) { return current.freeze_seq; }

int64_t esb_log_physical_use(const eseal_ctx *ctx, const char *tenant, const char *es_id,
                             const char *device, const char *operator_id, int64_t device_time,
                             int has_location, double latitude, double longitude,
                             double accuracy_m, const char *place, int has_force,
                             double force_newtons, const uint8_t *data, size_t len) {
  eseal_physical_use u = ESEAL_PHYSICAL_USE_INIT;
  u.tenant = tenant;
  u.es_id = es_id;
  u.device = device;
  u.operator_id = operator_id;
  u.device_time = device_time;
  u.has_location = has_location;
  u.latitude = latitude;
  u.longitude = longitude;
  u.accuracy_m = accuracy_m;
  u.place = place;
  u.has_force = has_force;
  u.force_newtons = force_newtons;
  memset(&last_outcome, 0, sizeof last_outcome);
  int rc = eseal_log_physical_use(&last_outcome, ctx, &u, len ? data : NULL, len);
  return rc ? rc : (int64_t)last_outcome.sequence;
}

int esb_physical_last(int which) {
  switch (which) {
  case 0: return last_outcome.signature;
  case 1: return last_outcome.late;
  case 2: return (int)last_outcome.alerts;
  case 3: return last_outcome.froze;
  }
  return -1;
}
