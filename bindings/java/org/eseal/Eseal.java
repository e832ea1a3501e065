package org.eseal;

import java.nio.charset.StandardCharsets;

/** Stamping, verifying and drawing, and the library's version. */
public final class Eseal {
  public static final long VERIFY_STRICT = EsealNativeConstants.ESEAL_VERIFY_STRICT;
  public static final long VERIFY_REQUIRE_REVOCATION = EsealNativeConstants.ESEAL_VERIFY_REQUIRE_REVOCATION;
  public static final int MAKER_AT_CREATION = EsealNativeConstants.ESEAL_MAKER_AT_CREATION;
  public static final int MAKER_AT_SIGNING = EsealNativeConstants.ESEAL_MAKER_AT_SIGNING;

  private Eseal() {}

  public static String version() {
    return EsealNative.eseal_version();
  }

  /**
   * Stamps {@code data} with {@code seal} as the holder of {@code cert}: a new
   * Signature in the seal's format. Refusals throw with codes ESEAL_ENOTBOUND,
   * ESEAL_ESEALTIME, ESEAL_ECERT, ESEAL_EBADSEAL or ESEAL_ECRYPTO.
   */
  public static Signature stamp(Context ctx, Seal seal, Key key, Cert cert, Data data, String propertyInfo) {
    return new Signature(EsealNative.esb_stamp(ctx.ptr(), seal.ptr(), key.ptr(), cert.ptr(), data.ptr(), 0,
        propertyInfo));
  }

  public static Signature stamp(Context ctx, Seal seal, Key key, Cert cert, byte[] data, String propertyInfo) {
    try (Data d = Data.ofBytes(data)) {
      return stamp(ctx, seal, key, cert, d, propertyInfo);
    }
  }

  /** Verifies a signature against {@code data} (null: no data). */
  public static Report verify(Context ctx, Signature sig, Data data, long flags) {
    return new Report(EsealNative.esb_verify(ctx.ptr(), sig.ptr(), data == null ? null : data.ptr(), flags, 0, 0));
  }

  public static Report verify(Context ctx, Signature sig, byte[] data) {
    try (Data d = Data.ofBytes(data)) {
      return verify(ctx, sig, d, 0);
    }
  }

  /** Verifies a seal alone. */
  public static Report verify(Context ctx, Seal seal, long flags) {
    return new Report(EsealNative.esb_verify_seal(ctx.ptr(), seal.ptr(), flags, 0, 0));
  }

  /**
   * Verifies the bytes of a seal or signature; input that does not parse gives
   * a FORMAT_FAILURE report rather than an exception.
   */
  public static Report verifyBytes(Context ctx, byte[] input, byte[] data) {
    if (data == null) {
      return new Report(EsealNative.esb_verify_bytes(ctx.ptr(), input, null, 0, 0, 0));
    }
    try (Data d = Data.ofBytes(data)) {
      return new Report(EsealNative.esb_verify_bytes(ctx.ptr(), input, d.ptr(), 0, 0, 0));
    }
  }

  /** An SVG drawing of a seal (UTF-8 text). */
  public static String pictureSvg(int shape, String organisation, String name, String code) {
    byte[] svg = EsealException.check(EsealNative.esb_picture_svg(shape, organisation, name, code, 0, 0, 0, null));
    return new String(svg, StandardCharsets.UTF_8);
  }
}
