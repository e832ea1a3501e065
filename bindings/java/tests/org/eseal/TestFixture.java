package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;

/**
 * A throwaway PKI made once per class by `eseal pki init` (ESEAL_CLI), and
 * per test a context trusting it, the maker's and signer's keys and a seal.
 */
abstract class TestFixture {
  static final byte[] DOCUMENT = "<Signature>合同</Signature>".getBytes(StandardCharsets.UTF_8);
  static Path pki;

  Context ctx;
  Key makerKey;
  Cert makerCert;
  Key signerKey;
  Cert signerCert;
  Seal seal;

  @BeforeClass
  public static void makePki() throws Exception {
    String cli = System.getenv("ESEAL_CLI");
    assumeNotNull("ESEAL_CLI is not set: the eseal command makes the test PKI", cli);
    pki = Files.createTempDirectory("eseal-java-pki");
    Process p = new ProcessBuilder(cli, "pki", "init", pki.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor());
  }

  @AfterClass
  public static void removePki() throws IOException {
    if (pki != null) {
      try (var files = Files.list(pki)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(pki);
    }
  }

  @Before
  public void setUp() throws IOException {
    ctx = trustListContext();
    makerKey = Key.fromFile(pki.resolve("maker.key").toString(), null);
    makerCert = Cert.fromFile(pki.resolve("maker.crt").toString());
    signerKey = Key.fromFile(pki.resolve("signer.key").toString(), null);
    signerCert = Cert.fromFile(pki.resolve("signer.crt").toString());
    seal = makeSeal(Duration.ofDays(365));
  }

  @After
  public void tearDown() {
    for (AutoCloseable c : Arrays.<AutoCloseable>asList(seal, signerCert, signerKey, makerCert, makerKey, ctx)) {
      try {
        c.close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Role-aware trust: the PKI's signed trust list, checked with its operator. */
  static Context trustListContext() {
    try (Cert operator = Cert.fromFile(pki.resolve("operator.crt").toString())) {
      return new Context().loadTrustList(pki.resolve("trust-list.txt").toString(), operator);
    }
  }

  Seal makeSeal(Duration validity) {
    Instant now = ctx.now();
    try (SealBuilder b = new SealBuilder()) {
      return b.esid("3301060000001").name("合同专用章").type(1).signer(signerCert)
          .dates(now, now.minus(Duration.ofDays(1)), now.plus(validity)).drawPicture()
          .build(ctx, makerKey, makerCert);
    }
  }
}
