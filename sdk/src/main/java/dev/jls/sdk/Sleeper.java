package dev.jls.sdk;

import java.time.Duration;

/**
 * Waits between polls and retries. The client calls it for every backoff and poll interval of its
 * blocking calls, so tests can inject one that records the requested pauses instead of sleeping.
 *
 * <p>Implementations must be thread-safe: one client shares its sleeper between all threads.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Pauses the calling thread for {@code duration}.
     *
     * @param duration how long to pause; zero or negative returns at once
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The default sleeper: {@link Thread#sleep(long)} on the calling thread. */
    static Sleeper system() {
        return duration -> {
            long millis = duration.toMillis();
            if (millis > 0) {
                Thread.sleep(millis);
            }
        };
    }
}
