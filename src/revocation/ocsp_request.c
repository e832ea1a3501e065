/* eseal__ocsp_request(): a DER OCSPRequest for one certificate (RFC 6960 §4.1). */
#include <openssl/err.h>
#include <openssl/ocsp.h>

#include "eseal/errors.h"
#include "ocsp.h"
#include "../core/error.h"

int eseal__ocsp_request(X509 *cert, X509 *issuer, const uint8_t *nonce, size_t nonce_len,
                        eseal_buf *der) {
  if (nonce_len > 32)
    return eseal__error_set(ESEAL_EINVAL, "an OCSP nonce of %zu bytes (RFC 8954: 32 at most)",
                            nonce_len);
  OCSP_REQUEST *req = OCSP_REQUEST_new();
  /* SHA-1 CertIDs are the ones every responder answers (RFC 5019 §2.1.1). */
  OCSP_CERTID *id = req ? OCSP_cert_to_id(EVP_sha1(), cert, issuer) : NULL;
  int rc = 0;
  if (id == NULL || OCSP_request_add0_id(req, id) == NULL) {
    OCSP_CERTID_free(id);
    rc = eseal__error_set(ESEAL_ECRYPTO, "could not make the OCSP request's CertID");
    goto done;
  }
  /* With a value, OpenSSL wraps the nonce in an OCTET STRING, as RFC 8954 wants. */
  if (nonce_len > 0 && OCSP_request_add1_nonce(req, (unsigned char *)nonce, (int)nonce_len) != 1) {
    rc = eseal__error_oom();
    goto done;
  }
  unsigned char *bytes = NULL;
  int n = i2d_OCSP_REQUEST(req, &bytes);
  if (n <= 0) {
    rc = eseal__error_oom();
    goto done;
  }
  rc = eseal_buf_set(der, bytes, (size_t)n);
  OPENSSL_free(bytes);
done:
  OCSP_REQUEST_free(req);
  ERR_clear_error();
  return rc;
}
