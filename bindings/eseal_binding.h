/*
 * The C API reshaped for SWIG, used by the Python and Java bindings only.
 *
 * Each function returns its object or bytes instead of writing through an
 * out-parameter. A NULL object (or a NULL `esb_owned.buf.ptr`) means failure,
 * and the reason is in eseal_error_last(). Objects returned here never
 * borrow from another object, so the languages may free them in any order.
 */
#ifndef ESEAL_BINDING_H
#define ESEAL_BINDING_H

#include <eseal.h>

/* Bytes borrowed from an object; the language copies them at once. */
typedef struct esb_view {
  const uint8_t *ptr;
  size_t len;
} esb_view;

/* Bytes the library made; the language copies them and disposes the buffer. */
typedef struct esb_owned {
  eseal_buf buf;
} esb_owned;

/* The calling thread's last error: its code (0 when none) and message. */
int esb_error_code(void);
const char *esb_error_message(void);

eseal_seal *esb_seal_parse(const uint8_t *data, size_t len, int strict);
eseal_signature *esb_signature_parse(const uint8_t *data, size_t len, int strict);
/* The embedded seal as an object of its own. */
eseal_seal *esb_signature_seal(const eseal_signature *sig);

esb_owned esb_seal_encode(const eseal_seal *seal);
esb_owned esb_seal_to_json(const eseal_seal *seal);
esb_owned esb_signature_encode(const eseal_signature *sig);
esb_owned esb_signature_to_json(const eseal_signature *sig);

esb_view esb_seal_bytes(const eseal_seal *seal);
esb_view esb_seal_cert(const eseal_seal *seal, size_t i);
esb_view esb_seal_picture(const eseal_seal *seal);
esb_view esb_seal_maker_cert(const eseal_seal *seal);
esb_view esb_seal_signature_value(const eseal_seal *seal);
esb_view esb_signature_bytes(const eseal_signature *sig);
esb_view esb_signature_data_hash(const eseal_signature *sig);
esb_view esb_signature_signer_cert(const eseal_signature *sig);
esb_view esb_signature_value(const eseal_signature *sig);
esb_view esb_signature_timestamp(const eseal_signature *sig);
esb_view esb_extension_value(const eseal_extensions *ext, size_t i);

/* The signing time of timeInfo: whether it has one, and its UTC seconds. */
int esb_signature_has_time(const eseal_signature *sig);
int64_t esb_signature_time(const eseal_signature *sig);

eseal_ctx *esb_ctx_new(void);
eseal_cert *esb_cert_load(const uint8_t *data, size_t len);
eseal_cert *esb_cert_load_file(const char *path);
esb_view esb_cert_der(const eseal_cert *cert);
/* A key from PEM, DER, PKCS#8 or PKCS#12; `password` may be NULL. */
eseal_key *esb_key_load(const uint8_t *data, size_t len, const char *password);
/*
 * A key in a PKCS#11 token (eseal/pkcs11.h). `pin` and `module` may be NULL
 * (then the URI's pin-value / module-path). `sm2_mechanism` is the vendor CKM
 * for SM2 keys (0: none); `sm2_signs_message` and `sm2_der` pick its forms.
 */
eseal_key *esb_key_from_pkcs11(const char *uri, const char *pin, const char *module,
                               int require_non_extractable, int64_t sm2_mechanism,
                               int sm2_signs_message, int sm2_der);
/* The certificate a PKCS#12 file carries with its key; NULL with no error
 * (esb_error_code() 0) when the file has none. */
eseal_cert *esb_key_load_cert(const uint8_t *data, size_t len, const char *password);

eseal_seal_builder *esb_builder_new(void);
int esb_builder_draw_picture(eseal_seal_builder *b, int shape, unsigned int diameter_mm,
                             unsigned int width_mm, unsigned int height_mm, const char *color);
/* eseal_seal_builder_set_filing() with the four fields as arguments. */
int esb_builder_set_filing(eseal_seal_builder *b, const char *authority, const char *number,
                           const char *date, const char *credit_code);
eseal_seal *esb_seal_build(const eseal_ctx *ctx, const eseal_seal_builder *b, eseal_key *key,
                           const eseal_cert *cert);
esb_owned esb_picture_svg(int shape, const char *organisation, const char *name, const char *code,
                          unsigned int diameter_mm, unsigned int width_mm, unsigned int height_mm,
                          const char *color);
/* The same picture as PNG at `dpi` (eseal_picture_png()); taxpayer_id for oval invoice seals. */
esb_owned esb_picture_png(int shape, const char *organisation, const char *name, const char *code,
                          const char *taxpayer_id, unsigned int diameter_mm, unsigned int width_mm,
                          unsigned int height_mm, const char *color, unsigned int dpi);

eseal_data *esb_data_from_bytes(const uint8_t *data, size_t len);
eseal_data *esb_data_from_hash(const uint8_t *data, size_t len);
eseal_data *esb_data_from_file(const char *path);
/* `format` 0 stamps in the seal's format; `property_info` and `tsa_url` may
 * be NULL; the TSA arguments are the version-3 stamp options. */
eseal_signature *esb_stamp(const eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                           const eseal_cert *cert, const eseal_data *data, int format,
                           const char *property_info, const char *tsa_url, const char *tsa_policy,
                           int tsa_allow_private_targets);

/*
 * OFD stamping: the members of eseal_ofd_stamp_options (version 2) as plain
 * arguments, in the struct's order. esb_ofd_stamp_bytes returns the stamped
 * package; esb_ofd_stamp writes it to `out_path` and returns 0 or an error code.
 */
esb_owned esb_ofd_stamp_bytes(const eseal_ctx *ctx, const uint8_t *data, size_t len,
                              const eseal_seal *seal, eseal_key *key, const eseal_cert *cert,
                              int placement, unsigned int page, unsigned int last_page,
                              double x_mm, double y_mm, double width_mm, double height_mm,
                              const char *keyword, int all_occurrences, int cover_signatures,
                              const char *tsa_url, const char *tsa_policy,
                              int tsa_allow_private_targets);
int esb_ofd_stamp(const char *out_path, const eseal_ctx *ctx, const char *in_path,
                  const eseal_seal *seal, eseal_key *key, const eseal_cert *cert, int placement,
                  unsigned int page, unsigned int last_page, double x_mm, double y_mm,
                  double width_mm, double height_mm, const char *keyword, int all_occurrences,
                  int cover_signatures, const char *tsa_url, const char *tsa_policy,
                  int tsa_allow_private_targets);

/*
 * The members of eseal_verify_options (version 2) as plain arguments, in the
 * struct's order: 0 leaves each at its default (clock_skew -1 allows none),
 * and `data` and `poe_source` may be NULL. An unknown value fails with
 * ESEAL_EINVAL.
 */
/*
 * esb_verify() and esb_verify_bytes() also take the version-4 poe_tokens:
 * `tokens` their bytes one after another, `token_lens` each one's length as
 * 4 bytes big-endian (both empty for none). Lengths that do not add up to
 * `tokens` fail with ESEAL_EINVAL, more than ESEAL_MAX_POE_TOKENS with
 * ESEAL_ELIMIT.
 */
eseal_report *esb_verify(const eseal_ctx *ctx, const eseal_signature *sig, const eseal_data *data,
                         unsigned int flags, int64_t validation_time, int maker_time, int expect,
                         int time_policy, int crypto_policy, int64_t clock_skew, int64_t poe_time,
                         const char *poe_source, const uint8_t *tokens, size_t tokens_len,
                         const uint8_t *token_lens, size_t token_lens_len);
eseal_report *esb_verify_seal(const eseal_ctx *ctx, const eseal_seal *seal, unsigned int flags,
                              int64_t validation_time, int maker_time, int expect, int time_policy,
                              int crypto_policy, int64_t clock_skew, int64_t poe_time,
                              const char *poe_source);
eseal_report *esb_verify_bytes(const eseal_ctx *ctx, const uint8_t *data, size_t len,
                               const eseal_data *signed_data, unsigned int flags,
                               int64_t validation_time, int maker_time, int expect,
                               int time_policy, int crypto_policy, int64_t clock_skew,
                               int64_t poe_time, const char *poe_source, const uint8_t *tokens,
                               size_t tokens_len, const uint8_t *token_lens,
                               size_t token_lens_len);
esb_owned esb_report_to_json(const eseal_report *report);
esb_owned esb_report_to_text(const eseal_report *report);
/*
 * OFD verification (include/eseal/ofd.h) of the package at `path` or in
 * `data`, with the verify options as above; `signature_id` NULL for every
 * signature. NULL with the error when the package cannot be read.
 */
eseal_ofd_report *esb_verify_ofd(const eseal_ctx *ctx, const char *path, const char *signature_id,
                                 unsigned int flags, int64_t validation_time, int maker_time,
                                 int time_policy, int crypto_policy, int64_t clock_skew,
                                 int64_t poe_time, const char *poe_source);
eseal_ofd_report *esb_verify_ofd_bytes(const eseal_ctx *ctx, const uint8_t *data, size_t len,
                                       const char *signature_id, unsigned int flags,
                                       int64_t validation_time, int maker_time, int time_policy,
                                       int crypto_policy, int64_t clock_skew, int64_t poe_time,
                                       const char *poe_source);
esb_owned esb_ofd_report_to_json(const eseal_ofd_report *report);
esb_owned esb_ofd_report_to_text(const eseal_ofd_report *report);
int esb_report_has_time(const eseal_report *report, int which);
int64_t esb_report_time(const eseal_report *report, int which);
/* Certificate `i` of the report's evidence, as a reference of its own. */
eseal_cert *esb_report_cert(const eseal_report *report, size_t i);
/* The DER of validation item `i` (eseal_report_validation_der()). */
esb_view esb_report_validation_der(const eseal_report *report, size_t i);

/* A comma-separated list of role names ("all" included) as a bit set, or a
 * negative error code. */
int esb_trust_roles_parse(const char *names);
/* The name a trust list gives itself, without loading or checking it; NULL
 * (with the error) when the list is malformed. */
esb_owned esb_trust_list_peek_name(const uint8_t *data, size_t len);
/* Its sequence number; 0 when it is malformed (call the above first). */
uint64_t esb_trust_list_peek_sequence(const uint8_t *data, size_t len);

/* Stores (eseal/store.h); NULL with the error on failure. */
eseal_store *esb_store_open_sqlite(const char *path);
eseal_store *esb_store_open_postgresql(const char *conninfo);
eseal_store *esb_store_open_memory(void);

/*
 * The usage log (eseal/usage_log.h). Functions returning int64_t give the
 * result (a sequence number, a size, a count) or a negative error code.
 * Sizes and sequence numbers are int64_t (Java has no unsigned 64-bit type);
 * a negative one is refused with ESEAL_EINVAL.
 */
int64_t esb_usage_log_record_physical(eseal_store *store, const eseal_ctx *ctx, const char *tenant,
                                      const char *es_id, const char *operator_id,
                                      const char *device, int has_location, double latitude,
                                      double longitude, double accuracy_m, const char *place,
                                      int has_force, double force_newtons, int64_t time);
int64_t esb_usage_log_size(eseal_store *store, const char *tenant);
esb_owned esb_usage_log_show(eseal_store *store, const char *tenant, int64_t first,
                             int64_t count);
/* The signed note; NULL with esb_error_code() 0 when `every` says it is not due. */
esb_owned esb_usage_log_checkpoint(eseal_store *store, const eseal_ctx *ctx, const char *tenant,
                                   eseal_key *key, const eseal_cert *cert, int64_t every);
esb_owned esb_usage_log_prove(eseal_store *store, const char *tenant, int64_t seq,
                              int64_t tree_size);
esb_owned esb_usage_log_prove_consistency(eseal_store *store, const char *tenant,
                                          int64_t old_size, int64_t new_size);
/* `data` is the signature or document hash. */
esb_owned esb_usage_log_export(eseal_store *store, const char *tenant, const uint8_t *data,
                               size_t len);
/* The JSON report of an intact log; NULL with the error (ESEAL_ETAMPERED …)
 * otherwise. `data` is a checkpoint kept outside the store, or empty. */
esb_owned esb_usage_log_verify(eseal_store *store, const eseal_ctx *ctx, const char *tenant,
                               const uint8_t *data, size_t len);
int64_t esb_usage_log_erase_operator(eseal_store *store, const char *tenant,
                                     const char *operator_id);

/* Stamping with a store (eseal/registry.h): the version-3 stamp options as arguments. */
eseal_signature *esb_stamp_with_store(const eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                                      const eseal_cert *cert, const eseal_data *data, int format,
                                      const char *property_info, const char *tenant,
                                      const char *operator_id, const char *device,
                                      int has_location, double latitude, double longitude,
                                      double accuracy_m, const char *place,
                                      int allow_unregistered, const char *tsa_url,
                                      const char *tsa_policy, int tsa_allow_private_targets);

/* The seal registry. A loss report without a callback: the languages call their
 * own and record its result with eseal_registry_loss_notified(). */
int esb_registry_report_lost(const eseal_ctx *ctx, const char *tenant, const char *es_id,
                             const char *who, const char *why);
int esb_registry_unfreeze(const eseal_ctx *ctx, const char *tenant, const uint8_t *data,
                          size_t len, const char *who);
eseal_seal_status *esb_registry_state(const eseal_ctx *ctx, const char *tenant, const char *es_id);
esb_view esb_seal_status_hash(const eseal_seal_status *status);
esb_view esb_seal_status_predecessor(const eseal_seal_status *status);
esb_view esb_seal_status_successor(const eseal_seal_status *status);
/* An unfreeze order; `data` is the seal's 32-byte SM3 hash. */
esb_owned esb_unfreeze_order_sign(const eseal_ctx *ctx, const char *tenant, const char *es_id,
                                  const uint8_t *data, size_t len, uint64_t freeze_sequence,
                                  int64_t time, const char *reason, eseal_key *key,
                                  const eseal_cert *cert);

/* ---- Evidence bundles (eseal/evidence.h) ---- */
/* The outcome (also for a refused bundle), or NULL with the error when the check could not run. */
eseal_evidence *esb_evidence_verify(const eseal_ctx *ctx, const uint8_t *data, size_t len);
esb_view esb_evidence_record(const eseal_evidence *e, size_t i);
/* New references, so that the languages' certificate objects own them; NULL when absent. */
eseal_cert *esb_evidence_log_signer(const eseal_evidence *e);
eseal_cert *esb_evidence_cert(const eseal_evidence *e, size_t i);

/* ---- Revocation (eseal/revocation.h) ---- */
/*
 * eseal_ctx_set_revocation() with the config's members as arguments: `mode`
 * an eseal_revocation_mode; `soft_fail` and `crl_first` bit sets over
 * eseal_cert_class (bit c set: class c soft-fails, or asks CRLs before OCSP).
 */
int esb_ctx_set_revocation(eseal_ctx *ctx, int mode, unsigned int soft_fail,
                           unsigned int crl_first, int allow_private_targets, int64_t timeout_ms,
                           int64_t max_response_bytes, int ocsp_nonce, const char *ocsp_url,
                           int64_t ocsp_max_age);
/* The report's validation time; on failure 0 with esb_error_code() set (it
 * is cleared first, so a 0 time with no error is a real answer). */
int64_t esb_ctx_load_validation_data(eseal_ctx *ctx, const uint8_t *data, size_t len);
/* Counter `which` of eseal_revocation_stats (0 cache_hits, 1 cache_misses,
 * 2 fetches, 3 fetch_failures); -1 for another `which`. */
int64_t esb_ctx_revocation_stat(const eseal_ctx *ctx, int which);
/* Counter `which` of cache `kind`'s eseal_cache_stats (0 hits, 1 misses,
 * 2 entries); -1 for another `kind` or `which`. */
int64_t esb_ctx_cache_stat(const eseal_ctx *ctx, int kind, int which);
/* eseal_cert_status_lookup()'s answer as an object (esb_cert_status_free());
 * NULL with the error when the lookup could not run. `issuer` may be NULL. */
eseal_cert_status *esb_cert_status_lookup(const eseal_ctx *ctx, const eseal_cert *cert,
                                          const eseal_cert *issuer, int64_t at);
void esb_cert_status_free(eseal_cert_status *s);
int esb_cert_status_value(const eseal_cert_status *s);
int64_t esb_cert_status_revocation_time(const eseal_cert_status *s);
int esb_cert_status_reason(const eseal_cert_status *s);
int64_t esb_cert_status_this_update(const eseal_cert_status *s);
int64_t esb_cert_status_next_update(const eseal_cert_status *s);
const char *esb_cert_status_source(const eseal_cert_status *s);
const char *esb_cert_status_message(const eseal_cert_status *s);

/* ---- Risk control (eseal/policy.h, eseal/physical.h; esb_risk.c) ---- */
/* A policy from JSON; NULL with the error. Freed with eseal_policy_free(). */
eseal_policy *esb_policy_load(const uint8_t *data, size_t len);
/*
 * Alerts for the languages: with `on` 1 the context's alert callback copies
 * each alert into a queue of the thread that stamped (at most
 * ESB_ALERT_QUEUE_MAX; older ones are dropped first). The language drains it
 * with esb_alert_next() right after the call that stamped, on that same
 * thread, so its callable runs after the commit on the stamping thread.
 */
#define ESB_ALERT_QUEUE_MAX 64
int esb_ctx_queue_alerts(eseal_ctx *ctx, int on);
/* 1 when an alert was taken from this thread's queue into its current slot, 0 when empty. */
int esb_alert_next(void);
const char *esb_alert_rule(void);
int esb_alert_level(void);
const char *esb_alert_tenant(void);
const char *esb_alert_es_id(void);
const char *esb_alert_detail(void);
int64_t esb_alert_time(void);
int64_t esb_alert_use_sequence(void);
int64_t esb_alert_alert_sequence(void);
int64_t esb_alert_freeze_sequence(void);
/* Empties this thread's queue (a language with no callable set). */
void esb_alert_clear(void);
/* eseal_log_physical_use() with the use's members as arguments and the
 * signature in `data` (None / null: unsigned). The record's sequence, or a
 * negative code; the outcome's other members through esb_physical_last(). */
int64_t esb_log_physical_use(const eseal_ctx *ctx, const char *tenant, const char *es_id,
                             const char *device, const char *operator_id, int64_t device_time,
                             int has_location, double latitude, double longitude,
                             double accuracy_m, const char *place, int has_force,
                             double force_newtons, const uint8_t *data, size_t len);
/* Of this thread's last esb_log_physical_use(): 0 signature (1, 0, -1), 1 late, 2 alerts, 3 froze. */
int esb_physical_last(int which);

#endif
