package org.eseal;

import java.time.Instant;

/**
 * A usage-log evidence bundle checked offline (doc/usage-log.md, "Evidence bundles").
 * Like {@link Eseal#verify}, a refused bundle is a result: see {@link #ok()} and
 * {@link #reason()}; an exception means the check could not run.
 */
public final class Evidence extends NativeObject<SWIGTYPE_p_eseal_evidence> {
  Evidence(SWIGTYPE_p_eseal_evidence p) {
    super(p, EsealNative::eseal_evidence_free);
  }

  /** Checks {@code bundle} against the anchors {@code ctx} trusts for the log-signer role. */
  public static Evidence verify(Context ctx, byte[] bundle) {
    return new Evidence(EsealNative.esb_evidence_verify(ctx.ptr(), bundle));
  }

  /** True when the checkpoint and every record's inclusion proof verified. */
  public boolean ok() {
    return EsealNative.eseal_evidence_ok(ptr()) != 0;
  }

  /** 0, or the ESEAL_E* code of the refusal. */
  public int error() {
    return EsealNative.eseal_evidence_error(ptr());
  }

  /** "" when ok, else the part refused and why. */
  public String reason() {
    return EsealNative.eseal_evidence_reason(ptr());
  }

  public String origin() {
    return EsealNative.eseal_evidence_origin(ptr());
  }

  public long treeSize() {
    return EsealNative.eseal_evidence_tree_size(ptr()).longValue();
  }

  public Instant time() {
    return Instant.ofEpochSecond(EsealNative.eseal_evidence_time(ptr()));
  }

  public String hashName() {
    return EsealNative.eseal_evidence_hash_name(ptr());
  }

  /** The certificate whose key signed the checkpoint, or null when not ok. */
  public Cert logSigner() {
    SWIGTYPE_p_eseal_cert c = EsealNative.esb_evidence_log_signer(ptr());
    return c == null ? null : new Cert(c);
  }

  public int recordCount() {
    return (int) EsealNative.eseal_evidence_record_count(ptr());
  }

  /** Record i's sequence number (its leaf index). */
  public long recordSeq(int i) {
    return EsealNative.eseal_evidence_record_seq(ptr(), i).longValue();
  }

  /** Record i's bytes as logged (canonical CBOR). */
  public byte[] record(int i) {
    return EsealNative.esb_evidence_record(ptr(), i);
  }

  /** The other certificates the bundle carries. */
  public java.util.List<Cert> certs() {
    java.util.List<Cert> out = new java.util.ArrayList<>();
    long n = EsealNative.eseal_evidence_cert_count(ptr());
    for (long i = 0; i < n; i++) {
      out.add(new Cert(EsealNative.esb_evidence_cert(ptr(), i)));
    }
    return out;
  }
}
