package org.eseal;

/** A context's revocation counters since it was made ({@link Context#revocationStats()}). */
public final class RevocationStats {
  public final long cacheHits;
  public final long cacheMisses;
  public final long fetches;
  public final long fetchFailures;

  RevocationStats(long cacheHits, long cacheMisses, long fetches, long fetchFailures) {
    this.cacheHits = cacheHits;
    this.cacheMisses = cacheMisses;
    this.fetches = fetches;
    this.fetchFailures = fetchFailures;
  }

  @Override
  public String toString() {
    return "cache hits " + cacheHits + ", misses " + cacheMisses + ", fetches " + fetches + ", failed "
        + fetchFailures;
  }
}
