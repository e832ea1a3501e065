package org.eseal;

import java.util.function.Consumer;

/**
 * Owns one native object, freed by {@link #close()} exactly once; use
 * try-with-resources. There is deliberately no finalizer or Cleaner: one
 * could free the object while a native call still reads it. No object
 * borrows from another, so they may be closed in any order.
 */
abstract class NativeObject<P> implements AutoCloseable {
  private P pointer;
  private final Consumer<P> free;

  NativeObject(P pointer, Consumer<P> free) {
    this.pointer = EsealException.check(pointer);
    this.free = free;
  }

  /** The native pointer; throws when closed. */
  final synchronized P ptr() {
    if (pointer == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " is closed");
    }
    return pointer;
  }

  public final synchronized boolean isClosed() {
    return pointer == null;
  }

  @Override
  public final synchronized void close() {
    P p = pointer;
    pointer = null;
    if (p != null) {
      free.accept(p);
    }
  }
}
