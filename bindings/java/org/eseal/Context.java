package org.eseal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Settings shared by making, stamping and verifying: clock, trust anchors with their roles, SM2 ID. */
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
