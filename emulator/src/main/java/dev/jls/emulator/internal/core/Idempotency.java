package dev.jls.emulator.internal.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Idempotency keys of submits: within one tenant and deployment, the same key gives back the same
 * request for as long as that request is kept.
 */
final class Idempotency {

    private final Map<String, String> requestByKey = new HashMap<>();

    /** The key as stored: a client's key only means something within its tenant and deployment. */
    static String scoped(String tenant, String deploymentId, String key) {
        return tenant + '\u0000' + deploymentId + '\u0000' + key;
    }

    Optional<String> requestOf(String scopedKey) {
        return Optional.ofNullable(requestByKey.get(scopedKey));
    }

    void remember(String scopedKey, String requestId) {
        requestByKey.put(scopedKey, requestId);
    }

    /** Forgets the key of a request that is no longer kept (unless the key now names another). */
    void forget(String scopedKey, String requestId) {
        requestByKey.remove(scopedKey, requestId);
    }
}
