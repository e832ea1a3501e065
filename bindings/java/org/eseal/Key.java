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

  /** Whether {@code cert} carries this key's public half. */
  public boolean matches(Cert cert) {
    return EsealException.checkCode(EsealNative.eseal_key_matches_cert(ptr(), cert.ptr())) == 1;
  }
}
