package org.eseal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Settings shared by making, stamping and verifying: clock, trust anchors with
 * their roles, SM2 ID, and the revocation policy and sources.
 */
public final class Context extends NativeObject<SWIGTYPE_p_eseal_ctx> {
  public Context() {
    super(EsealNative.esb_ctx_new(), EsealNative::eseal_ctx_free);
  }

  /**
   * Trusts the certificates at a path (a PEM bundle, a DER file or a folder)
   * for {@code roles}: names such as "seal-maker", "signer-ca" or "all". With
   * no role, the default roles (seal maker, signer CA, timestamp authority,
   * revocation responder). Adding a certificate again adds its roles.
   */
  public Context addTrust(String path, String... roles) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_trust_path_roles(ptr(), path, roleBits(roles)));
    return this;
  }

  /** Trusts one certificate for {@code roles}, as {@link #addTrust(String, String...)}. */
  public Context addTrust(Cert cert, String... roles) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_trust_cert_roles(ptr(), cert.ptr(), roleBits(roles)));
    return this;
  }

  /**
   * Loads a trust list file: all of it or, on any error, nothing. With an
   * {@code operator} its signature must verify with that certificate
   * (ESEAL_ECRYPTO otherwise; ESEAL_EEXPIRED past its next update); with
   * null the list is accepted unsigned and {@link #trustNotes()} says so.
   */
  public Context loadTrustList(String path, Cert operator) {
    EsealException.checkCode(EsealNative.eseal_ctx_load_trust_list_file(ptr(), path, operatorPtr(operator)));
    return this;
  }

  /** Loads a trust list from its bytes, as {@link #loadTrustList(String, Cert)}. */
  public Context loadTrustList(byte[] list, Cert operator) {
    EsealException.checkCode(EsealNative.eseal_ctx_load_trust_list(ptr(), list, operatorPtr(operator)));
    return this;
  }

  /** Certificates that may complete chains, without being trusted. */
  public Context addIntermediates(String path) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_intermediate_path(ptr(), path));
    return this;
  }

  /** One certificate that may complete chains, without being trusted. */
  public Context addIntermediate(Cert cert) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_intermediate_cert(ptr(), cert.ptr()));
    return this;
  }

  /**
   * Sets the revocation policy (doc/revocation.md). Once set (or once a CRL or
   * OCSP response is added), stamping refuses a revoked signer chain with
   * ESEAL_EREVOKED and an unknown status with ESEAL_ESTATUS, whatever the
   * soft-fail setting, which concerns verification.
   */
  public Context setRevocation(RevocationConfig cfg) {
    EsealException.checkCode(EsealNative.esb_ctx_set_revocation(ptr(), cfg.mode, cfg.softFail, cfg.crlFirst,
        cfg.allowPrivateTargets ? 1 : 0, cfg.timeoutMs, cfg.maxResponseBytes, cfg.ocspNonce ? 1 : 0, cfg.ocspUrl,
        cfg.ocspMaxAge));
    return this;
  }

  /** Adds CRLs (DER, or PEM with one or more blocks) as an offline source; they are checked when used. */
  public Context addCrl(byte[] crl) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_crl(ptr(), crl));
    return this;
  }

  public Context addCrlFile(String path) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_crl_file(ptr(), path));
    return this;
  }

  /** Adds a DER OCSPResponse as an offline source. */
  public Context addOcspResponse(byte[] response) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_ocsp_response(ptr(), response));
    return this;
  }

  public Context addOcspResponseFile(String path) {
    EsealException.checkCode(EsealNative.eseal_ctx_add_ocsp_response_file(ptr(), path));
    return this;
  }

  /**
   * Loads the CRLs, OCSP responses and certificates (as intermediates, never
   * anchors) of an earlier report's JSON ({@link Report#toJson()}, or an OFD
   * report's), all or nothing, and returns the report's validation time, at
   * which the verification can be re-run.
   */
  public Instant loadValidationData(byte[] reportJson) {
    long seconds = EsealNative.esb_ctx_load_validation_data(ptr(), reportJson);
    if (EsealNative.esb_error_code() != 0) {
      throw EsealException.last();
    }
    return Instant.ofEpochSecond(seconds);
  }

  public Instant loadValidationData(String reportJson) {
    return loadValidationData(reportJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The revocation counters since the context was made. */
  public RevocationStats revocationStats() {
    SWIGTYPE_p_eseal_ctx c = ptr();
    long[] n = new long[4];
    for (int i = 0; i < n.length; i++) {
      n[i] = EsealNative.esb_ctx_revocation_stat(c, i);
      if (n[i] < 0) {
        throw EsealException.last();
      }
    }
    return new RevocationStats(n[0], n[1], n[2], n[3]);
  }

  /**
   * The counters of one cache: "certs" (parsed certificates), "chains" (chains
   * built to the anchors), "seals" (maker signature checks) or "digests" (SM3
   * states after the seal that starts a stamp's signed bytes); see
   * doc/performance.md. A cache never changes a report.
   */
  public CacheStats cacheStats(String cache) {
    int kind;
    if ("certs".equals(cache)) {
      kind = EsealNativeConstants.ESEAL_CACHE_CERTS;
    } else if ("chains".equals(cache)) {
      kind = EsealNativeConstants.ESEAL_CACHE_CHAINS;
    } else if ("seals".equals(cache)) {
      kind = EsealNativeConstants.ESEAL_CACHE_SEALS;
    } else if ("digests".equals(cache)) {
      kind = EsealNativeConstants.ESEAL_CACHE_DIGESTS;
    } else {
      throw new IllegalArgumentException(
          "unknown cache " + cache + ": certs, chains, seals or digests");
    }
    long[] n = new long[3];
    for (int i = 0; i < n.length; i++) {
      n[i] = EsealNative.esb_ctx_cache_stat(ptr(), kind, i);
      if (n[i] < 0) {
        throw EsealException.last();
      }
    }
    return new CacheStats(n[0], n[1], n[2]);
  }

  /**
   * Turns the caches on (the default) or off; off also empties them. Set it
   * before sharing the context between threads.
   */
  public Context setCaches(boolean enabled) {
    EsealException.checkCode(EsealNative.eseal_ctx_set_caches(ptr(), enabled ? 1 : 0));
    return this;
  }

  /** Accepts seals and signatures carrying this critical extension (a dotted OID), whose meaning you checked. */
  public Context acceptCriticalExtension(String oid) {
    EsealException.checkCode(EsealNative.eseal_ctx_accept_critical_extension(ptr(), oid));
    return this;
  }

  public long trustCount() {
    return EsealNative.eseal_ctx_trust_count(ptr());
  }

  /** The number of anchors trusted for every one of {@code roles}. */
  public long trustCount(String... roles) {
    return EsealNative.eseal_ctx_trust_count_roles(ptr(), roleBits(roles));
  }

  /**
   * Notes about the trust configuration, in the order they arose: files
   * skipped in a folder, unknown roles, a trust list accepted unsigned.
   */
  public List<String> trustNotes() {
    SWIGTYPE_p_eseal_ctx c = ptr();
    List<String> notes = new ArrayList<>();
    long count = EsealNative.eseal_ctx_trust_note_count(c);
    for (long i = 0; i < count; i++) {
      notes.add(EsealNative.eseal_ctx_trust_note(c, i));
    }
    return Collections.unmodifiableList(notes);
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

  /**
   * Chooses the code that verifies SM2 signatures of seals and stamps:
   * "builtin" (the default, several times faster) or "openssl" (for
   * comparison or as a fallback; the answers are the same).
   */
  public Context setSm2Verifier(String which) {
    int code;
    if ("builtin".equals(which)) {
      code = EsealNativeConstants.ESEAL_SM2_VERIFIER_BUILTIN;
    } else if ("openssl".equals(which)) {
      code = EsealNativeConstants.ESEAL_SM2_VERIFIER_OPENSSL;
    } else {
      throw new IllegalArgumentException("unknown SM2 verifier " + which + ": builtin or openssl");
    }
    EsealException.checkCode(EsealNative.eseal_ctx_set_sm2_verifier(ptr(), code));
    return this;
  }

  /** The SM2 verifier in use: "builtin" or "openssl". */
  public String sm2Verifier() {
    return EsealNative.eseal_ctx_sm2_verifier(ptr()) == EsealNativeConstants.ESEAL_SM2_VERIFIER_OPENSSL
        ? "openssl" : "builtin";
  }

  private volatile Store store;

  /**
   * Uses {@code store} (null detaches) for the seal registry and the usage
   * log. The context keeps the store reachable while it is set, and the store
   * refuses to close meanwhile.
   */
  public Context setStore(Store store) {
    // No lock of the context is held while the store's is taken (Store.close()
    // takes them the other way round), and the store counts as in use before
    // the native context points at it.
    Store previous = this.store;
    if (store != null) {
      store.attach(this);
    }
    this.store = store;
    try {
      EsealException.checkCode(EsealNative.eseal_ctx_set_store(ptr(), store == null ? null : store.ptr()));
    } catch (RuntimeException e) {
      this.store = previous;
      throw e;
    }
    return this;
  }

  private Policy policy;
  private Alert.Listener alertListener;

  /**
   * Judges every stamping through this context's store by {@code policy}
   * (null: none), handing alerts to {@code listener} (may be null). The
   * context keeps the policy until another is set; do not close it before.
   */
  public synchronized Context setPolicy(Policy policy, Alert.Listener listener) {
    EsealException.checkCode(EsealNative.eseal_ctx_set_policy(ptr(), policy == null ? null : policy.ptr()));
    EsealException.checkCode(EsealNative.esb_ctx_queue_alerts(ptr(), listener == null ? 0 : 1));
    this.policy = policy;
    this.alertListener = listener;
    return this;
  }

  synchronized Alert.Listener alertListener() {
    return alertListener;
  }

  /** The store set with {@link #setStore}, or null. */
  public Store store() {
    return store;
  }

  /** The bit set of role names; no names: the default roles. */
  static long roleBits(String... roles) {
    if (roles.length == 0) {
      return EsealNativeConstants.ESEAL_ROLES_DEFAULT;
    }
    return EsealException.checkCode(EsealNative.esb_trust_roles_parse(String.join(",", roles)));
  }

  private static SWIGTYPE_p_eseal_cert operatorPtr(Cert operator) {
    return operator == null ? null : operator.ptr();
  }
}
