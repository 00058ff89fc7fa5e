package dev.jls.emulator.internal.workers;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Stops a process and everything it started: SIGTERM to the whole tree, then SIGKILL to whatever is
 * left after a grace. A worker process and a background emulator are both stopped this way.
 */
public final class ProcessTree {

    /** How long SIGKILLed processes get to disappear before {@link #stop} gives up waiting. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private ProcessTree() {}

    /**
     * Sends SIGTERM to {@code root} and its descendants, waits up to {@code grace} for them to end,
     * then sends SIGKILL to those still alive and waits a little for them to go. Returns once they are
     * gone, or once that wait too has passed.
     *
     * @return the processes that had to be killed, in tree order (empty when SIGTERM sufficed)
     */
    public static List<ProcessHandle> stop(ProcessHandle root, Duration grace) {
        return stop(root, grace, killed -> {});
    }

    /**
     * {@link #stop(ProcessHandle, Duration)}, telling {@code beforeKill} which processes are about to
     * get SIGKILL (only when some are), while their output can still be told apart from what follows.
     */
    public static List<ProcessHandle> stop(
            ProcessHandle root, Duration grace, Consumer<List<ProcessHandle>> beforeKill) {
        // Collected before any signal: once the root dies its children are re-parented and no longer
        // show up as its descendants.
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        awaitGone(tree, grace);
        // Children started during the grace time count too.
        if (root.isAlive()) {
            root.descendants().forEach(tree::add);
        }
        List<ProcessHandle> killed =
                tree.stream().filter(ProcessHandle::isAlive).toList();
        if (!killed.isEmpty()) {
            beforeKill.accept(killed);
            killed.forEach(ProcessHandle::destroyForcibly);
        }
        awaitGone(killed, KILL_WAIT);
        return killed;
    }

    /** SIGTERM to every process of the tree now, without waiting: the first step of a shutdown. */
    public static void signal(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroy);
        root.destroy();
    }

    private static void awaitGone(Iterable<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : handles) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
        }
    }
}
