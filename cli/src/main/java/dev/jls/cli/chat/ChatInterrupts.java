package dev.jls.cli.chat;

import java.util.function.BooleanSupplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during a conversation: the handler decides. When it takes the signal (an answer was being
 * written and is now stopped) the program goes on; otherwise the previous handler runs, which ends the
 * program as Ctrl-C normally does. Java has no public API for this, hence {@code sun.misc.Signal}
 * (module jdk.unsupported, present in every JDK since 9).
 */
final class ChatInterrupts implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private ChatInterrupts(SignalHandler previous) {
        this.previous = previous;
    }

    static ChatInterrupts install(BooleanSupplier handler) {
        SignalHandler[] previous = new SignalHandler[1];
        previous[0] = Signal.handle(INT, signal -> {
            if (!handler.getAsBoolean()) {
                try {
                    previous[0].handle(signal);
                } catch (UnsupportedOperationException nativeDefault) {
                    System.exit(128 + signal.getNumber());
                }
            }
        });
        return new ChatInterrupts(previous[0]);
    }

    @Override
    public void close() {
        Signal.handle(INT, previous);
    }
}
