package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.Test;

/**
 * The JNI library the jar carries: run from a plain `java -cp eseal.jar:…`
 * without -Djava.library.path (see meson.build), the library loads from the
 * jar; child JVMs show what a jar without a usable copy, an installed
 * library and a forbidden extraction do.
 */
public class EmbeddedLibraryTest {
  private static final String ENTRY = "native/" + NativeLibrary.platform() + "/"
      + System.mapLibraryName(NativeLibrary.NAME);

  private static boolean installedOnLibraryPath() {
    for (String dir : System.getProperty("java.library.path").split(File.pathSeparator)) {
      if (Files.exists(Paths.get(dir, System.mapLibraryName(NativeLibrary.NAME)))) {
        return true;
      }
    }
    return false;
  }

  private static Path esealJar() throws Exception {
    return Paths.get(NativeLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** A copy of eseal.jar whose native entry is {@code replacement} (null: left out). */
  private static Path jarWithNative(byte[] replacement) throws Exception {
    Path copy = Files.createTempFile("eseal-test", ".jar");
    try (JarFile in = new JarFile(esealJar().toFile());
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy), in.getManifest())) {
      for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements();) {
        JarEntry entry = e.nextElement();
        if (entry.getName().startsWith("META-INF/") || entry.getName().startsWith("native/")) {
          continue;
        }
        out.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream data = in.getInputStream(entry)) {
          copy(data, out);
        }
      }
      if (replacement != null) {
        out.putNextEntry(new JarEntry(ENTRY));
        out.write(replacement);
      }
    }
    return copy;
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0;) {
      out.write(buf, 0, n);
    }
  }

  /** Runs LoadMain in a child JVM with eseal.jar replaced by {@code jar}; its exit code and output. */
  private static String[] runChild(Path jar, String... options) throws Exception {
    List<String> classPath = new ArrayList<>();
    String original = esealJar().toString();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(Paths.get(entry).toAbsolutePath().toString().equals(original) ? jar.toString() : entry);
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : options) {
      command.add(option);
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath));
    command.add("org.eseal.LoadMain");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new String[] {Integer.toString(p.waitFor()), output};
  }

  @Test
  public void theJarCarriesThisPlatformsLibrary() throws Exception {
    try (JarFile jar = new JarFile(esealJar().toFile())) {
      assertNotNull(ENTRY, jar.getEntry(ENTRY));
    }
  }

  @Test
  public void withoutAnInstalledLibraryTheJarsCopyLoads() {
    assumeFalse("libeseal_jni is installed on java.library.path", installedOnLibraryPath());
    assertFalse(Eseal.version().isEmpty());
    String from = NativeLibrary.loadedFrom();
    assertNotEquals("java.library.path", from);
    Path extracted = Paths.get(from);
    assertTrue(from, extracted.startsWith(Paths.get(System.getProperty("java.io.tmpdir"))));
    // Loaded, then deleted: nothing is left behind in the temporary folder.
    assertFalse(from, Files.exists(extracted));
  }

  @Test
  public void anInstalledLibraryIsPreferred() throws Exception {
    String dir = System.getProperty("eseal.test.jni.dir");
    assumeFalse("eseal.test.jni.dir is not set", dir == null);
    String[] r = runChild(esealJar(), "-Djava.library.path=" + dir);
    assertEquals(r[1], "0", r[0]);
    assertTrue(r[1], r[1].trim().endsWith(" from java.library.path"));
  }

  @Test
  public void aJarWithoutThisPlatformsCopySaysSo() throws Exception {
    Path jar = jarWithNative(null);
    try {
      String[] r = runChild(jar, "-Djava.library.path=/nonexistent");
      assertEquals(r[1], "3", r[0]);
      assertTrue(r[1], r[1].contains("the jar has no " + ENTRY + " for this platform"));
    } finally {
      Files.delete(jar);
    }
  }

  @Test
  public void aCopyThatWillNotLoadSaysWhy() throws Exception {
    Path jar = jarWithNative("not a shared library".getBytes(StandardCharsets.UTF_8));
    try {
      String[] r = runChild(jar, "-Djava.library.path=/nonexistent");
      assertEquals(r[1], "3", r[0]);
      assertTrue(r[1], r[1].contains("the jar's " + ENTRY + " could not be loaded from"));
      assertTrue(r[1], r[1].contains("-Djava.io.tmpdir"));
    } finally {
      Files.delete(jar);
    }
  }

  @Test
  public void extractionCanBeForbidden() throws Exception {
    String[] r = runChild(esealJar(), "-Djava.library.path=/nonexistent", "-Deseal.jni.extract=false");
    assertEquals(r[1], "3", r[0]);
    assertTrue(r[1], r[1].contains("the jar's copy is not used (-Deseal.jni.extract=false)"));
  }
}
