import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import org.eseal.Cert;
import org.eseal.Context;
import org.eseal.Eseal;
import org.eseal.Key;
import org.eseal.Report;
import org.eseal.Seal;
import org.eseal.SealBuilder;
import org.eseal.Signature;

/**
 * Makes a seal, stamps a file with it and prints the verification report.
 *
 * <p>usage: java StampAndVerify PKI_DIR FILE, where PKI_DIR holds trust-list.txt
 * (the CAs with their roles, signed by operator.crt), maker.key/.crt and
 * signer.key/.crt as made by {@code eseal pki init PKI_DIR}.
 * Exits 0 when the report says TOTAL_PASSED.
 */
public final class StampAndVerify {
  public static void main(String[] args) throws Exception {
    Path pki = Paths.get(args[0]);
    byte[] document = Files.readAllBytes(Paths.get(args[1]));
    // The maker CA vouches for seal makers only and the signer CA for signers only.
    try (Cert operator = Cert.fromFile(pki.resolve("operator.crt").toString());
        Context ctx = new Context().loadTrustList(pki.resolve("trust-list.txt").toString(), operator);
        Key makerKey = Key.fromFile(pki.resolve("maker.key").toString(), null);
        Cert makerCert = Cert.fromFile(pki.resolve("maker.crt").toString());
        Key signerKey = Key.fromFile(pki.resolve("signer.key").toString(), null);
        Cert signerCert = Cert.fromFile(pki.resolve("signer.crt").toString());
        SealBuilder builder = new SealBuilder().esid("3301060000001").name("合同专用章").type(1).signer(signerCert)
            .dates(Instant.now(), Instant.now(), Instant.now().plus(Duration.ofDays(365))).drawPicture();
        Seal seal = builder.build(ctx, makerKey, makerCert);
        Signature signature = Eseal.stamp(ctx, seal, signerKey, signerCert, document, null);
        Report report = Eseal.verify(ctx, signature, document)) {
      System.out.println(report);
      System.exit(report.passed() ? 0 : 1);
    }
  }
}
