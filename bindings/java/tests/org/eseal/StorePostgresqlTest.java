package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

/**
 * Store.openPostgresql against the server of tests/support/pg_server.py
 * (meson test java-postgresql): a usage log kept in PostgreSQL is seen by a
 * second store on the same database; bad and unreachable connection strings
 * fail without showing the password. Skipped without a server
 * (ESEAL_TEST_PG unset), failed then under ESEAL_REQUIRE_POSTGRESQL=1.
 */
public class StorePostgresqlTest {
  private String conninfo;

  @Before
  public void needServer() {
    conninfo = System.getenv("ESEAL_TEST_PG");
    boolean have = conninfo != null && !conninfo.isEmpty();
    if (!have && "1".equals(System.getenv("ESEAL_REQUIRE_POSTGRESQL"))) {
      throw new AssertionError("ESEAL_TEST_PG is unset and ESEAL_REQUIRE_POSTGRESQL=1");
    }
    Assume.assumeTrue("no PostgreSQL server (ESEAL_TEST_PG unset)", have);
  }

  @Test
  public void aLogInPostgresqlIsSharedByStores() {
    try (Context ctx = new Context();
        Store a = Store.openPostgresql(conninfo);
        Store b = Store.openPostgresql(conninfo)) {
      assertEquals("postgresql", a.backend());
      long first = new UsageLog(a, "java-shared").recordPhysical(ctx, "3101", "alice", null);
      long second = new UsageLog(b, "java-shared").recordPhysical(ctx, "3101", "bob", null);
      assertEquals(first + 1, second);
      assertEquals(second + 1, new UsageLog(a, "java-shared").size());
      assertEquals(0, new UsageLog(b, "java-other").size());
    }
  }

  @Test
  public void badConnectionStringsFailWithoutThePassword() {
    EsealException bad = assertThrows(EsealException.class,
        () -> Store.openPostgresql("dbname=x password=Sekr1tPassw0rd nonsense"));
    assertEquals(EsealNativeConstants.ESEAL_EINVAL, bad.getCode());
    assertFalse(bad.getMessage().contains("Sekr1tPassw0rd"));
    EsealException down = assertThrows(EsealException.class,
        () -> Store.openPostgresql("postgresql://u:Sekr1tPassw0rd@127.0.0.1:1/none?connect_timeout=5"));
    assertEquals(EsealNativeConstants.ESEAL_EIO, down.getCode());
    assertFalse(down.getMessage().contains("Sekr1tPassw0rd"));
    assertTrue(down.getMessage().contains("postgresql store"));
  }
}
