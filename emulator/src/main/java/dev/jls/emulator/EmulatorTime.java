package dev.jls.emulator;

import dev.jls.emulator.internal.core.ControlPlane;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The emulator's clock, as its rules read it. With virtual time ({@link JlsEmulator.Builder#virtualTime()},
 * {@code @JlsEmulatorTest(virtualTime = true)}) it stands still until {@link #advance} moves it, so a test
 * of what happens after five idle minutes takes milliseconds:
 *
 * <pre>{@code
 * emulator.time().advance(Duration.ofMinutes(5)); // idle workers stop, waits time out, results expire
 * }</pre>
 *
 * <p>Worker processes keep real time for their own work (start-up, token pacing), and so does the
 * watch for hung workers; see {@code docs/testing.md} for which rule follows which clock. Thread-safe.
 */
public final class EmulatorTime {

    private final ControlPlane plane;

    EmulatorTime(ControlPlane plane) {
        this.plane = plane;
    }

    /** The emulator's time now: the virtual clock's, or the system clock's without virtual time. */
    public Instant now() {
        return plane.now();
    }

    /** Whether the emulator runs on virtual time, which {@link #advance} moves. */
    public boolean isVirtual() {
        return plane.virtualTime();
    }

    /**
     * Moves virtual time forward by {@code by} and fires whatever falls due meanwhile, in the order it
     * falls due: the clock moves a step of at most 100 ms at a time, and after each step the emulator
     * applies its time-driven rules (wait limits, request timeouts, idle workers, result retention, the
     * delete grace, start backoff). Returns once the last step's rules, and the state changes they made
     * at once, have run; what takes real time (a worker process stopping) goes on after, and
     * {@link JlsEmulator#await()} waits for it.
     *
     * <p>Each 100 ms of virtual time costs one pass over the rules: minutes or hours take milliseconds,
     * but prefer advancing by what a test needs to advancing by days.
     *
     * @throws IllegalStateException when the emulator does not run on virtual time
     */
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        if (!plane.virtualTime()) {
            throw new IllegalStateException("this emulator runs on the system clock, which cannot be advanced;"
                    + " build it with JlsEmulator.builder().virtualTime(), or use"
                    + " @JlsEmulatorTest(virtualTime = true)");
        }
        plane.advance(by);
    }
}
