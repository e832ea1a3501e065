/*
 * Rate counting from the store: one "risk.rate" entry per counted use, keyed
 * so that a prefix scan of a subject visits its newest uses first and stops
 * at the window's start (or once the limit is passed), so a count costs at
 * most limit + 1 entries whatever the history.
 */
#include "risk.h"

#include <string.h>

#include "eseal/errors.h"
#include "../core/be64.h"
#include "../core/error.h"

#define PREFIX_LEN (1 + 1 + 32)
#define KEY_LEN (PREFIX_LEN + 8 + 8)

/* Newest first: the key holds INT64_MAX - time (times before 1970 are not counted apart). */
static void make_key(uint8_t key[KEY_LEN], eseal_risk_scope scope, int refused,
                     const uint8_t subject[32], int64_t time, uint64_t seq) {
  key[0] = (uint8_t)scope;
  key[1] = (uint8_t)(refused != 0);
  memcpy(key + 2, subject, 32);
  eseal__put_be64(key + PREFIX_LEN, (uint64_t)(INT64_MAX - (time < 0 ? 0 : time)));
  eseal__put_be64(key + PREFIX_LEN + 8, seq);
}

typedef struct counting {
  int64_t oldest; /* uses at or before this time are outside the window */
  uint64_t stop, count;
  int damaged;
} counting;

static int visit(void *arg, const uint8_t *key, size_t len, const uint8_t *v, size_t vlen) {
  (void)v, (void)vlen;
  counting *c = arg;
  if (len != KEY_LEN) {
    c->damaged = 1;
    return 1;
  }
  int64_t t = INT64_MAX - (int64_t)eseal__get_be64(key + PREFIX_LEN);
  if (t <= c->oldest)
    return 1; /* every later entry is older still */
  return ++c->count > c->stop;
}

int eseal__risk_count(eseal__txn *txn, const char *tenant, eseal_risk_scope scope, int refused,
                      const uint8_t subject[32], int64_t now, int64_t window, uint64_t stop,
                      uint64_t *count) {
  uint8_t prefix[KEY_LEN];
  make_key(prefix, scope, refused, subject, 0, 0);
  counting c = {now - window, stop, 0, 0};
  int rc = eseal__txn_kv_scan(txn, tenant, ESEAL__RISK_AREA_RATE, prefix, PREFIX_LEN, visit, &c);
  if (rc < 0)
    return rc;
  if (c.damaged)
    return eseal__error_set(ESEAL_ETAMPERED, "risk: a rate entry is damaged");
  *count = c.count;
  return 0;
}

int eseal__risk_use_server_clock(eseal__txn *txn, eseal__risk_use *u) {
  int64_t ms = 0;
  int rc = eseal__txn_server_time(txn, &ms);
  if (rc == ESEAL_ENOTFOUND) {
    u->rate_time = u->time; /* memory, SQLite: one host, the context clock */
    return 0;
  }
  if (rc)
    return rc;
  u->rate_time = ms / 1000;
  return 0;
}

/*
 * The scopes some rate rule of `p` counts for this class (a bit per scope).
 * Every use is noted, whatever seals the rules name: an operator or device
 * rate counts across seals.
 */
static unsigned rate_scopes(const eseal_policy *p, int refused) {
  unsigned bits = 0;
  for (size_t i = 0; i < p->rule_count; i++) {
    const eseal__rule *r = &p->rules[i];
    if (r->kind == ESEAL__RULE_RATE && r->refused == refused)
      bits |= 1u << r->scope;
  }
  return bits;
}

static int mark(eseal__txn *txn, const char *tenant, const uint8_t *key, size_t len) {
  static const uint8_t one = 1;
  return eseal__txn_kv_put(txn, tenant, ESEAL__RISK_AREA_SEEN, key, len, &one, 1);
}

/* Novelty: the seal has an accepted use, and each value it was used with. */
static int note_seen(eseal__txn *txn, const eseal_policy *p, eseal__risk_use *u) {
  unsigned bits = 0;
  for (size_t i = 0; i < p->rule_count; i++)
    if (p->rules[i].kind == ESEAL__RULE_NOVELTY)
      bits |= 1u << p->rules[i].scope;
  if (bits == 0)
    return 0;
  uint8_t key[32 + 1 + 32];
  memcpy(key, u->seal_hash, 32);
  int rc = mark(txn, u->tenant, key, 32);
  for (int s = ESEAL_RISK_OPERATOR; rc == 0 && s <= ESEAL_RISK_PLACE; s++) {
    if (!(bits & (1u << s)))
      continue;
    key[32] = (uint8_t)s;
    rc = eseal__risk_subject(txn, u, (eseal_risk_scope)s, 1, key + 33);
    if (rc == 0)
      rc = mark(txn, u->tenant, key, sizeof key);
    else if (rc == ESEAL_ENOTFOUND)
      rc = 0;
  }
  return rc;
}

int eseal__risk_note(eseal__txn *txn, const eseal_policy *p, eseal__risk_use *u,
                     int accepted, uint64_t seq) {
  static const uint8_t one = 1;
  unsigned bits = rate_scopes(p, !accepted);
  int rc = 0;
  for (int s = ESEAL_RISK_SEAL; rc == 0 && s <= ESEAL_RISK_DEVICE; s++) {
    if (!(bits & (1u << s)))
      continue;
    uint8_t subject[32], key[KEY_LEN];
    rc = eseal__risk_subject(txn, u, (eseal_risk_scope)s, 1, subject);
    if (rc == ESEAL_ENOTFOUND) {
      rc = 0;
      continue;
    }
    make_key(key, (eseal_risk_scope)s, !accepted, subject, u->rate_time, seq);
    if (rc == 0)
      rc = eseal__txn_kv_put(txn, u->tenant, ESEAL__RISK_AREA_RATE, key, sizeof key, &one, 1);
  }
  if (rc == 0 && accepted)
    rc = note_seen(txn, p, u);
  for (size_t i = 0; rc == 0 && accepted && i < p->rule_count; i++)
    if (p->rules[i].kind == ESEAL__RULE_BASELINE)
      return eseal__baseline_note(txn, p, u);
  return rc;
}
