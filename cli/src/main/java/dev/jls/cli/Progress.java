package dev.jls.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * The states something passes through while a command waits on it, each printed once with the time
 * since the wait began ({@code   1.4s  Processing}) on standard error. On a terminal a spinner line
 * shows the current state and the time running, and is cleared when the wait ends, Ctrl-C included; in
 * JSON mode nothing is printed.
 */
public final class Progress implements AutoCloseable {

    private static final char[] FRAMES = "|/-\\".toCharArray();

    private final Output output;
    private final PrintWriter err;
    private final long startNanos = System.nanoTime();
    private final Thread spinner;
    private final Thread clearOnExit;
    private volatile String current;
    private volatile boolean closed;
    private boolean spinnerShown;
    private String lastPrinted;

    public Progress(Output output, String initial) {
        this.output = output;
        this.err = output.err();
        this.current = initial;
        if (output.showsProgress()) {
            spinner = new Thread(this::spin, "jls-spinner");
            spinner.setDaemon(true);
            // Ctrl-C ends the JVM through its shutdown hooks: the spinner line must not outlive it.
            clearOnExit = new Thread(this::stop, "jls-spinner-clear");
            Runtime.getRuntime().addShutdownHook(clearOnExit);
            spinner.start();
        } else {
            spinner = null;
            clearOnExit = null;
        }
    }

    /** Records the current state; prints a line when it differs from the last one printed. */
    public void state(String state) {
        synchronized (this) {
            if (state.equals(lastPrinted)) {
                return;
            }
            lastPrinted = state;
            current = state;
            if (!output.isJson()) {
                clearSpinner();
                err.println(String.format(Locale.ROOT, "%7s  %s", seconds(elapsed()), output.cyan(state)));
                err.flush();
            }
        }
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private void spin() {
        int frame = 0;
        while (!closed) {
            synchronized (this) {
                if (closed) {
                    break;
                }
                err.print("\r" + FRAMES[frame++ % FRAMES.length] + " " + current + "  " + seconds(elapsed())
                        + "\u001b[K");
                err.flush();
                spinnerShown = true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void clearSpinner() {
        if (spinnerShown) {
            err.print("\r\u001b[K");
            err.flush();
            spinnerShown = false;
        }
    }

    @Override
    public void close() {
        stop();
        if (clearOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(clearOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or has run: the line is cleared either way.
            }
        }
    }

    /** Stops the spinner and clears its line; nothing is printed by the spinner after this returns. */
    void stop() {
        synchronized (this) {
            closed = true;
            clearSpinner();
        }
        if (spinner != null) {
            spinner.interrupt();
        }
    }
}
