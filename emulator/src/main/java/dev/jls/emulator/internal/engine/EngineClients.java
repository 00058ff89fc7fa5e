package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineClient;
import java.util.Locale;

/**
 * Which {@link EngineClient} adapter an emulator forwards with. Chosen by the internal system property
 * {@value #PROPERTY} ({@code http1} or {@code undertow}) so that the adapters can be measured against
 * each other on the same build (docs/performance.md); it is not a user option.
 */
public final class EngineClients {

    /** The system property naming the adapter. */
    public static final String PROPERTY = "jls.engineClient";

    private EngineClients() {}

    /** The adapter {@value #PROPERTY} names, {@link Http1EngineClient} when it is not set. */
    public static EngineClient fromSystemProperty() {
        return named(System.getProperty(PROPERTY, "http1"));
    }

    /** The adapter called {@code name}: {@code http1} or {@code undertow}. */
    public static EngineClient named(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "http1" -> new Http1EngineClient();
            case "undertow" -> new UndertowEngineClient();
            default ->
                throw new IllegalArgumentException(PROPERTY + " must be http1 or undertow, not \"" + name + "\"");
        };
    }
}
