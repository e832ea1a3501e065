package org.eseal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** Make, stamp, verify, errors and lifetimes, through org.eseal. */
public class EsealTest extends TestFixture {
  private static void assertCode(int code, Runnable call) {
    EsealException e = assertThrows(EsealException.class, call::run);
    assertEquals(e.getMessage(), code, e.getCode());
    assertFalse(e.getMessage().isEmpty());
  }

  @Test
  public void makeStampVerifyAndReadTheReport() {
    assertEquals(4, seal.format());
    assertEquals("合同专用章", seal.name());
    assertEquals("SVG", seal.pictureType());
    assertArrayEquals(signerCert.der(), seal.certs().get(0));
    try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, "/Doc_0/Signs/Sign_0/Signature.xml");
        Report report = Eseal.verify(ctx, sig, DOCUMENT)) {
      assertEquals("/Doc_0/Signs/Sign_0/Signature.xml", sig.propertyInfo());
      assertEquals(32, sig.dataHash().length);
      assertNotNull(sig.time());
      assertTrue(report.toString(), report.passed());
      assertEquals("TOTAL_PASSED", report.indication());
      assertNull(report.subIndication());
      assertEquals("format", report.checks().get(0).id);
      assertEquals("OK", report.check("data.hash").status);
      assertNotNull(report.time(Report.TIME_VALIDATION));
      assertNull(report.time(Report.TIME_TIMESTAMP));
      assertEquals(4, report.certCount());
      assertEquals("maker", report.certRole(0));
      try (Cert maker = report.cert(0)) {
        assertArrayEquals(makerCert.der(), maker.der());
      }
      assertTrue(report.toJson().contains("\"TOTAL_PASSED\""));
    }
  }

  @Test
  public void tamperedDataAndGarbage() {
    try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null);
        Report report = Eseal.verify(ctx, sig, "other".getBytes(StandardCharsets.UTF_8));
        Report garbage = Eseal.verifyBytes(ctx, new byte[] {0x30, 0x03}, DOCUMENT)) {
      assertEquals("TOTAL_FAILED", report.indication());
      assertEquals("HASH_FAILURE", report.subIndication());
      assertEquals("NOT_OK", report.check("data.hash").status);
      assertEquals("FORMAT_FAILURE", garbage.subIndication());
    }
  }

  @Test
  public void bytesRoundTripAndHashData() {
    try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null);
        Signature again = Signature.parse(sig.bytes());
        Data hash = Data.ofHash(sig.dataHash());
        Report report = Eseal.verify(ctx, again, hash, 0);
        Report sealAlone = Eseal.verify(ctx, seal, 0)) {
      assertArrayEquals(sig.bytes(), again.encode());
      assertTrue(again.toJson().contains("3301060000001"));
      assertTrue(report.passed());
      assertTrue(sealAlone.passed());
    }
  }

  @Test
  public void versionOneSealWithPicture() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3, 4};
    Instant now = ctx.now();
    try (SealBuilder b = new SealBuilder().format(1).esid("3301060000002").name("财务专用章").type(2)
        .signer(signerCert).dates(now, now.minusSeconds(60), now.plus(Duration.ofDays(30)))
        .picture("PNG", png, 40, 40).extension("1.2.3.4", false, new byte[] {5, 0});
        Seal v1 = b.build(ctx, makerKey, makerCert);
        Signature sig = Eseal.stamp(ctx, v1, signerKey, signerCert, DOCUMENT, null);
        Report report = Eseal.verify(ctx, sig, DOCUMENT)) {
      assertEquals(1, v1.format());
      assertArrayEquals(png, v1.picture());
      assertEquals("1.2.3.4", v1.extensions().get(0).oid);
      assertEquals(1, sig.format());
      assertTrue(report.toString(), report.passed());
    }
  }

  @Test
  public void everyRefusalCarriesItsCode() throws Exception {
    assertCode(EsealNativeConstants.ESEAL_EFORMAT, () -> Seal.parse(new byte[] {4, 0}));
    assertCode(EsealNativeConstants.ESEAL_ENOTBOUND,
        () -> Eseal.stamp(ctx, seal, makerKey, makerCert, DOCUMENT, null));
    assertCode(EsealNativeConstants.ESEAL_ECRYPTO,
        () -> Eseal.stamp(ctx, seal, makerKey, signerCert, DOCUMENT, null));
    byte[] tampered = seal.bytes();
    tampered[tampered.length - 5] ^= 1;
    try (Seal bad = Seal.parse(tampered)) {
      assertCode(EsealNativeConstants.ESEAL_EBADSEAL, () -> Eseal.stamp(ctx, bad, signerKey, signerCert, DOCUMENT, null));
    }
    try (Seal longSeal = makeSeal(Duration.ofDays(3650))) {
      Instant now = ctx.now();
      ctx.setTime(now.plus(Duration.ofDays(400)));
      assertCode(EsealNativeConstants.ESEAL_ESEALTIME,
          () -> Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null));
      ctx.setTime(now.plus(Duration.ofDays(3000)));
      assertCode(EsealNativeConstants.ESEAL_ECERT,
          () -> Eseal.stamp(ctx, longSeal, signerKey, signerCert, DOCUMENT, null));
    }
    assertCode(EsealNativeConstants.ESEAL_EINVAL, () -> new Context().setSm2Id(new byte[0]));
    assertCode(EsealNativeConstants.ESEAL_EIO, () -> Cert.fromFile(pki.resolve("absent.crt").toString()));
    Process p = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in",
        pki.resolve("signer.key").toString(), "-passout", "pass:secret").start();
    byte[] encrypted = p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor());
    assertCode(EsealNativeConstants.ESEAL_EPASSWORD, () -> Key.load(encrypted, null));
    assertCode(EsealNativeConstants.ESEAL_EPASSWORD, () -> Key.load(encrypted, "wrong"));
    try (Key key = Key.load(encrypted, "secret")) {
      assertTrue(key.matches(signerCert));
    }
    EsealException e = assertThrows(EsealException.class, () -> Seal.parse(new byte[] {4, 0}));
    assertFalse(e.getCodeDescription().isEmpty());
  }

  @Test
  public void closingInAnyOrderAndUseAfterClose() {
    for (int order = 0; order < 24; order++) {
      Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null);
      Seal inner = sig.seal();
      Report report = Eseal.verify(ctx, sig, DOCUMENT);
      Cert cert = report.cert(2);
      List<NativeObject<?>> objects = new ArrayList<>(Arrays.asList(sig, inner, report, cert));
      List<Integer> permutation = permutation(order, 4);
      for (int i : permutation) {
        objects.get(i).close();
        objects.get(i).close();
        if (!inner.isClosed()) {
          assertEquals("3301060000001", inner.esid());
        }
        if (!cert.isClosed()) {
          assertArrayEquals(signerCert.der(), cert.der());
        }
      }
      assertThrows(IllegalStateException.class, sig::bytes);
      assertEquals("Report (closed)", report.toString());
    }
  }

  private static List<Integer> permutation(int index, int n) {
    List<Integer> pool = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pool.add(i);
    }
    List<Integer> out = new ArrayList<>();
    for (int k = n; k > 0; k--) {
      int f = 1;
      for (int i = 2; i < k; i++) {
        f *= i;
      }
      out.add(pool.remove(index / f));
      index %= f;
    }
    return out;
  }

  @Test
  public void aMissingJniLibraryGivesAClearError() throws Exception {
    String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-Djava.library.path=/nonexistent", "-cp",
        System.getProperty("java.class.path"), "org.eseal.MissingLibraryMain").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(output, 3, p.waitFor());
    assertTrue(output, output.contains("libeseal's JNI library could not be loaded"));
    assertTrue(output, output.contains("-Djava.library.path="));
  }

  @Test
  public void aSharedVectorParsesAndVerifies() throws IOException {
    String dir = System.getenv("ESEAL_VECTORS_DIR");
    assumeTrue("the shared vectors are absent", dir != null && Files.isDirectory(Paths.get(dir)));
    try (Seal vendor = Seal.parse(Files.readAllBytes(Paths.get(dir, "ofdrw_UserV4.esl")));
        Report report = Eseal.verify(ctx, vendor, 0)) {
      assertEquals(4, vendor.format());
      assertFalse(vendor.esid().isEmpty());
      assertEquals("OK", report.check("seal.signature").status);
    }
    byte[] p12 = Files.readAllBytes(Paths.get(dir, "ofdrw_USER.p12"));
    try (Key key = Key.load(p12, "777777"); Cert cert = Key.pkcs12Cert(p12, "777777")) {
      assertTrue(key.matches(cert));
    }
  }
}
