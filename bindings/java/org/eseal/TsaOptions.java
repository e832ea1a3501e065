package org.eseal;

/**
 * An RFC 3161 timestamp authority for stamping (the version-3 stamp options,
 * doc/timestamps.md): it timestamps the signature value into the V4
 * timeStamp field.
 */
public final class TsaOptions {
  final String url;
  String policy;
  boolean allowPrivateTargets;

  /** The TSA's http or https URL. */
  public TsaOptions(String url) {
    this.url = url;
  }

  /** The TSA policy OID to ask for (default: the TSA's own). */
  public TsaOptions policy(String oid) {
    this.policy = oid;
    return this;
  }

  /** Lets the TSA be on a loopback or private address. */
  public TsaOptions allowPrivateTargets(boolean allow) {
    this.allowPrivateTargets = allow;
    return this;
  }
}
