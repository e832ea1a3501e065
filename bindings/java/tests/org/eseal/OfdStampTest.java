package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.Test;

/** OfdStamp: stamped packages pass Eseal.verifyOfd; a covering signature closes the document. */
public class OfdStampTest extends TestFixture {
  private static final String NS = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
  /** The 8-byte PNG signature and a few bytes: what the seal picture check reads. */
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0};

  private static void put(ZipOutputStream z, String name, String text) throws Exception {
    z.putNextEntry(new ZipEntry(name));
    z.write(text.getBytes(StandardCharsets.UTF_8));
    z.closeEntry();
  }

  private static byte[] ofd() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      put(z, "OFD.xml", "<ofd:OFD " + NS + "><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
          + "</ofd:DocBody></ofd:OFD>");
      put(z, "Doc_0/Document.xml", "<ofd:Document " + NS + "><ofd:Pages>"
          + "<ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/>"
          + "<ofd:Page ID=\"2\" BaseLoc=\"Pages/Page_1/Content.xml\"/></ofd:Pages></ofd:Document>");
      for (int i = 0; i < 2; i++) {
        put(z, "Doc_0/Pages/Page_" + i + "/Content.xml", "<ofd:Page " + NS + "><ofd:Content><ofd:Layer>"
            + "<ofd:TextObject Boundary=\"20 20 100 10\" Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\">第" + i
            + "页盖章处</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>");
      }
    }
    return out.toByteArray();
  }

  private Seal pngSeal() {
    Instant now = ctx.now();
    try (SealBuilder b = new SealBuilder()) {
      return b.esid("3301060000003").name("合同专用章").type(1).signer(signerCert)
          .dates(now, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
          .picture("PNG", PNG, 40, 40).build(ctx, makerKey, makerCert);
    }
  }

  @Test
  public void stampedTwiceBothSignaturesPass() throws Exception {
    try (Seal png = pngSeal()) {
      byte[] once = OfdStamp.stamp(ctx, png, signerKey, signerCert, ofd(), OfdStamp.at(1, 20, 30));
      byte[] twice = OfdStamp.stamp(ctx, png, signerKey, signerCert, once, OfdStamp.crossPage(0, 0, 0));
      try (OfdReport r = Eseal.verifyOfd(ctx, twice)) {
        assertEquals(r.toString(), Indication.TOTAL_PASSED, r.indication());
        assertEquals(2, r.signatureCount());
      }
      byte[] keyword = OfdStamp.stamp(ctx, png, signerKey, signerCert, ofd(),
          OfdStamp.atEveryKeyword("盖章处").size(30, 30));
      try (OfdReport r = Eseal.verifyOfd(ctx, keyword)) {
        assertTrue(r.passed());
      }
    }
  }

  @Test
  public void aCoveringSignatureClosesTheDocumentAndFilesAreAtomic() throws Exception {
    Path dir = Files.createTempDirectory("eseal-java-ofd");
    Path in = dir.resolve("in.ofd");
    Path out = dir.resolve("out.ofd");
    Path more = dir.resolve("more.ofd");
    Files.write(in, ofd());
    try (Seal png = pngSeal()) {
      OfdStamp.stamp(ctx, png, signerKey, signerCert, in.toString(), out.toString(),
          OfdStamp.at(2, 10, 10).coverSignatures());
      EsealException e = assertThrows(EsealException.class, () -> OfdStamp.stamp(ctx, png, signerKey,
          signerCert, out.toString(), more.toString(), OfdStamp.at(1, 10, 10)));
      assertEquals(EsealNativeConstants.ESEAL_EINVAL, e.getCode());
      assertTrue(e.getMessage(), e.getMessage().contains("s001 covers"));
      assertFalse(Files.exists(more));
      // The fixture's seal has a drawn SVG picture, which OFD readers do not show.
      EsealException svg = assertThrows(EsealException.class, () -> OfdStamp.stamp(ctx, seal, signerKey,
          signerCert, ofd(), OfdStamp.at(1, 10, 10)));
      assertEquals(EsealNativeConstants.ESEAL_EUNSUPPORTED, svg.getCode());
    } finally {
      for (Path p : new Path[] {in, out, more}) {
        Files.deleteIfExists(p);
      }
      Files.delete(dir);
    }
  }

  @Test
  public void theTsaOptionsReachOfdStamping() throws Exception {
    // A token embedded and verified is tested in C (ofd_stamp); here: the options arrive.
    try (Seal png = pngSeal()) {
      // The loopback is a private target, refused unasked...
      EsealException refused = assertThrows(EsealException.class, () -> OfdStamp.stamp(ctx, png,
          signerKey, signerCert, ofd(), OfdStamp.at(1, 20, 30).timestamp(new TsaOptions("http://127.0.0.1:9/"))));
      assertEquals(EsealNativeConstants.ESEAL_EEGRESS, refused.getCode());
      // ...and once allowed, the TSA is asked: nothing listens there, so the network fails.
      EsealException unreachable = assertThrows(EsealException.class, () -> OfdStamp.stamp(ctx, png,
          signerKey, signerCert, ofd(), OfdStamp.at(1, 20, 30)
              .timestamp(new TsaOptions("http://127.0.0.1:9/").allowPrivateTargets(true))));
      assertEquals(EsealNativeConstants.ESEAL_ENETWORK, unreachable.getCode());
    }
  }
}
