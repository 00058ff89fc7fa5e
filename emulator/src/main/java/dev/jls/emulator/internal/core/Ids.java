package dev.jls.emulator.internal.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** The ids of API.md: {@code dep-<12 hex>}, {@code req-<24 hex>}. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    /**
     * Request ids are made for every request, and drawing each from the secure source costs a system
     * call every few ids. They need to be unique and not sequential, not secret: every access to a
     * request is checked against the caller's key. Seeded from the secure source; guarded by its lock.
     */
    private static final SplittableRandom REQUEST_IDS = new SplittableRandom(RANDOM.nextLong());

    private Ids() {}

    static String deployment() {
        return "dep-" + hex(6);
    }

    static String request() {
        long high;
        int low;
        synchronized (REQUEST_IDS) {
            high = REQUEST_IDS.nextLong();
            low = REQUEST_IDS.nextInt();
        }
        return "req-" + HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }
}
