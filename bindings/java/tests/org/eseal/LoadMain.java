package org.eseal;

/** Run in a child JVM: prints the version and where the JNI library came from, or the load error. */
public final class LoadMain {
  private LoadMain() {}

  public static void main(String[] args) {
    try {
      System.out.println(Eseal.version() + " from " + NativeLibrary.loadedFrom());
    } catch (UnsatisfiedLinkError e) {
      System.out.println(e.getMessage());
      System.exit(3);
    }
  }
}
