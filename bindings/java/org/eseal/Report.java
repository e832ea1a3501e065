package org.eseal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of a verification: the main indication (TOTAL_PASSED,
 * TOTAL_FAILED, INDETERMINATE), the checks in order, the times and the
 * certificates used as evidence.
 */
public final class Report extends NativeObject<SWIGTYPE_p_eseal_report> {
  public static final int TIME_VALIDATION = EsealNativeConstants.ESEAL_TIME_VALIDATION;
  public static final int TIME_CLAIMED_SIGNING = EsealNativeConstants.ESEAL_TIME_CLAIMED_SIGNING;
  public static final int TIME_TIMESTAMP = EsealNativeConstants.ESEAL_TIME_TIMESTAMP;
  public static final int TIME_BEST_SIGNATURE = EsealNativeConstants.ESEAL_TIME_BEST_SIGNATURE;

  Report(SWIGTYPE_p_eseal_report p) {
    super(p, EsealNative::eseal_report_free);
  }

  /** What was verified: "signature" or "seal". */
  public String kind() {
    return EsealNative.eseal_kind_name(EsealNative.eseal_report_kind(ptr()));
  }

  public Indication indication() {
    return Indication.of(EsealNative.eseal_report_indication(ptr()));
  }

  /** Why it failed or is indeterminate; null when it passed. */
  public SubIndication subIndication() {
    return SubIndication.of(EsealNative.eseal_report_sub_indication(ptr()));
  }

  public boolean passed() {
    return EsealNative.eseal_report_indication(ptr()) == EsealNativeConstants.ESEAL_TOTAL_PASSED;
  }

  public List<Check> checks() {
    SWIGTYPE_p_eseal_report r = ptr();
    List<Check> out = new ArrayList<>();
    long count = EsealNative.eseal_report_check_count(r);
    for (long i = 0; i < count; i++) {
      out.add(new Check(EsealNative.eseal_report_check_id(r, i),
          CheckStatus.of(EsealNative.eseal_report_check_status(r, i)),
          Indication.of(EsealNative.eseal_report_check_indication(r, i)),
          SubIndication.of(EsealNative.eseal_report_check_sub_indication(r, i)),
          EsealNative.eseal_report_check_message(r, i)));
    }
    return Collections.unmodifiableList(out);
  }

  /** The check with {@code id}, or null. */
  public Check check(String id) {
    for (Check c : checks()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    return null;
  }

  /** One of the TIME_* times, or null when the report does not know it. */
  public Instant time(int which) {
    if (EsealNative.esb_report_has_time(ptr(), which) == 0) {
      return null;
    }
    return Instant.ofEpochSecond(EsealNative.esb_report_time(ptr(), which));
  }

  public long certCount() {
    return EsealNative.eseal_report_cert_count(ptr());
  }

  /** "maker", "maker-chain", "signer" or "signer-chain". */
  public String certRole(long i) {
    return EsealNative.eseal_report_cert_role(ptr(), i);
  }

  /** Certificate {@code i} of the evidence, as a Cert of its own (close it). */
  public Cert cert(long i) {
    return new Cert(EsealNative.esb_report_cert(ptr(), i));
  }

  /**
   * The CRLs, OCSP responses and timestamp tokens the checks used, so that a
   * later verification can run offline with them ({@link Context#loadValidationData}).
   */
  public List<ValidationData> validationData() {
    SWIGTYPE_p_eseal_report r = ptr();
    List<ValidationData> out = new ArrayList<>();
    long count = EsealNative.eseal_report_validation_count(r);
    for (long i = 0; i < count; i++) {
      out.add(new ValidationData(EsealNative.eseal_report_validation_kind(r, i),
          EsealNative.esb_report_validation_der(r, i), EsealNative.eseal_report_validation_about(r, i)));
    }
    return Collections.unmodifiableList(out);
  }

  public String toJson() {
    return new String(EsealException.check(EsealNative.esb_report_to_json(ptr())), StandardCharsets.UTF_8);
  }

  /** The report as text for people. */
  @Override
  public String toString() {
    if (isClosed()) {
      return "Report (closed)";
    }
    return new String(EsealException.check(EsealNative.esb_report_to_text(ptr())), StandardCharsets.UTF_8);
  }
}
