package org.eseal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A stamp (SES_Signature): a seal applied to data by a signer. */
public final class Signature extends NativeObject<SWIGTYPE_p_eseal_signature> {
  Signature(SWIGTYPE_p_eseal_signature p) {
    super(p, EsealNative::eseal_signature_free);
  }

  public static Signature parse(byte[] data, boolean strict) {
    return new Signature(EsealNative.esb_signature_parse(data, strict ? 1 : 0));
  }

  public static Signature parse(byte[] data) {
    return parse(data, false);
  }

  public int format() {
    return EsealNative.eseal_signature_format(ptr());
  }

  /** The embedded seal, as a Seal of its own (close it too). */
  public Seal seal() {
    return new Seal(EsealNative.esb_signature_seal(ptr()));
  }

  /** The signing time timeInfo claims, or null when it cannot be read. */
  public Instant time() {
    if (EsealNative.esb_signature_has_time(ptr()) == 0) {
      return null;
    }
    return Instant.ofEpochSecond(EsealNative.esb_signature_time(ptr()));
  }

  public String timeText() {
    return EsealNative.eseal_signature_time_text(ptr());
  }

  public byte[] dataHash() {
    return EsealNative.esb_signature_data_hash(ptr());
  }

  public String propertyInfo() {
    return EsealNative.eseal_signature_property_info(ptr());
  }

  /** The signer's certificate, DER. */
  public byte[] signerCert() {
    return EsealNative.esb_signature_signer_cert(ptr());
  }

  public String algorithm() {
    return EsealNative.eseal_signature_algorithm(ptr());
  }

  /** The timestamp token's bytes, or null. */
  public byte[] timestamp() {
    return EsealNative.esb_signature_timestamp(ptr());
  }

  public List<ParseWarning> warnings() {
    return ParseWarning.copy(EsealNative.eseal_signature_warnings(ptr()));
  }

  public List<Extension> extensions() {
    return Extension.copy(EsealNative.eseal_signature_extensions(ptr()));
  }

  public byte[] bytes() {
    return EsealNative.esb_signature_bytes(ptr());
  }

  public byte[] encode() {
    return EsealException.check(EsealNative.esb_signature_encode(ptr()));
  }

  public String toJson() {
    return new String(EsealException.check(EsealNative.esb_signature_to_json(ptr())), StandardCharsets.UTF_8);
  }
}
