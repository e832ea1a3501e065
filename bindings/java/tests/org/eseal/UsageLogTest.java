package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.Test;

/** UsageLog: physical uses, checkpoints, proofs, a rollback caught from outside, erasure. */
public class UsageLogTest extends TestFixture {
  private Context logContext() {
    return new Context().addTrust(pki.resolve("signer-ca.crt").toString(), "log-signer");
  }

  @Test
  public void usesCheckpointsAndProofs() {
    try (Store store = Store.memory(); Context lc = logContext()) {
      UsageLog log = new UsageLog(store, "acme");
      assertEquals(0, log.recordPhysical(lc, "3101", "alice", "seal-7", 31.23, 121.47, 5, "上海",
          40.5, 0));
      assertEquals(1, log.recordPhysical(lc, "3101", "bob", null));
      String shown = log.show(0, 0);
      assertTrue(shown, shown.contains("\"clear\":\"alice\""));
      assertTrue(shown, shown.contains("\"force_newtons\":40.500"));
      byte[] note = log.checkpoint(lc, signerKey, signerCert, 0);
      assertEquals("3", new String(note, StandardCharsets.UTF_8).split("\n")[1]);
      assertNull(log.checkpoint(lc, signerKey, signerCert, 10));
      assertTrue(log.prove(1, 0).contains("\"tree_size\":3"));
      assertTrue(log.proveConsistency(1, 0).contains("\"new_size\":3"));
      assertTrue(log.verify(lc, note).contains("\"ok\":true"));
      EsealException e = assertThrows(EsealException.class, () -> log.prove(9, 0));
      assertEquals(EsealNativeConstants.ESEAL_ENOTFOUND, e.getCode());
      e = assertThrows(EsealException.class, () -> log.prove(-1, 0));
      assertEquals(EsealNativeConstants.ESEAL_EINVAL, e.getCode());
      assertEquals(2, log.eraseOperator("alice"));
      assertFalse(log.show(0, 1).contains("alice"));
      assertTrue(log.verify(lc, note).contains("\"ok\":true"));
    }
  }

  @Test
  public void rollbackIsCaughtAgainstAnOutsideCheckpoint() throws Exception {
    Path dir = Files.createTempDirectory("eseal-usage");
    Path db = dir.resolve("s.db");
    byte[] later;
    try (Context lc = logContext()) {
      try (Store store = Store.openSqlite(db.toString())) {
        UsageLog log = new UsageLog(store);
        log.recordPhysical(lc, "3101", "alice", null);
        log.checkpoint(lc, signerKey, signerCert, 0);
      }
      Files.copy(db, dir.resolve("earlier.db"));
      try (Store store = Store.openSqlite(db.toString())) {
        UsageLog log = new UsageLog(store);
        log.recordPhysical(lc, "3101", "alice", null);
        later = log.checkpoint(lc, signerKey, signerCert, 0);
      }
      Files.copy(dir.resolve("earlier.db"), db, StandardCopyOption.REPLACE_EXISTING);
      try (Store store = Store.openSqlite(db.toString())) {
        UsageLog log = new UsageLog(store);
        assertTrue(log.verify(lc, null).contains("\"ok\":true"));
        EsealException e = assertThrows(EsealException.class, () -> log.verify(lc, later));
        assertEquals(EsealNativeConstants.ESEAL_ETAMPERED, e.getCode());
        assertTrue(e.getMessage(), e.getMessage().contains("rolled back"));
      }
    }
  }
}
