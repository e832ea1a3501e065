package org.eseal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A tolerated quirk of the input: a stable id, where it was, and what. */
public final class ParseWarning {
  public final String id;
  public final String path;
  public final String message;

  ParseWarning(String id, String path, String message) {
    this.id = id;
    this.path = path;
    this.message = message;
  }

  /** Copies a borrowed warnings list while its owner is alive. */
  static List<ParseWarning> copy(SWIGTYPE_p_eseal_warnings w) {
    List<ParseWarning> out = new ArrayList<>();
    long count = EsealNative.eseal_warnings_count(w);
    for (long i = 0; i < count; i++) {
      out.add(new ParseWarning(EsealNative.eseal_warnings_id(w, i), EsealNative.eseal_warnings_path(w, i),
          EsealNative.eseal_warnings_message(w, i)));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    return id + " at " + path + ": " + message;
  }
}
