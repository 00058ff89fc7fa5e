package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The emulator-wide rules of the core.
 *
 * @param queueLimit requests waiting for a worker that one deployment holds; past it, submits are refused
 * @param resultRetention how long a finished request's answer is kept for fetches
 * @param maxStartAttempts worker start failures in a row after which the deployment fails
 * @param startBackoff wait after the first start failure; doubles with each further one
 * @param deleteGrace how long a deleted deployment's in-flight requests may take to finish
 * @param workerStopGrace how long a worker gets between SIGTERM and SIGKILL
 * @param crashRetries how many times a request whose worker died is tried again elsewhere
 * @param unresponsiveTimeout how long a worker with requests in flight may go without answering its
 *     health check or making progress before it is killed and replaced
 * @param requestTimeout how long a request may take from acceptance to its end, whatever happens
 * @param frameworks the frameworks there is an engine for
 * @param gpuPrices what an hour of a GPU costs, by type, for deployments' {@code total_cost}
 */
public record CoreSettings(
        int queueLimit,
        Duration resultRetention,
        int maxStartAttempts,
        Duration startBackoff,
        Duration deleteGrace,
        Duration workerStopGrace,
        int crashRetries,
        Duration unresponsiveTimeout,
        Duration requestTimeout,
        Set<String> frameworks,
        GpuPrices gpuPrices) {

    public static final int DEFAULT_QUEUE_LIMIT = 10_000;
    public static final Duration DEFAULT_RESULT_RETENTION = Duration.ofHours(1);
    public static final int DEFAULT_MAX_START_ATTEMPTS = 3;
    public static final Duration DEFAULT_START_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_DELETE_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WORKER_STOP_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_UNRESPONSIVE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(30);

    public CoreSettings {
        if (queueLimit < 1) {
            throw new IllegalArgumentException("queueLimit must be at least 1, was " + queueLimit);
        }
        if (maxStartAttempts < 1) {
            throw new IllegalArgumentException("maxStartAttempts must be at least 1, was " + maxStartAttempts);
        }
        if (crashRetries < 0) {
            throw new IllegalArgumentException("crashRetries must not be negative, was " + crashRetries);
        }
        Objects.requireNonNull(resultRetention, "resultRetention");
        Objects.requireNonNull(startBackoff, "startBackoff");
        Objects.requireNonNull(deleteGrace, "deleteGrace");
        Objects.requireNonNull(workerStopGrace, "workerStopGrace");
        if (unresponsiveTimeout.isNegative() || unresponsiveTimeout.isZero()) {
            throw new IllegalArgumentException("unresponsiveTimeout must be positive, was " + unresponsiveTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        frameworks = Set.copyOf(frameworks);
        Objects.requireNonNull(gpuPrices, "gpuPrices");
    }

    /**
     * How often a busy worker's health is checked: often enough that several checks fit in the
     * unresponsive timeout, never more often than every 100 ms.
     */
    public Duration probeInterval() {
        Duration fifth = unresponsiveTimeout.dividedBy(5);
        Duration floor = Duration.ofMillis(100);
        Duration ceiling = Duration.ofSeconds(2);
        return fifth.compareTo(floor) < 0 ? floor : fifth.compareTo(ceiling) > 0 ? ceiling : fifth;
    }

    /** The defaults, with an engine for {@code vllm} only and no GPU prices. */
    public static CoreSettings defaults() {
        return new CoreSettings(
                DEFAULT_QUEUE_LIMIT,
                DEFAULT_RESULT_RETENTION,
                DEFAULT_MAX_START_ATTEMPTS,
                DEFAULT_START_BACKOFF,
                DEFAULT_DELETE_GRACE,
                DEFAULT_WORKER_STOP_GRACE,
                1,
                DEFAULT_UNRESPONSIVE_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                Set.of("vllm"),
                GpuPrices.NONE);
    }
}
