package org.eseal;

/**
 * One risk-control alert, as handed to an {@link Alert.Listener}: the rule,
 * its level ("alert" or "freeze"), the seal, the usage-log sequences of the
 * use, of the alert record and of the freeze (0 when none), the time judged
 * and why.
 */
public final class Alert {
  /**
   * Called for each alert after the transaction that recorded it committed,
   * on the thread that stamped, when the stamping call returns; free to call
   * the library again. An exception it throws propagates from that call (the
   * stamp stays recorded).
   */
  public interface Listener {
    void onAlert(Alert alert) throws Exception;
  }

  public final String rule;
  public final String level;
  public final String tenant;
  public final String esId;
  public final long useSequence;
  public final long alertSequence;
  public final long freezeSequence;
  public final long time;
  public final String detail;

  private Alert() {
    int l = EsealNative.esb_alert_level();
    rule = EsealNative.esb_alert_rule();
    level = l == 3 ? "freeze" : l == 2 ? "alert" : "record";
    tenant = EsealNative.esb_alert_tenant();
    esId = EsealNative.esb_alert_es_id();
    useSequence = EsealNative.esb_alert_use_sequence();
    alertSequence = EsealNative.esb_alert_alert_sequence();
    freezeSequence = EsealNative.esb_alert_freeze_sequence();
    time = EsealNative.esb_alert_time();
    detail = EsealNative.esb_alert_detail();
  }

  /** Hands the alerts queued on this thread to {@code listener} (null: drops them). */
  static void deliver(Listener listener) throws Exception {
    if (listener == null) {
      EsealNative.esb_alert_clear();
      return;
    }
    while (EsealNative.esb_alert_next() == 1) {
      listener.onAlert(new Alert());
    }
  }
}
