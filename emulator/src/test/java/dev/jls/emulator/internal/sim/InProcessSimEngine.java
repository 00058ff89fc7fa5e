package dev.jls.emulator.internal.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The simulated engine inside the test's JVM, from the engine's own command line ({@code MODEL --host H
 * --port P ...}) and environment: what a container of the simulated engine's image would run.
 */
public final class InProcessSimEngine implements AutoCloseable {

    private final SimHttpServer server;
    private final SimEngineCore core;

    private InProcessSimEngine(SimHttpServer server, SimEngineCore core) {
        this.server = server;
        this.core = core;
    }

    /** Starts an engine listening as {@code engineArgs} say, with {@code env}'s {@code JLS_SIM_*} settings. */
    public static InProcessSimEngine start(List<String> engineArgs, Map<String, String> env) {
        SimEngineArgs args = SimEngineArgs.parse(engineArgs);
        SimEngineCore core = new SimEngineCore(
                args,
                SimSettings.fromEnvironment(env),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        SimHttpServer server = new SimHttpServer(core);
        try {
            server.start(args.host(), args.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new InProcessSimEngine(server, core);
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        core.beginShutdown();
        server.stop(0);
    }
}
