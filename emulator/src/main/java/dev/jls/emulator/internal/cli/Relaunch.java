package dev.jls.emulator.internal.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code java -jar jls-emulator.jar} with the JVM's default flags runs the emulator in a second JVM
 * with the serial collector. On a machine the JVM deems a server (two or more cores, 2 GiB or more) its
 * default is G1, whose barriers and concurrent threads cost more CPU per forwarded request than the
 * serial collector (docs/performance.md); a jar cannot choose its collector, so the first JVM starts the second
 * and only waits for it. Anyone who chooses a collector ({@code -XX:+Use...GC}) or passes
 * {@code -Djls.relaunch=false} gets no relaunch.
 *
 * <p>The first JVM passes its own JVM arguments on, shares its terminal with the second, stops it
 * (SIGTERM) when it is itself stopped, and exits with its exit code; the second exits when the first
 * disappears, even killed, so that no emulator outlives the process its starter knows of.
 */
final class Relaunch {

    /** Set on the second JVM: the process id of the first, which it watches. */
    static final String PARENT_PROPERTY = "jls.relaunchedBy";

    /** {@code -Djls.relaunch=false} turns the relaunch off. */
    static final String SWITCH_PROPERTY = "jls.relaunch";

    private static final Pattern COLLECTOR_CHOICE = Pattern.compile("-XX:[+-]Use\\w*GC");
    private static final Set<String> SERIAL_COLLECTORS = Set.of("Copy", "MarkSweepCompact");
    private static final Set<String> NO_SERVER = Set.of("-h", "--help", "-V", "--version");

    private Relaunch() {}

    /**
     * The command that runs the emulator in a JVM with the serial collector, or empty when this JVM
     * should run it itself: already relaunched, a collector chosen, the relaunch switched off, the
     * serial collector already in use, only help or the version asked for, or not run from a jar.
     */
    static Optional<List<String>> command(String[] args) {
        if (System.getProperty(PARENT_PROPERTY) != null
                || "false".equalsIgnoreCase(System.getProperty(SWITCH_PROPERTY))
                || List.of(args).stream().anyMatch(NO_SERVER::contains)) {
            return Optional.empty();
        }
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (jvmArgs.stream().anyMatch(a -> COLLECTOR_CHOICE.matcher(a).matches()) || serialInUse()) {
            return Optional.empty();
        }
        Path jar = Path.of(System.getProperty("java.class.path", ""));
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmArgs);
        command.add("-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(jar.toString());
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return Optional.of(command);
    }

    private static boolean serialInUse() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (SERIAL_COLLECTORS.contains(gc.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code command} sharing this terminal, until it ends; its exit code. */
    static int run(List<String> command) throws InterruptedException {
        Process second;
        try {
            second = new ProcessBuilder(command).inheritIO().start();
        } catch (java.io.IOException e) {
            System.err.println("jls-emulator: could not start " + command.get(0) + ": " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            second.destroy();
                            try {
                                second.waitFor();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "jls-emulator-relaunch-stop"));
        return second.waitFor();
    }

    /** In the second JVM: exits, stopping the emulator cleanly, once the first JVM is gone. */
    static void exitWithParent() {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent == null) {
            return;
        }
        Optional<ProcessHandle> first;
        try {
            first = ProcessHandle.of(Long.parseLong(parent));
        } catch (NumberFormatException e) {
            return;
        }
        if (first.isEmpty()) {
            System.exit(1);
        }
        first.get().onExit().thenRun(() -> System.exit(1));
    }
}
