package org.eseal;

/** The revocation status of one certificate ({@link CertStatus#status}). */
public enum RevocationStatus {
  GOOD,
  REVOKED,
  /** No usable answer. */
  UNKNOWN;

  /** Anything the library does not call good or revoked is unknown, never good. */
  static RevocationStatus of(int value) {
    if (value == EsealNativeConstants.ESEAL_CERT_STATUS_GOOD) {
      return GOOD;
    }
    return value == EsealNativeConstants.ESEAL_CERT_STATUS_REVOKED ? REVOKED : UNKNOWN;
  }
}
