package org.eseal;

import java.time.Instant;

/** The revocation status of one certificate ({@link Eseal#certStatus}). */
public final class CertStatus {
  public final RevocationStatus status;
  /** For REVOKED: the CRLReason's name ("keyCompromise", …), or null when the source gave none. */
  public final String reason;
  /** For REVOKED: when; otherwise null. */
  public final Instant revocationTime;
  /** The answer's window, or null. */
  public final Instant thisUpdate;
  public final Instant nextUpdate;
  /** "crl", "delta-crl", "ocsp", "cache", or "" without an answer. */
  public final String source;
  /** The responder or CRL issuer, or why there is no answer. */
  public final String message;

  CertStatus(SWIGTYPE_p_eseal_cert_status p) {
    status = RevocationStatus.of(EsealNative.esb_cert_status_value(p));
    boolean revoked = status == RevocationStatus.REVOKED;
    int why = EsealNative.esb_cert_status_reason(p);
    reason = revoked && why >= 0 ? EsealNative.eseal_revocation_reason_name(why) : null;
    revocationTime = revoked ? when(EsealNative.esb_cert_status_revocation_time(p)) : null;
    thisUpdate = when(EsealNative.esb_cert_status_this_update(p));
    nextUpdate = when(EsealNative.esb_cert_status_next_update(p));
    source = EsealNative.esb_cert_status_source(p);
    message = EsealNative.esb_cert_status_message(p);
  }

  private static Instant when(long seconds) {
    return seconds == 0 ? null : Instant.ofEpochSecond(seconds);
  }

  @Override
  public String toString() {
    return status + (reason != null ? " (" + reason + ")" : "") + ": " + message;
  }
}
