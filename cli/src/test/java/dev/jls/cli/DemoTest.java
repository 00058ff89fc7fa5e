package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jls demo} end to end, in this JVM: every step happens, and no worker outlives it. */
@Tag("slow")
class DemoTest {

    @TempDir
    Path config;

    @Test
    void theTourRunsEveryStepAndLeavesNoProcess() {
        Set<Long> before = children();

        Cli.Result demo = new Cli(config).run("demo", "--burst", "8");

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out())
                .contains(
                        "1. Starting an emulator",
                        "Creating a deployment",
                        "Submitting a request",
                        "Completed",
                        "Streaming a chat answer",
                        "A burst of 8 requests",
                        "8 of 8 completed",
                        "Idle",
                        "0 healthy, 0 starting",
                        "Deleting the deployment",
                        "gone",
                        "Done in");
        assertThat(children()).isSubsetOf(before);
    }

    @Test
    void inJsonModeTheTourIsOneDocument() {
        Cli.Result demo = new Cli(config).run("demo", "--burst", "4", "-o", "json");

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        JsonNode summary = Documents.parse(demo.out());
        assertThat(summary.path("steps").findValuesAsText("step"))
                .containsExactly(
                        "start emulator",
                        "create deployment",
                        "request states",
                        "stream chat",
                        "scale up",
                        "scale down",
                        "delete");
        assertThat(summary.path("burst_completed").asInt()).isEqualTo(4);
        assertThat(summary.path("most_workers").asInt()).isBetween(1, 3);
        // How long the tour took depends on the machine; that it says so does not.
        assertThat(summary.path("seconds").asDouble()).isPositive();
    }

    private static Set<Long> children() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
