package org.eseal;

/** The outcome of one check of a report. */
public enum CheckStatus {
  OK,
  NOT_OK,
  /** Passed, with something to know (quirks, an expiry after the signing time…). */
  WARNING,
  /** Information only; does not affect the verdict. */
  INFO,
  /** Not run: a prerequisite failed or nothing to check against. */
  SKIPPED;

  /** The constant the library names for {@code value}; an unknown one throws. */
  static CheckStatus of(int value) {
    return valueOf(EsealNative.eseal_check_status_name(value));
  }
}
