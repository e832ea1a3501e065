package org.eseal;

/** The main indication of a report or of one check (ETSI EN 319 102-1). */
public enum Indication {
  TOTAL_PASSED,
  TOTAL_FAILED,
  INDETERMINATE;

  /**
   * The constant the library names for {@code value}; an indication this
   * binding does not know throws rather than read as any verdict.
   */
  static Indication of(int value) {
    return valueOf(EsealNative.eseal_indication_name(value));
  }
}
