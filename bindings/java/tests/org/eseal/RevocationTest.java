package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Revocation, validation data and timestamp tokens: a P-256 PKI, CRLs
 * (`openssl ca -gencrl`) and a TSA (`openssl ts -reply`, also served over
 * HTTP on the loopback) made by the openssl command once for the class, and a
 * seal and a stamp made with them.
 */
public class RevocationTest {
  private static final byte[] DOCUMENT = "a contract, stamped".getBytes(StandardCharsets.UTF_8);
  private static final long DAY = 86400;
  private static final String CONFIG = "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n"
      + "[ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n"
      + "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n"
      + "[leaf]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature,nonRepudiation\n"
      + "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n"
      + "[tsa]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature,nonRepudiation\n"
      + "extendedKeyUsage = critical,timeStamping\n"
      + "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n";

  private static Path dir;
  private static long now;
  private static int files;
  private static Seal seal;
  private static Signature signature;
  private static Key signerKey;
  private static Cert signerCert;
  private static Cert makerCert;

  @BeforeClass
  public static void makePki() throws Exception {
    dir = Files.createTempDirectory("eseal-java-revocation");
    Files.write(dir.resolve("openssl.cnf"), CONFIG.getBytes(StandardCharsets.UTF_8));
    issue("root", "Revocation Root", "ca", null);
    issue("maker", "Revocation Maker", "leaf", "root");
    issue("signer", "Revocation Signer", "leaf", "root");
    issue("tsa", "Revocation TSA", "tsa", "root");
    write("ca.cnf", "[ca]\ndefault_ca = dflt\n[dflt]\ndatabase = " + dir + "/index.txt\ncrlnumber = " + dir
        + "/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\ncrl_extensions = crl_ext\n"
        + "[crl_ext]\nauthorityKeyIdentifier = keyid:always\n");
    write("crlnumber", "01\n");
    write("tsa.cnf", "[tsa]\nserial = " + dir + "/tsa-serial\ncrypto_device = builtin\nsigner_cert = "
        + dir + "/tsa.pem\nsigner_key = " + dir + "/tsa.key\ncerts = " + dir + "/root.pem\n"
        + "signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\n"
        + "ordering = yes\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha1\n");

    // The certificates begin now; the stamp is made a minute later.
    now = Instant.now().getEpochSecond() + 60;
    signerKey = Key.fromFile(path("signer.key"), null);
    signerCert = Cert.fromFile(path("signer.pem"));
    makerCert = Cert.fromFile(path("maker.pem"));
    try (Context ctx = context(now); Key makerKey = Key.fromFile(path("maker.key"), null);
         SealBuilder b = new SealBuilder()) {
      Instant t = Instant.ofEpochSecond(now);
      seal = b.esid("3301060000001").name("测试合同专用章").type(1).signer(signerCert)
          .dates(t.minusSeconds(30), t.minusSeconds(30), t.plusSeconds(30 * DAY)).drawPicture()
          .build(ctx, makerKey, makerCert);
      signature = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null);
    }
  }

  @AfterClass
  public static void removePki() throws IOException {
    for (AutoCloseable c : Arrays.<AutoCloseable>asList(signature, seal, signerKey, signerCert, makerCert)) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    if (dir != null) {
      try (var all = Files.list(dir)) {
        for (Path f : (Iterable<Path>) all::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private static void write(String name, String text) throws IOException {
    Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }

  private static String run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(String.join(" ", cmd) + ":\n" + out, 0, p.waitFor());
    return out;
  }

  private static void issue(String stem, String name, String section, String issuer) throws Exception {
    run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path(stem + ".key"));
    List<String> args = new ArrayList<>(Arrays.asList("req", "-x509", "-new", "-config", path("openssl.cnf"),
        "-extensions", section, "-key", path(stem + ".key"), "-subj", "/O=libeseal tests/CN=" + name, "-days",
        "3650", "-sha256", "-out", path(stem + ".pem")));
    if (issuer != null) {
      args.addAll(Arrays.asList("-CA", path(issuer + ".pem"), "-CAkey", path(issuer + ".key")));
    }
    run(args.toArray(new String[0]));
  }

  private static String indexTime(long t) {
    return DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC)
        .format(Instant.ofEpochSecond(t));
  }

  private static String serial(String stem) throws Exception {
    String out = run("x509", "-noout", "-serial", "-in", path(stem + ".pem")).trim();
    return out.substring(out.indexOf('=') + 1);
  }

  /** A CRL of the root, naming the signer as revoked at {@code when} for {@code reason} (null: none revoked). */
  private static String crl(long when, String reason) throws Exception {
    String expiry = indexTime(now + 3650 * DAY);
    String maker = "V\t" + expiry + "\t\t" + serial("maker") + "\tunknown\t/CN=maker\n";
    String signer = reason == null ? "V\t" + expiry + "\t\t" + serial("signer") + "\tunknown\t/CN=signer\n"
        : "R\t" + expiry + "\t" + indexTime(when) + "," + reason + "\t" + serial("signer") + "\tunknown\t/CN=signer\n";
    write("index.txt", maker + signer);
    String out = path("f" + next() + ".pem");
    run("ca", "-batch", "-gencrl", "-config", path("ca.cnf"), "-keyfile", path("root.key"), "-cert",
        path("root.pem"), "-out", out);
    return out;
  }

  /** An RFC 3161 TimeStampToken of the TSA over {@code data}, made now. */
  private static byte[] token(byte[] data) throws Exception {
    String dat = path("f" + next() + ".dat"), tsq = path("f" + next() + ".tsq"), tst = path("f" + next() + ".tst");
    Files.write(Path.of(dat), data);
    run("ts", "-query", "-data", dat, "-sha256", "-cert", "-out", tsq);
    run("ts", "-reply", "-queryfile", tsq, "-config", path("tsa.cnf"), "-section", "tsa", "-token_out", "-out", tst);
    return Files.readAllBytes(Path.of(tst));
  }

  private static Context context(long clock) {
    return new Context().setTime(Instant.ofEpochSecond(clock)).addTrust(path("root.pem"));
  }

  /** The signature verified at now + 1200 s. */
  private static Report verify(Context ctx, VerifyOptions options) {
    return Eseal.verify(ctx, signature, DOCUMENT, options.validationTime(Instant.ofEpochSecond(now + 1200)));
  }

  @Test
  public void revokedSignerFailsWithTheCrl() throws Exception {
    try (Context ctx = context(now + 1200).addCrlFile(crl(now - 30, "superseded"));
         Report r = verify(ctx, new VerifyOptions())) {
      assertEquals(r.toString(), Indication.TOTAL_FAILED, r.indication());
      assertEquals(SubIndication.REVOKED, r.subIndication());
      assertEquals(CheckStatus.NOT_OK, r.check("signer.revocation").status);
      assertTrue(r.check("signer.revocation").message.contains("superseded"));
    }
    // The same CRL as bytes; and a CRL that does not name the signer passes.
    byte[] crl = Files.readAllBytes(Path.of(crl(now - 30, "keyCompromise")));
    try (Context ctx = context(now + 1200).addCrl(crl); Report r = verify(ctx, new VerifyOptions())) {
      assertEquals(SubIndication.REVOKED, r.subIndication());
    }
    try (Context ctx = context(now + 1200).addCrlFile(crl(0, null)); Report r = verify(ctx, new VerifyOptions())) {
      assertEquals(r.toString(), Indication.TOTAL_PASSED, r.indication());
      assertEquals(CheckStatus.OK, r.check("signer.revocation").status);
    }
  }

  @Test
  public void sourcesThatAreNotCrlsOrResponsesAreRefused() {
    try (Context ctx = context(now)) {
      expectCode(EsealNativeConstants.ESEAL_EFORMAT, () -> ctx.addCrl("not a CRL".getBytes(StandardCharsets.UTF_8)));
      expectCode(EsealNativeConstants.ESEAL_EFORMAT,
          () -> ctx.addOcspResponse("not an OCSP response".getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  public void stampingARevokedSignerIsRefused() throws Exception {
    try (Context ctx = context(now).addCrlFile(crl(now - 30, "keyCompromise"))) {
      expectCode(EsealNativeConstants.ESEAL_EREVOKED, () -> Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null));
    }
    // Soft-fail concerns verification: stamping with no status stays refused.
    try (Context ctx = context(now).setRevocation(new RevocationConfig().hardFail(false))) {
      expectCode(EsealNativeConstants.ESEAL_ESTATUS, () -> Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null));
    }
    try (Context ctx = context(now).addCrlFile(crl(0, null));
         Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null, null)) {
      assertTrue(sig.bytes().length > 0);
    }
  }

  @Test
  public void revocationConfig() {
    try (Context ctx = context(now + 1200)) {
      ctx.setRevocation(new RevocationConfig().hardFail(false, "maker").crlFirst(true, "signer", "ca"));
      try (Report r = verify(ctx, new VerifyOptions())) {
        assertEquals(r.toString(), Indication.INDETERMINATE, r.indication());
        assertEquals(SubIndication.TRY_LATER, r.subIndication());
        assertEquals(CheckStatus.WARNING, r.check("seal.maker_revocation").status);
      }
      ctx.setRevocation(new RevocationConfig().mode("off"));
      try (Report r = verify(ctx, new VerifyOptions())) {
        assertEquals(CheckStatus.SKIPPED, r.check("signer.revocation").status);
      }
      expectCode(EsealNativeConstants.ESEAL_EINVAL, () -> new RevocationConfig().mode("sometimes"));
      expectCode(EsealNativeConstants.ESEAL_EINVAL, () -> new RevocationConfig().hardFail(true, "signers"));
      expectCode(EsealNativeConstants.ESEAL_EINVAL,
          () -> ctx.setRevocation(new RevocationConfig().timeout(Duration.ofMillis(-1))));
    }
  }

  @Test
  public void certStatusReportsTheRevocation() throws Exception {
    try (Context ctx = context(now).addCrlFile(crl(now - 30, "keyCompromise"))) {
      CertStatus s = Eseal.certStatus(ctx, signerCert, null, null);
      assertEquals(s.toString(), RevocationStatus.REVOKED, s.status);
      assertEquals("keyCompromise", s.reason);
      assertEquals(Instant.ofEpochSecond(now - 30), s.revocationTime);
      assertEquals("crl", s.source);
      assertNotNull(s.thisUpdate);
      assertTrue(s.nextUpdate.isAfter(s.thisUpdate));
      CertStatus good = Eseal.certStatus(ctx, makerCert, null, Instant.ofEpochSecond(now));
      assertEquals(RevocationStatus.GOOD, good.status);
      assertNull(good.reason);
      assertNull(good.revocationTime);
    }
    try (Context bare = context(now)) {
      assertEquals(RevocationStatus.UNKNOWN, Eseal.certStatus(bare, signerCert, null, null).status);
    }
  }

  @Test
  public void validationDataReRunsTheVerdictOffline() throws Exception {
    String json;
    Instant validated;
    try (Context ctx = context(now + 1200).addCrlFile(crl(now - 30, "superseded"));
         Report r = verify(ctx, new VerifyOptions())) {
      assertEquals(SubIndication.REVOKED, r.subIndication());
      List<ValidationData> data = r.validationData();
      assertFalse(data.isEmpty());
      assertEquals("crl", data.get(0).kind);
      assertEquals(0x30, data.get(0).der()[0]);
      json = r.toJson();
      validated = r.time(Report.TIME_VALIDATION);
    }
    try (Context later = context(now + 365 * DAY)) {
      Instant at = later.loadValidationData(json);
      assertEquals(validated, at);
      try (Report again = Eseal.verify(later, signature, DOCUMENT, new VerifyOptions().validationTime(at))) {
        assertEquals(again.toString(), Indication.TOTAL_FAILED, again.indication());
        assertEquals(SubIndication.REVOKED, again.subIndication());
      }
    }
    // Without the data the same context does not know of the revocation, and a
    // forged report (its CRL's base64 broken) adds nothing.
    try (Context later = context(now + 365 * DAY)) {
      expectCode(EsealNativeConstants.ESEAL_EFORMAT, () -> later.loadValidationData("{}"));
      String broken = json.replaceFirst("(\"kind\":\\s*\"crl\",\\s*\"about\":\\s*\"[^\"]*\",\\s*\"der_base64\":\\s*\")M",
          "$1!");
      assertNotEquals(json, broken);
      expectCode(EsealNativeConstants.ESEAL_EFORMAT, () -> later.loadValidationData(broken));
      try (Report r = Eseal.verify(later, signature, DOCUMENT, new VerifyOptions().validationTime(validated))) {
        assertNotEquals(SubIndication.REVOKED, r.subIndication());
      }
    }
  }

  @Test
  public void revocationStatsCountACacheHit() throws Exception {
    try (Context ctx = context(now + 1200).addCrlFile(crl(0, null))) {
      assertEquals(0, ctx.revocationStats().cacheHits);
      verify(ctx, new VerifyOptions()).close();
      RevocationStats first = ctx.revocationStats();
      verify(ctx, new VerifyOptions()).close();
      RevocationStats second = ctx.revocationStats();
      assertEquals(0, first.cacheHits);
      assertTrue(first.cacheMisses >= 1);
      assertTrue(second.toString(), second.cacheHits > first.cacheHits);
      assertEquals(first.cacheMisses, second.cacheMisses);
      assertEquals(0, second.fetches);
    }
  }

  @Test
  public void poeTokensLowerTheBestSignatureTime() throws Exception {
    byte[] token = token(signature.bytes());
    try (Context ctx = context(now + 1200); Report plain = verify(ctx, new VerifyOptions());
         Report r = verify(ctx, new VerifyOptions().poeTokens(token))) {
      assertEquals(r.toString(), CheckStatus.OK, r.check("poe.token").status);
      assertTrue(r.time(Report.TIME_BEST_SIGNATURE).isBefore(plain.time(Report.TIME_BEST_SIGNATURE)));
    }
    // A token over other data, or one altered after the TSA signed it, proves nothing.
    byte[] altered = token.clone();
    altered[altered.length - 5] ^= 1;
    for (byte[] bad : Arrays.asList(token("another document".getBytes(StandardCharsets.UTF_8)), altered)) {
      try (Context ctx = context(now + 1200); Report r = verify(ctx, new VerifyOptions().poeTokens(bad))) {
        assertEquals(r.toString(), CheckStatus.NOT_OK, r.check("poe.token").status);
        assertFalse(r.passed());
      }
    }
    try (Context ctx = context(now + 1200)) {
      expectCode(EsealNativeConstants.ESEAL_EINVAL,
          () -> Eseal.verify(ctx, seal, new VerifyOptions().poeTokens(token)));
    }
    expectCode(EsealNativeConstants.ESEAL_ELIMIT, () -> new VerifyOptions().poeTokens(new byte[17][]));
  }

  /**
   * A TSA over HTTP on the loopback, answering each query with `openssl ts
   * -reply`, or (when {@code forge} is set) with a reply to a query over other data.
   */
  private static final class LocalTsa implements AutoCloseable {
    final com.sun.net.httpserver.HttpServer server;
    final java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean forge;

    LocalTsa() throws IOException {
      server = com.sun.net.httpserver.HttpServer.create(
          new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        try {
          byte[] query = exchange.getRequestBody().readAllBytes();
          queries.incrementAndGet();
          String tsq = path("f" + next() + ".tsq"), tsr = path("f" + next() + ".tsr");
          if (forge) {
            String other = path("f" + next() + ".dat");
            Files.write(Path.of(other), "something else".getBytes(StandardCharsets.UTF_8));
            run("ts", "-query", "-data", other, "-sha256", "-cert", "-out", tsq);
          } else {
            Files.write(Path.of(tsq), query);
          }
          run("ts", "-reply", "-queryfile", tsq, "-config", path("tsa.cnf"), "-section", "tsa", "-out", tsr);
          byte[] body = Files.readAllBytes(Path.of(tsr));
          exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        } catch (Exception e) {
          exchange.sendResponseHeaders(500, -1);
        } finally {
          exchange.close();
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static synchronized int next() {
    return ++files;
  }

  @Test
  public void stampingWithATsaEmbedsAVerifiedToken() throws Exception {
    try (LocalTsa tsa = new LocalTsa(); Context ctx = context(now);
         Signature sig = Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null,
             new TsaOptions(tsa.url()).policy("1.2.3.4.1").allowPrivateTargets(true));
         Context vctx = context(now + 1200).addCrlFile(crl(0, null));
         Report r = Eseal.verify(vctx, sig, DOCUMENT, new VerifyOptions().validationTime(Instant.ofEpochSecond(now + 1200)))) {
      assertNotNull(sig.timestamp());
      assertEquals(1, tsa.queries.get());
      assertEquals(r.toString(), Indication.TOTAL_PASSED, r.indication());
      assertEquals(r.toString(), CheckStatus.OK, r.check("timestamp").status);
      // The proof of existence is genTime plus the TSA's accuracy (secs:1).
      assertEquals(r.time(Report.TIME_TIMESTAMP).plusSeconds(1),
          r.time(Report.TIME_BEST_SIGNATURE));
    }
  }

  @Test
  public void stampingWithATsaIsRefusedWhole() throws Exception {
    try (LocalTsa tsa = new LocalTsa(); Context ctx = context(now)) {
      // The loopback is a private target, refused unless allowed.
      expectCode(EsealNativeConstants.ESEAL_EEGRESS,
          () -> Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT, null, new TsaOptions(tsa.url())));
      assertEquals(0, tsa.queries.get());
      // A reply for other data: nothing half-timestamped is handed out.
      tsa.forge = true;
      expectCode(EsealNativeConstants.ESEAL_ECRYPTO, () -> Eseal.stamp(ctx, seal, signerKey, signerCert, DOCUMENT,
          null, new TsaOptions(tsa.url()).allowPrivateTargets(true)));
      assertEquals(1, tsa.queries.get());
    }
  }

  private static void expectCode(int code, Runnable call) {
    try {
      call.run();
      fail("expected an EsealException with code " + code);
    } catch (EsealException e) {
      assertEquals(e.getMessage(), code, e.getCode());
    }
  }
}
