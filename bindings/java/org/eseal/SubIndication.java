package org.eseal;

/** Why a report (or one check) failed or is indeterminate; see eseal/report.h for each. */
public enum SubIndication {
  FORMAT_FAILURE,
  HASH_FAILURE,
  SIG_CRYPTO_FAILURE,
  REVOKED,
  EXPIRED,
  NOT_YET_VALID,
  NO_CERTIFICATE_CHAIN_FOUND,
  CHAIN_CONSTRAINTS_FAILURE,
  SIG_CONSTRAINTS_FAILURE,
  CRYPTO_CONSTRAINTS_FAILURE,
  SIGNED_DATA_NOT_FOUND,
  TRY_LATER,
  OUT_OF_BOUNDS_NO_POE,
  REVOKED_NO_POE,
  REVOKED_CA_NO_POE;

  /** The constant the library names for {@code value}, null for none; an unknown one throws. */
  static SubIndication of(int value) {
    String name = EsealNative.eseal_sub_indication_name(value);
    return name.isEmpty() ? null : valueOf(name);
  }
}
