/*
 * The usage-log fuzz targets' log signer: a self-signed SM2 certificate
 * (digitalSignature, CA:FALSE, valid 2026-12-01 to 2046-11-26) trusted as a
 * log-signer anchor at FUZZ_TLOG_CLOCK. The seeds of corpus/checkpoint and
 * corpus/bundle named signed-* and verifies.cbor were signed by its key
 * (with openssl pkeyutl, key name "fuzz.example.org/log"); the key itself is
 * not kept.
 */
#ifndef ESEAL_FUZZ_TLOG_FUZZ_KEY_H
#define ESEAL_FUZZ_TLOG_FUZZ_KEY_H

#include <eseal.h>

#include "fuzz_common.h"

/* 2027-01-01T00:00:00Z, the seeds' checkpoint time. */
#define FUZZ_TLOG_CLOCK 1798761600

static const char kFuzzLogSigner[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBuzCCAWGgAwIBAgIBBzAKBggqgRzPVQGDdTA2MQswCQYDVQQGEwJDTjENMAsG\n"
    "A1UECgwERnV6ejEYMBYGA1UEAwwPRnV6eiBsb2cgc2lnbmVyMB4XDTI2MTIwMTIx\n"
    "MjgxM1oXDTQ2MTEyNjIxMjgxM1owNjELMAkGA1UEBhMCQ04xDTALBgNVBAoMBEZ1\n"
    "enoxGDAWBgNVBAMMD0Z1enogbG9nIHNpZ25lcjBZMBMGByqGSM49AgEGCCqBHM9V\n"
    "AYItA0IABPD2D/I8FkTPD5kx/+7o1NftOnAqtKRH590K0I8ZcPOKmArNSVrV6Kzu\n"
    "o5IhQHzPp0LhXR4SPUpND8Uux7APSR6jYDBeMB0GA1UdDgQWBBR0aAK7/4qnciGY\n"
    "mFfDm236oF2RWzAfBgNVHSMEGDAWgBR0aAK7/4qnciGYmFfDm236oF2RWzAOBgNV\n"
    "HQ8BAf8EBAMCB4AwDAYDVR0TAQH/BAIwADAKBggqgRzPVQGDdQNIADBFAiEA6LYO\n"
    "76exGpGOba4y5/M1UP2Vhzp7Ixnt0QshSxO7QOICID2MQ+hXHFCpqAQ3tfbNtD4z\n"
    "0NYLWJYVeCew8gFmtVev\n"
    "-----END CERTIFICATE-----\n"
    ;

static eseal_cert *fuzz_log_signer(void) {
  static eseal_cert *cert;
  if (cert == NULL)
    FUZZ_CHECK(eseal_cert_load(&cert, (const uint8_t *)kFuzzLogSigner,
                               sizeof kFuzzLogSigner - 1) == 0);
  return cert;
}

/* A context that trusts fuzz_log_signer() for the log-signer role only. */
static eseal_ctx *fuzz_log_context(void) {
  static eseal_ctx *ctx;
  if (ctx == NULL) {
    FUZZ_CHECK(eseal_ctx_new(&ctx) == 0);
    eseal_ctx_set_fixed_time(ctx, FUZZ_TLOG_CLOCK);
    FUZZ_CHECK(eseal_ctx_add_trust_cert_roles(ctx, fuzz_log_signer(), ESEAL_ROLE_LOG_SIGNER) == 0);
  }
  return ctx;
}

#endif
