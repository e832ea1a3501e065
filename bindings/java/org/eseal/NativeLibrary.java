package org.eseal;

/** Loads the JNI library once, with an error that says how to fix a miss. */
final class NativeLibrary {
  static final String NAME = "eseal_jni";
  private static boolean loaded;

  private NativeLibrary() {}

  static synchronized void load() {
    if (loaded) {
      return;
    }
    String explicit = System.getProperty("eseal.jni.path");
    try {
      if (explicit != null) {
        System.load(explicit);
      } else {
        System.loadLibrary(NAME);
      }
    } catch (UnsatisfiedLinkError e) {
      UnsatisfiedLinkError clear = new UnsatisfiedLinkError(
          "libeseal's JNI library could not be loaded ("
              + (explicit != null ? explicit : System.mapLibraryName(NAME) + " on java.library.path="
                  + System.getProperty("java.library.path"))
              + "): install libeseal with its Java binding and pass"
              + " -Djava.library.path=<folder of " + System.mapLibraryName(NAME) + ">"
              + " or -Deseal.jni.path=<file>. Cause: " + e.getMessage());
      clear.initCause(e);
      throw clear;
    }
    loaded = true;
  }
}
