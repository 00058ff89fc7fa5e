package dev.jls.sdk;

import java.util.Optional;

/**
 * What {@link DeploymentService#retrieveLogs} streams. Immutable.
 *
 * <p>Defaults: the last 100 lines ({@code tail}), no following (the stream ends after them), every
 * worker, no notices.
 */
public final class LogOptions {

    private static final LogOptions DEFAULTS = builder().build();

    private final int tail;
    private final boolean follow;
    private final Integer worker;
    private final boolean notices;

    private LogOptions(Builder builder) {
        this.tail = builder.tail;
        this.follow = builder.follow;
        this.worker = builder.worker;
        this.notices = builder.notices;
    }

    /** The defaults: tail 100, no follow, all workers, no notices. */
    public static LogOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder().tail(tail).follow(follow).notices(notices);
        builder.worker = worker;
        return builder;
    }

    /** How many past lines to send first; default 100. */
    public int tail() {
        return tail;
    }

    /** Whether new lines keep coming until the stream is closed or the service ends it; default false. */
    public boolean follow() {
        return follow;
    }

    /** Only this worker's lines; default empty (all workers). */
    public Optional<Integer> worker() {
        return Optional.ofNullable(worker);
    }

    /** Whether the stream gives the service's notices too; default false. */
    public boolean notices() {
        return notices;
    }

    @Override
    public String toString() {
        return "LogOptions{tail=" + tail + ", follow=" + follow + ", worker=" + worker + ", notices=" + notices + "}";
    }

    /** Builds {@link LogOptions}. */
    public static final class Builder {
        private int tail = 100;
        private boolean follow;
        private Integer worker;
        private boolean notices;

        private Builder() {}

        /** Past lines to send first, {@code >= 0}; default 100. */
        public Builder tail(int tail) {
            if (tail < 0) {
                throw new IllegalArgumentException("tail: must be >= 0, was " + tail);
            }
            this.tail = tail;
            return this;
        }

        /** Keep streaming new lines until closed, or until the service ends the stream; default false. */
        public Builder follow(boolean follow) {
            this.follow = follow;
            return this;
        }

        /** Only this worker's lines (a worker id, {@code >= 0}); default all workers. */
        public Builder worker(int worker) {
            if (worker < 0) {
                throw new IllegalArgumentException("worker: must be >= 0, was " + worker);
            }
            this.worker = worker;
            return this;
        }

        /**
         * Also give the service's notices about the stream, as {@link LogEvent.Notice}: the hosted service's
         * first event, {@code deployment status is <status>}, {@code no active workers}, ... Its keep-alive
         * ({@code ping}) and its end mark ({@code all streams ended}) are never notices. Default false: worker
         * lines only.
         */
        public Builder notices(boolean notices) {
            this.notices = notices;
            return this;
        }

        /** The options; the builder stays usable. */
        public LogOptions build() {
            return new LogOptions(this);
        }
    }
}
