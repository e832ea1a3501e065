package org.eseal;

import java.time.Instant;

/** An X.509 certificate. */
public final class Cert extends NativeObject<SWIGTYPE_p_eseal_cert> {
  Cert(SWIGTYPE_p_eseal_cert p) {
    super(p, EsealNative::eseal_cert_free);
  }

  /** A certificate from PEM or DER bytes. */
  public static Cert load(byte[] data) {
    return new Cert(EsealNative.esb_cert_load(data));
  }

  public static Cert fromFile(String path) {
    return new Cert(EsealNative.esb_cert_load_file(path));
  }

  public byte[] der() {
    return EsealNative.esb_cert_der(ptr());
  }

  public String subject() {
    return EsealNative.eseal_cert_subject(ptr());
  }

  public String issuer() {
    return EsealNative.eseal_cert_issuer(ptr());
  }

  /** The serial number in hexadecimal. */
  public String serial() {
    return EsealNative.eseal_cert_serial_hex(ptr());
  }

  public Instant notBefore() {
    return Instant.ofEpochSecond(EsealNative.eseal_cert_not_before(ptr()));
  }

  public Instant notAfter() {
    return Instant.ofEpochSecond(EsealNative.eseal_cert_not_after(ptr()));
  }

  /** "SM2", "EC", "RSA", … */
  public String keyAlgorithm() {
    return EsealNative.eseal_cert_key_algorithm(ptr());
  }
}
