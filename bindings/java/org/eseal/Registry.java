package org.eseal;

import java.math.BigInteger;

/**
 * The seal registry of one tenant in the store set on a context
 * (doc/registry.md): register seals, freeze them, lift a freeze with a
 * supervisor's signed order, report a loss (with a callback whose outcome is
 * recorded), cancel, read a seal's state, and stamp through the registry with
 * the operator, device and location recorded. Refusals throw EsealException
 * with ESEAL_EFROZEN, ESEAL_ELOST, ESEAL_EEXISTS, ESEAL_ENOTFOUND, ESEAL_ECRYPTO
 * or ESEAL_ECERT.
 */
public final class Registry {
  /** Told of a loss report once it is recorded, e.g. to ask the CA to revoke. */
  public interface LossNotifier {
    void notify(String esId, byte[] sealHash, long lostAt) throws Exception;
  }

  /** A registered seal's state and history, read at one moment. */
  public static final class SealStatus {
    /** "active", "frozen", "lost" or "cancelled". */
    public final String state;
    public final String esId;
    /** SM3 of the seal's bytes. */
    public final byte[] sealHash;
    public final long registeredAt;
    public final String registeredBy;
    public final long changedAt;
    public final String changedBy;
    public final String reason;
    /** Usage-log sequence of the last change, and of the freeze while frozen. */
    public final BigInteger sequence;
    public final BigInteger freezeSequence;
    /** When lost or cancelled, else 0. */
    public final long finalAt;
    /** The loss callback's outcome: 0, its error code, or 1 for none. */
    public final int notifyResult;
    /** The seals before and after this one under its esID, or null. */
    public final byte[] predecessor;
    public final byte[] successor;

    SealStatus(SWIGTYPE_p_eseal_seal_status p) {
      state = EsealNative.eseal_seal_state_name(EsealNative.eseal_seal_status_state(p));
      esId = EsealNative.eseal_seal_status_es_id(p);
      sealHash = EsealNative.esb_seal_status_hash(p);
      registeredAt = EsealNative.eseal_seal_status_registered_at(p);
      registeredBy = EsealNative.eseal_seal_status_registered_by(p);
      changedAt = EsealNative.eseal_seal_status_changed_at(p);
      changedBy = EsealNative.eseal_seal_status_changed_by(p);
      reason = EsealNative.eseal_seal_status_reason(p);
      sequence = EsealNative.eseal_seal_status_sequence(p);
      freezeSequence = EsealNative.eseal_seal_status_freeze_sequence(p);
      finalAt = EsealNative.eseal_seal_status_final_at(p);
      notifyResult = EsealNative.eseal_seal_status_notify_result(p);
      byte[] before = EsealNative.esb_seal_status_predecessor(p);
      byte[] after = EsealNative.esb_seal_status_successor(p);
      predecessor = before == null || before.length == 0 ? null : before;
      successor = after == null || after.length == 0 ? null : after;
    }
  }

  private final Context ctx;
  private final String tenant;

  /** The registry of {@code tenant} (null: the default tenant). */
  public Registry(Context ctx, String tenant) {
    this.ctx = ctx;
    this.tenant = tenant;
  }

  public void register(Seal seal, String who, String why) {
    EsealException.checkCode(EsealNative.eseal_registry_register(ctx.ptr(), tenant, seal.ptr(), who, why));
  }

  /** Registers {@code seal} as the successor of the seal under its esID. */
  public void reissue(Seal seal, String who, String why) {
    EsealException.checkCode(EsealNative.eseal_registry_reissue(ctx.ptr(), tenant, seal.ptr(), who, why));
  }

  public void freeze(String esId, String who, String why) {
    EsealException.checkCode(EsealNative.eseal_registry_freeze(ctx.ptr(), tenant, esId, who, why));
  }

  /** Lifts a freeze on a supervisor's signed order. */
  public void unfreeze(byte[] order, String who) {
    EsealException.checkCode(EsealNative.esb_registry_unfreeze(ctx.ptr(), tenant, order, who));
  }

  public void cancel(String esId, String who, String why) {
    EsealException.checkCode(EsealNative.eseal_registry_cancel(ctx.ptr(), tenant, esId, who, why));
  }

  /**
   * Records the loss at once, then calls {@code notifier} (may be null) and
   * records its outcome; an exception it throws is recorded as a failure and
   * thrown again, wrapped in an EsealException unless it is one.
   */
  public void reportLost(String esId, String who, String why, LossNotifier notifier) {
    EsealException.checkCode(EsealNative.esb_registry_report_lost(ctx.ptr(), tenant, esId, who, why));
    if (notifier == null) {
      return;
    }
    SealStatus s = state(esId);
    try {
      notifier.notify(esId, s.sealHash, s.finalAt);
    } catch (Exception e) {
      int code = e instanceof EsealException ? ((EsealException) e).getCode() : EsealNativeConstants.ESEAL_ERROR;
      String message = String.valueOf(e.getMessage());
      EsealException.checkCode(EsealNative.eseal_registry_loss_notified(ctx.ptr(), tenant, esId, code,
          message.length() > 1000 ? message.substring(0, 1000) : message));
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      throw new IllegalStateException("notifying the loss failed", e);
    }
    EsealException.checkCode(EsealNative.eseal_registry_loss_notified(ctx.ptr(), tenant, esId, 0, null));
  }

  /** The state of the seal registered now under {@code esId}. */
  public SealStatus state(String esId) {
    SWIGTYPE_p_eseal_seal_status p = EsealException.check(EsealNative.esb_registry_state(ctx.ptr(), tenant, esId));
    try {
      return new SealStatus(p);
    } finally {
      EsealNative.eseal_seal_status_free(p);
    }
  }

  /** An unfreeze order for the current freeze of {@code esId}, signed by a supervisor's key. */
  public byte[] unfreezeOrder(String esId, Key key, Cert cert, String reason) {
    SealStatus s = state(esId);
    return EsealException.check(EsealNative.esb_unfreeze_order_sign(ctx.ptr(), tenant, esId, s.sealHash,
        s.freezeSequence, 0, reason, key.ptr(), cert.ptr()));
  }

  /**
   * Stamps through the registry: refused when the seal is frozen, lost,
   * cancelled or (unless {@code allowUnregistered}) not registered; the intent
   * and completion are logged with the operator, device and location
   * ({@code location} null, or latitude, longitude, accuracy in metres).
   */
  public Signature stamp(Seal seal, Key key, Cert cert, byte[] data, String operator, String device,
                         double[] location, String place, boolean allowUnregistered) {
    return stamp(seal, key, cert, data, operator, device, location, place, allowUnregistered, null);
  }

  /** The same, with a timestamp authority ({@code tsa} null: none), as {@link Eseal#stamp}. */
  public Signature stamp(Seal seal, Key key, Cert cert, byte[] data, String operator, String device,
                         double[] location, String place, boolean allowUnregistered, TsaOptions tsa) {
    boolean at = location != null;
    try (Data d = Data.ofBytes(data)) {
      return new Signature(EsealNative.esb_stamp_with_store(ctx.ptr(), seal.ptr(), key.ptr(), cert.ptr(),
          d.ptr(), 0, null, tenant, operator, device, at ? 1 : 0, at ? location[0] : 0, at ? location[1] : 0,
          at && location.length > 2 ? location[2] : 0, place, allowUnregistered ? 1 : 0,
          tsa == null ? null : tsa.url, tsa == null ? null : tsa.policy,
          tsa != null && tsa.allowPrivateTargets ? 1 : 0));
    } finally {
      deliverAlerts();
    }
  }

  /** After a call that stamped or logged a use, on its thread: the context's alert listener. */
  private void deliverAlerts() {
    try {
      Alert.deliver(ctx.alertListener());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  /** What {@link #logPhysicalUse} made of a report. */
  public static final class PhysicalOutcome {
    public final long sequence;
    /** 1 verified by the registered device, 0 absent, -1 does not verify. */
    public final int signature;
    public final boolean late;
    public final int alerts;
    public final boolean froze;

    private PhysicalOutcome(long sequence) {
      this.sequence = sequence;
      signature = EsealNative.esb_physical_last(0);
      late = EsealNative.esb_physical_last(1) != 0;
      alerts = EsealNative.esb_physical_last(2);
      froze = EsealNative.esb_physical_last(3) != 0;
    }
  }

  /** Registers a smart seal's certificate: reports signed with its key may freeze. */
  public void registerDevice(String device, Cert cert) {
    EsealException.checkCode(EsealNative.eseal_device_register(ctx.ptr(), tenant, device, cert.ptr()));
  }

  /**
   * Logs a physical use reported by {@code device} at {@code deviceTime}
   * (seconds since 1970), judged by the context's policy (doc/risk-control.md);
   * {@code location} = {latitude, longitude[, accuracy_m]} or null,
   * {@code force} in newtons or null, {@code signature} the device's or null.
   */
  public PhysicalOutcome logPhysicalUse(String esId, String device, String operator, long deviceTime,
                                        double[] location, String place, Double force, byte[] signature) {
    boolean at = location != null;
    try {
      long seq = EsealNative.esb_log_physical_use(ctx.ptr(), tenant, esId, device, operator, deviceTime,
          at ? 1 : 0, at ? location[0] : 0, at ? location[1] : 0, at && location.length > 2 ? location[2] : 0,
          place, force != null ? 1 : 0, force != null ? force : 0, signature);
      if (seq < 0) {
        EsealException.checkCode((int) seq);
      }
      return new PhysicalOutcome(seq);
    } finally {
      deliverAlerts();
    }
  }
}
