package dev.jls.cli;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the embedded emulator's HTTP server (Undertow, XNIO) from printing its start and stop notices
 * into a command's output; warnings still show, and everything shows with {@code -v}.
 */
public final class ServerLogs {

    // java.util.logging holds loggers weakly; these references keep the levels set here alive.
    private static final List<Logger> QUIETED =
            List.of(Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"), Logger.getLogger("org.jboss"));

    private ServerLogs() {}

    public static void quiet(boolean verbose) {
        for (Logger logger : QUIETED) {
            logger.setLevel(verbose ? Level.INFO : Level.WARNING);
        }
    }
}
