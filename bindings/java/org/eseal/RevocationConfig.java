package org.eseal;

import java.time.Duration;

/**
 * The revocation policy of a context ({@code eseal_revocation_config},
 * doc/revocation.md), for {@link Context#setRevocation}. Every setter returns
 * this object; what is not set keeps the library's default: offline,
 * hard-fail and OCSP first for every certificate class. The classes are
 * "signer", "maker", "ca" (intermediate CAs) and "tsa"; an unknown name
 * throws an EsealException with code ESEAL_EINVAL.
 */
public final class RevocationConfig {
  private static final String[] CLASSES = {"signer", "maker", "ca", "tsa"};

  int mode = EsealNativeConstants.ESEAL_REVOCATION_OFFLINE;
  /** Bit c: class c soft-fails; bit c of crlFirst: class c asks CRLs before OCSP. */
  long softFail;
  long crlFirst;
  boolean allowPrivateTargets;
  long timeoutMs;
  long maxResponseBytes;
  boolean ocspNonce;
  String ocspUrl;
  long ocspMaxAge;

  /**
   * "offline" (the CRLs and OCSP responses added, and the cache), "online"
   * (also fetch them, under the egress rules) or "off" (no check; the checks
   * say SKIPPED).
   */
  public RevocationConfig mode(String mode) {
    if ("offline".equals(mode)) {
      this.mode = EsealNativeConstants.ESEAL_REVOCATION_OFFLINE;
    } else if ("online".equals(mode)) {
      this.mode = EsealNativeConstants.ESEAL_REVOCATION_ONLINE;
    } else if ("off".equals(mode)) {
      this.mode = EsealNativeConstants.ESEAL_REVOCATION_OFF;
    } else {
      throw new EsealException(EsealNativeConstants.ESEAL_EINVAL,
          "unknown revocation mode \"" + mode + "\": expected one of offline, online, off");
    }
    return this;
  }

  /**
   * Whether a missing status of {@code classes} (none named: every class) is
   * INDETERMINATE / TRY_LATER (true, the default) or a WARNING (false).
   */
  public RevocationConfig hardFail(boolean hard, String... classes) {
    softFail = set(softFail, !hard, classes);
    return this;
  }

  /** Asks CRLs before OCSP (true) or OCSP first (false, the default) for {@code classes} (none: every class). */
  public RevocationConfig crlFirst(boolean crlFirst, String... classes) {
    this.crlFirst = set(this.crlFirst, crlFirst, classes);
    return this;
  }

  /** Online: loopback, private and link-local targets are allowed. */
  public RevocationConfig allowPrivateTargets(boolean allow) {
    this.allowPrivateTargets = allow;
    return this;
  }

  /** Online: each fetch's time limit (default 5 s). */
  public RevocationConfig timeout(Duration timeout) {
    this.timeoutMs = timeout.toMillis();
    return this;
  }

  /** Online: each fetch's size limit (0: 8 MiB). */
  public RevocationConfig maxResponseBytes(long bytes) {
    this.maxResponseBytes = bytes;
    return this;
  }

  /** Online: send an OCSP nonce (a mismatch fails, its absence warns). */
  public RevocationConfig ocspNonce(boolean nonce) {
    this.ocspNonce = nonce;
    return this;
  }

  /** Online: ask this OCSP responder for every certificate instead of the one the certificate names. */
  public RevocationConfig ocspUrl(String url) {
    this.ocspUrl = url;
    return this;
  }

  /** How long an OCSP response without nextUpdate counts after its thisUpdate (default one day). */
  public RevocationConfig ocspMaxAge(Duration age) {
    this.ocspMaxAge = age.getSeconds();
    return this;
  }

  private static long set(long bits, boolean on, String... classes) {
    long mask = 0;
    if (classes.length == 0) {
      mask = (1L << CLASSES.length) - 1;
    }
    for (String name : classes) {
      mask |= 1L << classIndex(name);
    }
    return on ? bits | mask : bits & ~mask;
  }

  private static int classIndex(String name) {
    for (int c = 0; c < CLASSES.length; c++) {
      if (CLASSES[c].equals(name)) {
        return c;
      }
    }
    throw new EsealException(EsealNativeConstants.ESEAL_EINVAL,
        "unknown certificate class \"" + name + "\": expected one of signer, maker, ca, tsa");
  }
}
