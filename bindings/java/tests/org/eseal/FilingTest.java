package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

/** Filing data through SealBuilder.filing(): reported as seal.filing, refused when malformed. */
public class FilingTest extends TestFixture {
  private SealBuilder builder() {
    Instant now = ctx.now();
    return new SealBuilder().esid("3301060000001").name("合同专用章").type(1).signer(signerCert)
        .dates(now, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).drawPicture();
  }

  @Test
  public void filingDataIsCarriedAndReported() {
    try (SealBuilder b = builder().filing("杭州市公安局西湖区分局", "浙杭公备 2026-0117", "2026-01-05",
             "91350100M000100Y43");
        Seal filed = b.build(ctx, makerKey, makerCert);
        Report report = Eseal.verify(ctx, filed, 0)) {
      assertEquals(1, filed.extensions().size());
      assertEquals(false, filed.extensions().get(0).critical);
      assertTrue(report.toString(), report.passed());
      Check c = report.check("seal.filing");
      assertEquals(CheckStatus.INFO, c.status);
      assertTrue(c.message, c.message.contains("filing data present, format valid"));
    }
  }

  @Test
  public void malformedFilingDataIsRefused() {
    try (SealBuilder b = builder()) {
      String[][] bad = {
          {"局", "1", "2026-02-30", "91350100M000100Y43"},  // no such day
          {"局", "1", "2026-01-05", "91350100M000100Y42"},  // wrong check character
          {"局", "1", "2026-01-05", "91350100M000100Y56"},  // wrong organisation-code check digit
          {"", "1", "2026-01-05", "91350100M000100Y43"},    // no authority
      };
      for (String[] f : bad) {
        EsealException e = assertThrows(EsealException.class, () -> b.filing(f[0], f[1], f[2], f[3]));
        assertEquals(e.getMessage(), EsealNativeConstants.ESEAL_EINVAL, e.getCode());
      }
      EsealException e = assertThrows(EsealException.class,
          () -> b.filing("局", "1".repeat(65), "2026-01-05", "91350100M000100Y43"));
      assertEquals(EsealNativeConstants.ESEAL_ELIMIT, e.getCode());
      // Nothing was left behind by the refusals.
      try (Seal plain = b.build(ctx, makerKey, makerCert)) {
        assertTrue(plain.extensions().isEmpty());
      }
    }
  }
}
