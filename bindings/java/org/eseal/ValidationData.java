package org.eseal;

/** One CRL, OCSP response or timestamp token a verification used ({@link Report#validationData()}). */
public final class ValidationData {
  /** "crl" (one or more DER CRLs one after another), "ocsp" or "timestamp". */
  public final String kind;
  private final byte[] der;
  /** What it is about, for people: "signer CN=…", "maker CN=…", "timestamp". */
  public final String about;

  ValidationData(String kind, byte[] der, String about) {
    this.kind = kind;
    this.der = der;
    this.about = about;
  }

  /** Its DER (a copy). */
  public byte[] der() {
    return der.clone();
  }

  @Override
  public String toString() {
    return kind + ": " + about;
  }
}
