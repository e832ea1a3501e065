package org.eseal;

import java.nio.charset.StandardCharsets;

/**
 * The usage log of one tenant of a {@link Store} (doc/usage-log.md): physical
 * uses reported by smart seals, signed checkpoints, inclusion and consistency
 * proofs, evidence bundles, whole-log verification and erasure of an
 * operator's personal data. Records, proofs and reports are JSON text.
 * Keep copies of the checkpoints OUTSIDE the store: {@link #verify} detects a
 * truncated or rolled-back store only against one of them.
 */
public final class UsageLog {
  private final Store store;
  private final String tenant;

  public UsageLog(Store store, String tenant) {
    this.store = store;
    this.tenant = tenant;
  }

  /** The log of the default tenant. */
  public UsageLog(Store store) {
    this(store, Store.DEFAULT_TENANT);
  }

  private static long check(long result) {
    if (result < 0) {
      throw EsealException.last();
    }
    return result;
  }

  private static String text(byte[] bytes) {
    return new String(EsealException.check(bytes), StandardCharsets.UTF_8);
  }

  /** Logs a physical use of seal {@code esId} without location or force; returns its sequence number. */
  public long recordPhysical(Context ctx, String esId, String operator, String device) {
    return recordPhysical(ctx, esId, operator, device, null, null, 0, null, null, 0);
  }

  /**
   * Logs a physical use of seal {@code esId}; returns its sequence number.
   * {@code latitude}/{@code longitude} (WGS-84) null for no location;
   * {@code forceNewtons} null for no force reading; {@code time} 0 takes the
   * context's clock.
   */
  public long recordPhysical(Context ctx, String esId, String operator, String device,
      Double latitude, Double longitude, double accuracyMetres, String place, Double forceNewtons,
      long time) {
    boolean located = latitude != null && longitude != null;
    return check(EsealNative.esb_usage_log_record_physical(store.ptr(), ctx.ptr(), tenant, esId,
        operator, device, located ? 1 : 0, located ? latitude : 0, located ? longitude : 0,
        accuracyMetres, place, forceNewtons != null ? 1 : 0,
        forceNewtons != null ? forceNewtons : 0, time));
  }

  /** The number of records. */
  public long size() {
    return check(EsealNative.esb_usage_log_size(store.ptr(), tenant));
  }

  /** Records [first, first + count) (count 0: to the end) as JSON Lines. */
  public String show(long first, long count) {
    if (first >= size()) {
      return "";
    }
    return text(EsealNative.esb_usage_log_show(store.ptr(), tenant, first, count));
  }

  /**
   * Signs a checkpoint with {@code key} (its {@code cert} trusted by {@code ctx}
   * for the "log-signer" role); returns the signed note, or null when
   * {@code every} is above 0 and fewer records than that came since the latest one.
   */
  public byte[] checkpoint(Context ctx, Key key, Cert cert, long every) {
    byte[] note = EsealNative.esb_usage_log_checkpoint(store.ptr(), ctx.ptr(), tenant, key.ptr(),
        cert.ptr(), every);
    if (note == null && EsealNative.esb_error_code() != 0) {
      throw EsealException.last();
    }
    return note;
  }

  /** The inclusion proof of record {@code seq} in the first {@code treeSize} records (0: all), as JSON. */
  public String prove(long seq, long treeSize) {
    return text(EsealNative.esb_usage_log_prove(store.ptr(), tenant, seq, treeSize));
  }

  /** The consistency proof from {@code oldSize} to {@code newSize} records (0: all), as JSON. */
  public String proveConsistency(long oldSize, long newSize) {
    return text(EsealNative.esb_usage_log_prove_consistency(store.ptr(), tenant, oldSize, newSize));
  }

  /** The evidence bundle for a signature hash (SM3 of the whole signature) or a document hash. */
  public byte[] export(byte[] hash) {
    return EsealException.check(EsealNative.esb_usage_log_export(store.ptr(), tenant, hash));
  }

  /**
   * Checks the whole log, and against {@code externalCheckpoint} (may be null);
   * returns the JSON report, or throws EsealException (ESEAL_ETAMPERED) naming
   * the first problem.
   */
  public String verify(Context ctx, byte[] externalCheckpoint) {
    return text(EsealNative.esb_usage_log_verify(store.ptr(), ctx.ptr(), tenant, externalCheckpoint));
  }

  /** Deletes the operator's clear personal data; returns how many values were deleted. */
  public long eraseOperator(String operator) {
    return check(EsealNative.esb_usage_log_erase_operator(store.ptr(), tenant, operator));
  }
}
