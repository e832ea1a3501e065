/* The verification steps shared by seals and signatures. */
#ifndef ESEAL_VERIFY_STEPS_H
#define ESEAL_VERIFY_STEPS_H

#include "eseal/verify.h"
#include "report.h"

typedef struct eseal__verifier {
  const eseal_ctx *ctx;
  eseal_verify_options opts;
  eseal_report *report;
  int64_t validation_time;
} eseal__verifier;

/* Checks the options (NULL = defaults) and starts a report. */
int eseal__verifier_start(eseal__verifier *v, const eseal_ctx *ctx,
                          const eseal_verify_options *opts, eseal_kind kind);

/* The format check: parsed, and its quirks (NOT_OK under ESEAL_VERIFY_STRICT). */
void eseal__step_format(eseal__verifier *v, eseal_format_version format,
                        const eseal_warnings *warnings);

/*
 * The seal steps (GM/T 0031 §6.1.2 b-d): seal.signature, seal.maker_chain,
 * seal.maker_validity and seal.validity at `at` (described as `at_label`).
 */
int eseal__steps_seal(eseal__verifier *v, const eseal_seal *seal, int64_t at,
                      const char *at_label);

/*
 * Runs `chain_id` (chain to an anchor and key usage) and `validity_id`
 * (validity at `at`) for `cert`, recording it under `role`.
 */
int eseal__steps_cert(eseal__verifier *v, const eseal_cert *cert, const char *role,
                      const char *chain_id, const char *validity_id, int64_t at,
                      const char *at_label);

/*
 * Reads a certificate carried in a seal or signature once, for every check
 * that needs it. *out is NULL when the bytes are not a certificate, with the
 * reason in `why`. 0, or ESEAL_ENOMEM.
 */
int eseal__steps_read_cert(const uint8_t *der, size_t len, eseal_cert **out, char why[256]);

/* "2026-11-21T08:00:00Z" into `out` (21 bytes). */
const char *eseal__iso(int64_t utc, char out[21]);

#endif
