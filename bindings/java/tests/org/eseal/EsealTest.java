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
      assertEquals(Indication.TOTAL_PASSED, report.indication());
      assertEquals("signature", report.kind());
      assertNull(report.subIndication());
      assertEquals("format", report.checks().get(0).id);
      assertEquals(CheckStatus.OK, report.check("data.hash").status);
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
  public void bothSm2VerifiersGiveTheSameReports() {
    assertEquals("builtin", ctx.sm2Verifier());
    try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null)) {
      byte[] good = sig.bytes();
      byte[] forged = good.clone();
      forged[forged.length - 1] ^= 1;
      String[] builtin = new String[2];
      // One validation time for all four reports: the clock may pass a second between them.
      VerifyOptions at = new VerifyOptions().validationTime(ctx.now());
      for (String which : new String[] {"builtin", "openssl"}) {
        ctx.setSm2Verifier(which);
        assertEquals(which, ctx.sm2Verifier());
        try (Report ok = Eseal.verifyBytes(ctx, good, DOCUMENT, at);
            Report bad = Eseal.verifyBytes(ctx, forged, DOCUMENT, at)) {
          assertTrue(ok.passed());
          assertEquals(Indication.TOTAL_FAILED, bad.indication());
          if (which.equals("builtin")) {
            builtin[0] = ok.toJson();
            builtin[1] = bad.toJson();
          } else {
            assertEquals(builtin[0], ok.toJson());
            assertEquals(builtin[1], bad.toJson());
          }
        }
      }
    } finally {
      ctx.setSm2Verifier("builtin");
    }
    assertThrows(IllegalArgumentException.class, () -> ctx.setSm2Verifier("fast"));
  }

  @Test
  public void cachesCountAndNeverChangeAReport() {
    try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null)) {
      VerifyOptions at = new VerifyOptions().validationTime(ctx.now());
      String cold;
      try (Report first = Eseal.verifyBytes(ctx, sig.bytes(), DOCUMENT, at)) {
        cold = first.toJson();
      }
      long sealHits = ctx.cacheStats("seals").hits;
      long digestHits = ctx.cacheStats("digests").hits;
      try (Report again = Eseal.verifyBytes(ctx, sig.bytes(), DOCUMENT, at)) {
        assertEquals(cold, again.toJson());
      }
      assertTrue(ctx.cacheStats("seals").hits > sealHits);
      assertTrue(ctx.cacheStats("digests").hits > digestHits);
      assertTrue(ctx.cacheStats("certs").entries > 0);
      ctx.setCaches(false);
      assertEquals(0, ctx.cacheStats("chains").entries);
      try (Report uncached = Eseal.verifyBytes(ctx, sig.bytes(), DOCUMENT, at)) {
        assertEquals(cold, uncached.toJson());
      }
    } finally {
      ctx.setCaches(true);
    }
    assertThrows(IllegalArgumentException.class, () -> ctx.cacheStats("reports"));
  }

  @Test
  public void picturesAreOutlinesAndPng() {
    String svg = Eseal.pictureSvg(SealBuilder.ROUND, "示例科技有限公司", "合同专用章", "3301060000001");
    assertFalse(svg.contains("<text"));
    assertTrue(svg.contains("<path"));
    byte[] png = Eseal.picturePng(SealBuilder.OVAL, "示例商贸有限公司", null, null, "91330106MA2ABCDE1X", 150);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    assertArrayEquals(png,
        Eseal.picturePng(SealBuilder.OVAL, "示例商贸有限公司", null, null, "91330106MA2ABCDE1X", 150));
    assertTrue(Eseal.picturePng(SealBuilder.SQUARE, null, "张三丰", null, null, 72).length > 8);
    // An invoice seal without its taxpayer number, and a resolution out of range, are refused.
    assertCode(EsealNativeConstants.ESEAL_EINVAL,
        () -> Eseal.picturePng(SealBuilder.OVAL, "示例商贸有限公司", null, null, null, 150));
    assertCode(EsealNativeConstants.ESEAL_EINVAL,
        () -> Eseal.picturePng(SealBuilder.ROUND, "示例科技有限公司", null, null, null, 5000));
  }

  @Test
  public void tamperedDataAndGarbage() {
    try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null);
        Report report = Eseal.verify(ctx, sig, "other".getBytes(StandardCharsets.UTF_8));
        Report garbage = Eseal.verifyBytes(ctx, new byte[] {0x30, 0x03}, DOCUMENT)) {
      assertEquals(Indication.TOTAL_FAILED, report.indication());
      assertEquals(SubIndication.HASH_FAILURE, report.subIndication());
      assertEquals(CheckStatus.NOT_OK, report.check("data.hash").status);
      assertEquals(SubIndication.FORMAT_FAILURE, garbage.subIndication());
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
    // Without the jar's own copy too: EmbeddedLibraryTest covers that one.
    Process p = new ProcessBuilder(javaBin, "-Djava.library.path=/nonexistent", "-Deseal.jni.extract=false", "-cp",
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
      assertEquals(CheckStatus.OK, report.check("seal.signature").status);
    }
    byte[] p12 = Files.readAllBytes(Paths.get(dir, "ofdrw_USER.p12"));
    try (Key key = Key.load(p12, "777777"); Cert cert = Key.pkcs12Cert(p12, "777777")) {
      assertTrue(key.matches(cert));
    }
  }

  @Test
  public void aStampVerifiedWithTheSignedTrustListPasses() {
    assertEquals(2, ctx.trustCount());
    assertEquals(1, ctx.trustCount("seal-maker"));
    assertEquals(1, ctx.trustCount("signer-ca"));
    assertEquals(0, ctx.trustCount("seal-maker", "signer-ca"));
    assertTrue(ctx.trustNotes().isEmpty());
    try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null);
        Report report = Eseal.verify(ctx, sig, DOCUMENT)) {
      assertTrue(report.toString(), report.passed());
      assertEquals(CheckStatus.OK, report.check("seal.maker_chain").status);
    }
  }

  @Test
  public void aMakerCaTrustedOnlyAsSignerCaDoesNotVouchForMakers() {
    try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null);
        Cert signerCa = Cert.fromFile(pki.resolve("signer-ca.crt").toString());
        Context narrow = new Context().addTrust(pki.resolve("maker-ca.crt").toString(), "signer-ca")
            .addTrust(signerCa, "signer-ca");
        Report report = Eseal.verify(narrow, sig, DOCUMENT)) {
      assertEquals(0, narrow.trustCount("seal-maker"));
      assertEquals(Indication.INDETERMINATE, report.indication());
      assertEquals(SubIndication.CHAIN_CONSTRAINTS_FAILURE, report.subIndication());
      assertEquals(CheckStatus.NOT_OK, report.check("seal.maker_chain").status);
    }
    try (Context all = new Context().addTrust(pki.resolve("root.crt").toString())) {
      assertEquals(2, all.trustCount("seal-maker", "signer-ca"));
      assertEquals(0, all.trustCount("trust-list-operator"));
      assertCode(EsealNativeConstants.ESEAL_EINVAL, () -> all.addTrust(pki.resolve("root.crt").toString(), "nobody"));
    }
    assertEquals("seal-maker", Eseal.roleName(EsealNativeConstants.ESEAL_ROLE_SEAL_MAKER));
  }

  @Test
  public void refusedTrustListsAddNothing() throws IOException {
    byte[] list = Files.readAllBytes(pki.resolve("trust-list.txt"));
    String text = new String(list, StandardCharsets.UTF_8);
    byte[] tampered = text.replace("sequence: 1\n", "sequence: 2\n").getBytes(StandardCharsets.UTF_8);
    byte[] unsigned = text.substring(0, text.lastIndexOf("signature: ")).getBytes(StandardCharsets.UTF_8);
    try (Cert operator = Cert.fromFile(pki.resolve("operator.crt").toString());
        Context fresh = new Context()) {
      assertCode(EsealNativeConstants.ESEAL_ECRYPTO, () -> fresh.loadTrustList(tampered, operator));
      assertCode(EsealNativeConstants.ESEAL_ECRYPTO, () -> fresh.loadTrustList(list, makerCert));
      assertCode(EsealNativeConstants.ESEAL_ECRYPTO, () -> fresh.loadTrustList(unsigned, operator));
      fresh.setTime(Instant.now().plus(Duration.ofDays(3650)));
      assertCode(EsealNativeConstants.ESEAL_EEXPIRED,
          () -> fresh.loadTrustList(pki.resolve("trust-list.txt").toString(), operator));
      assertEquals(0, fresh.trustCount());
      assertTrue(fresh.trustNotes().isEmpty());
    }
  }

  @Test
  public void anUnsignedTrustListIsAcceptedWithANote() throws IOException {
    String text = new String(Files.readAllBytes(pki.resolve("trust-list.txt")), StandardCharsets.UTF_8);
    byte[] unsigned = text.substring(0, text.lastIndexOf("signature: ")).getBytes(StandardCharsets.UTF_8);
    try (Context loose = new Context().loadTrustList(unsigned, null);
        Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null);
        Report report = Eseal.verify(loose, sig, DOCUMENT)) {
      assertEquals(2, loose.trustCount());
      assertEquals(1, loose.trustNotes().size());
      assertTrue(loose.trustNotes().get(0), loose.trustNotes().get(0).contains("signature"));
      assertEquals(CheckStatus.WARNING, report.check("seal.maker_chain").status);
    }
  }

  @Test
  public void trustListPeekAndCriticalExtensions() throws IOException {
    TrustListInfo info = Eseal.trustListPeek(Files.readAllBytes(pki.resolve("trust-list.txt")));
    assertEquals("libeseal test PKI", info.name);
    assertEquals(java.math.BigInteger.ONE, info.sequence);
    assertCode(EsealNativeConstants.ESEAL_EFORMAT,
        () -> Eseal.trustListPeek("eseal-trust-list 1\nname: cut".getBytes(StandardCharsets.UTF_8)));
    ctx.acceptCriticalExtension("1.2.156.10197.6.1.4.2.99");
    assertCode(EsealNativeConstants.ESEAL_EINVAL, () -> ctx.acceptCriticalExtension("not an oid"));
  }

  @Test
  public void verifyOptionsReachTheReport() {
    try (Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null)) {
      try (Report r = Eseal.verify(ctx, sig, DOCUMENT, new VerifyOptions().expect("seal"))) {
        assertEquals(Indication.TOTAL_FAILED, r.indication());
        assertEquals(SubIndication.FORMAT_FAILURE, r.subIndication());
      }
      try (Report r = Eseal.verifyBytes(ctx, sig.bytes(), DOCUMENT, new VerifyOptions().expect("signature"))) {
        assertTrue(r.passed());
      }
      Instant later = ctx.now().plus(Duration.ofDays(1000));
      try (Report r = Eseal.verify(ctx, sig, DOCUMENT, new VerifyOptions().validationTime(later))) {
        assertEquals(Indication.INDETERMINATE, r.indication());
        assertEquals(SubIndication.OUT_OF_BOUNDS_NO_POE, r.subIndication());
      }
      Instant poe = ctx.now().minusSeconds(5);
      try (Report r = Eseal.verify(ctx, sig, DOCUMENT,
          new VerifyOptions().validationTime(later).proofOfExistence(poe, "the archive"))) {
        assertTrue(r.toString(), r.passed());
        assertEquals(poe, r.time(Report.TIME_BEST_SIGNATURE));
        assertTrue(r.toJson(), r.toJson().contains("the proof of existence from the archive"));
      }
      try (Report r = Eseal.verify(ctx, sig, DOCUMENT,
          new VerifyOptions().validationTime(later).timePolicy("claimed-time"))) {
        assertTrue(r.toString(), r.passed());
        assertTrue(r.toJson(), r.toJson().contains("\"time_policy\":\"claimed-time\""));
      }
      try (Report r = Eseal.verify(ctx, sig, DOCUMENT, new VerifyOptions().cryptoPolicy("legacy"))) {
        assertTrue(r.passed());
        assertTrue(r.toJson(), r.toJson().contains("\"crypto_policy\":\"legacy\""));
      }
      Instant before = sig.time().minusSeconds(60);
      try (Report r = Eseal.verify(ctx, sig, DOCUMENT,
          new VerifyOptions().validationTime(before).clockSkew(Duration.ZERO))) {
        assertFalse(r.passed());
        assertEquals(CheckStatus.NOT_OK, r.check("signature.time").status);
      }
      try (Report r = Eseal.verify(ctx, sig, DOCUMENT, new VerifyOptions().validationTime(before))) {
        assertTrue(r.passed());
      }
      for (VerifyOptions bad : Arrays.asList(new VerifyOptions().expect("stamp"),
          new VerifyOptions().timePolicy("claimed"), new VerifyOptions().cryptoPolicy("weak"),
          new VerifyOptions().clockSkew(Duration.ofSeconds(-1)),
          new VerifyOptions().proofOfExistence(Instant.ofEpochSecond(-5), null),
          new VerifyOptions().makerTime(7))) {
        assertCode(EsealNativeConstants.ESEAL_EINVAL, () -> Eseal.verify(ctx, sig, DOCUMENT, bad));
        assertCode(EsealNativeConstants.ESEAL_EINVAL, () -> Eseal.verify(ctx, seal, bad));
        assertCode(EsealNativeConstants.ESEAL_EINVAL, () -> Eseal.verifyBytes(ctx, sig.bytes(), null, bad));
      }
    }
  }
}
