package dev.jls.emulator.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The ids of API.md: {@code dep-<12 hex>}, {@code req-<24 hex>}. */
final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {}

  static String deployment() {
    return "dep-" + hex(6);
  }

  static String request() {
    return "req-" + hex(12);
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }
}
