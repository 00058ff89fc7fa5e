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

    private static final String REQUEST_PREFIX = "req-";
    private static final int REQUEST_ID_LENGTH = REQUEST_PREFIX.length() + 24;

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
        return request(high, low);
    }

    /** The request id made of {@code high} and {@code low}; {@link #requestHigh} and {@link #requestLow} undo it. */
    static String request(long high, int low) {
        return REQUEST_PREFIX + HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }

    /** Whether {@code id} has the form {@link #request()} makes: {@code req-} and 24 lower-case hex digits. */
    static boolean isRequestId(String id) {
        if (id.length() != REQUEST_ID_LENGTH || !id.startsWith(REQUEST_PREFIX)) {
            return false;
        }
        for (int i = REQUEST_PREFIX.length(); i < REQUEST_ID_LENGTH; i++) {
            char ch = id.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The first 16 hex digits of a request id of the form {@link #isRequestId} accepts. */
    static long requestHigh(String id) {
        return HexFormat.fromHexDigitsToLong(id, REQUEST_PREFIX.length(), REQUEST_PREFIX.length() + 16);
    }

    /** The last 8 hex digits of a request id of the form {@link #isRequestId} accepts. */
    static int requestLow(String id) {
        return HexFormat.fromHexDigits(id, REQUEST_PREFIX.length() + 16, REQUEST_ID_LENGTH);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }
}
