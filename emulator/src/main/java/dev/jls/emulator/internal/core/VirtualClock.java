package dev.jls.emulator.internal.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until it is moved: the core's time in an emulator with virtual time. Only
 * {@link ControlPlane#advance} moves it, on the event loop, a tick at a time; any thread may read it.
 */
public final class VirtualClock extends Clock {

    private volatile Instant now;

    public VirtualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** Moves the clock to {@code to}; never back. */
    void set(Instant to) {
        if (to.isBefore(now)) {
            throw new IllegalArgumentException("virtual time does not go back: " + to + " is before " + now);
        }
        now = to;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a virtual clock is in UTC");
    }

    /**
     * The clock that rules judging worker processes (hang detection) read: real time where the core's
     * clock is virtual, since the processes' own work takes real time; otherwise the core's clock.
     */
    static Clock livenessClock(Clock coreClock) {
        return coreClock instanceof VirtualClock ? Clock.systemUTC() : coreClock;
    }
}
