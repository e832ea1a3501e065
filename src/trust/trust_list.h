/*
 * Trust list files (doc/trust-list.md): the parser and the check of the
 * operator's signature. Floor 2: uses core/, asn1/, crypto/ and x509/, never
 * the context; src/context/trust_list_load.c puts a checked list into one.
 */
#ifndef ESEAL_TRUST_TRUST_LIST_H
#define ESEAL_TRUST_TRUST_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "eseal/cert.h"
#include "eseal/trust.h"

/* Room for the unknown role names of one entry, for its trust note. */
#define ESEAL__TL_UNKNOWN_ROLES_CAP 120

/* One "anchor:" entry. */
typedef struct eseal__tl_entry {
  eseal_cert *cert;
  /* The known roles it names; 0 when it names none (the entry is skipped). */
  unsigned int roles;
  /* Its trust window; 0 = unbounded. */
  int64_t trusted_from;
  int64_t trusted_until;
  /* The line of its "anchor:" and its label. */
  size_t line;
  char label[ESEAL_TRUST_LIST_MAX_NAME + 1];
  /* The role names it gives that this library does not know, comma-separated
   * (cut short with "..." when long); empty when none. */
  char unknown_roles[ESEAL__TL_UNKNOWN_ROLES_CAP];
} eseal__tl_entry;

/* A parsed trust list. Only structure and syntax are checked: the signature,
 * the dates against a clock and what to trust are the caller's. */
typedef struct eseal__trust_list {
  char name[ESEAL_TRUST_LIST_MAX_NAME + 1];
  uint64_t sequence;
  int64_t issued;
  int64_t next_update;
  eseal__tl_entry *entries;
  size_t entry_count;
  /* The signature line, when present: its algorithm as written
   * ("SM2-SM3", "ECDSA-P256-SHA256", "RSA-SHA256"), the decoded signature,
   * and the number of bytes it covers (every byte before the line). */
  int has_signature;
  char sig_alg[24];
  uint8_t *sig;
  size_t sig_len;
  size_t signed_len;
} eseal__trust_list;

/*
 * Parses a whole trust list. 0; ESEAL_EFORMAT naming the line for anything
 * malformed or truncated; ESEAL_ELIMIT above a limit of eseal/trust.h;
 * ESEAL_EUNSUPPORTED for another format version or signature algorithm;
 * ESEAL_ENOMEM. On failure `out` holds nothing to release.
 */
int eseal__trust_list_parse(eseal__trust_list *out, const uint8_t *data, size_t len);

/* Frees what a successful parse holds; a zeroed list is accepted. */
void eseal__trust_list_release(eseal__trust_list *tl);

/*
 * Checks that the list carries a signature that verifies, over the first
 * tl->signed_len bytes of `data` (the bytes it was parsed from), with the key
 * of `operator_cert`, and that the certificate may sign and was valid when
 * the list was issued. 0; ESEAL_ECRYPTO for no signature, an algorithm that
 * does not fit the key, or a signature that does not verify; ESEAL_ECERT for
 * an operator certificate unusable at the issue time.
 */
int eseal__trust_list_verify(const eseal__trust_list *tl, const uint8_t *data,
                             const eseal_cert *operator_cert);

#endif
