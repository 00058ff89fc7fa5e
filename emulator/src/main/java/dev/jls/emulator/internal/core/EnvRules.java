package dev.jls.emulator.internal.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a deployment's {@code env} may hold. A worker runs as the emulator's user, so a variable that
 * makes a runtime load code of the tenant's choosing (a JVM agent, a preloaded library, a Python
 * start-up file) would run that code on the host before the engine even starts, and with it read the
 * emulator's files and memory. Such names are refused at create, with every name that is not a
 * portable variable name, every value holding NUL (the operating system cannot pass it), and the
 * variables the emulator sets itself.
 */
public final class EnvRules {

    /** A portable variable name, as POSIX shells accept it. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Names that change how a runtime loads code: the JVM's agent and option variables and its class
     * path; the shells' start-up files and tracing ({@code SHELLOPTS=xtrace} runs {@code PS4}'s
     * command substitutions); Python's, Perl's, Ruby's and Node's start-up code and module paths; glibc's
     * character-set modules and OpenSSL's configuration, both of which load shared libraries.
     */
    public static final Set<String> CODE_LOADING_NAMES = Set.of(
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS",
            "JAVA_OPTIONS",
            "CLASSPATH",
            "PYTHONSTARTUP",
            "PYTHONPATH",
            "PYTHONHOME",
            "PYTHONINSPECT",
            "PYTHONBREAKPOINT",
            "PYTHONUSERBASE",
            "PYTHONEXECUTABLE",
            "BASH_ENV",
            "ENV",
            "SHELLOPTS",
            "BASHOPTS",
            "PS4",
            "PERL5OPT",
            "PERL5LIB",
            "PERLLIB",
            "RUBYOPT",
            "RUBYLIB",
            "NODE_OPTIONS",
            "NODE_PATH",
            "GCONV_PATH",
            "OPENSSL_CONF");

    /**
     * Prefixes of names that change how code is loaded: the dynamic linker's ({@code LD_PRELOAD}, {@code
     * LD_LIBRARY_PATH}, {@code LD_AUDIT}, …; {@code DYLD_INSERT_LIBRARIES} on macOS) and exported bash
     * functions ({@code BASH_FUNC_name%%}, which a shell would run as commands).
     */
    public static final List<String> CODE_LOADING_PREFIXES = List.of("LD_", "DYLD_", "BASH_FUNC_");

    /** The prefix of the simulated engine's settings (its pace and faults). */
    public static final String SIM_KNOBS = "JLS_SIM_";

    /** The shortest value {@link #maskValues} masks in free text. */
    public static final int MASKED_LENGTH = 4;

    private EnvRules() {}

    /** Adds to {@code errors} one error per refused entry of {@code env}, named {@code env.NAME}. */
    public static void check(Map<String, String> env, List<FieldError> errors) {
        for (String name : new TreeSet<>(env.keySet())) {
            problem(name, env.get(name)).ifPresent(p -> errors.add(FieldError.entry("env", name, p)));
        }
    }

    /** Why the entry {@code name=value} may not be in a deployment's {@code env}; the value never shows. */
    static Optional<String> problem(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            return Optional.of("is not a valid variable name: a name must match " + NAME.pattern()
                    + " (letters, digits and _, not starting with a digit)");
        }
        if (isCodeLoading(name)) {
            return Optional.of(
                    name + " changes how a runtime loads code;" + " it is not allowed in a deployment's env");
        }
        if (WorkerEnvironment.EMULATOR_VARIABLES.contains(name)) {
            return Optional.of(
                    name + " is set by the emulator for each worker;" + " it is not allowed in a deployment's env");
        }
        if (value != null && value.indexOf('\0') >= 0) {
            return Optional.of("the value must not contain a NUL character");
        }
        return Optional.empty();
    }

    /** A secret goes in and never comes out: at most the first three characters of a long value show. */
    public static String mask(String value) {
        return value.length() >= 8 ? value.substring(0, 3) + "****" : "****";
    }

    /**
     * {@code text} with each value of {@code env} of {@value #MASKED_LENGTH} characters or more {@link
     * #mask masked}, the longest first so that a value holding another is masked whole. Shorter values
     * ({@code 1}, {@code on}) would mask unrelated words and are unlikely secrets. The simulated engine's
     * knobs ({@value #SIM_KNOBS}…) are settings, not secrets, and stay as given, so that an injected
     * failure ({@code JLS_SIM_START_FAILURE}) reads as written.
     */
    public static String maskValues(Map<String, String> env, String text) {
        List<String> values = env.entrySet().stream()
                .filter(e -> !e.getKey().startsWith(SIM_KNOBS))
                .map(Map.Entry::getValue)
                .filter(v -> v.length() >= MASKED_LENGTH)
                .distinct()
                .sorted((a, b) -> Integer.compare(b.length(), a.length()))
                .toList();
        String masked = text;
        for (String value : values) {
            masked = masked.replace(value, mask(value));
        }
        return masked;
    }

    /** Whether {@code name} is one of the {@link #CODE_LOADING_NAMES} or under one of the prefixes. */
    public static boolean isCodeLoading(String name) {
        return CODE_LOADING_NAMES.contains(name)
                || CODE_LOADING_PREFIXES.stream().anyMatch(name::startsWith);
    }
}
