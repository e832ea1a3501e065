/* The verification steps shared by seals and signatures. */
#ifndef ESEAL_VERIFY_STEPS_H
#define ESEAL_VERIFY_STEPS_H

#include <openssl/x509.h>

#include "eseal/revocation.h"
#include "eseal/verify.h"
#include "../x509/chain.h"
#include "report.h"

/* What the crypto policy found, gathered while the steps run. */
#define ESEAL__POLICY_FINDINGS 8

typedef struct eseal__verifier {
  const eseal_ctx *ctx;
  /* The current version, with every default filled in. */
  eseal_verify_options opts;
  eseal_report *report;
  int64_t validation_time;
  /* The best signature time: the earliest time the input is proven to have
   * existed (the validation time, or an earlier POE), and what proves it. */
  int64_t poe;
  char poe_label[160];
  int64_t clock_skew;
  char findings[ESEAL__POLICY_FINDINGS][160];
  size_t finding_count;
  /* Online: the context's intermediates plus issuers fetched from AIA
   * caIssuers for this verification (owned; NULL until something is fetched). */
  STACK_OF(X509) *untrusted;
} eseal__verifier;

/* The untrusted certificates chain building may use in this verification. */
STACK_OF(X509) *eseal__verifier_untrusted(const eseal__verifier *v);

/* Releases what the verification holds besides its report (call once, whatever happened). */
void eseal__verifier_end(eseal__verifier *v);

/* Checks the options (NULL = defaults) and starts a report. */
int eseal__verifier_start(eseal__verifier *v, const eseal_ctx *ctx,
                          const eseal_verify_options *opts, eseal_kind kind);

/* A proof that the input existed at `t` (what proves it in `label`): lowers the best signature time. */
void eseal__verifier_lower_poe(eseal__verifier *v, int64_t t, const char *label);

/*
 * The format check: NOT_OK when opts.expect names another kind than `kind`.
 * Returns 1 when the input is of the expected kind.
 */
int eseal__step_expect(eseal__verifier *v, eseal_kind kind);

/*
 * eseal_verify_seal(), plus a check that fails the verification when data was
 * given: a seal covers no data. `out` is set; arguments are not checked.
 */
int eseal__verify_seal_given_data(eseal_report **out, const eseal_ctx *ctx, const eseal_seal *seal,
                                  const eseal_data *data, const eseal_verify_options *opts);

/* The format check: parsed, and its quirks (NOT_OK under ESEAL_VERIFY_STRICT). */
void eseal__step_format(eseal__verifier *v, eseal_format_version format,
                        const eseal_warnings *warnings);

/*
 * The seal steps (GM/T 0031 §6.1.2 b-d): seal.signature, seal.maker_chain,
 * seal.maker_validity and seal.validity at `at` (described as `at_label`).
 */
int eseal__steps_seal(eseal__verifier *v, const eseal_seal *seal, int64_t at,
                      const char *at_label);

/* The checks of one certificate: its report ids, role and trust role. */
typedef struct eseal__cert_checks {
  /* "maker" or "signer", for messages and evidence. */
  const char *role;
  /* ESEAL_ROLE_SEAL_MAKER or ESEAL_ROLE_SIGNER_CA. */
  unsigned int trust_role;
  const char *chain_id;
  const char *role_id;
  const char *validity_id;
  /* For a signer: the maker certificate's DER, which the signer's may not be. */
  const uint8_t *maker_der;
  size_t maker_der_len;
  /* Set by the caller: a quirk that turns a passing validity check into a
   * WARNING, or a fact that fails it (TOTAL_FAILED / EXPIRED). */
  const char *warning;
  const char *failure;
} eseal__cert_checks;

/*
 * Runs the chain check (to an anchor with the trust role, key usage), the
 * role check (not a CA, extended key usage, not the maker) and the validity
 * check (at `at`, under the time policy) for `cert`.
 */
int eseal__steps_cert(eseal__verifier *v, const eseal_cert *cert, const eseal__cert_checks *c,
                      int64_t at, const char *at_label);

/*
 * Judges a validity window [not_before, not_after] of `what` at the claimed
 * time `at` under the time policy: NOT_OK outside it; valid then but expired
 * before the best signature time: INDETERMINATE / OUT_OF_BOUNDS_NO_POE (a
 * WARNING under the claimed-time policy). Fills `status`, `ind`, `sub` and
 * `msg`; returns a rank (0 OK .. 3 TOTAL_FAILED) so callers keep the worst.
 */
typedef struct eseal__judgement {
  eseal_check_status status;
  eseal_indication ind;
  eseal_sub_indication sub;
  char msg[600];
} eseal__judgement;
int eseal__judge_window(const eseal__verifier *v, const char *what, int64_t not_before,
                        int64_t not_after, int64_t at, const char *at_label, eseal__judgement *j);

/* Fills a judgement's verdict and returns `rank`. */
int eseal__judgement_set(eseal__judgement *j, eseal_check_status status, eseal_indication ind,
                         eseal_sub_indication sub, int rank);

/* Reports a judgement under check `id`. */
void eseal__report_judgement(eseal__verifier *v, const char *id, const eseal__judgement *j);

/* signature.time: the claimed signing time is not after the validation time (plus skew). */
void eseal__step_signing_time(eseal__verifier *v, int64_t claimed);
/* The same check under another id (ofd.sign.time for a SignedData). */
void eseal__step_claimed_time(eseal__verifier *v, const char *id, int64_t claimed);

/* The crypto policy: findings gathered by the steps, and the check that reports them. */
void eseal__policy_signature(eseal__verifier *v, const char *what, const char *alg_oid,
                             const eseal_cert *cert);
void eseal__policy_chain(eseal__verifier *v, const char *what, const eseal_cert *leaf,
                         STACK_OF(X509) *chain);
void eseal__policy_seal_digests(eseal__verifier *v, const eseal_seal *seal);
/* `used`: the digest of the data dataHash equals; NULL for a precomputed hash,
 * which is judged by its length alone. */
void eseal__policy_data_hash(eseal__verifier *v, const char *alg_oid, size_t hash_len,
                             const EVP_MD *used);
void eseal__step_crypto_policy(eseal__verifier *v);

/* extensions: critical extensions of the seal and of TBS_Sign (NULL for a seal alone). */
void eseal__step_extensions(eseal__verifier *v, const eseal_seal *seal,
                            const eseal_extensions *tbs_extensions);

/* seal.filing (steps_filing.c): the esID's form and the filing ExtData; INFO or WARNING, never a verdict. */
void eseal__step_filing(eseal__verifier *v, const eseal_seal *seal);

/*
 * The chain from `cert` to an anchor of `anchors`, the context's store
 * `store_id` (a role bit, or 0 for all anchors): remembered by the context
 * unless this verification offers untrusted certificates of its own
 * (fetched issuers). As eseal__chain_verify().
 */
int eseal__steps_chain(const eseal__verifier *v, unsigned int store_id, X509_STORE *anchors,
                       const eseal_cert *cert, eseal__chain_result *out);

/*
 * Reads a certificate carried in a seal or signature once, for every check
 * that needs it, shared from the context's cache when the same DER was parsed
 * before. *out is NULL when the bytes are not a certificate, with the reason
 * in `why`. 0, or ESEAL_ENOMEM.
 */
int eseal__steps_read_cert_cached(const eseal_ctx *ctx, const uint8_t *der, size_t len,
                                  eseal_cert **out, char why[256]);

/*
 * seal.state (steps_state.c): with a store on the context, the seal's state in
 * the tenant's registry, judged at `at` (the claimed signing time, or the
 * validation time for a seal alone). No check without a store. 0 or ESEAL_ENOMEM.
 */
int eseal__step_seal_state(eseal__verifier *v, const eseal_seal *seal, int64_t at,
                           const char *at_label);

/*
 * signer.revocation / seal.maker_revocation (steps_revocation.c): the chain of
 * `cert` to an anchor of `trust_role`, each certificate below the anchor
 * looked up and judged against the best signature time and the claimed time
 * `claimed` (described as `claimed_label`). 0 or ESEAL_ENOMEM.
 */
int eseal__step_revocation(eseal__verifier *v, const eseal_cert *cert, unsigned int trust_role,
                           eseal_cert_class cls, const char *id, int64_t claimed,
                           const char *claimed_label);

/* When a chain's revocation is judged: sources current at `at`, revocations
 * after `best` (what proves existence then, in `best_label`) harmless. */
typedef struct eseal__rev_when {
  int64_t at;
  int64_t best;
  const char *best_label;
} eseal__rev_when;

/*
 * The same judgement for a chain already built (leaf first; the last is the
 * anchor), into *worst; `when` NULL: at the validation time, against the
 * best signature time.
 */
int eseal__judge_chain_revocation(eseal__verifier *v, STACK_OF(X509) *chain,
                                  eseal_cert_class leaf_class, const char *role, int64_t claimed,
                                  const char *claimed_label, const eseal__rev_when *when,
                                  eseal__judgement *worst);

/*
 * timestamp and poe.token (steps_timestamp.c): the signature's own token and
 * the caller's tokens, verified; a verified genTime lowers the best signature
 * time, so run these before the checks judged at it. 0 or ESEAL_ENOMEM.
 */
int eseal__step_poe_tokens(eseal__verifier *v, const eseal_signature *sig);
int eseal__step_timestamp(eseal__verifier *v, const eseal_signature *sig);

/* "2026-11-21T08:00:00Z" into `out` (21 bytes). */
const char *eseal__iso(int64_t utc, char out[21]);

#endif
