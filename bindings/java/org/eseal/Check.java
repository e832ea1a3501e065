package org.eseal;

/** One check of a report: its id, status, the indication it leads to, and why. */
public final class Check {
  public final String id;
  /** "OK", "NOT_OK", "WARNING", "INFO" or "SKIPPED". */
  public final String status;
  public final String indication;
  /** "HASH_FAILURE", … or null. */
  public final String subIndication;
  public final String message;

  Check(String id, String status, String indication, String subIndication, String message) {
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
