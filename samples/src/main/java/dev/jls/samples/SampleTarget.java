package dev.jls.samples;

import dev.jls.emulator.JlsEmulator;
import dev.jls.sdk.JlsClient;
import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a sample's {@code main} sends its calls.
 *
 * <p>With {@code JLS_BASE_URL} and {@code JL_API_KEY} set, that server (a running emulator, or the
 * hosted service); with only {@code JL_API_KEY} set, the hosted service; with neither, an emulator
 * started inside this program on a free port and stopped on {@link #close()}, so every sample runs as
 * it is, offline.
 */
public final class SampleTarget implements AutoCloseable {

    private final JlsClient client;
    private final String apiKey;
    private final boolean ownsClient;
    private final Optional<JlsEmulator> embedded;

    private SampleTarget(JlsClient client, String apiKey, boolean ownsClient, Optional<JlsEmulator> embedded) {
        this.client = client;
        this.apiKey = apiKey;
        this.ownsClient = ownsClient;
        this.embedded = embedded;
    }

    /**
     * Connects as the environment says, or starts an embedded emulator.
     *
     * @param out where to say which one was chosen
     * @return the target; the caller closes it
     */
    public static SampleTarget open(PrintStream out) {
        String key = System.getenv(JlsClient.ENV_API_KEY);
        if (key != null && !key.isBlank()) {
            JlsClient client = JlsClient.builder().fromEnv().build();
            out.println("Using " + client.baseUrl().orElse("the hosted service") + " (from the environment)");
            return new SampleTarget(client, key.trim(), true, Optional.empty());
        }
        JlsEmulator emulator = JlsEmulator.builder().build();
        emulator.start();
        try {
            JlsClient client = JlsClient.builder()
                    .baseUrl(emulator.baseUrl())
                    .apiKey(emulator.apiKey())
                    .build();
            out.println("Started an embedded emulator at " + emulator.baseUrl()
                    + " (set JLS_BASE_URL and JL_API_KEY to use another server)");
            return new SampleTarget(client, emulator.apiKey(), true, Optional.of(emulator));
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    /** Wraps a client that someone else made and closes, e.g. one that a test extension injected. */
    public static SampleTarget of(JlsClient client, String apiKey) {
        return new SampleTarget(
                Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(apiKey, "apiKey"),
                false,
                Optional.empty());
    }

    public JlsClient client() {
        return client;
    }

    /** The key, for clients other than jls's own (the OpenAI client, LangChain4j). */
    public String apiKey() {
        return apiKey;
    }

    /** Closes the client if this target made it, and stops the embedded emulator if it started one. */
    @Override
    public void close() {
        try {
            if (ownsClient) {
                client.close();
            }
        } finally {
            embedded.ifPresent(JlsEmulator::close);
        }
    }
}
