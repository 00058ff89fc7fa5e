package dev.jls.emulator.junit;

import dev.jls.emulator.Faults;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The faults a {@link JlsDeployment} starts with: the same as {@link
 * dev.jls.emulator.EmulatorFaults.Target}'s, in force from before its first worker starts, so every
 * worker it starts has them. An attribute left at its default is no fault. Tests change them later
 * with {@code emulator.faults().deployment(id)}; with {@link JlsEmulatorTest#resetBetweenTests()} they
 * are put back as declared after each test.
 *
 * <pre>{@code
 * @JlsDeployment(name = "flaky", model = "Qwen/Qwen3-0.6B",
 *     faults = @JlsFaults(errorRate = 0.3, errorSeed = 42, coldStartMs = 2000))
 * }</pre>
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JlsFaults {

    /** {@code crashOnNextRequest()}: each worker's engine exits abruptly on its next request. */
    boolean crashOnNextRequest() default false;

    /** {@code crashMidStream(k)}: each worker's engine exits once its next request has produced this many tokens; {@code 0}: no. */
    int crashMidStreamAfterTokens() default 0;

    /** {@code hang()}: requests are accepted and never answered. */
    boolean hang() default false;

    /**
     * {@code slow(…)}'s time to first token, in milliseconds; {@code -1} (default): not slowed, unless
     * {@link #tokensPerSecond()} is set (then {@code 0}).
     */
    long ttftMs() default -1;

    /**
     * {@code slow(…)}'s tokens per second after the first ({@code 0}: as fast as possible); {@code -1}
     * (default): not slowed, unless {@link #ttftMs()} is set (then {@code 0}).
     */
    double tokensPerSecond() default -1;

    /** {@code errorRate(rate, seed)}: the share of requests, 0 to 1, answered {@code 500}; {@code 0}: none. */
    double errorRate() default 0;

    /** {@code errorRate(rate, seed)}'s seed: which requests fail, the same ones for the same seed. */
    long errorSeed() default 0;

    /** {@code failNextStarts(n)}: how many of the first worker starts fail; {@code 0}: none. */
    int failNextStarts() default 0;

    /** What a failing start reports. */
    String failNextStartsMessage() default Faults.DEFAULT_START_FAILURE;

    /** {@code coldStart(…)}, in milliseconds: how long each worker takes before it listens; {@code 0}: no delay. */
    long coldStartMs() default 0;
}
