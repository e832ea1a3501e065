/* The C API reshaped for SWIG: see eseal_binding.h. */
#include "eseal_binding.h"

#include <eseal/ofd.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int esb_error_code(void) {
  const eseal_error *e = eseal_error_last();
  return e ? e->code : 0;
}

const char *esb_error_message(void) {
  const eseal_error *e = eseal_error_last();
  return e ? e->message : "";
}

static eseal_parse_options parse_options(int strict) {
  eseal_parse_options opts = ESEAL_PARSE_OPTIONS_INIT;
  opts.flags = strict ? ESEAL_PARSE_STRICT : 0;
  return opts;
}

eseal_seal *esb_seal_parse(const uint8_t *data, size_t len, int strict) {
  eseal_parse_options opts = parse_options(strict);
  eseal_seal *seal = NULL;
  eseal_seal_parse(&seal, data, len, &opts);
  return seal;
}

eseal_signature *esb_signature_parse(const uint8_t *data, size_t len, int strict) {
  eseal_parse_options opts = parse_options(strict);
  eseal_signature *sig = NULL;
  eseal_signature_parse(&sig, data, len, &opts);
  return sig;
}

eseal_seal *esb_signature_seal(const eseal_signature *sig) {
  size_t len = 0;
  const uint8_t *bytes = eseal_seal_bytes(eseal_signature_seal(sig), &len);
  eseal_seal *seal = NULL;
  eseal_seal_parse(&seal, bytes, len, NULL);
  return seal;
}

/* Runs `call`, which writes into `o.buf`; a failure leaves no bytes, so the
 * languages see NULL and raise eseal_error_last(). */
#define OWNED(call)                 \
  do {                              \
    esb_owned o = {ESEAL_BUF_INIT}; \
    if ((call) != 0)                \
      eseal_buf_dispose(&o.buf);    \
    return o;                       \
  } while (0)

esb_owned esb_seal_encode(const eseal_seal *seal) { OWNED(eseal_seal_encode(&o.buf, seal)); }
esb_owned esb_seal_to_json(const eseal_seal *seal) { OWNED(eseal_seal_to_json(&o.buf, seal)); }
esb_owned esb_signature_encode(const eseal_signature *sig) { OWNED(eseal_signature_encode(&o.buf, sig)); }
esb_owned esb_signature_to_json(const eseal_signature *sig) {
  OWNED(eseal_signature_to_json(&o.buf, sig));
}

#define VIEW(call)     \
  do {                 \
    esb_view v = {0};  \
    v.ptr = call;      \
    return v;          \
  } while (0)

esb_view esb_seal_bytes(const eseal_seal *seal) { VIEW(eseal_seal_bytes(seal, &v.len)); }
esb_view esb_seal_cert(const eseal_seal *seal, size_t i) { VIEW(eseal_seal_cert(seal, i, &v.len)); }
esb_view esb_seal_picture(const eseal_seal *seal) { VIEW(eseal_seal_picture_data(seal, &v.len)); }
esb_view esb_seal_maker_cert(const eseal_seal *seal) { VIEW(eseal_seal_maker_cert(seal, &v.len)); }
esb_view esb_seal_signature_value(const eseal_seal *seal) {
  VIEW(eseal_seal_signature_value(seal, &v.len));
}
esb_view esb_signature_bytes(const eseal_signature *sig) { VIEW(eseal_signature_bytes(sig, &v.len)); }
esb_view esb_signature_data_hash(const eseal_signature *sig) {
  VIEW(eseal_signature_data_hash(sig, &v.len));
}
esb_view esb_signature_signer_cert(const eseal_signature *sig) {
  VIEW(eseal_signature_signer_cert(sig, &v.len));
}
esb_view esb_signature_value(const eseal_signature *sig) { VIEW(eseal_signature_value(sig, &v.len)); }
esb_view esb_signature_timestamp(const eseal_signature *sig) {
  VIEW(eseal_signature_timestamp(sig, &v.len));
}
esb_view esb_extension_value(const eseal_extensions *ext, size_t i) {
  VIEW(eseal_extensions_value(ext, i, &v.len));
}
esb_view esb_cert_der(const eseal_cert *cert) { VIEW(eseal_cert_der(cert, &v.len)); }

int esb_signature_has_time(const eseal_signature *sig) {
  int64_t t;
  return eseal_signature_time(sig, &t) == 0;
}

int64_t esb_signature_time(const eseal_signature *sig) {
  int64_t t = 0;
  eseal_signature_time(sig, &t);
  return t;
}

eseal_ctx *esb_ctx_new(void) {
  eseal_ctx *ctx = NULL;
  eseal_ctx_new(&ctx);
  return ctx;
}

eseal_cert *esb_cert_load(const uint8_t *data, size_t len) {
  eseal_cert *cert = NULL;
  eseal_cert_load(&cert, data, len);
  return cert;
}

eseal_cert *esb_cert_load_file(const char *path) {
  eseal_cert *cert = NULL;
  eseal_cert_load_file(&cert, path);
  return cert;
}

eseal_key *esb_key_load(const uint8_t *data, size_t len, const char *password) {
  eseal_key *key = NULL;
  eseal_key_load(&key, NULL, data, len, password);
  return key;
}

eseal_key *esb_key_from_pkcs11(const char *uri, const char *pin, const char *module,
                               int require_non_extractable, int64_t sm2_mechanism,
                               int sm2_signs_message, int sm2_der) {
  eseal_pkcs11_options o = ESEAL_PKCS11_OPTIONS_INIT;
  o.pin = pin;
  o.module_path = module;
  o.require_non_extractable = require_non_extractable;
  o.sm2_mechanism = (unsigned long)sm2_mechanism; /* the languages check 0..2^32-1 */
  o.sm2_input = sm2_signs_message ? ESEAL_PKCS11_SM2_SIGNS_MESSAGE : ESEAL_PKCS11_SM2_SIGNS_DIGEST;
  o.sm2_output = sm2_der ? ESEAL_PKCS11_SM2_DER : ESEAL_PKCS11_SM2_RAW;
  eseal_key *key = NULL;
  eseal_key_from_pkcs11(&key, NULL, uri, &o);
  return key;
}

eseal_cert *esb_key_load_cert(const uint8_t *data, size_t len, const char *password) {
  eseal_key *key = NULL;
  eseal_cert *cert = NULL;
  eseal_error_clear();
  eseal_key_load(&key, &cert, data, len, password);
  eseal_key_free(key);
  return cert;
}

eseal_seal_builder *esb_builder_new(void) {
  eseal_seal_builder *b = NULL;
  eseal_seal_builder_new(&b);
  return b;
}

static eseal_picture_options picture_options(int shape, unsigned int diameter_mm,
                                             unsigned int width_mm, unsigned int height_mm,
                                             const char *color) {
  eseal_picture_options opts = ESEAL_PICTURE_OPTIONS_INIT;
  opts.shape = (eseal_picture_shape)shape;
  opts.diameter_mm = diameter_mm;
  opts.width_mm = width_mm;
  opts.height_mm = height_mm;
  opts.color = color;
  return opts;
}

int esb_builder_draw_picture(eseal_seal_builder *b, int shape, unsigned int diameter_mm,
                             unsigned int width_mm, unsigned int height_mm, const char *color) {
  eseal_picture_options opts = picture_options(shape, diameter_mm, width_mm, height_mm, color);
  return eseal_seal_builder_draw_picture(b, &opts);
}

int esb_builder_set_filing(eseal_seal_builder *b, const char *authority, const char *number,
                           const char *date, const char *credit_code) {
  eseal_filing_info info = ESEAL_FILING_INFO_INIT;
  info.authority = authority;
  info.number = number;
  info.date = date;
  info.credit_code = credit_code;
  return eseal_seal_builder_set_filing(b, &info);
}

eseal_seal *esb_seal_build(const eseal_ctx *ctx, const eseal_seal_builder *b, eseal_key *key,
                           const eseal_cert *cert) {
  eseal_seal *seal = NULL;
  eseal_seal_build(&seal, ctx, b, key, cert);
  return seal;
}

esb_owned esb_picture_svg(int shape, const char *organisation, const char *name, const char *code,
                          unsigned int diameter_mm, unsigned int width_mm, unsigned int height_mm,
                          const char *color) {
  eseal_picture_options opts = picture_options(shape, diameter_mm, width_mm, height_mm, color);
  opts.organisation = organisation;
  opts.name = name;
  opts.code = code;
  OWNED(eseal_picture_svg(&o.buf, &opts));
}

esb_owned esb_picture_png(int shape, const char *organisation, const char *name, const char *code,
                          const char *taxpayer_id, unsigned int diameter_mm, unsigned int width_mm,
                          unsigned int height_mm, const char *color, unsigned int dpi) {
  eseal_picture_options opts = picture_options(shape, diameter_mm, width_mm, height_mm, color);
  opts.organisation = organisation;
  opts.name = name;
  opts.code = code;
  opts.taxpayer_id = taxpayer_id;
  OWNED(eseal_picture_png(&o.buf, &opts, dpi));
}

eseal_data *esb_data_from_bytes(const uint8_t *data, size_t len) {
  eseal_data *d = NULL;
  eseal_data_from_bytes(&d, data, len);
  return d;
}

eseal_data *esb_data_from_hash(const uint8_t *data, size_t len) {
  eseal_data *d = NULL;
  eseal_data_from_hash(&d, data, len);
  return d;
}

eseal_data *esb_data_from_file(const char *path) {
  eseal_data *d = NULL;
  eseal_data_from_file(&d, path);
  return d;
}

eseal_signature *esb_stamp(const eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                           const eseal_cert *cert, const eseal_data *data, int format,
                           const char *property_info, const char *tsa_url, const char *tsa_policy,
                           int tsa_allow_private_targets) {
  eseal_stamp_options opts = ESEAL_STAMP_OPTIONS_INIT;
  eseal_signature *sig = NULL;
  opts.format = (eseal_format_version)format;
  opts.property_info = property_info;
  opts.tsa_url = tsa_url;
  opts.tsa_policy = tsa_policy;
  opts.tsa_allow_private_targets = tsa_allow_private_targets;
  eseal_stamp(&sig, ctx, seal, key, cert, data, &opts);
  return sig;
}

/* The options of esb_ofd_stamp*(), whose arguments follow the struct's members. */
#define OFD_STAMP_OPTIONS_INIT(o)                   \
  eseal_ofd_stamp_options o = ESEAL_OFD_STAMP_OPTIONS_INIT; \
  o.placement = (eseal_ofd_placement)placement;     \
  o.page = page;                                    \
  o.last_page = last_page;                          \
  o.x_mm = x_mm;                                    \
  o.y_mm = y_mm;                                    \
  o.width_mm = width_mm;                            \
  o.height_mm = height_mm;                          \
  o.keyword = keyword;                              \
  o.all_occurrences = all_occurrences;              \
  o.cover_signatures = cover_signatures;            \
  o.tsa_url = tsa_url;                              \
  o.tsa_policy = tsa_policy;                        \
  o.tsa_allow_private_targets = tsa_allow_private_targets

esb_owned esb_ofd_stamp_bytes(const eseal_ctx *ctx, const uint8_t *data, size_t len,
                              const eseal_seal *seal, eseal_key *key, const eseal_cert *cert,
                              int placement, unsigned int page, unsigned int last_page,
                              double x_mm, double y_mm, double width_mm, double height_mm,
                              const char *keyword, int all_occurrences, int cover_signatures,
                              const char *tsa_url, const char *tsa_policy,
                              int tsa_allow_private_targets) {
  esb_owned out = {ESEAL_BUF_INIT};
  OFD_STAMP_OPTIONS_INIT(o);
  eseal_ofd_stamp_bytes(&out.buf, ctx, data, len, seal, key, cert, &o);
  return out;
}

int esb_ofd_stamp(const char *out_path, const eseal_ctx *ctx, const char *in_path,
                  const eseal_seal *seal, eseal_key *key, const eseal_cert *cert, int placement,
                  unsigned int page, unsigned int last_page, double x_mm, double y_mm,
                  double width_mm, double height_mm, const char *keyword, int all_occurrences,
                  int cover_signatures, const char *tsa_url, const char *tsa_policy,
                  int tsa_allow_private_targets) {
  OFD_STAMP_OPTIONS_INIT(o);
  return eseal_ofd_stamp(out_path, ctx, in_path, seal, key, cert, &o);
}

/* The options of esb_verify*(), whose arguments follow the struct's members. */
#define VERIFY_OPTIONS_INIT(opts)                                          \
  eseal_verify_options opts = ESEAL_VERIFY_OPTIONS_INIT;                   \
  opts.flags = flags;                                                      \
  opts.validation_time = validation_time;                                  \
  if (maker_time)                                                          \
    opts.maker_time = (eseal_maker_time_policy)maker_time;                 \
  opts.expect = (eseal_kind)expect;                                        \
  if (time_policy)                                                         \
    opts.time_policy = (eseal_time_policy)time_policy;                     \
  if (crypto_policy)                                                       \
    opts.crypto_policy = (eseal_crypto_policy)crypto_policy;               \
  opts.clock_skew = clock_skew;                                            \
  opts.poe_time = poe_time;                                                \
  opts.poe_source = poe_source

/* The poe_tokens of `opts`: `tokens` cut at the lengths in `lens` (see
 * eseal_binding.h), pointing into `tokens`. 0 or an error code, set. */
typedef struct esb_tokens {
  const uint8_t *ptr[ESEAL_MAX_POE_TOKENS];
  size_t len[ESEAL_MAX_POE_TOKENS];
} esb_tokens;

static int split_tokens(esb_tokens *t, eseal_verify_options *opts, const uint8_t *tokens,
                        size_t tokens_len, const uint8_t *lens, size_t lens_len) {
  size_t n = lens_len / 4, at = 0;
  if (lens_len % 4 != 0)
    return eseal_stamp_check_refuse(ESEAL_EINVAL, "poe_tokens: the lengths are not 4-byte values");
  if (n > ESEAL_MAX_POE_TOKENS)
    return eseal_stamp_check_refuse(ESEAL_ELIMIT, "poe_tokens: more than ESEAL_MAX_POE_TOKENS");
  for (size_t i = 0; i < n; i++) {
    const uint8_t *l = lens + 4 * i;
    size_t len = (size_t)l[0] << 24 | (size_t)l[1] << 16 | (size_t)l[2] << 8 | l[3];
    if (len > tokens_len - at)
      return eseal_stamp_check_refuse(ESEAL_EINVAL, "poe_tokens: the lengths exceed the bytes");
    t->ptr[i] = tokens + at;
    t->len[i] = len;
    at += len;
  }
  if (at != tokens_len)
    return eseal_stamp_check_refuse(ESEAL_EINVAL, "poe_tokens: bytes beyond the lengths");
  opts->poe_tokens = n ? t->ptr : NULL;
  opts->poe_token_lens = n ? t->len : NULL;
  opts->poe_token_count = n;
  return 0;
}

eseal_report *esb_verify(const eseal_ctx *ctx, const eseal_signature *sig, const eseal_data *data,
                         unsigned int flags, int64_t validation_time, int maker_time, int expect,
                         int time_policy, int crypto_policy, int64_t clock_skew, int64_t poe_time,
                         const char *poe_source, const uint8_t *tokens, size_t tokens_len,
                         const uint8_t *token_lens, size_t token_lens_len) {
  VERIFY_OPTIONS_INIT(opts);
  esb_tokens t;
  eseal_report *report = NULL;
  if (split_tokens(&t, &opts, tokens, tokens_len, token_lens, token_lens_len) == 0)
    eseal_verify(&report, ctx, sig, data, &opts);
  return report;
}

eseal_report *esb_verify_seal(const eseal_ctx *ctx, const eseal_seal *seal, unsigned int flags,
                              int64_t validation_time, int maker_time, int expect, int time_policy,
                              int crypto_policy, int64_t clock_skew, int64_t poe_time,
                              const char *poe_source) {
  VERIFY_OPTIONS_INIT(opts);
  eseal_report *report = NULL;
  eseal_verify_seal(&report, ctx, seal, &opts);
  return report;
}

eseal_report *esb_verify_bytes(const eseal_ctx *ctx, const uint8_t *data, size_t len,
                               const eseal_data *signed_data, unsigned int flags,
                               int64_t validation_time, int maker_time, int expect,
                               int time_policy, int crypto_policy, int64_t clock_skew,
                               int64_t poe_time, const char *poe_source, const uint8_t *tokens,
                               size_t tokens_len, const uint8_t *token_lens,
                               size_t token_lens_len) {
  VERIFY_OPTIONS_INIT(opts);
  esb_tokens t;
  eseal_report *report = NULL;
  if (split_tokens(&t, &opts, tokens, tokens_len, token_lens, token_lens_len) == 0)
    eseal_verify_bytes(&report, ctx, data, len, signed_data, &opts);
  return report;
}

esb_owned esb_report_to_json(const eseal_report *report) { OWNED(eseal_report_to_json(report, &o.buf)); }
esb_owned esb_report_to_text(const eseal_report *report) { OWNED(eseal_report_to_text(report, &o.buf)); }

/* The OFD options around the verify options (`expect` does not apply to a package). */
#define OFD_VERIFY_OPTIONS_INIT(ofd, opts)                     \
  int expect = 0;                                              \
  VERIFY_OPTIONS_INIT(opts);                                   \
  eseal_ofd_verify_options ofd = ESEAL_OFD_VERIFY_OPTIONS_INIT; \
  ofd.verify = &opts;                                          \
  ofd.signature_id = signature_id

eseal_ofd_report *esb_verify_ofd(const eseal_ctx *ctx, const char *path, const char *signature_id,
                                 unsigned int flags, int64_t validation_time, int maker_time,
                                 int time_policy, int crypto_policy, int64_t clock_skew,
                                 int64_t poe_time, const char *poe_source) {
  OFD_VERIFY_OPTIONS_INIT(o, opts);
  eseal_ofd_report *report = NULL;
  eseal_ofd_verify(&report, ctx, path, &o);
  return report;
}

eseal_ofd_report *esb_verify_ofd_bytes(const eseal_ctx *ctx, const uint8_t *data, size_t len,
                                       const char *signature_id, unsigned int flags,
                                       int64_t validation_time, int maker_time, int time_policy,
                                       int crypto_policy, int64_t clock_skew, int64_t poe_time,
                                       const char *poe_source) {
  OFD_VERIFY_OPTIONS_INIT(o, opts);
  eseal_ofd_report *report = NULL;
  eseal_ofd_verify_bytes(&report, ctx, data, len, &o);
  return report;
}

esb_owned esb_ofd_report_to_json(const eseal_ofd_report *report) { OWNED(eseal_ofd_report_to_json(report, &o.buf)); }
esb_owned esb_ofd_report_to_text(const eseal_ofd_report *report) { OWNED(eseal_ofd_report_to_text(report, &o.buf)); }

int esb_report_has_time(const eseal_report *report, int which) {
  int64_t t;
  return eseal_report_time_get(report, (eseal_report_time)which, &t) == 0;
}

int64_t esb_report_time(const eseal_report *report, int which) {
  int64_t t = 0;
  eseal_report_time_get(report, (eseal_report_time)which, &t);
  return t;
}

eseal_cert *esb_report_cert(const eseal_report *report, size_t i) {
  const eseal_cert *cert = eseal_report_cert(report, i);
  return cert ? eseal_cert_ref(cert) : NULL;
}

esb_view esb_report_validation_der(const eseal_report *report, size_t i) {
  VIEW(eseal_report_validation_der(report, i, &v.len));
}

int esb_trust_roles_parse(const char *names) {
  unsigned int roles = 0;
  int rc = eseal_trust_roles_parse(names, &roles);
  return rc < 0 ? rc : (int)roles;
}

esb_owned esb_trust_list_peek_name(const uint8_t *data, size_t len) {
  char name[ESEAL_TRUST_LIST_MAX_NAME + 1];
  OWNED(eseal_trust_list_peek(data, len, name, sizeof name, NULL) ||
        eseal_buf_set(&o.buf, (const uint8_t *)name, strlen(name)));
}

uint64_t esb_trust_list_peek_sequence(const uint8_t *data, size_t len) {
  uint64_t sequence = 0;
  if (eseal_trust_list_peek(data, len, NULL, 0, &sequence) != 0)
    return 0;
  return sequence;
}

eseal_store *esb_store_open_sqlite(const char *path) {
  eseal_store *store = NULL;
  eseal_store_open_sqlite(&store, path);
  return store;
}

eseal_store *esb_store_open_postgresql(const char *conninfo) {
  eseal_store *store = NULL;
  eseal_store_open_postgresql(&store, conninfo);
  return store;
}

eseal_store *esb_store_open_memory(void) {
  eseal_store *store = NULL;
  eseal_store_open_memory(&store);
  return store;
}

int64_t esb_usage_log_record_physical(eseal_store *store, const eseal_ctx *ctx, const char *tenant,
                                      const char *es_id, const char *operator_id,
                                      const char *device, int has_location, double latitude,
                                      double longitude, double accuracy_m, const char *place,
                                      int has_force, double force_newtons, int64_t time) {
  eseal_usage_record rec = ESEAL_USAGE_RECORD_INIT;
  rec.action = ESEAL_USAGE_PHYSICAL;
  rec.time = time;
  rec.es_id = es_id;
  rec.operator_id = operator_id;
  rec.device = device;
  rec.has_location = has_location;
  rec.latitude = latitude;
  rec.longitude = longitude;
  rec.accuracy_m = accuracy_m;
  rec.place = place;
  rec.has_force = has_force;
  rec.force_newtons = force_newtons;
  int64_t seq = 0;
  int rc = eseal_usage_log_record_physical(&seq, store, ctx, tenant, &rec);
  return rc != 0 ? rc : (int64_t)seq;
}

int64_t esb_usage_log_size(eseal_store *store, const char *tenant) {
  uint64_t size = 0;
  int rc = eseal_usage_log_size(&size, store, tenant);
  return rc != 0 ? rc : (int64_t)size;
}

/* Refuses negative sizes and sequence numbers (see eseal_binding.h). */
static int esb_nonnegative(int64_t a, int64_t b) {
  if (a >= 0 && b >= 0)
    return 1;
  eseal_stamp_check_refuse(ESEAL_EINVAL, "usage log: a negative size or sequence number");
  return 0;
}

esb_owned esb_usage_log_show(eseal_store *store, const char *tenant, int64_t first,
                             int64_t count) {
  esb_owned out = {ESEAL_BUF_INIT};
  if (esb_nonnegative(first, count))
    eseal_usage_log_show(&out.buf, store, tenant, (uint64_t)first, (uint64_t)count);
  return out;
}

esb_owned esb_usage_log_checkpoint(eseal_store *store, const eseal_ctx *ctx, const char *tenant,
                                   eseal_key *key, const eseal_cert *cert, int64_t every) {
  esb_owned out = {ESEAL_BUF_INIT};
  eseal_error_clear();
  if (esb_nonnegative(every, 0))
    eseal_usage_log_checkpoint(&out.buf, store, ctx, tenant, key, cert, (uint64_t)every);
  return out;
}

esb_owned esb_usage_log_prove(eseal_store *store, const char *tenant, int64_t seq,
                              int64_t tree_size) {
  esb_owned out = {ESEAL_BUF_INIT};
  if (esb_nonnegative(seq, tree_size))
    eseal_usage_log_prove(&out.buf, store, tenant, (uint64_t)seq, (uint64_t)tree_size);
  return out;
}

esb_owned esb_usage_log_prove_consistency(eseal_store *store, const char *tenant,
                                          int64_t old_size, int64_t new_size) {
  esb_owned out = {ESEAL_BUF_INIT};
  if (esb_nonnegative(old_size, new_size))
    eseal_usage_log_prove_consistency(&out.buf, store, tenant, (uint64_t)old_size,
                                      (uint64_t)new_size);
  return out;
}

esb_owned esb_usage_log_export(eseal_store *store, const char *tenant, const uint8_t *data,
                               size_t len) {
  esb_owned out = {ESEAL_BUF_INIT};
  eseal_usage_log_export(&out.buf, store, tenant, data, len);
  return out;
}

esb_owned esb_usage_log_verify(eseal_store *store, const eseal_ctx *ctx, const char *tenant,
                               const uint8_t *data, size_t len) {
  esb_owned out = {ESEAL_BUF_INIT};
  if (eseal_usage_log_verify(&out.buf, store, ctx, tenant, len ? data : NULL, len) != 0)
    eseal_buf_dispose(&out.buf); /* the error names the problem */
  return out;
}

int64_t esb_usage_log_erase_operator(eseal_store *store, const char *tenant,
                                     const char *operator_id) {
  size_t erased = 0;
  int rc = eseal_usage_log_erase_operator(&erased, store, tenant, operator_id);
  return rc != 0 ? rc : (int64_t)erased;
}

eseal_signature *esb_stamp_with_store(const eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                                      const eseal_cert *cert, const eseal_data *data, int format,
                                      const char *property_info, const char *tenant,
                                      const char *operator_id, const char *device,
                                      int has_location, double latitude, double longitude,
                                      double accuracy_m, const char *place,
                                      int allow_unregistered, const char *tsa_url,
                                      const char *tsa_policy, int tsa_allow_private_targets) {
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  eseal_signature *sig = NULL;
  o.format = (eseal_format_version)format;
  o.property_info = property_info;
  o.tenant = tenant;
  o.operator_id = operator_id;
  o.device = device;
  o.has_location = has_location;
  o.latitude = latitude;
  o.longitude = longitude;
  o.accuracy_m = accuracy_m;
  o.place = place;
  o.allow_unregistered = allow_unregistered;
  o.tsa_url = tsa_url;
  o.tsa_policy = tsa_policy;
  o.tsa_allow_private_targets = tsa_allow_private_targets;
  eseal_stamp(&sig, ctx, seal, key, cert, data, &o);
  return sig;
}

int esb_registry_report_lost(const eseal_ctx *ctx, const char *tenant, const char *es_id,
                             const char *who, const char *why) {
  return eseal_registry_report_lost(ctx, tenant, es_id, who, why, NULL, NULL);
}

int esb_registry_unfreeze(const eseal_ctx *ctx, const char *tenant, const uint8_t *data,
                          size_t len, const char *who) {
  return eseal_registry_unfreeze(ctx, tenant, data, len, who);
}

eseal_seal_status *esb_registry_state(const eseal_ctx *ctx, const char *tenant, const char *es_id) {
  eseal_seal_status *s = NULL;
  eseal_registry_state(&s, ctx, tenant, es_id);
  return s;
}

esb_view esb_seal_status_hash(const eseal_seal_status *status) {
  VIEW(eseal_seal_status_hash(status, &v.len));
}
esb_view esb_seal_status_predecessor(const eseal_seal_status *status) {
  VIEW(eseal_seal_status_predecessor(status, &v.len));
}
esb_view esb_seal_status_successor(const eseal_seal_status *status) {
  VIEW(eseal_seal_status_successor(status, &v.len));
}

esb_owned esb_unfreeze_order_sign(const eseal_ctx *ctx, const char *tenant, const char *es_id,
                                  const uint8_t *data, size_t len, uint64_t freeze_sequence,
                                  int64_t time, const char *reason, eseal_key *key,
                                  const eseal_cert *cert) {
  OWNED(eseal_unfreeze_order_sign(&o.buf, ctx, tenant, es_id, data, len, freeze_sequence, time,
                                  reason, key, cert));
}

eseal_evidence *esb_evidence_verify(const eseal_ctx *ctx, const uint8_t *data, size_t len) {
  eseal_evidence *e = NULL;
  eseal_error_clear();
  eseal_evidence_verify(&e, ctx, data, len);
  return e;
}

esb_view esb_evidence_record(const eseal_evidence *e, size_t i) {
  VIEW(eseal_evidence_record(e, i, &v.len));
}

eseal_cert *esb_evidence_log_signer(const eseal_evidence *e) {
  const eseal_cert *c = eseal_evidence_log_signer(e);
  return c ? eseal_cert_ref(c) : NULL;
}

eseal_cert *esb_evidence_cert(const eseal_evidence *e, size_t i) {
  const eseal_cert *c = eseal_evidence_cert(e, i);
  return c ? eseal_cert_ref(c) : NULL;
}

int esb_ctx_set_revocation(eseal_ctx *ctx, int mode, unsigned int soft_fail,
                           unsigned int crl_first, int allow_private_targets, int64_t timeout_ms,
                           int64_t max_response_bytes, int ocsp_nonce, const char *ocsp_url,
                           int64_t ocsp_max_age) {
  eseal_revocation_config cfg;
  int rc = eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION);
  if (rc)
    return rc;
  if (timeout_ms < 0 || max_response_bytes < 0 || ocsp_max_age < 0 || timeout_ms > LONG_MAX)
    return eseal_stamp_check_refuse(ESEAL_EINVAL, "revocation: a negative or too large limit");
  cfg.mode = (eseal_revocation_mode)mode;
  for (int c = 0; c < ESEAL_CERT_CLASS_COUNT; c++) {
    cfg.failure[c] = (soft_fail >> c) & 1 ? ESEAL_REVOCATION_SOFT_FAIL : ESEAL_REVOCATION_HARD_FAIL;
    cfg.order[c] = (crl_first >> c) & 1 ? ESEAL_REVOCATION_CRL_FIRST : ESEAL_REVOCATION_OCSP_FIRST;
  }
  cfg.allow_private_targets = allow_private_targets;
  cfg.timeout_ms = (long)timeout_ms;
  cfg.max_response_bytes = (size_t)max_response_bytes;
  cfg.ocsp_nonce = ocsp_nonce;
  cfg.ocsp_url = ocsp_url;
  cfg.ocsp_max_age = ocsp_max_age;
  return eseal_ctx_set_revocation(ctx, &cfg);
}

int64_t esb_ctx_load_validation_data(eseal_ctx *ctx, const uint8_t *data, size_t len) {
  int64_t t = 0;
  eseal_error_clear();
  return eseal_ctx_load_validation_data(ctx, data, len, &t) == 0 ? t : 0;
}

int64_t esb_ctx_revocation_stat(const eseal_ctx *ctx, int which) {
  eseal_revocation_stats st;
  if (eseal_ctx_revocation_stats(ctx, &st) != 0)
    return -1;
  switch (which) {
    case 0: return (int64_t)st.cache_hits;
    case 1: return (int64_t)st.cache_misses;
    case 2: return (int64_t)st.fetches;
    case 3: return (int64_t)st.fetch_failures;
    default: return -1;
  }
}

int64_t esb_ctx_cache_stat(const eseal_ctx *ctx, int kind, int which) {
  eseal_cache_stats st;
  if (eseal_ctx_cache_stats(ctx, (eseal_cache_kind)kind, &st) != 0)
    return -1;
  switch (which) {
    case 0: return (int64_t)st.hits;
    case 1: return (int64_t)st.misses;
    case 2: return (int64_t)st.entries;
    default: return -1;
  }
}

eseal_cert_status *esb_cert_status_lookup(const eseal_ctx *ctx, const eseal_cert *cert,
                                          const eseal_cert *issuer, int64_t at) {
  eseal_cert_status *s = malloc(sizeof *s);
  if (s == NULL) {
    eseal_stamp_check_refuse(ESEAL_ENOMEM, "out of memory");
    return NULL;
  }
  if (eseal_cert_status_lookup(ctx, cert, issuer, at, s) != 0) {
    free(s);
    return NULL;
  }
  return s;
}

void esb_cert_status_free(eseal_cert_status *s) { free(s); }
int esb_cert_status_value(const eseal_cert_status *s) { return (int)s->status; }
int64_t esb_cert_status_revocation_time(const eseal_cert_status *s) { return s->revocation_time; }
int esb_cert_status_reason(const eseal_cert_status *s) { return s->reason; }
int64_t esb_cert_status_this_update(const eseal_cert_status *s) { return s->this_update; }
int64_t esb_cert_status_next_update(const eseal_cert_status *s) { return s->next_update; }
const char *esb_cert_status_source(const eseal_cert_status *s) { return s->source; }
const char *esb_cert_status_message(const eseal_cert_status *s) { return s->message; }
