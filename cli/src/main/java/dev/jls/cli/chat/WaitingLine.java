package dev.jls.cli.chat;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The line on standard error while an answer's first token is awaited, {@code | waiting for a worker
 * (cold start) 3s}: shown once the wait passes {@link #AFTER}, redrawn in place with the time waited,
 * and erased when the first token arrives, so that a cold start never looks like nothing happening.
 * Only on a terminal; elsewhere it prints nothing. The clock and the ticks are given, so that a test can
 * drive both.
 */
final class WaitingLine implements AutoCloseable {

    /** A warm worker usually answers sooner; only a longer wait is shown. */
    static final Duration AFTER = Duration.ofSeconds(1);

    static final String TEXT = "waiting for a worker (cold start)";

    private static final char[] FRAMES = "|/-\\".toCharArray();
    private static final long TICK_MILLIS = 100;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final long start;
    private int frame;
    private boolean shown;
    private boolean closed;

    WaitingLine(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** A line on {@code err} ticked by a daemon thread until it is closed. */
    static WaitingLine start(PrintWriter err) {
        WaitingLine line = new WaitingLine(err, System::nanoTime);
        Thread ticker = new Thread(
                () -> {
                    try {
                        while (line.tick()) {
                            Thread.sleep(TICK_MILLIS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "jls-chat-waiting");
        ticker.setDaemon(true);
        ticker.start();
        return line;
    }

    /** Draws the line if the wait is long enough; returns false once closed. */
    synchronized boolean tick() {
        if (closed) {
            return false;
        }
        Duration waited = Duration.ofNanos(nanoTime.getAsLong() - start);
        if (waited.compareTo(AFTER) >= 0) {
            err.print("\r" + FRAMES[frame++ % FRAMES.length] + " " + TEXT + " " + waited.toSeconds() + "s\u001b[K");
            err.flush();
            shown = true;
        }
        return true;
    }

    /** Erases the line, if it was drawn; nothing is drawn after. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
