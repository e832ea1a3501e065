package org.eseal;

import java.nio.charset.StandardCharsets;

/** Strings cross JNI as NUL-terminated UTF-8 byte arrays (see eseal.i). */
final class Utf8 {
  private Utf8() {}

  static byte[] encode(String s) {
    if (s == null) {
      return null;
    }
    byte[] text = s.getBytes(StandardCharsets.UTF_8);
    byte[] terminated = new byte[text.length + 1];
    System.arraycopy(text, 0, terminated, 0, text.length);
    return terminated;
  }

  static String decode(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
