package org.eseal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** Registry: the seal registry and stamping through it. */
public class RegistryTest extends TestFixture {
  private Registry open(Store store) {
    ctx.setStore(store);
    try (Cert operator = Cert.fromFile(pki.resolve("operator.crt").toString())) {
      ctx.addTrust(operator, "registry-supervisor");  // stands in for a supervisor
    }
    Registry r = new Registry(ctx, "acme");
    r.register(seal, "clerk Li", "filed");
    return r;
  }

  @Test
  public void stampingFreezeAndSignedUnfreeze() throws Exception {
    try (Store store = Store.memory()) {
      Registry r = open(store);
      assertEquals("active", r.state(seal.esid()).state);
      assertNotNull(r.stamp(seal, signerKey, signerCert, DOCUMENT, "clerk Li", "pad-12",
          new double[] {30.27, 120.15, 10}, "Hangzhou", false));
      r.freeze(seal.esid(), "risk engine", "odd hours");
      EsealException e = assertThrows(EsealException.class,
          () -> r.stamp(seal, signerKey, signerCert, DOCUMENT, null, null, null, null, false));
      assertEquals(EsealNativeConstants.ESEAL_EFROZEN, e.getCode());
      // The application's signer is no supervisor.
      byte[] forged = r.unfreezeOrder(seal.esid(), signerKey, signerCert, null);
      e = assertThrows(EsealException.class, () -> r.unfreeze(forged, "app"));
      assertEquals(EsealNativeConstants.ESEAL_ECERT, e.getCode());
      try (Key k = Key.fromFile(pki.resolve("operator.key").toString(), null);
           Cert c = Cert.fromFile(pki.resolve("operator.crt").toString())) {
        byte[] order = r.unfreezeOrder(seal.esid(), k, c, "checked");
        r.unfreeze(order, "supervisor");
        assertEquals("active", r.state(seal.esid()).state);
        r.freeze(seal.esid(), null, null);
        e = assertThrows(EsealException.class, () -> r.unfreeze(order, null));  // replayed
        assertEquals(EsealNativeConstants.ESEAL_EINVAL, e.getCode());
      }
      ctx.setStore(null);
    }
  }

  @Test
  public void lossReportCallsBackAndIsFinal() {
    try (Store store = Store.memory()) {
      Registry r = open(store);
      List<String> told = new ArrayList<>();
      r.reportLost(seal.esid(), "owner", "stolen", (esId, hash, at) -> told.add(esId));
      Registry.SealStatus s = r.state(seal.esid());
      assertEquals("lost", s.state);
      assertEquals(0, s.notifyResult);
      assertEquals(List.of(seal.esid()), told);
      assertEquals(32, s.sealHash.length);
      EsealException e = assertThrows(EsealException.class,
          () -> r.stamp(seal, signerKey, signerCert, DOCUMENT, null, null, null, null, false));
      assertEquals(EsealNativeConstants.ESEAL_ELOST, e.getCode());
      e = assertThrows(EsealException.class, () -> r.cancel(seal.esid(), null, null));
      assertEquals(EsealNativeConstants.ESEAL_ELOST, e.getCode());
      ctx.setStore(null);
    }
  }

  @Test
  public void failedNotificationIsRecordedAndCancelIsFinal() {
    try (Store store = Store.memory()) {
      Registry r = open(store);
      assertThrows(IllegalStateException.class, () -> r.reportLost(seal.esid(), null, null,
          (esId, hash, at) -> { throw new java.io.IOException("the CA is unreachable"); }));
      assertEquals(EsealNativeConstants.ESEAL_ERROR, r.state(seal.esid()).notifyResult);
      ctx.setStore(null);
    }
    try (Store store = Store.memory()) {
      Registry r = open(store);
      byte[] hash = r.state(seal.esid()).sealHash;
      r.cancel(seal.esid(), "clerk", "closed");
      assertEquals("cancelled", r.state(seal.esid()).state);
      assertArrayEquals(hash, r.state(seal.esid()).sealHash);
      ctx.setStore(null);
    }
  }
}
