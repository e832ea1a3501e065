/*
 * Loading a trust list into a context: parse it whole (src/trust/), check the
 * operator's signature and the list's dates, and only then add its anchors
 * and notes, so that a refused list leaves the context as it was.
 */
#include <inttypes.h>
#include <stdio.h>

#include "eseal/errors.h"
#include "../asn1/timefmt.h"
#include "../core/file.h"
#include "../trust/trust_list.h"
#include "context.h"

/* How far a list's issue time may lie ahead of the clock (clock skew). */
#define ISSUED_SKEW_SECONDS 300

static const char *iso(int64_t t, char out[24]) {
  if (eseal__time_format_iso(t, out) != 0)
    snprintf(out, 24, "@%" PRId64, t);
  return out;
}

static int check_dates(const eseal__trust_list *tl, int64_t now) {
  char when[24], at[24];
  if (tl->next_update < now)
    return eseal__error_set(ESEAL_EEXPIRED,
                            "trust list %s #%" PRIu64 " expired: its next update was due at %s, "
                            "and it is now %s",
                            tl->name, tl->sequence, iso(tl->next_update, when), iso(now, at));
  if (tl->issued > now + ISSUED_SKEW_SECONDS)
    return eseal__error_set(ESEAL_EEXPIRED,
                            "trust list %s #%" PRIu64 " is issued at %s, later than now (%s)",
                            tl->name, tl->sequence, iso(tl->issued, when), iso(now, at));
  return 0;
}

static int add_notes(eseal_ctx *ctx, const eseal__trust_list *tl, const eseal__tl_entry *e) {
  if (e->roles == 0)
    return eseal__ctx_trust_note(ctx,
                                 "trust list %s #%" PRIu64 ", anchor '%s' (line %zu): no role "
                                 "this library knows (%s); the entry is skipped",
                                 tl->name, tl->sequence, e->label, e->line, e->unknown_roles);
  if (e->unknown_roles[0])
    return eseal__ctx_trust_note(ctx,
                                 "trust list %s #%" PRIu64 ", anchor '%s' (line %zu): unknown "
                                 "roles ignored: %s",
                                 tl->name, tl->sequence, e->label, e->line, e->unknown_roles);
  return 0;
}

static int load_checked(eseal_ctx *ctx, const eseal__trust_list *tl, int unchecked) {
  char source[sizeof ((eseal__anchor *)0)->source];
  snprintf(source, sizeof source, "trust list %s #%" PRIu64, tl->name, tl->sequence);
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < tl->entry_count; i++) {
    const eseal__tl_entry *e = &tl->entries[i];
    if (e->roles)
      rc = eseal__ctx_add_anchor(ctx, e->cert, e->roles, source, e->trusted_from,
                                 e->trusted_until, unchecked);
    if (rc == 0)
      rc = add_notes(ctx, tl, e);
  }
  if (rc == 0 && unchecked && tl->has_signature)
    rc = eseal__ctx_trust_note(ctx,
                               "trust list %s #%" PRIu64 " is signed, but no operator "
                               "certificate was given to check it: its anchors are treated as "
                               "from an unsigned list",
                               tl->name, tl->sequence);
  else if (rc == 0 && unchecked)
    rc = eseal__ctx_trust_note(ctx,
                               "trust list %s #%" PRIu64 " has no signature: its anchors are "
                               "trusted without proof of where they came from",
                               tl->name, tl->sequence);
  return rc;
}

ESEAL_EXTERN(int) eseal_ctx_load_trust_list(eseal_ctx *ctx, const uint8_t *data, size_t len,
                                            const eseal_cert *operator_cert) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_load_trust_list: NULL context");
  eseal__trust_list tl;
  int rc = eseal__trust_list_parse(&tl, data, len);
  if (rc)
    return rc;
  if (operator_cert)
    rc = eseal__trust_list_verify(&tl, data, operator_cert);
  if (rc == 0)
    rc = check_dates(&tl, eseal_ctx_now(ctx));
  if (rc == 0)
    rc = load_checked(ctx, &tl, operator_cert == NULL);
  eseal__trust_list_release(&tl);
  return rc;
}

ESEAL_EXTERN(int) eseal_ctx_load_trust_list_file(eseal_ctx *ctx, const char *path,
                                                 const eseal_cert *operator_cert) {
  if (ctx == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ctx_load_trust_list_file: NULL context");
  eseal_buf b = ESEAL_BUF_INIT;
  int rc = eseal__read_file(&b, path);
  if (rc)
    return rc;
  rc = eseal_ctx_load_trust_list(ctx, b.ptr, b.size, operator_cert);
  eseal_buf_dispose(&b);
  return rc == 0 || rc == ESEAL_ENOMEM ? rc : eseal__error_prefix(rc, path);
}
