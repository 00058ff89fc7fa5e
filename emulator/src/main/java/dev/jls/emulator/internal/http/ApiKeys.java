package dev.jls.emulator.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The keys the emulator accepts; each is a tenant. Keys are compared by their SHA-256 digests with
 * {@link MessageDigest#isEqual}, against every key, so the time taken says nothing about how close a
 * guess was. Keys never appear in logs or in {@link #toString()}.
 */
final class ApiKeys {

    /** Looking a digest up costs more than computing one, and every request needs one. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private final List<byte[]> digests = new ArrayList<>();
    private final List<String> tenants = new ArrayList<>();

    ApiKeys(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one API key is needed");
        }
        for (String key : keys) {
            if (key.isBlank()) {
                throw new IllegalArgumentException("an API key must not be blank");
            }
            byte[] digest = digest(key);
            digests.add(digest);
            // A tenant is named after its key's digest, not its place in the list, so that a data directory
            // written under one set of keys shows each key its own deployments, and none of another's,
            // whatever keys the next start is given. The same key given twice is one tenant.
            tenants.add("tenant-" + HexFormat.of().formatHex(digest, 0, 8));
        }
    }

    /** The tenant of an {@code Authorization: Bearer <key>} header, if the key is known. */
    Optional<String> tenantOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] given = digest(authorization.substring(7).trim());
        String tenant = null;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(given, digests.get(i)) && tenant == null) {
                tenant = tenants.get(i);
            }
        }
        return Optional.ofNullable(tenant);
    }

    private static byte[] digest(String key) {
        // digest() resets the instance for the next use
        return SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiKeys[" + digests.size() + " keys]";
    }
}
