package org.eseal;

/**
 * A libeseal failure: the library's error code (negative, one of the
 * {@code ESEAL_E*} constants of {@link EsealNativeConstants}) and its message.
 */
public class EsealException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;

  public EsealException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The C error code, e.g. {@code ESEAL_EFORMAT} (-4). */
  public int getCode() {
    return code;
  }

  /** A short fixed description of the code ("malformed input", …). */
  public String getCodeDescription() {
    return EsealNative.eseal_strerror(code);
  }

  /** The calling thread's last library error. */
  static EsealException last() {
    int code = EsealNative.esb_error_code();
    if (code == 0) {
      return new EsealException(EsealNativeConstants.ESEAL_ERROR, "the library failed without saying why");
    }
    return new EsealException(code, EsealNative.esb_error_message());
  }

  /** Returns {@code result}, or throws the library's error when it is null. */
  static <T> T check(T result) {
    if (result == null) {
      throw last();
    }
    return result;
  }

  /** Throws the library's error for a negative return code. */
  static int checkCode(int rc) {
    if (rc < 0) {
      throw last();
    }
    return rc;
  }
}
