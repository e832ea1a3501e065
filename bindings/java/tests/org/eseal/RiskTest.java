package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** Risk control: a policy, an alert listener called on the non-main stamping thread, physical uses. */
public class RiskTest extends TestFixture {
  private static final byte[] POLICY = ("{\"version\": 1, \"rules\": [{\"name\": \"office\", "
      + "\"kind\": \"hours\", \"level\": \"freeze\", \"hours\": {\"mon\": [\"09:00-18:00\"], "
      + "\"tue\": [\"09:00-18:00\"], \"wed\": [\"09:00-18:00\"], \"thu\": [\"09:00-18:00\"], "
      + "\"fri\": [\"09:00-18:00\"], \"sat\": [\"09:00-18:00\"], \"sun\": [\"09:00-18:00\"]}}]}")
      .getBytes(StandardCharsets.UTF_8);

  /** Tomorrow 23:00 in Beijing (UTC+8), while the test seal is valid. */
  private static long night() {
    long day = (Instant.now().getEpochSecond() + 8 * 3600) / 86400 + 1;
    return day * 86400 + 15 * 3600;
  }

  @Test
  public void policyLoadsAndBadOnesThrow() {
    try (Policy p = Policy.load(POLICY)) {
      assertEquals(1, p.ruleCount());
    }
    EsealException e = assertThrows(EsealException.class,
        () -> Policy.load("{\"version\": 1, \"rules\": [{}]}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(EsealNativeConstants.ESEAL_EFORMAT, e.getCode());
  }

  @Test
  public void listenerRunsOnTheStampingThreadAfterTheFreeze() throws Exception {
    try (Store store = Store.memory(); Policy policy = Policy.load(POLICY)) {
      ctx.setStore(store);
      Registry r = new Registry(ctx, "acme");
      r.register(seal, "clerk", null);
      List<String> seen = new ArrayList<>();
      ctx.setPolicy(policy, alert -> seen.add(alert.rule + " " + alert.level + " "
          + Thread.currentThread().getId() + " " + r.state(alert.esId).state + " "
          + (alert.freezeSequence > 0)));
      ctx.setTime(Instant.ofEpochSecond(night()));
      long[] worker = new long[1];
      EsealException[] refused = new EsealException[1];
      Thread t = new Thread(() -> {
        worker[0] = Thread.currentThread().getId();
        try {
          r.stamp(seal, signerKey, signerCert, DOCUMENT, null, null, null, null, false);
        } catch (EsealException e) {
          refused[0] = e;
        }
      });
      t.start();
      t.join();
      assertNotEquals(Thread.currentThread().getId(), worker[0]);
      assertEquals(EsealNativeConstants.ESEAL_EFROZEN, refused[0].getCode());
      assertEquals(List.of("office freeze " + worker[0] + " frozen true"), seen);
      ctx.setPolicy(null, null);
      ctx.setStore(null);
    }
  }

  @Test
  public void unsignedPhysicalUseOnlyAlerts() {
    try (Store store = Store.memory(); Policy policy = Policy.load(POLICY)) {
      ctx.setStore(store);
      Registry r = new Registry(ctx, "acme");
      r.register(seal, "clerk", null);
      List<Alert> alerts = new ArrayList<>();
      ctx.setPolicy(policy, alerts::add);
      ctx.setTime(Instant.ofEpochSecond(night() + 10));
      Registry.PhysicalOutcome out = r.logPhysicalUse(seal.esid(), "seal-0042", "clerk", night(),
          new double[] {30.27, 120.15, 10}, null, 40.0, null);
      assertEquals(0, out.signature);
      assertFalse(out.froze);
      assertEquals(1, out.alerts);
      assertEquals("alert", alerts.get(0).level);
      assertTrue(out.sequence > 0);
      assertEquals("active", r.state(seal.esid()).state);
      ctx.setPolicy(null, null);
      ctx.setStore(null);
    }
  }
}
