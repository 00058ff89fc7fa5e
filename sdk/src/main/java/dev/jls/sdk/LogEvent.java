package dev.jls.sdk;

import java.util.Objects;
import java.util.Optional;

/**
 * One item of a deployment's {@link LogStream}: a worker's log {@link Line}, or a {@link Notice} from the
 * service about the stream itself (for example {@code "no active workers"}), which the stream gives only
 * when asked ({@link LogOptions.Builder#notices}).
 */
public sealed interface LogEvent permits LogEvent.Line, LogEvent.Notice {

    /** The text, without a line terminator. */
    String text();

    /**
     * A line a worker wrote to its log, as the service sent it. The hosted service starts each line with
     * the worker it came from, {@code [worker-12] INFO: ...}: {@link #workerId()} reads that tag and
     * {@link #message()} is the line after it; {@link #text()} keeps the whole line.
     */
    record Line(String text) implements LogEvent {

        private static final String TAG = "[worker-";

        public Line {
            Objects.requireNonNull(text, "text");
        }

        /**
         * The worker that wrote the line, from its {@code [worker-N] } tag.
         *
         * @return the worker's id; empty when the line has no such tag
         */
        public Optional<Long> workerId() {
            int end = tagEnd();
            return end < 0 ? Optional.empty() : Optional.of(Long.parseLong(text.substring(TAG.length(), end)));
        }

        /**
         * The line without its worker tag: {@code INFO: ready} for {@code [worker-12] INFO: ready}.
         *
         * @return the line after the tag and its space; the whole line when it has no tag
         */
        public String message() {
            int end = tagEnd();
            if (end < 0) {
                return text;
            }
            int start = end + 1;
            return start < text.length() && text.charAt(start) == ' '
                    ? text.substring(start + 1)
                    : text.substring(start);
        }

        /** Where the tag's {@code ]} is, or -1 when the line does not start with a tag. */
        private int tagEnd() {
            if (!text.startsWith(TAG)) {
                return -1;
            }
            int end = TAG.length();
            while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            int digits = end - TAG.length();
            // 18 digits always fit a long; a line with more is not tagged by the service.
            if (digits == 0 || digits > 18 || end >= text.length() || text.charAt(end) != ']') {
                return -1;
            }
            return end + 1 == text.length() || text.charAt(end + 1) == ' ' ? end : -1;
        }
    }

    /**
     * A message from the service, not from a worker: {@code deployment status is running} (the first one
     * the hosted service sends), {@code no active workers}, ... Given only to a stream opened with
     * {@link LogOptions.Builder#notices notices(true)}.
     */
    record Notice(String text) implements LogEvent {
        public Notice {
            Objects.requireNonNull(text, "text");
        }
    }
}
