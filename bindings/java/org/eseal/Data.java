package org.eseal;

/** What a signature protects: bytes, a file read in pieces, or its hash. */
public final class Data extends NativeObject<SWIGTYPE_p_eseal_data> {
  private Data(SWIGTYPE_p_eseal_data p) {
    super(p, EsealNative::eseal_data_free);
  }

  public static Data ofBytes(byte[] data) {
    return new Data(EsealNative.esb_data_from_bytes(data));
  }

  public static Data ofFile(String path) {
    return new Data(EsealNative.esb_data_from_file(path));
  }

  /** A precomputed SM3 (or SHA-256) digest of the data. */
  public static Data ofHash(byte[] digest) {
    return new Data(EsealNative.esb_data_from_hash(digest));
  }
}
