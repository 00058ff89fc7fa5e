package dev.jls.emulator.internal.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test moves it. */
final class MutableClock extends Clock {

    // java.time's own clocks keep the time: a fixed one, moved by offsets
    private Clock now = Clock.fixed(Instant.parse("2026-06-08T08:00:00Z"), ZoneOffset.UTC);

    void advance(Duration d) {
        now = Clock.offset(now, d);
    }

    @Override
    public Instant instant() {
        return now.instant();
    }

    @Override
    public ZoneId getZone() {
        return now.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
