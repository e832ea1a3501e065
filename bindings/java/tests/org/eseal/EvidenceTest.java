package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * Evidence.verify: the fuzz seed fuzz/corpus/bundle/verifies.cbor, signed by the fuzz
 * log signer whose certificate is in fuzz/tlog_fuzz_key.h (doc/fuzzing.md).
 */
public class EvidenceTest {
  private static final long FUZZ_CLOCK = 1798761600L;

  /** The source tree's fuzz folder, found upward from the working directory. */
  private static Path fuzzDir() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("fuzz/corpus/bundle/verifies.cbor"))) {
        return p.resolve("fuzz");
      }
    }
    return null;
  }

  private static Cert logSigner(Path fuzz) throws Exception {
    String header = new String(Files.readAllBytes(fuzz.resolve("tlog_fuzz_key.h")),
        StandardCharsets.UTF_8);
    StringBuilder pem = new StringBuilder();
    Matcher m = Pattern.compile("(?m)^\\s*\"([^\"]*)\\\\n\"$").matcher(header);
    while (m.find()) {
      pem.append(m.group(1)).append('\n');
    }
    return Cert.load(pem.toString().getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  public void genuineAndRefusedBundles() throws Exception {
    Path fuzz = fuzzDir();
    assumeNotNull("the source tree's fuzz corpus is not above the working directory", fuzz);
    byte[] bundle = Files.readAllBytes(fuzz.resolve("corpus/bundle/verifies.cbor"));
    try (Cert signer = logSigner(fuzz);
        Context ctx = new Context().addTrust(signer, "log-signer")) {
      ctx.setTime(java.time.Instant.ofEpochSecond(FUZZ_CLOCK));
      try (Evidence ev = Evidence.verify(ctx, bundle)) {
        assertTrue(ev.reason(), ev.ok());
        assertEquals(0, ev.error());
        assertEquals("example.org/eseal/tenant-a", ev.origin());
        assertEquals(13, ev.treeSize());
        assertEquals("SM3", ev.hashName());
        assertEquals(3, ev.recordCount());
        assertEquals(7, ev.recordSeq(1));
        assertTrue(ev.record(2).length > 0);
        try (Cert used = ev.logSigner()) {
          assertEquals(signer.subject(), used.subject());
        }
        assertEquals(1, ev.certs().size());
      }
      byte[] longer = java.util.Arrays.copyOf(bundle, bundle.length + 1);
      try (Evidence ev = Evidence.verify(ctx, longer)) {
        assertFalse(ev.ok());
        assertEquals(EsealNativeConstants.ESEAL_EFORMAT, ev.error());
        assertTrue(ev.reason(), ev.reason().startsWith("bundle"));
        assertNull(ev.logSigner());
      }
    }
  }
}
