package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.EmulatorBaseUrl;
import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.models.DeploymentSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shell completion of deployment and request ids: the hidden {@code jls __complete} against a real
 * emulator and against nothing, and the generated script run by bash with a stand-in {@code jls}.
 */
@JlsEmulatorTest(gpus = "H100:2")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompletionTest {

    @TempDir
    Path config;

    private String baseUrl;
    private String apiKey;
    private final List<String> deployments = new ArrayList<>();

    @BeforeAll
    void twoDeployments(JlsClient client, @EmulatorBaseUrl String baseUrl, @EmulatorApiKey String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        for (String name : List.of("first", "second")) {
            deployments.add(client.deployments()
                    .create(DeploymentSpec.builder()
                            .name(name)
                            .framework("vllm")
                            .model("Qwen/Qwen3-0.6B")
                            .gpusToUse(List.of("H100"))
                            .minWorkers(0)
                            .maxWorkers(1)
                            .build()));
        }
    }

    /** A generous wait: a loaded machine must not turn the candidates into none. */
    private Cli cli() {
        return new Cli(config).connectTo(baseUrl, apiKey).env(CompleteCommand.WAIT_VARIABLE, "60s");
    }

    @Test
    void theCompleterPrintsTheDeploymentIdsOfTheTarget() {
        Cli.Result result = cli().run("__complete", "deployments");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines()).containsAll(deployments);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void withNoServerTheCompleterPrintsNothingAndSucceeds() throws IOException {
        Cli.Result result = new Cli(config)
                .connectTo("http://127.0.0.1:" + closedPort(), "some-key")
                .run("__complete", "deployments");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEmpty();
    }

    @Test
    void withNoKeyTheCompleterPrintsNothingAndSucceeds() {
        Cli.Result result = new Cli(config).env("JLS_BASE_URL", baseUrl).run("__complete", "deployments");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEmpty();
    }

    @Test
    void requestIdsAreThoseSubmittedToTheSameTargetNewestFirst(@TempDir Path own) {
        Cli cli = new Cli(own).connectTo(baseUrl, apiKey);
        String first = cli.run("submit", deployments.get(0), "-m", "one").out().strip();
        String second = cli.run("submit", deployments.get(0), "-m", "two").out().strip();
        String other =
                cli.run("submit", deployments.get(1), "-m", "three").out().strip();
        assertThat(List.of(first, second, other)).allMatch(id -> id.startsWith("req-"));

        assertThat(cli.run("__complete", "requests", deployments.get(0)).out().lines())
                .containsExactly(second, first);
        assertThat(cli.run("__complete", "requests").out().lines()).containsExactly(other, second, first);
        Cli.Result elsewhere =
                new Cli(own).connectTo("http://127.0.0.1:1", apiKey).run("__complete", "requests");
        assertThat(elsewhere.exitCode()).isZero();
        assertThat(elsewhere.out()).isEmpty();
    }

    @Test
    void theHistoryKeepsTheLastRequestsOfEachTarget(@TempDir Path dir) throws IOException {
        RequestHistory history = new RequestHistory(new ConfigDir(dir));
        history.add("http://b", "dep-b", "req-b");
        for (int i = 0; i < RequestHistory.KEPT + 5; i++) {
            history.add("http://a", "dep-a", "req-" + i);
        }

        List<String> kept = history.requestIds("http://a", null);
        assertThat(kept).hasSize(RequestHistory.KEPT);
        assertThat(kept.get(0)).isEqualTo("req-" + (RequestHistory.KEPT + 4));
        assertThat(kept).doesNotContain("req-4").contains("req-5");
        assertThat(history.requestIds("http://b", "dep-b")).containsExactly("req-b");
    }

    // --- the script, run by bash ---

    @Test
    void bashCompletesDeploymentIdsAfterDeployGet(@TempDir Path bin) throws Exception {
        Path calls = standIn(bin);

        assertThat(complete(bin, "jls", "deploy", "get", "")).containsExactly("dep-000000000001", "dep-000000000002");
        assertThat(complete(bin, "jls", "deploy", "get", "dep-0000000000"))
                .containsExactly("dep-000000000001", "dep-000000000002");
        assertThat(Files.readString(calls)).isEqualTo("__complete deployments\n__complete deployments\n");
    }

    @Test
    void bashCompletesRequestIdsOfTheDeploymentTypedAndPassesTheConnectionFlagsOn(@TempDir Path bin) throws Exception {
        Path calls = standIn(bin);

        assertThat(complete(bin, "jls", "--profile", "emulator", "wait", "dep-000000000001", ""))
                .containsExactly("req-000000000000000000000001");
        assertThat(complete(bin, "jls", "fetch", "--base-url", "http://h:1", "dep-000000000002", "req-"))
                .containsExactly("req-000000000000000000000001");
        assertThat(Files.readString(calls))
                .isEqualTo("--profile emulator __complete requests dep-000000000001\n"
                        + "--base-url http://h:1 __complete requests dep-000000000002\n");
    }

    @Test
    void bashLeavesSubcommandsOptionsAndOtherArgumentsToThePicocliScript(@TempDir Path bin) throws Exception {
        Path calls = standIn(bin);

        assertThat(complete(bin, "jls", "deploy", "")).contains("get", "list", "create");
        assertThat(complete(bin, "jls", "deploy", "get", "--h")).contains("--help");
        assertThat(complete(bin, "jls", "deploy", "get", "dep-000000000001", ""))
                .isEmpty();
        assertThat(complete(bin, "jls", "deploy", "get", "-o", "")).containsExactly("table", "json");
        assertThat(complete(bin, "jls", "submit", "--timeout", "1m", "")).hasSize(2);
        assertThat(Files.readString(calls)).isEqualTo("__complete deployments\n");
    }

    @Test
    void theScriptIsValidZshAndCompletesIdsThere(@TempDir Path bin) throws Exception {
        Assumptions.assumeTrue(
                onPath("zsh"), "zsh is not installed: the zsh checks are skipped (bash runs the same script)");
        Path script = script();
        assertThat(zsh(bin, "-n", script.toString())).isEmpty();

        // As zsh's bashcompinit calls a bash completion function: COMP_WORDS from its words (numbered
        // from 1, an empty word under the cursor dropped) and COMP_CWORD counted from 0.
        standIn(bin);
        List<String> offered = zsh(
                bin,
                "-c",
                "source \"$1\"; words=(jls deploy get ''); CURRENT=4; COMP_WORDS=( $words );"
                        + " COMP_CWORD=$((CURRENT - 1)); COMP_LINE=\"$words\"; _jls_complete jls '' get;"
                        + " print -l -- \"${COMPREPLY[@]}\"",
                "zsh",
                script.toString());
        assertThat(offered).containsExactly("dep-000000000001", "dep-000000000002");
    }

    private static List<String> zsh(Path bin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("zsh", "-f"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        // compinit, which the script runs, keeps its dump there rather than in the home directory
        builder.environment().put("ZDOTDIR", bin.toString());
        Process zsh = builder.start();
        String output = new String(zsh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(zsh.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(zsh.exitValue()).as(output).isZero();
        return output.lines().filter(line -> !line.isEmpty()).toList();
    }

    /** A {@code jls} that logs its arguments and prints two deployments or one request. */
    private static Path standIn(Path bin) throws IOException {
        Path calls = bin.resolve("calls.txt");
        Files.writeString(calls, "");
        Path jls = bin.resolve("jls");
        Files.writeString(jls, """
                #!/bin/sh
                echo "$*" >> '%s'
                case "$*" in
                  *"__complete deployments"*) echo dep-000000000001; echo dep-000000000002;;
                  *"__complete requests"*) echo req-000000000000000000000001;;
                esac
                """.formatted(calls));
        Files.setPosixFilePermissions(jls, PosixFilePermissions.fromString("rwx------"));
        return calls;
    }

    private Path script() throws IOException {
        Cli.Result generated = new Cli(config).run("completion", "bash");
        assertThat(generated.exitCode()).as(generated.toString()).isZero();
        Path script = config.resolve("jls-completion.bash");
        Files.writeString(script, generated.out());
        return script;
    }

    /** What bash offers for the last of {@code words}, the completion script loaded and {@code bin} first on PATH. */
    private List<String> complete(Path bin, String... words) throws Exception {
        return BashCompletion.run(script(), Map.of("PATH", bin + ":" + System.getenv("PATH")), words);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
