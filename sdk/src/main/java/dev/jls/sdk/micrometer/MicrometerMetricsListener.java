package dev.jls.sdk.micrometer;

import dev.jls.sdk.MetricsListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * The SDK's figures as Micrometer meters, for {@code JlsClient.Builder.metricsListener(...)}:
 *
 * <ul>
 *   <li>{@code jls.client.calls}, a timer of whole calls (retries and their pauses included), tagged
 *       {@code operation} (e.g. {@code requests.fetch}) and {@code outcome} ({@code success}, a status
 *       code, or an exception class);
 *   <li>{@code jls.client.attempts}, a timer of each HTTP attempt, tagged {@code operation} and
 *       {@code outcome} (the status code, or the exception class);
 *   <li>{@code jls.client.retries}, a counter of retries, tagged {@code operation} and {@code reason}.
 * </ul>
 *
 * <p>Micrometer is an optional dependency of the SDK: an application that uses this class depends on
 * {@code io.micrometer:micrometer-core} itself. Thread-safe.
 *
 * <pre>{@code
 * JlsClient client = JlsClient.builder()
 *         .fromEnv()
 *         .metricsListener(new MicrometerMetricsListener(registry))
 *         .build();
 * }</pre>
 */
public final class MicrometerMetricsListener implements MetricsListener {

    /** The timer of whole calls. */
    public static final String CALLS = "jls.client.calls";
    /** The timer of HTTP attempts. */
    public static final String ATTEMPTS = "jls.client.attempts";
    /** The counter of retries. */
    public static final String RETRIES = "jls.client.retries";

    private final MeterRegistry registry;

    /** Records into {@code registry}. */
    public MicrometerMetricsListener(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onAttempt(Attempt attempt) {
        Timer.builder(ATTEMPTS)
                .description("HTTP attempts of the jls client")
                .tag("operation", attempt.operation())
                .tag("outcome", attempt.outcome())
                .register(registry)
                .record(attempt.duration());
    }

    @Override
    public void onRetry(Retry retry) {
        Counter.builder(RETRIES)
                .description("Retries of the jls client")
                .tag("operation", retry.operation())
                .tag("reason", retry.reason())
                .register(registry)
                .increment();
    }

    @Override
    public void onCall(Call call) {
        Timer.builder(CALLS)
                .description("Calls of the jls client, retries included")
                .tag("operation", call.operation())
                .tag("outcome", call.outcome())
                .register(registry)
                .record(call.duration());
    }
}
