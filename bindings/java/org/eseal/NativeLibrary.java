package org.eseal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads the JNI library once: from -Deseal.jni.path when given, else from
 * java.library.path (an installed libeseal), else the copy the jar carries
 * under native/OS-ARCH/, extracted to a temporary file (the JVM can only load
 * a library from a file). -Deseal.jni.extract=false forbids the extraction,
 * for hosts whose temporary folder may not hold executable code.
 */
final class NativeLibrary {
  static final String NAME = "eseal_jni";
  private static String loadedFrom;

  private NativeLibrary() {}

  static synchronized void load() {
    if (loadedFrom != null) {
      return;
    }
    String explicit = System.getProperty("eseal.jni.path");
    if (explicit != null) {
      try {
        System.load(explicit);
      } catch (UnsatisfiedLinkError e) {
        throw failure(explicit, e);
      }
      loadedFrom = explicit;
      return;
    }
    try {
      System.loadLibrary(NAME);
      loadedFrom = "java.library.path";
      return;
    } catch (UnsatisfiedLinkError e) {
      if (!Boolean.parseBoolean(System.getProperty("eseal.jni.extract", "true"))) {
        throw failure(onLibraryPath() + "; the jar's copy is not used (-Deseal.jni.extract=false)", e);
      }
      loadedFrom = loadFromJar(e);
    }
  }

  /** Where the library came from: a path, or "java.library.path"; null before {@link #load()}. */
  static synchronized String loadedFrom() {
    return loadedFrom;
  }

  /** The folder name of this platform's copy in the jar: "linux-x86_64", "windows-x86_64", … */
  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      os = "windows";
    } else if (os.startsWith("mac") || os.startsWith("darwin")) {
      os = "darwin";
    } else {
      os = os.replaceAll("[^a-z0-9]", "");
    }
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      arch = "x86_64";
    } else if (arch.equals("arm64") || arch.equals("aarch64")) {
      arch = "aarch64";
    } else if (arch.matches("i[3-6]86|x86")) {
      arch = "x86";
    }
    return os + "-" + arch;
  }

  private static String loadFromJar(UnsatisfiedLinkError notInstalled) {
    String resource = "/native/" + platform() + "/" + System.mapLibraryName(NAME);
    InputStream copy = NativeLibrary.class.getResourceAsStream(resource);
    if (copy == null) {
      throw failure(onLibraryPath() + "; the jar has no " + resource.substring(1) + " for this platform",
          notInstalled);
    }
    Path file = null;
    try (InputStream in = copy) {
      file = Files.createTempFile("libeseal_jni", "-" + System.mapLibraryName(NAME));
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      System.load(file.toAbsolutePath().toString());
    } catch (IOException | UnsatisfiedLinkError e) {
      throw failure(onLibraryPath() + "; the jar's " + resource.substring(1) + " could not be loaded from "
          + (file != null ? file : "a temporary file in " + System.getProperty("java.io.tmpdir"))
          + " (set -Djava.io.tmpdir to a folder that may hold executable code)", e);
    } finally {
      // Once loaded the mapping stays; the file itself is not needed (on
      // Windows it cannot be deleted while loaded, so leave it to the exit).
      if (file != null && !file.toFile().delete()) {
        file.toFile().deleteOnExit();
      }
    }
    return file.toAbsolutePath().toString();
  }

  private static String onLibraryPath() {
    return System.mapLibraryName(NAME) + " is not on java.library.path=" + System.getProperty("java.library.path");
  }

  private static UnsatisfiedLinkError failure(String what, Throwable cause) {
    UnsatisfiedLinkError clear = new UnsatisfiedLinkError(
        "libeseal's JNI library could not be loaded (" + what + "): install libeseal with its Java binding and"
            + " pass -Djava.library.path=<folder of " + System.mapLibraryName(NAME) + ">"
            + " or -Deseal.jni.path=<file>. Cause: " + cause.getMessage());
    clear.initCause(cause);
    return clear;
  }
}
