package org.eseal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * How to verify: flags, the validation time and the policies of
 * {@code eseal_verify_options}. Every setter returns this object; what is
 * not set keeps the library's default. Values are checked when a verify
 * call uses them: an unknown name throws an EsealException with code
 * ESEAL_EINVAL.
 */
public final class VerifyOptions {
  long flags;
  long validationTime;
  int makerTime;
  String expect;
  String timePolicy;
  String cryptoPolicy;
  Duration clockSkew;
  long poeTime;
  String poeSource;
  /** The tokens one after another, and each one's length as 4 bytes big-endian. */
  byte[] poeTokens = new byte[0];
  byte[] poeTokenLens = new byte[0];

  /** {@link Eseal#VERIFY_STRICT}, {@link Eseal#VERIFY_REQUIRE_REVOCATION}, or both. */
  public VerifyOptions flags(long flags) {
    this.flags = flags;
    return this;
  }

  /** The validation time instead of the context's clock. */
  public VerifyOptions validationTime(Instant when) {
    this.validationTime = when.getEpochSecond();
    return this;
  }

  /** {@link Eseal#MAKER_AT_CREATION} (the default) or {@link Eseal#MAKER_AT_SIGNING}. */
  public VerifyOptions makerTime(int policy) {
    this.makerTime = policy;
    return this;
  }

  /** "signature" or "seal": anything else in the input is a FORMAT_FAILURE. */
  public VerifyOptions expect(String kind) {
    this.expect = kind;
    return this;
  }

  /**
   * "poe" (the default: a claimed time needs a proof of existence before the
   * certificates expired) or "claimed-time" (GM/T 0031 read literally).
   */
  public VerifyOptions timePolicy(String policy) {
    this.timePolicy = policy;
    return this;
  }

  /** "default" or "legacy" (old algorithms accepted with a WARNING). */
  public VerifyOptions cryptoPolicy(String policy) {
    this.cryptoPolicy = policy;
    return this;
  }

  /** How far a claimed time may lie after the validation time (default 5 minutes; zero: not at all). */
  public VerifyOptions clockSkew(Duration skew) {
    this.clockSkew = skew;
    return this;
  }

  /** A proof that the input existed at {@code when}, and where it comes from (shown in the report). */
  public VerifyOptions proofOfExistence(Instant when, String source) {
    this.poeTime = when.getEpochSecond();
    this.poeSource = source;
    return this;
  }

  /**
   * RFC 3161 timestamp tokens (DER) kept over the signature for archives: the
   * first over the signature, each next over the previous token
   * (doc/timestamps.md). When all verify, the first one's genTime is a proof
   * of existence (check poe.token). At most 16.
   */
  public VerifyOptions poeTokens(byte[]... tokens) {
    if (tokens.length > EsealNativeConstants.ESEAL_MAX_POE_TOKENS) {
      throw new EsealException(EsealNativeConstants.ESEAL_ELIMIT,
          "more than " + EsealNativeConstants.ESEAL_MAX_POE_TOKENS + " POE tokens");
    }
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    java.nio.ByteBuffer lens = java.nio.ByteBuffer.allocate(4 * tokens.length);
    for (byte[] t : tokens) {
      all.write(t, 0, t.length);
      lens.putInt(t.length);
    }
    this.poeTokens = all.toByteArray();
    this.poeTokenLens = lens.array();
    return this;
  }

  int expectValue() {
    return choice("expect", expect, EsealNative::eseal_kind_name, EsealNativeConstants.ESEAL_KIND_SIGNATURE,
        EsealNativeConstants.ESEAL_KIND_SEAL);
  }

  int timePolicyValue() {
    return choice("time policy", timePolicy, EsealNative::eseal_time_policy_name,
        EsealNativeConstants.ESEAL_TIME_POLICY_POE,
        EsealNativeConstants.ESEAL_TIME_POLICY_CLAIMED);
  }

  int cryptoPolicyValue() {
    return choice("crypto policy", cryptoPolicy, EsealNative::eseal_crypto_policy_name,
        EsealNativeConstants.ESEAL_CRYPTO_POLICY_DEFAULT,
        EsealNativeConstants.ESEAL_CRYPTO_POLICY_LEGACY);
  }

  /** The library's seconds: 0 is its default, ESEAL_CLOCK_SKEW_NONE none. */
  long clockSkewValue() {
    if (clockSkew == null) {
      return 0;
    }
    if (clockSkew.isNegative()) {
      throw new EsealException(EsealNativeConstants.ESEAL_EINVAL, "the clock skew must not be negative");
    }
    return clockSkew.isZero() ? EsealNativeConstants.ESEAL_CLOCK_SKEW_NONE : clockSkew.getSeconds();
  }

  /** The enum value (0: the default when null) whose library name ({@code nameOf}) is {@code name}. */
  private static int choice(String what, String name, IntFunction<String> nameOf, int... values) {
    if (name == null) {
      return 0;
    }
    StringBuilder known = new StringBuilder();
    for (int v : values) {
      String n = nameOf.apply(v);
      if (n.equals(name)) {
        return v;
      }
      known.append(known.length() == 0 ? "" : ", ").append(n);
    }
    throw new EsealException(EsealNativeConstants.ESEAL_EINVAL,
        "unknown " + what + " \"" + name + "\": expected one of " + known);
  }
}
