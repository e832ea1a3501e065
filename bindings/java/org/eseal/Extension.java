package org.eseal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An extension (ExtData) of a seal or signature. */
public final class Extension {
  public final String oid;
  public final boolean critical;
  private final byte[] value;

  Extension(String oid, boolean critical, byte[] value) {
    this.oid = oid;
    this.critical = critical;
    this.value = value;
  }

  public byte[] value() {
    return value.clone();
  }

  /** Copies a borrowed extensions list (or null) while its owner is alive. */
  static List<Extension> copy(SWIGTYPE_p_eseal_extensions e) {
    List<Extension> out = new ArrayList<>();
    long count = e == null ? 0 : EsealNative.eseal_extensions_count(e);
    for (long i = 0; i < count; i++) {
      out.add(new Extension(EsealNative.eseal_extensions_oid(e, i), EsealNative.eseal_extensions_critical(e, i) != 0,
          EsealNative.esb_extension_value(e, i)));
    }
    return Collections.unmodifiableList(out);
  }
}
