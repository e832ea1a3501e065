/*
 * The verifier's first promise as a property: a genuine stamp, changed in
 * any way, is never TOTAL_PASSED. At start-up the target makes an SM2 PKI,
 * a V4 and a V1 seal and a stamp of each, all in memory, and checks that
 * they verify. Each input is a list of edits (3 bytes each: an offset, high
 * byte first, and a non-zero XOR mask) applied to one of them (the signature,
 * which holds the seal and both certificates, or the stamped data) chosen by
 * the input's first byte. A verification of changed bytes that says
 * TOTAL_PASSED is a finding.
 */
#include <string.h>

#include <openssl/pem.h>

#include "fuzz_common.h"
#include "x509/issue.h"

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */
#define DAY 86400

static const uint8_t document[] = "采购合同 No. 2026-001: 2,500.00 CNY, signed by both parties.";

typedef struct fixture {
  eseal_ctx *ctx;
  uint8_t *sig[2]; /* V4, V1 */
  size_t sig_len[2];
} fixture;

static X509 *issue(EVP_PKEY *key, const char *cn, int ca, uint64_t serial, X509 *issuer,
                   EVP_PKEY *issuer_key) {
  eseal__cert_spec spec = {cn, "forgery fuzzer", NOW - 365 * DAY, NOW + 365 * DAY, ca,
                           ca ? 0x04 | 0x02 : 0x80 | 0x40, serial, key, issuer, issuer_key};
  X509 *x = eseal__issue_cert(&spec, (const uint8_t *)ESEAL_SM2_DEFAULT_ID, 16);
  FUZZ_CHECK(x != NULL);
  return x;
}

static eseal_cert *cert_of(X509 *x) {
  unsigned char *der = NULL;
  int n = i2d_X509(x, &der);
  eseal_cert *c = NULL;
  FUZZ_CHECK(n > 0 && eseal_cert_load(&c, der, (size_t)n) == 0);
  OPENSSL_free(der);
  return c;
}

static eseal_key *key_of(EVP_PKEY *pkey) {
  BIO *bio = BIO_new(BIO_s_mem());
  FUZZ_CHECK(bio && PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL));
  char *pem = NULL;
  long n = BIO_get_mem_data(bio, &pem);
  eseal_key *k = NULL;
  FUZZ_CHECK(eseal_key_load(&k, NULL, (const uint8_t *)pem, (size_t)n, NULL) == 0);
  BIO_free(bio);
  return k;
}

static eseal_indication verdict(const fixture *f, const uint8_t *sig, size_t sig_len,
                                const uint8_t *data, size_t data_len) {
  eseal_data *d = NULL;
  eseal_report *report = NULL;
  FUZZ_CHECK(eseal_data_from_bytes(&d, data, data_len) == 0);
  int rc = eseal_verify_bytes(&report, f->ctx, sig, sig_len, d, NULL);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
  eseal_indication ind = report ? eseal_report_indication(report) : ESEAL_INDETERMINATE;
  eseal_report_free(report);
  eseal_data_free(d);
  return ind;
}

static void make_stamp(fixture *f, int v1, eseal_key *maker_key, const eseal_cert *maker,
                       eseal_key *signer_key, const eseal_cert *signer) {
  eseal_seal_builder *b = NULL;
  eseal_seal *seal = NULL;
  eseal_signature *sig = NULL;
  eseal_data *d = NULL;
  FUZZ_CHECK(eseal_seal_builder_new(&b) == 0);
  FUZZ_CHECK(eseal_seal_builder_set_format(b, v1 ? ESEAL_FORMAT_V1 : ESEAL_FORMAT_V4) == 0);
  FUZZ_CHECK(eseal_seal_builder_set_esid(b, "3301060000001") == 0);
  FUZZ_CHECK(eseal_seal_builder_set_name(b, "合同专用章") == 0);
  FUZZ_CHECK(eseal_seal_builder_set_type(b, 3) == 0);
  FUZZ_CHECK(eseal_seal_builder_add_signer_cert(b, signer) == 0);
  FUZZ_CHECK(eseal_seal_builder_set_validity(b, NOW - 30 * DAY, NOW + 300 * DAY) == 0);
  /* A fixed picture: drawing one needs the picture font, which fuzzing machines may lack. */
  static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"42mm\" height=\"42mm\"/>";
  FUZZ_CHECK(eseal_seal_builder_set_picture(b, "SVG", (const uint8_t *)svg, sizeof svg - 1, 42, 42) == 0);
  FUZZ_CHECK(eseal_seal_build(&seal, f->ctx, b, maker_key, maker) == 0);
  FUZZ_CHECK(eseal_data_from_bytes(&d, document, sizeof document - 1) == 0);
  FUZZ_CHECK(eseal_stamp(&sig, f->ctx, seal, signer_key, signer, d, NULL) == 0);
  size_t len = 0;
  const uint8_t *bytes = eseal_signature_bytes(sig, &len);
  f->sig[v1] = malloc(len);
  FUZZ_CHECK(f->sig[v1] != NULL);
  memcpy(f->sig[v1], bytes, len);
  f->sig_len[v1] = len;
  /* Unchanged, it must pass, or the property below proves nothing. */
  FUZZ_CHECK(verdict(f, f->sig[v1], len, document, sizeof document - 1) == ESEAL_TOTAL_PASSED);
  eseal_data_free(d);
  eseal_signature_free(sig);
  eseal_seal_free(seal);
  eseal_seal_builder_free(b);
}

static const fixture *setup(void) {
  static fixture f;
  if (f.ctx)
    return &f;
  EVP_PKEY *root_key = eseal__sm2_generate(), *maker_key = eseal__sm2_generate(),
           *signer_key = eseal__sm2_generate();
  FUZZ_CHECK(root_key && maker_key && signer_key);
  X509 *root = issue(root_key, "Forgery Root", 1, 1, NULL, NULL);
  X509 *maker = issue(maker_key, "Forgery Maker", 0, 2, root, root_key);
  X509 *signer = issue(signer_key, "Forgery Signer", 0, 3, root, root_key);
  eseal_cert *root_cert = cert_of(root), *maker_cert = cert_of(maker),
             *signer_cert = cert_of(signer);
  eseal_key *mk = key_of(maker_key), *sk = key_of(signer_key);
  FUZZ_CHECK(eseal_ctx_new(&f.ctx) == 0);
  eseal_ctx_set_fixed_time(f.ctx, NOW);
  FUZZ_CHECK(eseal_ctx_add_trust_cert(f.ctx, root_cert) == 0);
  make_stamp(&f, 0, mk, maker_cert, sk, signer_cert);
  make_stamp(&f, 1, mk, maker_cert, sk, signer_cert);
  eseal_key_free(mk);
  eseal_key_free(sk);
  eseal_cert_free(root_cert);
  eseal_cert_free(maker_cert);
  eseal_cert_free(signer_cert);
  X509_free(root);
  X509_free(maker);
  X509_free(signer);
  EVP_PKEY_free(root_key);
  EVP_PKEY_free(maker_key);
  EVP_PKEY_free(signer_key);
  return &f;
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size) {
  const fixture *f = setup();
  if (size < 1)
    return 0;
  /* Bit 0: V4 or V1; bit 1: change the signature or the data. */
  int v1 = input[0] & 1, data_side = (input[0] >> 1) & 1;
  size_t len = data_side ? sizeof document - 1 : f->sig_len[v1];
  uint8_t *bytes = malloc(len);
  if (bytes == NULL)
    return 0;
  memcpy(bytes, data_side ? document : f->sig[v1], len);
  for (size_t i = 1; i + 3 <= size; i += 3) {
    size_t at = ((size_t)input[i] << 8 | input[i + 1]) % len;
    bytes[at] ^= input[i + 2];
  }
  int changed = memcmp(bytes, data_side ? document : f->sig[v1], len) != 0;
  eseal_indication ind =
      data_side ? verdict(f, f->sig[v1], f->sig_len[v1], bytes, len)
                : verdict(f, bytes, len, document, sizeof document - 1);
  /* Changed: never TOTAL_PASSED. Unchanged: still TOTAL_PASSED (unless memory ran out). */
  if (changed)
    FUZZ_CHECK(ind != ESEAL_TOTAL_PASSED);
  free(bytes);
  return 0;
}
