package org.eseal;

import java.time.Instant;

/** Settings shared by making, stamping and verifying: clock, trust, SM2 ID. */
public final class Context extends NativeObject<SWIGTYPE_p_eseal_ctx> {
  public Context() {
    super(EsealNative.esb_ctx_new(), EsealNative::eseal_ctx_free);
  }

  /** Trusts the certificates at a path: a PEM bundle, a DER file or a folder. */
  public Context addTrust(String path) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_trust_path(ptr(), path));
    return this;
  }

  public Context addTrust(Cert cert) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_trust_cert(ptr(), cert.ptr()));
    return this;
  }

  /** Certificates that may complete chains, without being trusted. */
  public Context addIntermediates(String path) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_intermediate_path(ptr(), path));
    return this;
  }

  public long trustCount() {
    return EsealNative.eseal_ctx_trust_count(ptr());
  }

  /** Fixes the clock at {@code when} instead of the system's. */
  public Context setTime(Instant when) {
    EsealException.checkCode(EsealNative.eseal_ctx_set_fixed_time(ptr(), when.getEpochSecond()));
    return this;
  }

  public Instant now() {
    return Instant.ofEpochSecond(EsealNative.eseal_ctx_now(ptr()));
  }

  /** The SM2 signer ID used for seal and signature values. */
  public Context setSm2Id(byte[] id) {
    EsealException.checkCode(EsealNative.eseal_ctx_set_sm2_id(ptr(), id));
    return this;
  }
}
