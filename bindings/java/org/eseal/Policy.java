package org.eseal;

/**
 * A risk-control policy (doc/risk-control.md), read from its JSON file format:
 * set it on a context with {@link Context#setPolicy} and every stamping
 * through the context's store is judged by it.
 */
public final class Policy extends NativeObject<SWIGTYPE_p_eseal_policy> {
  private Policy(SWIGTYPE_p_eseal_policy p) {
    super(p, EsealNative::eseal_policy_free);
  }

  /** A policy from the bytes of a policy file; throws ESEAL_EFORMAT or ESEAL_ELIMIT. */
  public static Policy load(byte[] json) {
    return new Policy(EsealNative.esb_policy_load(json));
  }

  public long ruleCount() {
    return EsealNative.eseal_policy_rule_count(ptr());
  }

  /** Replaces the holiday calendar with the one in {@code json}. */
  public void loadCalendar(byte[] json) {
    EsealException.checkCode(EsealNative.eseal_policy_load_calendar(ptr(), json));
  }
}
