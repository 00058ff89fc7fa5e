package dev.jls.sdk;

import java.util.Objects;

/**
 * One item of a deployment's {@link LogStream}: a worker's log {@link Line}, or a {@link Notice} from the
 * service about the stream itself (for example {@code "no active workers"}).
 */
public sealed interface LogEvent permits LogEvent.Line, LogEvent.Notice {

    /** The text, without a line terminator. */
    String text();

    /** A line a worker wrote to its log. */
    record Line(String text) implements LogEvent {
        public Line {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A message from the service, not from a worker, e.g. {@code "no active workers"}. */
    record Notice(String text) implements LogEvent {
        public Notice {
            Objects.requireNonNull(text, "text");
        }
    }
}
