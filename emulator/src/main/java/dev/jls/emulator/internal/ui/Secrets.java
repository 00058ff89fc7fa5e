package dev.jls.emulator.internal.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Random secrets that stand for a tenant until they expire: one-time login tokens and session ids.
 * Only their SHA-256 digests are kept; a given secret is found by its digest and then compared with
 * {@link MessageDigest#isEqual}, so the time taken says nothing about how close a guess was.
 */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a secret stands for. */
    record Grant(String tenant, Instant expires, String csrf) {}

    private record Entry(byte[] digest, Grant grant) {}

    private final Map<String, Entry> byDigest = new ConcurrentHashMap<>();
    private final Supplier<Instant> clock;
    private final Duration ttl;

    /** Secrets that last {@code ttl} by default, by the time {@code clock} tells. */
    Secrets(Supplier<Instant> clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A new secret for {@code tenant}, valid for this store's time to live. */
    String issue(String tenant) {
        return issue(tenant, ttl);
    }

    /** A new secret for {@code tenant}, valid for {@code ttl}. */
    String issue(String tenant, Duration ttl) {
        prune();
        String secret = random();
        byte[] digest = digest(secret);
        byDigest.put(
                HexFormat.of().formatHex(digest),
                new Entry(digest, new Grant(tenant, clock.get().plus(ttl), random())));
        return secret;
    }

    /** What {@code secret} stands for, while it has not expired. */
    Optional<Grant> find(String secret) {
        return lookup(secret, false);
    }

    /** What {@code secret} stands for, while it has not expired; it is forgotten either way: one use. */
    Optional<Grant> redeem(String secret) {
        return lookup(secret, true);
    }

    void revoke(String secret) {
        lookup(secret, true);
    }

    private Optional<Grant> lookup(String secret, boolean remove) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        byte[] digest = digest(secret);
        String key = HexFormat.of().formatHex(digest);
        Entry e = remove ? byDigest.remove(key) : byDigest.get(key);
        if (e == null || !MessageDigest.isEqual(e.digest(), digest)) {
            return Optional.empty();
        }
        if (!clock.get().isBefore(e.grant().expires())) {
            byDigest.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.grant());
    }

    private void prune() {
        Instant now = clock.get();
        byDigest.values().removeIf(e -> !now.isBefore(e.grant().expires()));
    }

    static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether two strings are equal, in a time that does not depend on where they differ. */
    static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(digest(a), digest(b));
    }
}
