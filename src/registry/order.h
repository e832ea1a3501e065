/* Unfreeze orders: a supervisor's signed permission to lift one freeze of one seal. */
#ifndef ESEAL_REGISTRY_ORDER_H
#define ESEAL_REGISTRY_ORDER_H

#include "eseal/registry.h"
#include "../core/dbuf.h"
#include "record.h"

struct eseal_unfreeze_order {
  char tenant[65];
  char es_id[ESEAL__REGISTRY_MAX_ESID + 1];
  uint8_t seal_hash[32];
  uint64_t freeze_sequence;
  int64_t time;
  char reason[ESEAL_REGISTRY_MAX_TEXT + 1];
  /* The bytes signed (the tbs SEQUENCE as received), in `der`. */
  const uint8_t *tbs;
  size_t tbs_len;
  char algorithm[80];
  const uint8_t *signature;
  size_t signature_len;
  eseal_cert *signer;
  /* A copy of the whole order. */
  uint8_t *der;
  size_t der_len;
};

#endif
