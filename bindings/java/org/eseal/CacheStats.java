package org.eseal;

/**
 * One of a context's caches, counted since it was made ({@link Context#cacheStats(String)}):
 * lookups answered from it, lookups that were not, and what it holds now.
 */
public final class CacheStats {
  public final long hits;
  public final long misses;
  public final long entries;

  CacheStats(long hits, long misses, long entries) {
    this.hits = hits;
    this.misses = misses;
    this.entries = entries;
  }

  @Override
  public String toString() {
    return "hits " + hits + ", misses " + misses + ", entries " + entries;
  }
}
