package org.eseal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An electronic seal (SESeal). */
public final class Seal extends NativeObject<SWIGTYPE_p_eseal_seal> {
  Seal(SWIGTYPE_p_eseal_seal p) {
    super(p, EsealNative::eseal_seal_free);
  }

  /** A seal from DER bytes; {@code strict} refuses the tolerated quirks. */
  public static Seal parse(byte[] data, boolean strict) {
    return new Seal(EsealNative.esb_seal_parse(data, strict ? 1 : 0));
  }

  public static Seal parse(byte[] data) {
    return parse(data, false);
  }

  /** 1, 4 or 5: GM/T 0031-2014, GB/T 38540-2020, or V5. */
  public int format() {
    return EsealNative.eseal_seal_format(ptr());
  }

  /** The filed physical seal's code. */
  public String esid() {
    return EsealNative.eseal_seal_esid(ptr());
  }

  public String name() {
    return EsealNative.eseal_seal_name(ptr());
  }

  public long type() {
    return EsealNative.eseal_seal_type(ptr());
  }

  public String vendorId() {
    return EsealNative.eseal_seal_vendor_id(ptr());
  }

  public int certListType() {
    return EsealNative.eseal_seal_cert_list_type(ptr());
  }

  /** The certList entries: certificates (DER), digests or IDs. */
  public List<byte[]> certs() {
    List<byte[]> out = new ArrayList<>();
    long count = EsealNative.eseal_seal_cert_count(ptr());
    for (long i = 0; i < count; i++) {
      out.add(EsealNative.esb_seal_cert(ptr(), i));
    }
    return out;
  }

  public Instant created() {
    return Instant.ofEpochSecond(EsealNative.eseal_seal_date_utc(ptr(), EsealNativeConstants.ESEAL_SEAL_CREATE_DATE));
  }

  public Instant validFrom() {
    return Instant.ofEpochSecond(EsealNative.eseal_seal_date_utc(ptr(), EsealNativeConstants.ESEAL_SEAL_VALID_START));
  }

  public Instant validTo() {
    return Instant.ofEpochSecond(EsealNative.eseal_seal_date_utc(ptr(), EsealNativeConstants.ESEAL_SEAL_VALID_END));
  }

  public String pictureType() {
    return EsealNative.eseal_seal_picture_type(ptr());
  }

  public byte[] picture() {
    return EsealNative.esb_seal_picture(ptr());
  }

  /** The maker's certificate, DER. */
  public byte[] makerCert() {
    return EsealNative.esb_seal_maker_cert(ptr());
  }

  public String algorithm() {
    return EsealNative.eseal_seal_algorithm(ptr());
  }

  public List<ParseWarning> warnings() {
    return ParseWarning.copy(EsealNative.eseal_seal_warnings(ptr()));
  }

  public List<Extension> extensions() {
    return Extension.copy(EsealNative.eseal_seal_extensions(ptr()));
  }

  /** The bytes it was parsed from. */
  public byte[] bytes() {
    return EsealNative.esb_seal_bytes(ptr());
  }

  /** Encoded again in canonical DER. */
  public byte[] encode() {
    return EsealException.check(EsealNative.esb_seal_encode(ptr()));
  }

  /** Every field as JSON. */
  public String toJson() {
    return new String(EsealException.check(EsealNative.esb_seal_to_json(ptr())), StandardCharsets.UTF_8);
  }
}
