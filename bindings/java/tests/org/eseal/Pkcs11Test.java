package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Key.fromPkcs11 against a SoftHSM2 token. A JVM cannot set its own environment,
 * so meson points SOFTHSM2_CONF at a file in the build folder that this class
 * writes, with the token folder beside it. Skipped without SoftHSM2.
 */
public class Pkcs11Test {
  static final String PIN = "2468";
  static final byte[] DOCUMENT = "contract on a token".getBytes(StandardCharsets.UTF_8);
  static String module;
  static Path dir;

  static void run(Path cwd, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(String.join(" ", cmd) + ": " + out, 0, p.waitFor());
  }

  static void deleteTree(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        deleteTree(c);
      }
    }
    f.delete();
  }

  @BeforeClass
  public static void makeToken() throws Exception {
    String env = System.getenv("ESEAL_SOFTHSM2_MODULE");
    module = env != null && !env.isEmpty() ? env : "/usr/lib/softhsm/libsofthsm2.so";
    String conf = System.getenv("SOFTHSM2_CONF");
    assumeTrue("SoftHSM2 is not installed", new File(module).exists()
        && new File("/usr/bin/softhsm2-util").exists());
    assumeTrue("SOFTHSM2_CONF is not set by the test runner", conf != null);
    dir = Paths.get(conf).getParent();
    deleteTree(dir.toFile());
    Files.createDirectories(dir.resolve("tokens"));
    Files.writeString(Paths.get(conf), "directories.tokendir = " + dir.resolve("tokens")
        + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    Files.writeString(dir.resolve("leaf.cnf"),
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n");
    run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", "root.key", "-out", "root.crt", "-subj", "/CN=Java Token Root",
        "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    run(dir, "softhsm2-util", "--init-token", "--free", "--label", "Java", "--so-pin", "000000",
        "--pin", PIN);
    String[] names = {"maker", "signer"};
    for (int i = 0; i < names.length; i++) {
      String n = names[i];
      run(dir, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
          "-out", n + ".key");
      run(dir, "openssl", "req", "-new", "-key", n + ".key", "-subj", "/O=Java Org/CN=" + n,
          "-out", n + ".csr");
      run(dir, "openssl", "x509", "-req", "-in", n + ".csr", "-CA", "root.crt", "-CAkey",
          "root.key", "-CAcreateserial", "-days", "30", "-extfile", "leaf.cnf", "-out", n + ".crt");
      run(dir, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", n + ".key", "-out", n + ".p8");
      run(dir, "softhsm2-util", "--import", dir.resolve(n + ".p8").toString(), "--token", "Java",
          "--label", n, "--id", "0" + (i + 1), "--pin", PIN);
    }
  }

  static String uri(String object) {
    return "pkcs11:token=Java;object=" + object;
  }

  @Test
  public void sealAndStampWithTokenKeysVerify() {
    try (Key maker = Key.fromPkcs11(uri("maker"), PIN, module);
         Key signer = Key.fromPkcs11(uri("signer"), PIN, module, true, 0, false, false);
         Cert makerCert = Cert.fromFile(dir.resolve("maker.crt").toString());
         Cert signerCert = Cert.fromFile(dir.resolve("signer.crt").toString());
         Context ctx = new Context().addTrust(dir.resolve("root.crt").toString())) {
      assertEquals("pkcs11", signer.backend());
      assertEquals("RSA-SHA256", signer.algorithm());
      assertTrue(signer.nonExtractable());
      Instant now = ctx.now();
      try (SealBuilder b = new SealBuilder();
           Seal seal = b.esid("3301060000003").name("合同专用章").type(1).signer(signerCert)
               .dates(now, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(20)))
               .drawPicture().build(ctx, maker, makerCert);
           Signature sig = Eseal.stamp(ctx, seal, signer, signerCert, DOCUMENT, null);
           Report good = Eseal.verify(ctx, sig, DOCUMENT);
           Report bad = Eseal.verify(ctx, sig, "another".getBytes(StandardCharsets.UTF_8))) {
        assertEquals(Indication.TOTAL_PASSED, good.indication());
        assertEquals(Indication.TOTAL_FAILED, bad.indication());
      }
    }
  }

  @Test
  public void errorsCarryTheirCodes() {
    expectCode(EsealNativeConstants.ESEAL_EPASSWORD, () -> Key.fromPkcs11(uri("signer"), "0000", module));
    expectCode(EsealNativeConstants.ESEAL_EMODULE,
        () -> Key.fromPkcs11(uri("signer"), PIN, dir.resolve("absent.so").toString()));
    expectCode(EsealNativeConstants.ESEAL_ENOTFOUND, () -> Key.fromPkcs11(uri("nobody"), PIN, module));
    expectCode(EsealNativeConstants.ESEAL_EAMBIGUOUS,
        () -> Key.fromPkcs11("pkcs11:token=Java;type=private", PIN, module));
    try {
      Key.fromPkcs11(uri("signer"), PIN, module, false, -1, false, false);
      fail("a negative mechanism was accepted");
    } catch (IllegalArgumentException expected) {
      // the CKM number is checked before the library is called
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
