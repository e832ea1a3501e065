/*
 * Who or what a rate or novelty rule counts: the seal's hash, or the usage
 * log's pseudonym of the operator, the device or the place (the place name,
 * or else the 0.01° grid cell of the location, about a kilometre).
 */
#include "risk.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../usage_log/pseudonym.h"

static int look_up(eseal__txn *txn, eseal__risk_use *u, eseal_risk_scope scope, int make,
                   uint8_t key[32]) {
  char text[4200];
  const char *v = NULL;
  eseal__ps_kind kind = ESEAL__PS_OPERATOR;
  switch (scope) {
  case ESEAL_RISK_SEAL: memcpy(key, u->seal_hash, 32); return 0;
  case ESEAL_RISK_OPERATOR: v = u->operator_id; break;
  case ESEAL_RISK_DEVICE: v = u->device, kind = ESEAL__PS_DEVICE; break;
  case ESEAL_RISK_PLACE:
    kind = ESEAL__PS_LOCATION;
    if (u->place && *u->place && strlen(u->place) <= 4096) {
      snprintf(text, sizeof text, "place:%s", u->place);
      v = text;
    } else if (u->has_location && eseal__geo_valid(u->latitude, u->longitude)) {
      snprintf(text, sizeof text, "cell:%ld %ld", lround(floor(u->latitude * 100.0)),
               lround(floor(u->longitude * 100.0)));
      v = text;
    }
    break;
  }
  if (v == NULL || *v == '\0')
    return ESEAL_ENOTFOUND; /* not raised: the use has no such value */
  size_t n = strlen(v);
  if (n > 4200)
    return eseal__error_set(ESEAL_EINVAL, "risk: a value of %zu bytes", n);
  if (make)
    return eseal__ps_get_or_make(txn, u->tenant, kind, (const uint8_t *)v, n, key);
  int rc = eseal__ps_find(txn, u->tenant, kind, (const uint8_t *)v, n, key);
  return rc;
}

/* Each subject is looked up once per use: every rule and the counting after the append share it. */
int eseal__risk_subject(eseal__txn *txn, eseal__risk_use *u, eseal_risk_scope scope, int make,
                        uint8_t key[32]) {
  if (scope < ESEAL_RISK_SEAL || scope > ESEAL_RISK_PLACE)
    return eseal__error_set(ESEAL_EINVAL, "risk: unknown scope");
  int *state = &u->subject_state[scope];
  if (*state == 1 || (*state == -1 && !make)) {
    memcpy(key, u->subject[scope], 32);
    return *state == 1 ? 0 : ESEAL_ENOTFOUND;
  }
  int rc = look_up(txn, u, scope, make, key);
  if (rc == 0)
    memcpy(u->subject[scope], key, 32);
  if (rc == 0 || rc == ESEAL_ENOTFOUND)
    *state = rc == 0 ? 1 : -1;
  return rc;
}
