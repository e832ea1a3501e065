/*
 * Trust list files: arbitrary bytes loaded into a fresh context, once without
 * and once with an operator certificate, and peeked at. The contract: 0 or a
 * negative code with its message; all or nothing (a refused list adds no
 * anchor and no note); a list that loads also peeks; the context stays usable.
 *
 * The seeds in corpus/trust_list/ were made with the openssl commands of
 * doc/trust-list.md; the signed ones by the key of kOperator below (the key
 * itself is not kept), dated so that they are current at kClock.
 */
#include <string.h>

#include <eseal/trust.h>

#include "fuzz_common.h"

/* 2027-01-01T00:00:00Z: the seeds are issued 2026-12-15 and next updated 2036. */
#define FUZZ_CLOCK 1798761600

static const char kOperator[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIB5DCCAYmgAwIBAgIUOORYYbGXnOQWd59kZ9ntZdhWYnYwCgYIKoEcz1UBg3Uw\n"
    "PzELMAkGA1UEBhMCQ04xDTALBgNVBAoMBEZ1enoxITAfBgNVBAMMGEZ1enogdHJ1\n"
    "c3QgbGlzdCBvcGVyYXRvcjAeFw0yNjEyMDExODI0MDNaFw00NjExMjYxODI0MDNa\n"
    "MD8xCzAJBgNVBAYTAkNOMQ0wCwYDVQQKDARGdXp6MSEwHwYDVQQDDBhGdXp6IHRy\n"
    "dXN0IGxpc3Qgb3BlcmF0b3IwWTATBgcqhkjOPQIBBggqgRzPVQGCLQNCAAQqQmuE\n"
    "IhhMWzKffCsroFlnbStkzF5mbodz1HgzDQOn7PgM8Tl3yV59vdlv1iJP/E2uePaz\n"
    "5qM/u8Y94jp1w5LJo2MwYTAdBgNVHQ4EFgQUFpz0lZOKq0GpnUpSbIsIAtquN+cw\n"
    "HwYDVR0jBBgwFoAUFpz0lZOKq0GpnUpSbIsIAtquN+cwDwYDVR0TAQH/BAUwAwEB\n"
    "/zAOBgNVHQ8BAf8EBAMCB4AwCgYIKoEcz1UBg3UDSQAwRgIhAMCTbdkTsm7yILiT\n"
    "j7wU2MtDpEErkqo5/xZrUnyBZK6nAiEA3k08MTPBXC0BgCb8uxFVsvu/fGj5mhjR\n"
    "ZMvrC0yrlHs=\n"
    "-----END CERTIFICATE-----\n";

static eseal_cert *operator_cert(void) {
  static eseal_cert *cert;
  if (cert == NULL)
    FUZZ_CHECK(eseal_cert_load(&cert, (const uint8_t *)kOperator, sizeof kOperator - 1) == 0);
  return cert;
}

/* Loads the input into a new context; returns the code after checking the contract. */
static int load(const uint8_t *data, size_t size, const eseal_cert *op) {
  eseal_ctx *ctx = NULL;
  if (eseal_ctx_new(&ctx) != 0)
    return ESEAL_ENOMEM;
  FUZZ_CHECK(eseal_ctx_set_fixed_time(ctx, FUZZ_CLOCK) == 0);
  int rc = eseal_ctx_load_trust_list(ctx, data, size, op);
  FUZZ_CHECK(rc <= 0);
  if (rc < 0) {
    const eseal_error *e = eseal_error_last();
    FUZZ_CHECK(e != NULL && e->code == rc && e->message != NULL);
    if (rc != ESEAL_ENOMEM) {
      FUZZ_CHECK(eseal_ctx_trust_count_roles(ctx, 0) == 0);
      FUZZ_CHECK(eseal_ctx_trust_note_count(ctx) == 0);
    }
  } else if (op == NULL) {
    /* Accepted without an operator: always said so in a note. */
    FUZZ_CHECK(eseal_ctx_trust_note_count(ctx) >= 1);
  }
  for (size_t i = 0; i < eseal_ctx_trust_note_count(ctx); i++) {
    const char *note = eseal_ctx_trust_note(ctx, i);
    FUZZ_CHECK(note != NULL);
    fuzz_touch((const uint8_t *)note, strlen(note));
  }
  /* Still usable: it takes another anchor. */
  int added = eseal_ctx_add_trust_cert_roles(ctx, operator_cert(), ESEAL_ROLE_TRUST_LIST_OPERATOR);
  FUZZ_CHECK(added == 0 || added == ESEAL_ENOMEM);
  eseal_ctx_free(ctx);
  return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int unsigned_rc = load(data, size, NULL);
  int signed_rc = load(data, size, operator_cert());
  /* What loads with an operator also loads without one. */
  FUZZ_CHECK(signed_rc != 0 || unsigned_rc == 0 || unsigned_rc == ESEAL_ENOMEM);
  char name[ESEAL_TRUST_LIST_MAX_NAME + 1];
  uint64_t sequence = 0;
  int peek_rc = eseal_trust_list_peek(data, size, name, sizeof name, &sequence);
  FUZZ_CHECK(peek_rc <= 0);
  if (peek_rc == 0)
    FUZZ_CHECK(name[0] != 0 && strlen(name) <= ESEAL_TRUST_LIST_MAX_NAME);
  FUZZ_CHECK(unsigned_rc != 0 || peek_rc == 0 || peek_rc == ESEAL_ENOMEM);
  return 0;
}
