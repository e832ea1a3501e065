package org.eseal;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.Test;

/**
 * The memory-flat loop: 10,000 stamps and verifications, alone in a JVM
 * (see bindings/java/meson.build for its options).
 */
public class MemoryTest extends TestFixture {
  private static long residentKib() throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new AssertionError("no VmRSS");
  }

  private void stampAndVerify(int n) {
    for (int i = 0; i < n; i++) {
      try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null);
          Report report = Eseal.verify(ctx, sig, DOCUMENT)) {
        assertTrue(report.passed());
      }
    }
  }

  @Test
  public void manyThousandStampsAndVerificationsKeepMemoryFlat() throws IOException {
    // meson runs this class interpreted on a fixed, pre-touched heap, so
    // that the JVM's own memory stays put and only a native leak can grow.
    // The C library's allocator settles within a few thousand iterations
    // (sooner without meson's MALLOC_PERTURB_); under AddressSanitizer, whose
    // quarantine cycles through its size classes, it takes longer.
    stampAndVerify(8000);
    // A leak grows in every window; a one-off step (the allocator or the JVM
    // taking a new region once, seen as 6 MiB in one CI run on a loaded
    // machine) grows in one. So the median of five windows is judged.
    long[] grown = new long[WINDOWS];
    for (int w = 0; w < WINDOWS; w++) {
      System.gc();
      long before = residentKib();
      stampAndVerify(WINDOW);
      System.gc();
      grown[w] = residentKib() - before;
    }
    long[] sorted = grown.clone();
    Arrays.sort(sorted);
    // A native leak of 300 bytes per iteration would show as 585 KiB a window.
    assertTrue("resident memory grew by " + Arrays.toString(grown) + " KiB in windows of "
            + WINDOW + " iterations",
        sorted[WINDOWS / 2] < 512);
  }

  private static final int WINDOWS = 5;
  private static final int WINDOW = 2000;
}
