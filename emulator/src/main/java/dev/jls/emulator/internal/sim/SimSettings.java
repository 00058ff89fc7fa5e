package dev.jls.emulator.internal.sim;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The simulated engine's pace and faults, read from its environment so that a deployment's {@code env}
 * sets them for its workers. Every variable is optional; an empty value counts as unset. The defaults
 * are fast and fault-free, so test suites never wait on the engine.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #STARTUP_MS}</td><td>0</td><td>milliseconds before the engine listens (connection
 *       refused meanwhile, as while vLLM loads a model)</td></tr>
 *   <tr><td>{@value #TTFT_MS}</td><td>0</td><td>milliseconds from a request's start to its first
 *       token</td></tr>
 *   <tr><td>{@value #TOKENS_PER_SECOND}</td><td>0</td><td>tokens per second per request after the
 *       first; 0 means as fast as possible</td></tr>
 *   <tr><td>{@value #FAILURE_RATE}</td><td>0</td><td>the share of requests, 0 to 1, answered 500 in
 *       vLLM's error shape</td></tr>
 *   <tr><td>{@value #FAILURE_SEED}</td><td>0</td><td>chooses which requests fail; the choice depends
 *       only on this seed and the request's arrival number</td></tr>
 *   <tr><td>{@value #CRASH_AFTER_REQUESTS}</td><td>unset (never)</td><td>N: serve N requests, then exit
 *       abruptly (status 1) during request N + 1, once it has produced its first token</td></tr>
 *   <tr><td>{@value #CRASH_AFTER_TOKENS}</td><td>unset (1)</td><td>K: the crash of {@value
 *       #CRASH_AFTER_REQUESTS} strikes once the request has produced K tokens (a stream has sent them);
 *       0 strikes before anything is answered</td></tr>
 *   <tr><td>{@value #HANG}</td><td>false</td><td>true: completions requests are accepted and never
 *       answered; {@code /health}, {@code /metrics} and {@code /v1/models} still answer</td></tr>
 *   <tr><td>{@value #ERROR_AFTER_TOKENS}</td><td>unset (never)</td><td>K: every completions request
 *       fails after K tokens: a stream ends with an error event then {@code [DONE]}, a plain answer is
 *       500</td></tr>
 *   <tr><td>{@value #START_FAILURE}</td><td>unset</td><td>a message: after the start-up time the
 *       engine prints it as an error and exits with status 1 instead of listening</td></tr>
 * </table>
 *
 * @param startup time before the engine listens
 * @param timeToFirstToken time from a request's start to its first token
 * @param tokensPerSecond tokens per second after the first; 0 means unpaced
 * @param failureRate the share of requests answered 500
 * @param failureSeed the seed that chooses which requests fail
 * @param crashAfterRequests the number of requests served before a crash, when set
 * @param crashAfterTokens the tokens the crashing request produces before the crash, when set (else 1)
 * @param hang whether completions requests hang
 * @param errorAfterTokens the tokens produced before an injected error, when set
 * @param startFailure the message of an injected start-up failure, when set
 */
public record SimSettings(
        Duration startup,
        Duration timeToFirstToken,
        double tokensPerSecond,
        double failureRate,
        long failureSeed,
        OptionalLong crashAfterRequests,
        OptionalInt crashAfterTokens,
        boolean hang,
        OptionalInt errorAfterTokens,
        Optional<String> startFailure) {

    public static final String STARTUP_MS = "JLS_SIM_STARTUP_MS";
    public static final String TTFT_MS = "JLS_SIM_TTFT_MS";
    public static final String TOKENS_PER_SECOND = "JLS_SIM_TOKENS_PER_SECOND";
    public static final String FAILURE_RATE = "JLS_SIM_FAILURE_RATE";
    public static final String FAILURE_SEED = "JLS_SIM_FAILURE_SEED";
    public static final String CRASH_AFTER_REQUESTS = "JLS_SIM_CRASH_AFTER_REQUESTS";
    public static final String CRASH_AFTER_TOKENS = "JLS_SIM_CRASH_AFTER_TOKENS";
    public static final String HANG = "JLS_SIM_HANG";
    public static final String ERROR_AFTER_TOKENS = "JLS_SIM_ERROR_AFTER_TOKENS";
    public static final String START_FAILURE = "JLS_SIM_START_FAILURE";

    /** No delay, no faults. */
    public static final SimSettings DEFAULTS = new SimSettings(
            Duration.ZERO,
            Duration.ZERO,
            0,
            0,
            0,
            OptionalLong.empty(),
            OptionalInt.empty(),
            false,
            OptionalInt.empty(),
            Optional.empty());

    public SimSettings {
        if (startup.isNegative() || timeToFirstToken.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be a finite number >= 0");
        }
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be between 0 and 1");
        }
    }

    /**
     * Reads the settings from {@code env} (usually {@link System#getenv()}).
     *
     * @throws IllegalArgumentException naming the variable, when a value cannot be read
     */
    public static SimSettings fromEnvironment(Map<String, String> env) {
        return new SimSettings(
                Duration.ofMillis(longValue(env, STARTUP_MS, 0, 0)),
                Duration.ofMillis(longValue(env, TTFT_MS, 0, 0)),
                doubleValue(env, TOKENS_PER_SECOND, 0, 0, Double.MAX_VALUE),
                doubleValue(env, FAILURE_RATE, 0, 0, 1),
                longValue(env, FAILURE_SEED, 0, Long.MIN_VALUE),
                value(env, CRASH_AFTER_REQUESTS)
                        .map(v -> OptionalLong.of(parseLong(CRASH_AFTER_REQUESTS, v, 0)))
                        .orElse(OptionalLong.empty()),
                intValue(env, CRASH_AFTER_TOKENS),
                value(env, HANG).map(v -> parseBoolean(HANG, v)).orElse(false),
                intValue(env, ERROR_AFTER_TOKENS),
                value(env, START_FAILURE));
    }

    /** Whether any fault is injected. */
    public boolean hasFaults() {
        return failureRate > 0
                || crashAfterRequests.isPresent()
                || hang
                || errorAfterTokens.isPresent()
                || startFailure.isPresent();
    }

    /** One line for the start-up log. */
    String describe() {
        StringBuilder line = new StringBuilder()
                .append("pace: start-up ")
                .append(startup.toMillis())
                .append(" ms, first token ")
                .append(timeToFirstToken.toMillis())
                .append(" ms, ")
                .append(tokensPerSecond == 0 ? "unpaced" : tokensPerSecond + " tokens/s")
                .append("; faults: ");
        if (!hasFaults()) {
            return line.append("none").toString();
        }
        if (failureRate > 0) {
            line.append("failure rate ")
                    .append(failureRate)
                    .append(" (seed ")
                    .append(failureSeed)
                    .append(") ");
        }
        crashAfterRequests.ifPresent(n -> line.append("crash after ").append(n).append(" requests "));
        crashAfterTokens.ifPresent(k -> line.append("(at ").append(k).append(" tokens) "));
        if (hang) {
            line.append("hang ");
        }
        errorAfterTokens.ifPresent(k -> line.append("error after ").append(k).append(" tokens "));
        startFailure.ifPresent(m -> line.append("start failure "));
        return line.toString().trim();
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static OptionalInt intValue(Map<String, String> env, String name) {
        return value(env, name)
                .map(v -> {
                    long parsed = parseLong(name, v, 0);
                    if (parsed > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException(name + ": must be <= " + Integer.MAX_VALUE + ", got " + v);
                    }
                    return OptionalInt.of((int) parsed);
                })
                .orElse(OptionalInt.empty());
    }

    private static long longValue(Map<String, String> env, String name, long fallback, long min) {
        return value(env, name).map(v -> parseLong(name, v, min)).orElse(fallback);
    }

    private static long parseLong(String name, String value, long min) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a whole number: '" + value + "'");
        }
        if (parsed < min) {
            throw new IllegalArgumentException(name + ": must be >= " + min + ", got " + parsed);
        }
        return parsed;
    }

    private static double doubleValue(Map<String, String> env, String name, double fallback, double min, double max) {
        Optional<String> value = value(env, name);
        if (value.isEmpty()) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a number: '" + value.get() + "'");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new IllegalArgumentException(
                    name + ": must be between " + min + " and " + max + ", got " + value.get());
        }
        return parsed;
    }

    private static boolean parseBoolean(String name, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
            case "yes":
                return true;
            case "false":
            case "0":
            case "no":
                return false;
            default:
                throw new IllegalArgumentException(name + ": expected true or false, got '" + value + "'");
        }
    }
}
