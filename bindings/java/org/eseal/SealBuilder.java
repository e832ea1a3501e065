package org.eseal;

import java.time.Instant;

/** The elements of a seal before the maker signs it. Setters chain. */
public final class SealBuilder extends NativeObject<SWIGTYPE_p_eseal_seal_builder> {
  public static final int ROUND = EsealNativeConstants.ESEAL_PICTURE_ROUND;
  public static final int RECTANGLE = EsealNativeConstants.ESEAL_PICTURE_RECTANGLE;
  public static final int OVAL = EsealNativeConstants.ESEAL_PICTURE_OVAL;
  public static final int SQUARE = EsealNativeConstants.ESEAL_PICTURE_SQUARE;

  public SealBuilder() {
    super(EsealNative.esb_builder_new(), EsealNative::eseal_seal_builder_free);
  }

  private SealBuilder set(int rc) {
    EsealException.checkCode(rc);
    return this;
  }

  /** 4 (GB/T 38540, the default) or 1 (GM/T 0031). */
  public SealBuilder format(int version) {
    return set(EsealNative.eseal_seal_builder_set_format(ptr(), version));
  }

  public SealBuilder vendor(String vendorId) {
    return set(EsealNative.eseal_seal_builder_set_vendor(ptr(), vendorId));
  }

  /** The filed physical seal's code. */
  public SealBuilder esid(String esid) {
    return set(EsealNative.eseal_seal_builder_set_esid(ptr(), esid));
  }

  public SealBuilder type(int type) {
    return set(EsealNative.eseal_seal_builder_set_type(ptr(), type));
  }

  public SealBuilder name(String name) {
    return set(EsealNative.eseal_seal_builder_set_name(ptr(), name));
  }

  /** 1: certificates (the default); 2: certificate digests. */
  public SealBuilder certListType(int type) {
    return set(EsealNative.eseal_seal_builder_set_cert_list_type(ptr(), type));
  }

  /** Adds a certificate allowed to stamp with the seal. */
  public SealBuilder signer(Cert cert) {
    return set(EsealNative.eseal_seal_builder_add_signer_cert(ptr(), cert.ptr()));
  }

  public SealBuilder dates(Instant created, Instant validFrom, Instant validTo) {
    return set(EsealNative.eseal_seal_builder_set_dates(ptr(), created.getEpochSecond(),
        validFrom.getEpochSecond(), validTo.getEpochSecond()));
  }

  /** A picture: type "PNG", "JPG", "GIF", "BMP", "SVG" or "OFD", size in mm. */
  public SealBuilder picture(String type, byte[] data, long widthMm, long heightMm) {
    return set(EsealNative.eseal_seal_builder_set_picture(ptr(), type, data, widthMm, heightMm));
  }

  /** Draws a round organisation seal from the name, esID and the signer's organisation. */
  public SealBuilder drawPicture() {
    return drawPicture(ROUND, 0, 0, 0, null);
  }

  public SealBuilder drawPicture(int shape, long diameterMm, long widthMm, long heightMm, String color) {
    return set(EsealNative.esb_builder_draw_picture(ptr(), shape, diameterMm, widthMm, heightMm, color));
  }

  /**
   * The physical seal's filing data (doc/filing.md): the public-security organ, its filing
   * number, the date (YYYY-MM-DD) and the organisation's unified social credit code. Malformed
   * data throws and leaves the builder as it was.
   */
  public SealBuilder filing(String authority, String number, String date, String creditCode) {
    return set(EsealNative.esb_builder_set_filing(ptr(), authority, number, date, creditCode));
  }

  public SealBuilder extension(String oid, boolean critical, byte[] value) {
    return set(EsealNative.eseal_seal_builder_add_extension(ptr(), oid, critical ? 1 : 0, value));
  }

  /** The maker signs: a new Seal. */
  public Seal build(Context ctx, Key makerKey, Cert makerCert) {
    return new Seal(EsealNative.esb_seal_build(ctx.ptr(), ptr(), makerKey.ptr(), makerCert.ptr()));
  }
}
