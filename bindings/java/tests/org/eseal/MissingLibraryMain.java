package org.eseal;

/** Run in a child JVM without the JNI library: prints what the user would see. */
public final class MissingLibraryMain {
  private MissingLibraryMain() {}

  public static void main(String[] args) {
    try {
      System.out.println(Eseal.version());
    } catch (UnsatisfiedLinkError e) {
      System.out.println(e.getMessage());
      System.exit(3);
    }
  }
}
