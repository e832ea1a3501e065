package org.eseal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** A private key held by a crypto backend (OpenSSL for loaded files). */
public final class Key extends NativeObject<SWIGTYPE_p_eseal_key> {
  Key(SWIGTYPE_p_eseal_key p) {
    super(p, EsealNative::eseal_key_free);
  }

  /** A key from PEM, DER, encrypted PKCS#8 or PKCS#12; {@code password} may be null. */
  public static Key load(byte[] data, String password) {
    return new Key(EsealNative.esb_key_load(data, password));
  }

  public static Key fromFile(String path, String password) throws IOException {
    return load(Files.readAllBytes(Paths.get(path)), password);
  }

  /**
   * A key in a PKCS#11 token named by an RFC 7512 {@code pkcs11:} URI (doc/pkcs11.md).
   * {@code pin} and {@code module} may be null (then the URI's pin-value and module-path).
   */
  public static Key fromPkcs11(String uri, String pin, String module) {
    return fromPkcs11(uri, pin, module, false, 0, false, false);
  }

  /**
   * The same with the policy and the SM2 vendor mechanism: {@code requireNonExtractable}
   * refuses a key the token would let out; {@code sm2Mechanism} is the vendor's CKM number
   * (0: none), {@code sm2SignsMessage} when the token hashes the message itself,
   * {@code sm2Der} when it answers DER rather than r||s.
   */
  public static Key fromPkcs11(String uri, String pin, String module,
      boolean requireNonExtractable, long sm2Mechanism, boolean sm2SignsMessage, boolean sm2Der) {
    if (sm2Mechanism < 0 || sm2Mechanism > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("sm2Mechanism is a CKM number, 0..2^32-1");
    }
    return new Key(EsealNative.esb_key_from_pkcs11(uri, pin, module,
        requireNonExtractable ? 1 : 0, sm2Mechanism, sm2SignsMessage ? 1 : 0, sm2Der ? 1 : 0));
  }

  /** The certificate a PKCS#12 file carries with its key, or null when it has none. */
  public static Cert pkcs12Cert(byte[] data, String password) {
    SWIGTYPE_p_eseal_cert cert = EsealNative.esb_key_load_cert(data, password);
    if (cert == null) {
      if (EsealNative.esb_error_code() != 0) {
        throw EsealException.last();
      }
      return null;
    }
    return new Cert(cert);
  }

  public String algorithm() {
    return EsealNative.eseal_key_algorithm(ptr());
  }

  public String backend() {
    return EsealNative.eseal_key_backend_name(ptr());
  }

  /**
   * For a token key: whether the token keeps its value inside for good (CKA_SENSITIVE and
   * not CKA_EXTRACTABLE). Throws for software keys.
   */
  public boolean nonExtractable() {
    return EsealException.checkCode(EsealNative.eseal_key_pkcs11_non_extractable(ptr())) == 1;
  }

  /** Whether {@code cert} carries this key's public half. */
  public boolean matches(Cert cert) {
    return EsealException.checkCode(EsealNative.eseal_key_matches_cert(ptr(), cert.ptr())) == 1;
  }
}
