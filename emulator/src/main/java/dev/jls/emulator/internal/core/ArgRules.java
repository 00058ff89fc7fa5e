package dev.jls.emulator.internal.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a deployment's {@code args} may hold, checked at create so that a spec the engine would refuse
 * is refused at once with the key named ({@code args.KEY}), not after the workers failed to start.
 *
 * <p>Every entry becomes {@code --KEY VALUE} on the engine's command line. A key is a flag name,
 * written with or without its leading {@code --} ({@code max-model-len}, {@code --max-model-len}); the
 * name must match {@link #FLAG}, so that no key can be two words, carry its own {@code =value} or pass
 * for something else. Values hold no NUL (the operating system cannot pass one), and start with
 * {@code -} only as negative numbers: {@code --port=1} as a value would be read as a flag of its own.
 * {@code host} and {@code port} are the emulator's: it binds each worker to a port it chose and
 * checked, on loopback. The numeric arguments of vLLM that the emulator knows ({@link #POSITIVE_INTEGERS}, {@code seed},
 * {@code gpu-memory-utilization}) must be numbers in their range; other values are the engine's to
 * judge.
 */
public final class ArgRules {

    /** A flag's name once its leading {@code -} or {@code --} is taken off. */
    public static final Pattern FLAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** Arguments the emulator sets for each worker. */
    public static final Set<String> EMULATOR_ARGS = Set.of("host", "port");

    /** vLLM arguments that must be a whole number of at least 1. */
    public static final Set<String> POSITIVE_INTEGERS = Set.of(
            "max-model-len",
            "max-num-seqs",
            "max-num-batched-tokens",
            "tensor-parallel-size",
            "pipeline-parallel-size",
            "data-parallel-size");

    /** vLLM arguments that must be a whole number from 0 to {@link #MAX_SEED}. */
    public static final Set<String> NON_NEGATIVE_INTEGERS = Set.of("seed");

    /** vLLM arguments that must be a fraction in (0, 1]. */
    public static final Set<String> FRACTIONS = Set.of("gpu-memory-utilization");

    /** The largest seed: vLLM hands it to NumPy, which takes seeds below 2^32. */
    public static final long MAX_SEED = 4_294_967_295L;

    private static final Pattern INTEGER = Pattern.compile("[+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern NUMBER = Pattern.compile("-([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private ArgRules() {}

    /** Adds to {@code errors} one error per refused entry of {@code args}, named {@code args.KEY}. */
    public static void check(Map<String, String> args, List<FieldError> errors) {
        for (String key : new TreeSet<>(args.keySet())) {
            problem(key, args.get(key)).ifPresent(p -> errors.add(FieldError.entry("args", key, p)));
        }
    }

    /**
     * The flag a key stands for, in vLLM's spelling: without its leading dashes, {@code _} read as
     * {@code -} (vLLM's parser takes both), lower case.
     */
    public static String flagName(String key) {
        String flag = key.startsWith("--") ? key.substring(2) : key.startsWith("-") ? key.substring(1) : key;
        return flag.replace('_', '-').toLowerCase(Locale.ROOT);
    }

    static Optional<String> problem(String key, String value) {
        String bare = key.startsWith("--") ? key.substring(2) : key.startsWith("-") ? key.substring(1) : key;
        if (!FLAG.matcher(bare).matches()) {
            return Optional.of(
                    "is not a flag name: a key must match " + FLAG.pattern() + ", optionally after a leading --");
        }
        String flag = flagName(key);
        if (EMULATOR_ARGS.contains(flag)) {
            return Optional.of(flag + " is chosen by the emulator for each worker and cannot be set");
        }
        if (value == null) {
            return Optional.empty();
        }
        if (value.indexOf('\0') >= 0) {
            return Optional.of("the value must not contain a NUL character");
        }
        String v = value.strip();
        if (v.startsWith("-") && !NUMBER.matcher(v).matches()) {
            return Optional.of(
                    "must not start with '-' unless it is a number:" + " the engine would read it as another flag");
        }
        if (POSITIVE_INTEGERS.contains(flag) && !isIntegerIn(v, 1, Integer.MAX_VALUE)) {
            return Optional.of("must be a whole number of at least 1, e.g. 8192");
        }
        if (NON_NEGATIVE_INTEGERS.contains(flag) && !isIntegerIn(v, 0, MAX_SEED)) {
            return Optional.of("must be a whole number from 0 to " + MAX_SEED);
        }
        if (FRACTIONS.contains(flag) && !isFraction(v)) {
            return Optional.of("must be a number above 0 and at most 1, e.g. 0.9");
        }
        return Optional.empty();
    }

    private static boolean isIntegerIn(String v, long min, long max) {
        if (!INTEGER.matcher(v).matches()) {
            return false;
        }
        BigDecimal n = new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
        return n.compareTo(BigDecimal.valueOf(min)) >= 0 && n.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    private static boolean isFraction(String v) {
        if (!DECIMAL.matcher(v).matches()) {
            return false;
        }
        try {
            BigDecimal n = new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
            return n.signum() > 0 && n.compareTo(BigDecimal.ONE) <= 0;
        } catch (NumberFormatException e) {
            return false; // an exponent beyond what BigDecimal holds: far out of (0, 1] anyway
        }
    }
}
