package org.eseal;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
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
  public void tenThousandStampsAndVerificationsKeepMemoryFlat() throws IOException {
    // meson runs this class interpreted on a fixed, pre-touched heap, so
    // that the JVM's own memory stays put and only a native leak can grow.
    // The C library's allocator settles within a few thousand iterations
    // (sooner without meson's MALLOC_PERTURB_); under AddressSanitizer, whose
    // quarantine cycles through its size classes, it takes longer, and a
    // warm-up of 4000 left RSS creeping by about 2 MiB more in one run of two.
    stampAndVerify(8000);
    System.gc();
    long before = residentKib();
    stampAndVerify(6000);
    System.gc();
    long grown = residentKib() - before;
    // A native leak of 350 bytes per iteration would show as 2 MiB.
    assertTrue("resident memory grew by " + grown + " KiB over the last 6000 iterations", grown < 2048);
  }
}
