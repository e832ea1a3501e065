package org.eseal;

import java.nio.charset.StandardCharsets;

/**
 * The verdict on a whole OFD document (doc/ofd.md): its indication, and per
 * signature its ID, Type and Signature.xml path. {@link #toJson()} holds
 * every check, of the document and of each signature.
 */
public final class OfdReport extends NativeObject<SWIGTYPE_p_eseal_ofd_report> {
  OfdReport(SWIGTYPE_p_eseal_ofd_report p) {
    super(p, EsealNative::eseal_ofd_report_free);
  }

  public Indication indication() {
    return Indication.of(EsealNative.eseal_ofd_report_indication(ptr()));
  }

  /** Why it failed or is indeterminate; null when it passed. */
  public SubIndication subIndication() {
    return SubIndication.of(EsealNative.eseal_ofd_report_sub_indication(ptr()));
  }

  public boolean passed() {
    return EsealNative.eseal_ofd_report_indication(ptr()) == EsealNativeConstants.ESEAL_TOTAL_PASSED;
  }

  public int signatureCount() {
    return (int) EsealNative.eseal_ofd_report_signature_count(ptr());
  }

  /** Signatures.xml's ID of signature {@code i}. */
  public String signatureId(int i) {
    return EsealNative.eseal_ofd_report_signature_id(ptr(), i);
  }

  /** "Seal" or "Sign" (as written). */
  public String signatureType(int i) {
    return EsealNative.eseal_ofd_report_signature_type(ptr(), i);
  }

  /** The path of its Signature.xml in the package. */
  public String signaturePath(int i) {
    return EsealNative.eseal_ofd_report_signature_path(ptr(), i);
  }

  /** The index of the signature with {@code id}, or -1. */
  public int findSignature(String id) {
    return EsealNative.eseal_ofd_report_find_signature(ptr(), id);
  }

  public String toJson() {
    return new String(EsealException.check(EsealNative.esb_ofd_report_to_json(ptr())), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return new String(EsealException.check(EsealNative.esb_ofd_report_to_text(ptr())), StandardCharsets.UTF_8);
  }
}
