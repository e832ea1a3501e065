package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.Test;

/** Eseal.verifyOfd on the shared vectors: references, a later signature, selection, refusals. */
public class OfdVerifyTest {
  private static Path vector(String name) {
    String dir = System.getenv("ESEAL_VECTORS_DIR");
    assumeTrue("the shared vectors are absent", dir != null && Files.isDirectory(Paths.get(dir)));
    return Paths.get(dir, name);
  }

  @Test
  public void aTamperedPageFailsThroughItsReference() {
    try (Context ctx = new Context();
        OfdReport r = Eseal.verifyOfd(ctx, vector("koal_test-1_tampered.ofd").toString())) {
      assertEquals(Indication.TOTAL_FAILED, r.indication());
      assertEquals(SubIndication.HASH_FAILURE, r.subIndication());
      assertEquals(1, r.signatureCount());
      assertEquals("Seal", r.signatureType(0));
      assertEquals("Doc_0/Signs/Sign_0/Signature.xml", r.signaturePath(0));
      assertTrue(r.toJson(), r.toJson().contains("\"id\":\"ofd.reference\",\"status\":\"NOT_OK\""));
    }
  }

  @Test
  public void twoSealsFromBytesAndOneSelected() throws IOException {
    byte[] ofd = Files.readAllBytes(vector("ofdrw_h_two_seals.ofd"));
    try (Context ctx = new Context();
        OfdReport all = Eseal.verifyOfd(ctx, ofd);
        OfdReport one = Eseal.verifyOfd(ctx, ofd, "s007", new VerifyOptions())) {
      assertEquals(2, all.signatureCount());
      assertEquals(1, all.findSignature("s007"));
      assertTrue(all.toJson().contains("\"id\":\"ofd.modification\",\"status\":\"NOT_OK\""));
      assertEquals(1, one.signatureCount());
      assertEquals("s007", one.signatureId(0));
      assertEquals(-1, one.findSignature("s001"));
      assertTrue(one.toString().contains("=== Signature s007"));
      assertNull(all.passed() ? "passed" : null);
    }
  }

  @Test
  public void notAnOfdThrows() {
    try (Context ctx = new Context()) {
      EsealException e = assertThrows(EsealException.class,
          () -> Eseal.verifyOfd(ctx, new byte[] {'P', 'K', 3, 4, 0, 0}));
      assertEquals(EsealNativeConstants.ESEAL_EFORMAT, e.getCode());
    }
  }
}
