package dev.jls.emulator.internal.workers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.Liveness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** The calls that watch an engine from outside: its health, its progress, its model card. */
public final class EngineProbes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineProbes() {}

    /** A {@code GET} of {@code path} on the engine at {@code address}. */
    public static HttpRequest get(EngineAddress address, String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://" + address.authority() + path))
                .timeout(timeout)
                .GET()
                .build();
    }

    /**
     * {@code GET /health} within {@code timeout} and, where the engine exports them, its token counters
     * ({@code /metrics}). Never completes exceptionally: a failure is {@link Liveness#SILENT}.
     */
    public static CompletableFuture<Liveness> probe(HttpClient client, EngineAddress address, Duration timeout) {
        HttpRequest health = get(address, "/health", timeout);
        HttpRequest metrics = get(address, "/metrics", timeout);
        return client.sendAsync(health, HttpResponse.BodyHandlers.discarding())
                .thenCompose(answer -> answer.statusCode() != 200
                        ? CompletableFuture.completedFuture(Liveness.SILENT)
                        // an engine without /metrics still answered: it just cannot show its progress
                        : client.sendAsync(metrics, HttpResponse.BodyHandlers.ofString())
                                .handle((m, failure) -> new Liveness(
                                        true,
                                        failure == null && m.statusCode() == 200
                                                ? TokenCounters.tokensProcessed(m.body())
                                                : OptionalLong.empty())))
                .exceptionally(failure -> Liveness.SILENT);
    }

    /**
     * The context length of the engine's model card ({@code GET /v1/models}); empty when it gives none or
     * does not answer. Never completes exceptionally.
     */
    public static CompletableFuture<OptionalInt> maxModelLen(HttpClient client, EngineAddress address) {
        return client.sendAsync(get(address, "/v1/models", Duration.ofSeconds(5)), HttpResponse.BodyHandlers.ofString())
                .handle((models, failure) -> failure == null && models.statusCode() == 200
                        ? maxModelLen(models.body())
                        : OptionalInt.empty());
    }

    /** The {@code max_model_len} of the first card of a {@code GET /v1/models} answer, when it has one. */
    public static OptionalInt maxModelLen(String models) {
        try {
            JsonNode value = JSON.readTree(models).path("data").path(0).path("max_model_len");
            return value.canConvertToInt() && value.intValue() > 0
                    ? OptionalInt.of(value.intValue())
                    : OptionalInt.empty();
        } catch (IOException | RuntimeException unreadable) {
            return OptionalInt.empty();
        }
    }
}
