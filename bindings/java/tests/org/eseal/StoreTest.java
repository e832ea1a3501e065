package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/** Store: the built-in stores and attaching one to a context. */
public class StoreTest {
  @Test
  public void memoryAndSqliteStores() throws IOException {
    try (Store s = Store.memory()) {
      assertEquals("memory", s.backend());
    }
    Path dir = Files.createTempDirectory("eseal-store");
    try (Store s = Store.openSqlite(dir.resolve("eseal.db").toString())) {
      assertEquals("sqlite", s.backend());
    }
    // Opened again: the file is a store now.
    try (Store s = Store.openSqlite(dir.resolve("eseal.db").toString())) {
      assertEquals("sqlite", s.backend());
    }
    EsealException e = assertThrows(EsealException.class,
        () -> Store.openSqlite(dir.resolve("no/such/dir/x.db").toString()));
    assertEquals(EsealNativeConstants.ESEAL_EIO, e.getCode());
  }

  @Test
  public void aContextKeepsItsStore() {
    Store store = Store.memory();
    Context ctx = new Context();
    ctx.setStore(store);
    assertSame(store, ctx.store());
    assertThrows(IllegalStateException.class, store::close);
    assertFalse(store.isClosed());
    ctx.setStore(null);
    assertNull(ctx.store());
    store.close();
    assertTrue(store.isClosed());
    assertThrows(IllegalStateException.class, store::backend);

    Store second = Store.memory();
    ctx.setStore(second);
    ctx.close();
    second.close();
    assertTrue(second.isClosed());
  }

  @Test
  public void tenantNames() {
    Store.checkTenantName("acme-01.cn_east");
    for (String bad : new String[] {"", "a b", "a/b", "甲", new String(new char[65]).replace('\0', 'x')}) {
      EsealException e = assertThrows(EsealException.class, () -> Store.checkTenantName(bad));
      assertEquals(EsealNativeConstants.ESEAL_EINVAL, e.getCode());
    }
    assertEquals("default", Store.DEFAULT_TENANT);
  }
}
