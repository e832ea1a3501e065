/* Certificate and key loading as the library wraps OpenSSL: PEM, DER, PKCS#8, PKCS#12. */
#include "fuzz_common.h"

/* The corpus's encrypted keys use this password. */
#define FUZZ_PASSWORD "fuzz"

static void exercise_cert(const eseal_cert *cert) {
  size_t len = 0;
  fuzz_touch(eseal_cert_der(cert, &len), len);
  FUZZ_CHECK(eseal_cert_subject(cert) != NULL && eseal_cert_issuer(cert) != NULL);
  FUZZ_CHECK(eseal_cert_serial_hex(cert) != NULL);
  (void)eseal_cert_key_algorithm(cert);
  (void)eseal_cert_not_before(cert);
  (void)eseal_cert_not_after(cert);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eseal_cert *cert = NULL;
  int rc = eseal_cert_load(&cert, data, size);
  FUZZ_CHECK((rc == 0) == (cert != NULL));
  if (cert) {
    exercise_cert(cert);
    eseal_cert_free(cert);
  }
  eseal_key *key = NULL;
  rc = eseal_key_load(&key, &cert, data, size, FUZZ_PASSWORD);
  FUZZ_CHECK((rc == 0) == (key != NULL));
  if (key) {
    FUZZ_CHECK(eseal_key_algorithm(key) != NULL);
    if (cert) {
      exercise_cert(cert);
      FUZZ_CHECK(eseal_key_matches_cert(key, cert) >= 0);
    }
    eseal_key_free(key);
  }
  FUZZ_CHECK(rc == 0 || cert == NULL);
  eseal_cert_free(cert);
  return 0;
}
