package org.eseal;

/**
 * Stamping OFD documents: a seal signature (Type="Seal") added to a package,
 * as eseal_ofd_stamp() in include/eseal/ofd.h and doc/ofd.md describe.
 *
 * <pre>
 * byte[] out = OfdStamp.stamp(ctx, seal, key, cert, ofd, OfdStamp.atKeyword("盖章处"));
 * </pre>
 */
public final class OfdStamp {
  private OfdStamp() {}

  /** Where the appearance goes, its size, and whether Signatures.xml is covered. */
  public static final class Options {
    int placement = 1;
    long page = 1;
    long lastPage;
    double xMm;
    double yMm;
    double widthMm;
    double heightMm;
    String keyword;
    boolean allOccurrences;
    boolean coverSignatures;
    TsaOptions tsa;

    private Options() {}

    /** The appearance's size in mm (default: the seal picture's). */
    public Options size(double widthMm, double heightMm) {
      this.widthMm = widthMm;
      this.heightMm = heightMm;
      return this;
    }

    /** Also cover Signatures.xml: no signature can be added afterwards. */
    public Options coverSignatures() {
      this.coverSignatures = true;
      return this;
    }

    /** Timestamps the signature value at this authority, as stamping does (doc/timestamps.md). */
    public Options timestamp(TsaOptions tsa) {
      this.tsa = tsa;
      return this;
    }
  }

  /** On page {@code page} (1 = first), top-left corner at (x, y) mm. */
  public static Options at(int page, double xMm, double yMm) {
    Options o = new Options();
    o.page = page;
    o.xMm = xMm;
    o.yMm = yMm;
    return o;
  }

  /** Centred on the first occurrence of {@code keyword} in the pages' text. */
  public static Options atKeyword(String keyword) {
    Options o = new Options();
    o.placement = 2;
    o.keyword = keyword;
    return o;
  }

  /** Centred on every occurrence of {@code keyword} (one signature, one annotation each). */
  public static Options atEveryKeyword(String keyword) {
    Options o = atKeyword(keyword);
    o.allOccurrences = true;
    return o;
  }

  /** A cross-page seal over pages first..last (0, 0: all pages), its top at y mm (0: centred). */
  public static Options crossPage(int first, int last, double yMm) {
    Options o = new Options();
    o.placement = 3;
    o.page = first;
    o.lastPage = last;
    o.yMm = yMm;
    return o;
  }

  /** The stamped package; {@code ofd} is not changed. */
  public static byte[] stamp(Context ctx, Seal seal, Key key, Cert cert, byte[] ofd, Options o) {
    return EsealException.check(EsealNative.esb_ofd_stamp_bytes(ctx.ptr(), ofd, seal.ptr(), key.ptr(),
        cert.ptr(), o.placement, o.page, o.lastPage, o.xMm, o.yMm, o.widthMm, o.heightMm, o.keyword,
        o.allOccurrences ? 1 : 0, o.coverSignatures ? 1 : 0, tsaUrl(o), tsaPolicy(o),
        tsaPrivate(o)));
  }

  private static String tsaUrl(Options o) {
    return o.tsa == null ? null : o.tsa.url;
  }

  private static String tsaPolicy(Options o) {
    return o.tsa == null ? null : o.tsa.policy;
  }

  private static int tsaPrivate(Options o) {
    return o.tsa != null && o.tsa.allowPrivateTargets ? 1 : 0;
  }

  /**
   * Stamps the file {@code inPath} into {@code outPath} (which may be the
   * same), atomically: on any failure nothing is written.
   */
  public static void stamp(Context ctx, Seal seal, Key key, Cert cert, String inPath, String outPath,
      Options o) {
    EsealException.checkCode(EsealNative.esb_ofd_stamp(outPath, ctx.ptr(), inPath, seal.ptr(), key.ptr(),
        cert.ptr(), o.placement, o.page, o.lastPage, o.xMm, o.yMm, o.widthMm, o.heightMm, o.keyword,
        o.allOccurrences ? 1 : 0, o.coverSignatures ? 1 : 0, tsaUrl(o), tsaPolicy(o),
        tsaPrivate(o)));
  }
}
