package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineClient;
import dev.jls.emulator.internal.io.IoThreads;
import java.util.Locale;

/**
 * Which {@link EngineClient} adapter an emulator forwards with. Chosen by the internal system property
 * {@value #PROPERTY} ({@code nio}, {@code undertow} or {@code jdk}) so that the adapters can be measured against
 * each other on the same build (docs/performance.md); it is not a user option.
 */
public final class EngineClients {

    /** The system property naming the adapter. */
    public static final String PROPERTY = "jls.engineClient";

    /** The adapter an emulator uses when {@value #PROPERTY} is not set. */
    public static final String DEFAULT = "nio";

    private EngineClients() {}

    /**
     * The adapter {@value #PROPERTY} names ({@value #DEFAULT} when it is not set), on {@code io}, the
     * threads of the emulator's server, where the adapter can use them.
     */
    public static EngineClient fromSystemProperty(IoThreads io) {
        return named(System.getProperty(PROPERTY, DEFAULT), io);
    }

    /**
     * The adapter called {@code name}: {@code nio} or {@code undertow} (each on {@code io}'s threads when it
     * is not null), or {@code jdk}.
     */
    public static EngineClient named(String name, IoThreads io) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "nio" -> io == null ? new NioEngineClient() : new NioEngineClient(io);
            case "undertow" -> io == null ? new UndertowEngineClient() : new UndertowEngineClient(io);
            case "jdk" -> new JdkEngineClient();
            default ->
                throw new IllegalArgumentException(PROPERTY + " must be nio, undertow or jdk, not \"" + name + "\"");
        };
    }
}
