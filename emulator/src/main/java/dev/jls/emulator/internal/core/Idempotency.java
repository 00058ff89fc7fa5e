package dev.jls.emulator.internal.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Idempotency keys of submits: within one tenant and deployment, the same key with the same body gives
 * back the same request for as long as that request is kept; the same key with another body is refused
 * (a retry never carries another body: a client that sends one reuses a key by mistake).
 */
final class Idempotency {

    /** A key's request, and a digest of the body it came with; null when that body is no longer known. */
    private record Use(String requestId, byte[] digest) {}

    private final Map<String, Use> useByKey = new HashMap<>();

    /** The key as stored: a client's key only means something within its tenant and deployment. */
    static String scoped(String tenant, String deploymentId, String key) {
        return tenant + '\u0000' + deploymentId + '\u0000' + key;
    }

    Optional<String> requestOf(String scopedKey) {
        return Optional.ofNullable(useByKey.get(scopedKey)).map(Use::requestId);
    }

    /**
     * Whether {@code body} is the body the key's request came with. True too when that body is no longer
     * known: a request that had ended when the emulator restarted is kept without its body.
     */
    boolean sameBody(String scopedKey, byte[] body) {
        Use use = useByKey.get(scopedKey);
        return use == null || use.digest() == null || Arrays.equals(use.digest(), digest(body));
    }

    /** Remembers the key of a request; {@code body} is null when it is not known (see {@link #sameBody}). */
    void remember(String scopedKey, String requestId, byte[] body) {
        useByKey.put(scopedKey, new Use(requestId, body == null ? null : digest(body)));
    }

    /** Forgets the key of a request that is no longer kept (unless the key now names another). */
    void forget(String scopedKey, String requestId) {
        Use use = useByKey.get(scopedKey);
        if (use != null && use.requestId().equals(requestId)) {
            useByKey.remove(scopedKey);
        }
    }

    /** Forgets every key (a reset, which forgets every request). */
    void clear() {
        useByKey.clear();
    }

    private static byte[] digest(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
