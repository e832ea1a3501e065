package org.eseal;

import java.math.BigInteger;

/**
 * What a trust list says of itself, read without loading it or checking its
 * signature and dates: its name and sequence number. To refuse a rollback,
 * keep the highest sequence accepted per name.
 */
public final class TrustListInfo {
  public final String name;
  /** Below 2^64. */
  public final BigInteger sequence;

  TrustListInfo(String name, BigInteger sequence) {
    this.name = name;
    this.sequence = sequence;
  }

  @Override
  public String toString() {
    return name + " #" + sequence;
  }
}
