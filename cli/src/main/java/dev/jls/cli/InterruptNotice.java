package dev.jls.cli;

import java.io.PrintWriter;

/**
 * A message printed if the user presses Ctrl-C while a command waits on something it leaves running
 * (a deployment being created, a request being processed): what is still going on and how to check it.
 * The JVM's normal Ctrl-C handling then ends the command; nothing is cancelled on the server.
 */
public final class InterruptNotice implements AutoCloseable {

    private final Thread hook;

    public InterruptNotice(PrintWriter err, String message) {
        this(err, message, null);
    }

    /**
     * @param progress the progress of the wait, whose spinner line is cleared before the message; may be null
     */
    public InterruptNotice(PrintWriter err, String message, Progress progress) {
        this.hook = new Thread(
                () -> {
                    if (progress != null) {
                        progress.stop();
                    }
                    err.println();
                    err.println(message);
                    err.flush();
                },
                "jls-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running; its message is what the user should see.
        }
    }
}
