package org.eseal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.util.EnumSet;
import java.util.Set;
import org.junit.Test;

/**
 * The enums match the library's names one for one, and a value the binding
 * does not know throws instead of reading as some verdict.
 */
public class EnumTest {
  private static final int LAST = 255;

  @Test
  public void everyIndicationTheLibraryNamesHasAConstant() {
    Set<Indication> seen = EnumSet.noneOf(Indication.class);
    for (int i = -1; i <= LAST; i++) {
      String name = EsealNative.eseal_indication_name(i);
      if (!name.equals("UNKNOWN")) {
        seen.add(Indication.of(i));
        assertEquals(name, Indication.of(i).name());
      }
    }
    assertEquals(EnumSet.allOf(Indication.class), seen);
  }

  @Test
  public void everySubIndicationTheLibraryNamesHasAConstant() {
    Set<SubIndication> seen = EnumSet.noneOf(SubIndication.class);
    assertNull(SubIndication.of(EsealNativeConstants.ESEAL_SUB_NONE));
    for (int i = -1; i <= LAST; i++) {
      String name = EsealNative.eseal_sub_indication_name(i);
      if (!name.equals("UNKNOWN") && !name.isEmpty()) {
        seen.add(SubIndication.of(i));
        assertEquals(name, SubIndication.of(i).name());
      }
    }
    assertEquals(EnumSet.allOf(SubIndication.class), seen);
  }

  @Test
  public void everyCheckStatusTheLibraryNamesHasAConstant() {
    Set<CheckStatus> seen = EnumSet.noneOf(CheckStatus.class);
    for (int i = -1; i <= LAST; i++) {
      String name = EsealNative.eseal_check_status_name(i);
      if (!name.equals("UNKNOWN")) {
        seen.add(CheckStatus.of(i));
        assertEquals(name, CheckStatus.of(i).name());
      }
    }
    assertEquals(EnumSet.allOf(CheckStatus.class), seen);
  }

  @Test
  public void anUnknownValueThrows() {
    int[] unknown = {0, LAST + 1, -1};
    for (int v : unknown) {
      try {
        fail("indication " + v + " read as " + Indication.of(v));
      } catch (IllegalArgumentException expected) {
        // The library named it UNKNOWN, which no constant matches.
      }
      try {
        fail("check status " + v + " read as " + CheckStatus.of(v));
      } catch (IllegalArgumentException expected) {
        // As above.
      }
      if (v != 0) {
        try {
          fail("sub-indication " + v + " read as " + SubIndication.of(v));
        } catch (IllegalArgumentException expected) {
          // As above (0 is none, not unknown).
        }
      }
    }
  }

  @Test
  public void aRevocationStatusIsGoodOnlyWhenTheLibrarySaysSo() {
    assertEquals(RevocationStatus.GOOD, RevocationStatus.of(EsealNativeConstants.ESEAL_CERT_STATUS_GOOD));
    assertEquals(RevocationStatus.REVOKED, RevocationStatus.of(EsealNativeConstants.ESEAL_CERT_STATUS_REVOKED));
    assertEquals(RevocationStatus.UNKNOWN, RevocationStatus.of(EsealNativeConstants.ESEAL_CERT_STATUS_UNKNOWN));
    int[] unknown = {0, 4, LAST + 1, -1};
    for (int v : unknown) {
      assertEquals("status " + v, RevocationStatus.UNKNOWN, RevocationStatus.of(v));
    }
  }
}
