/*
 * Pseudonyms for the personal values of usage records (doc/usage-log.md,
 * "Personal data and erasure"). A value v of kind k (operator, device,
 * location) is recorded as
 *
 *   P = SM3("eseal-usage-ps" ‖ k ‖ r ‖ v)
 *
 * with r 32 random bytes drawn the first time the tenant records v. The
 * tenant's clear side keeps, erasable:
 *
 *   usage.pindex   I = SM3("eseal-usage-ix" ‖ k ‖ salt ‖ v)  ->  P
 *   usage.personal P  ->  k ‖ r ‖ I ‖ v
 *
 * so the same value always gets the same P (rules can compare devices and
 * places) while the clear value exists; P reveals nothing about v without r.
 * Erasing deletes both entries: r is gone, P stays in the records (every
 * proof still holds) and can no longer be linked to v, and a later use of v
 * draws a fresh r.
 */
#ifndef ESEAL_USAGE_LOG_PSEUDONYM_H
#define ESEAL_USAGE_LOG_PSEUDONYM_H

#include <stddef.h>
#include <stdint.h>

#include "../storage/store.h"

typedef enum eseal__ps_kind {
  ESEAL__PS_OPERATOR = 1,
  ESEAL__PS_DEVICE = 2,
  ESEAL__PS_LOCATION = 3
} eseal__ps_kind;

/* The pseudonym of `v` (made, with its side entries, on first use). Writable txn. */
int eseal__ps_get_or_make(eseal__txn *txn, const char *tenant, eseal__ps_kind kind,
                          const uint8_t *v, size_t len, uint8_t ps[32]);

/* The pseudonym `v` has now, without making one; ESEAL_ENOTFOUND when none. */
int eseal__ps_find(eseal__txn *txn, const char *tenant, eseal__ps_kind kind, const uint8_t *v,
                   size_t len, uint8_t ps[32]);

/*
 * The clear value behind `ps` into `value` (its kind in *kind), after checking
 * that it hashes to `ps`: ESEAL_ENOTFOUND when erased, ESEAL_ETAMPERED when the
 * side entry does not match its pseudonym.
 */
int eseal__ps_clear(eseal__txn *txn, const char *tenant, const uint8_t ps[32],
                    eseal__ps_kind *kind, eseal_buf *value);

/* Deletes the clear value behind `ps` and its index entry; ESEAL_ENOTFOUND when none. */
int eseal__ps_erase(eseal__txn *txn, const char *tenant, const uint8_t ps[32]);

#endif
