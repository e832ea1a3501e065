package org.eseal;

import java.nio.charset.StandardCharsets;

/** Stamping, verifying and drawing, and the library's version. */
public final class Eseal {
  public static final long VERIFY_STRICT = EsealNativeConstants.ESEAL_VERIFY_STRICT;
  public static final long VERIFY_REQUIRE_REVOCATION = EsealNativeConstants.ESEAL_VERIFY_REQUIRE_REVOCATION;
  public static final int MAKER_AT_CREATION = EsealNativeConstants.ESEAL_MAKER_AT_CREATION;
  public static final int MAKER_AT_SIGNING = EsealNativeConstants.ESEAL_MAKER_AT_SIGNING;
  /** The roles of an anchor added without naming any. */
  public static final long ROLES_DEFAULT = EsealNativeConstants.ESEAL_ROLES_DEFAULT;
  public static final long ROLES_ALL = EsealNativeConstants.ESEAL_ROLES_ALL;

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
    return stamp(ctx, seal, key, cert, data, propertyInfo, null);
  }

  /**
   * The same, with a timestamp authority ({@code tsa} null: none). With
   * revocation configured on {@code ctx}, a revoked signer chain refuses with
   * ESEAL_EREVOKED and an unknown status with ESEAL_ESTATUS, before anything
   * is signed.
   */
  public static Signature stamp(Context ctx, Seal seal, Key key, Cert cert, Data data, String propertyInfo,
                                TsaOptions tsa) {
    return new Signature(EsealNative.esb_stamp(ctx.ptr(), seal.ptr(), key.ptr(), cert.ptr(), data.ptr(), 0,
        propertyInfo, tsa == null ? null : tsa.url, tsa == null ? null : tsa.policy,
        tsa != null && tsa.allowPrivateTargets ? 1 : 0));
  }

  public static Signature stamp(Context ctx, Seal seal, Key key, Cert cert, byte[] data, String propertyInfo,
                                TsaOptions tsa) {
    try (Data d = Data.ofBytes(data)) {
      return stamp(ctx, seal, key, cert, d, propertyInfo, tsa);
    }
  }

  public static Signature stamp(Context ctx, Seal seal, Key key, Cert cert, byte[] data, String propertyInfo) {
    try (Data d = Data.ofBytes(data)) {
      return stamp(ctx, seal, key, cert, d, propertyInfo);
    }
  }

  /** Verifies a signature against {@code data} (null: no data). */
  public static Report verify(Context ctx, Signature sig, Data data, VerifyOptions options) {
    return new Report(EsealNative.esb_verify(ctx.ptr(), sig.ptr(), data == null ? null : data.ptr(),
        options.flags, options.validationTime, options.makerTime, options.expectValue(),
        options.timePolicyValue(), options.cryptoPolicyValue(), options.clockSkewValue(), options.poeTime,
        options.poeSource, options.poeTokens, options.poeTokenLens));
  }

  public static Report verify(Context ctx, Signature sig, Data data, long flags) {
    return verify(ctx, sig, data, new VerifyOptions().flags(flags));
  }

  public static Report verify(Context ctx, Signature sig, byte[] data, VerifyOptions options) {
    try (Data d = Data.ofBytes(data)) {
      return verify(ctx, sig, d, options);
    }
  }

  public static Report verify(Context ctx, Signature sig, byte[] data) {
    return verify(ctx, sig, data, new VerifyOptions());
  }

  /** Verifies a seal alone (POE tokens cover a signature: options with them are refused). */
  public static Report verify(Context ctx, Seal seal, VerifyOptions options) {
    if (options.poeTokens.length > 0) {
      throw new EsealException(EsealNativeConstants.ESEAL_EINVAL, "POE tokens cover a signature, not a seal");
    }
    return new Report(EsealNative.esb_verify_seal(ctx.ptr(), seal.ptr(), options.flags, options.validationTime,
        options.makerTime, options.expectValue(), options.timePolicyValue(), options.cryptoPolicyValue(),
        options.clockSkewValue(), options.poeTime, options.poeSource));
  }

  public static Report verify(Context ctx, Seal seal, long flags) {
    return verify(ctx, seal, new VerifyOptions().flags(flags));
  }

  /**
   * Verifies the bytes of a seal or signature against {@code data} (null: no
   * data); input that does not parse gives a FORMAT_FAILURE report rather
   * than an exception.
   */
  public static Report verifyBytes(Context ctx, byte[] input, byte[] data, VerifyOptions options) {
    if (data == null) {
      return verifyBytes(ctx, input, (Data) null, options);
    }
    try (Data d = Data.ofBytes(data)) {
      return verifyBytes(ctx, input, d, options);
    }
  }

  public static Report verifyBytes(Context ctx, byte[] input, byte[] data) {
    return verifyBytes(ctx, input, data, new VerifyOptions());
  }

  /**
   * Verifies every signature of the OFD document at {@code path}, the files
   * their References protect included (doc/ofd.md). {@code signatureId} null
   * keeps every signature's report; the expected kind of {@code options} does
   * not apply. A package that cannot be read as an OFD throws.
   */
  public static OfdReport verifyOfd(Context ctx, String path, String signatureId, VerifyOptions options) {
    return new OfdReport(EsealNative.esb_verify_ofd(ctx.ptr(), path, signatureId, options.flags,
        options.validationTime, options.makerTime, options.timePolicyValue(), options.cryptoPolicyValue(),
        options.clockSkewValue(), options.poeTime, options.poeSource));
  }

  public static OfdReport verifyOfd(Context ctx, String path) {
    return verifyOfd(ctx, path, null, new VerifyOptions());
  }

  /** The same for a package held in memory. */
  public static OfdReport verifyOfd(Context ctx, byte[] ofd, String signatureId, VerifyOptions options) {
    return new OfdReport(EsealNative.esb_verify_ofd_bytes(ctx.ptr(), ofd, signatureId, options.flags,
        options.validationTime, options.makerTime, options.timePolicyValue(), options.cryptoPolicyValue(),
        options.clockSkewValue(), options.poeTime, options.poeSource));
  }

  public static OfdReport verifyOfd(Context ctx, byte[] ofd) {
    return verifyOfd(ctx, ofd, null, new VerifyOptions());
  }

  private static Report verifyBytes(Context ctx, byte[] input, Data data, VerifyOptions options) {
    return new Report(EsealNative.esb_verify_bytes(ctx.ptr(), input, data == null ? null : data.ptr(),
        options.flags, options.validationTime, options.makerTime, options.expectValue(),
        options.timePolicyValue(), options.cryptoPolicyValue(), options.clockSkewValue(), options.poeTime,
        options.poeSource, options.poeTokens, options.poeTokenLens));
  }

  /**
   * The name and sequence number a trust list gives itself, without loading
   * it or checking its signature and dates.
   */
  public static TrustListInfo trustListPeek(byte[] list) {
    String name = new String(EsealException.check(EsealNative.esb_trust_list_peek_name(list)),
        StandardCharsets.UTF_8);
    return new TrustListInfo(name, EsealNative.esb_trust_list_peek_sequence(list));
  }

  /**
   * The revocation status of {@code cert} at {@code at} (null: the context
   * clock) under the context's policy and sources (online mode may fetch).
   * {@code issuer} null is found among the context's anchors and
   * intermediates. No answer is an "unknown" status, not an exception.
   */
  public static CertStatus certStatus(Context ctx, Cert cert, Cert issuer, java.time.Instant at) {
    SWIGTYPE_p_eseal_cert_status p = EsealException.check(EsealNative.esb_cert_status_lookup(ctx.ptr(),
        cert.ptr(), issuer == null ? null : issuer.ptr(), at == null ? 0 : at.getEpochSecond()));
    try {
      return new CertStatus(p);
    } finally {
      EsealNative.esb_cert_status_free(p);
    }
  }

  /** A role's name ("seal-maker", …) from its ESEAL_ROLE_* bit, or null. */
  public static String roleName(int role) {
    return EsealNative.eseal_trust_role_name(role);
  }

  /** An SVG drawing of a seal (UTF-8 text). */
  public static String pictureSvg(int shape, String organisation, String name, String code) {
    byte[] svg = EsealException.check(EsealNative.esb_picture_svg(shape, organisation, name, code, 0, 0, 0, null));
    return new String(svg, StandardCharsets.UTF_8);
  }

  /**
   * The same drawing as {@link #pictureSvg} as PNG bytes at {@code dpi} (72..1200); an oval
   * with an organisation or a taxpayer number is an invoice seal.
   */
  public static byte[] picturePng(int shape, String organisation, String name, String code,
      String taxpayerId, int dpi) {
    return EsealException.check(EsealNative.esb_picture_png(shape, organisation, name, code,
        taxpayerId, 0, 0, 0, null, dpi));
  }
}
