package org.eseal;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * A store, where the seal registry and the usage log keep their data:
 * {@link #openSqlite(String)} (one file, WAL, safe across threads and
 * processes), {@link #openPostgresql(String)} (one database shared by many
 * machines) or {@link #memory()}. Attach it with {@link Context#setStore}.
 * Closing a store that an open context still uses is refused: close or
 * detach the context first.
 */
public final class Store implements AutoCloseable {
  /** The tenant tools use when none is named. */
  public static final String DEFAULT_TENANT = "default";

  private SWIGTYPE_p_eseal_store pointer;
  private final Set<Context> users = Collections.newSetFromMap(new WeakHashMap<>());

  private Store(SWIGTYPE_p_eseal_store pointer) {
    this.pointer = EsealException.check(pointer);
  }

  /** Opens (creating if needed) the SQLite store in the file {@code path}, migrating an older schema. */
  public static Store openSqlite(String path) {
    return new Store(EsealNative.esb_store_open_sqlite(path));
  }

  /**
   * Opens the PostgreSQL store in the database a libpq connection string names
   * ({@code postgresql://...} or {@code key=value} pairs; TLS options pass to
   * libpq unchanged), creating or migrating its tables. Throws EsealException:
   * ESEAL_EINVAL for a string libpq cannot parse, ESEAL_EIO when the server
   * cannot be reached, ESEAL_EUNSUPPORTED without libpq. The password never
   * appears in error messages.
   */
  public static Store openPostgresql(String conninfo) {
    return new Store(EsealNative.esb_store_open_postgresql(conninfo));
  }

  /** A new empty store in memory, gone when closed. */
  public static Store memory() {
    return new Store(EsealNative.esb_store_open_memory());
  }

  /** Throws EsealException (ESEAL_EINVAL) unless {@code name} is 1-64 characters of [A-Za-z0-9._-]. */
  public static void checkTenantName(String name) {
    EsealException.checkCode(EsealNative.eseal_store_check_name(name));
  }

  /** The backend's name: "sqlite", "postgresql" or "memory". */
  public String backend() {
    return EsealNative.eseal_store_backend_name(ptr());
  }

  synchronized SWIGTYPE_p_eseal_store ptr() {
    if (pointer == null) {
      throw new IllegalStateException("Store is closed");
    }
    return pointer;
  }

  synchronized void attach(Context ctx) {
    users.add(ctx);
  }

  public synchronized boolean isClosed() {
    return pointer == null;
  }

  @Override
  public synchronized void close() {
    for (Context ctx : users) {
      if (!ctx.isClosed() && ctx.store() == this) {
        throw new IllegalStateException("the store is still set on an open context");
      }
    }
    SWIGTYPE_p_eseal_store p = pointer;
    pointer = null;
    if (p != null) {
      EsealNative.eseal_store_free(p);
    }
  }
}
