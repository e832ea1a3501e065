package org.eseal;

/** One check of a report: its id, status, the indication it leads to, and why. */
public final class Check {
  public final String id;
  public final CheckStatus status;
  /** The indication the check leads to: TOTAL_FAILED or INDETERMINATE for a NOT_OK one. */
  public final Indication indication;
  /** Why it failed; null when it did not. */
  public final SubIndication subIndication;
  public final String message;

  Check(String id, CheckStatus status, Indication indication, SubIndication subIndication, String message) {
    this.id = id;
    this.status = status;
    this.indication = indication;
    this.subIndication = subIndication;
    this.message = message;
  }

  @Override
  public String toString() {
    return id + " " + status + ": " + message;
  }
}
