package dev.jls.emulator.internal.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

@DisabledOnOs(OS.WINDOWS)
class ProcessTreeTest {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void sigtermEndsATreeThatHeedsIt() throws Exception {
        Process root = shell("sleep 60 & sleep 60 & wait");
        List<ProcessHandle> children = awaitChildren(root, 2);
        List<ProcessHandle> killed = ProcessTree.stop(root.toHandle(), Duration.ofSeconds(10));
        assertThat(killed).isEmpty();
        assertThat(root.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void whatIgnoresSigtermIsKilledAfterTheGraceAndReported() throws Exception {
        Process root = shell("trap '' TERM; sleep 60 & wait");
        ProcessHandle child = awaitChildren(root, 1).get(0);
        List<List<ProcessHandle>> told = new ArrayList<>();
        List<ProcessHandle> killed = ProcessTree.stop(root.toHandle(), Duration.ofMillis(300), told::add);
        assertThat(killed).containsExactly(root.toHandle(), child);
        assertThat(told).containsExactly(killed);
        assertThat(root.isAlive()).isFalse();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void childrenAreCollectedBeforeTheFirstSignal() throws Exception {
        // The parent dies at SIGTERM; its child ignores it and is re-parented, out of the tree's sight.
        Process root = shell("(trap '' TERM; exec sleep 60) & wait");
        ProcessHandle child = awaitChildren(root, 1).get(0);
        List<ProcessHandle> killed = ProcessTree.stop(root.toHandle(), Duration.ofMillis(500));
        assertThat(killed).containsExactly(child);
        assertThat(child.isAlive()).isFalse();
    }

    private Process shell(String script) throws IOException {
        Process p =
                new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    /** The root's descendants once {@code n} of them run {@code sleep}. */
    private static List<ProcessHandle> awaitChildren(Process root, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> sleeping = root.descendants()
                    .filter(h ->
                            h.info().command().map(c -> c.endsWith("sleep")).orElse(false))
                    .toList();
            if (sleeping.size() >= n) {
                return sleeping;
            }
            root.waitFor(20, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("no " + n + " sleeping children of " + root.pid());
    }
}
