package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.EmulatorBaseUrl;
import dev.jls.emulator.junit.JlsEmulatorTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every service command in-process against a real emulator (simulated workers): what it prints, the
 * shape of its JSON, its exit codes.
 */
@JlsEmulatorTest(gpus = "H100:8")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandsTest {

    @TempDir
    Path config;

    private String baseUrl;
    private String apiKey;
    private String deployment;

    @BeforeAll
    void createADeployment(@EmulatorBaseUrl String baseUrl, @EmulatorApiKey String apiKey, @TempDir Path dir) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        Cli.Result created = new Cli(dir)
                .connectTo(baseUrl, apiKey)
                .run(
                        "deploy",
                        "create",
                        "--model",
                        "Qwen/Qwen3-0.6B",
                        "--name",
                        "cli-test",
                        "--max-workers",
                        "2",
                        "--concurrent",
                        "4",
                        "--arg",
                        "served-model-name=qwen",
                        "--env",
                        "JLS_SIM_TOKENS_PER_SECOND=0");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        deployment = created.out().strip();
    }

    @BeforeEach
    void cleanConfig() {
        assertThat(Files.isDirectory(config)).isTrue();
    }

    private Cli cli() {
        return new Cli(config).connectTo(baseUrl, apiKey);
    }

    private static JsonNode json(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return Documents.parse(result.out());
    }

    @Test
    void createPrintsTheIdOnStandardOutputAndTheStatesOnStandardError() {
        Cli.Result created = cli().run("deploy", "create", "--model", "m/small", "--max-workers", "1");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out().strip()).matches("dep-[0-9a-f]{12}");
        assertThat(created.err())
                .contains("running")
                .contains("jls chat " + created.out().strip())
                .contains("OpenAI-compatible base URL: " + baseUrl + "/openai/"
                        + created.out().strip() + "/v1")
                .contains("curl -s " + baseUrl + "/openai/" + created.out().strip() + "/v1/chat/completions")
                .contains("\"model\": \"m/small\"");
        assertThat(cli().run("deploy", "delete", created.out().strip(), "--wait")
                        .exitCode())
                .isZero();
    }

    @Test
    void createInJsonModeIsTheRunningRecordAndNothingElse() {
        Cli.Result created = cli().run(
                        "deploy",
                        "create",
                        "--model",
                        "m/small",
                        "--min-workers",
                        "1",
                        "-o",
                        "json",
                        "--env",
                        "HF_TOKEN=hf_secret");

        JsonNode record = json(created);
        assertThat(created.err()).isEmpty();
        assertThat(record.path("status").asText()).isEqualTo("running");
        assertThat(record.path("min_workers").asInt()).isEqualTo(1);
        assertThat(record.path("name").asText()).isEqualTo("small");
        assertThat(record.at("/env/HF_TOKEN").asText()).doesNotContain("secret");
        assertThat(record.at("/workers/healthy").asInt()).isEqualTo(1);
        cli().run("deploy", "delete", record.path("deployment_id").asText());
    }

    @Test
    void detachReturnsAtOnce() {
        Cli.Result created =
                cli().run("deploy", "create", "--model", "m/small", "--min-workers", "1", "--detach", "-o", "json");

        String id = json(created).path("deployment_id").asText();
        assertThat(id).startsWith("dep-");
        Cli.Result waited = cli().run("deploy", "wait", id, "--timeout", "120s");
        assertThat(waited.exitCode()).as(waited.toString()).isZero();
        assertThat(waited.out()).contains(id + " is running (1 healthy worker).");
        cli().run("deploy", "delete", id);
    }

    @Test
    void theOfficialJlFlagsWork() {
        Cli.Result created = cli().run("deploy", "create", "--model", "m/jl", "--detach", "--yes", "--json");
        String id = json(created).path("deployment_id").asText();
        assertThat(id).startsWith("dep-");
        assertThat(created.err()).isEmpty();

        Cli.Result wide = cli().run("deploy", "list", "--wide");
        assertThat(wide.exitCode()).as(wide.toString()).isZero();
        assertThat(wide.out().lines().findFirst().orElse(""))
                .contains("FRAMEWORK", "GPUS/WORKER", "WORKERS", "CONCURRENT", "REGION", "COST", "STARTED");
        assertThat(wide.out()).contains(id).contains("vllm");
        assertThat(json(cli().run("deploy", "list", "--json"))
                        .path("deployments")
                        .findValuesAsText("deployment_id"))
                .contains(id);
        assertThat(json(cli().run("deploy", "get", id, "--json"))
                        .path("deployment_id")
                        .asText())
                .isEqualTo(id);
        assertThat(json(cli().run("deploy", "status", id, "--json"))
                        .path("deployment_id")
                        .asText())
                .isEqualTo(id);
        assertThat(json(cli().run("deploy", "update", id, "--wait-time", "30", "--json"))
                        .path("wait_time")
                        .asInt())
                .isEqualTo(30);

        Cli.Result contradiction = cli().run("deploy", "logs", id, "-f", "--no-follow");
        assertThat(contradiction.exitCode()).as(contradiction.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(contradiction.err()).contains("--follow").doesNotContain("Unknown option");
        assertThat(cli().run("deploy", "logs", id, "--follow", "--json").exitCode())
                .isEqualTo(ExitCodes.USAGE);

        JsonNode deleted = json(cli().run("deploy", "delete", id, "--yes", "--json"));
        assertThat(deleted.path("deleted").asBoolean()).isTrue();
    }

    @Test
    void deleteAsksOnATerminalAndKeepsTheDeploymentUnlessTheAnswerIsYes() {
        String id = json(cli().run(
                                "deploy", "create", "--model", "m/asked", "--name", "asked", "--detach", "-o", "json"))
                .path("deployment_id")
                .asText();
        Terminal terminal = new Terminal(true, false);

        Cli.Result declined = cli().terminal(terminal).stdin("n\n").run("deploy", "delete", id);
        assertThat(declined.exitCode()).as(declined.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(declined.err())
                .contains("Delete deployment asked (" + id + ")? [y/N] ")
                .contains("Not deleted: deployment asked (" + id + ")");
        assertThat(declined.out()).isEmpty();
        Cli.Result nothingTyped = cli().terminal(terminal).run("deploy", "delete", id);
        assertThat(nothingTyped.exitCode()).as(nothingTyped.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli().run("deploy", "status", id).exitCode()).isZero();

        Cli.Result unknown = cli().terminal(terminal).stdin("y\n").run("deploy", "delete", "dep-000000000000");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).doesNotContain("[y/N]");

        Cli.Result confirmed = cli().terminal(terminal).stdin("yes\n").run("deploy", "delete", id, "--wait");
        assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
        assertThat(confirmed.out()).contains("Deleted " + id);
    }

    @Test
    void deleteWithYesOrWithoutATerminalAsksNothing() {
        String asked = json(cli().run("deploy", "create", "--model", "m/unasked", "--detach", "-o", "json"))
                .path("deployment_id")
                .asText();
        String script = json(cli().run("deploy", "create", "--model", "m/script", "--detach", "-o", "json"))
                .path("deployment_id")
                .asText();

        Cli.Result yes = cli().terminal(new Terminal(true, false)).run("deploy", "delete", asked, "-y");
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(yes.err()).doesNotContain("[y/N]");
        Cli.Result piped = cli().run("deploy", "delete", script);
        assertThat(piped.exitCode()).as(piped.toString()).isZero();
        assertThat(piped.err()).doesNotContain("[y/N]");
    }

    @Test
    void listGetAndStatusShowTheDeployment() {
        Cli.Result list = cli().run("deploy", "list");
        assertThat(list.out()).contains("ID", "STATUS", deployment, "cli-test", "running");

        JsonNode listed = json(cli().run("deploy", "list", "-o", "json"));
        assertThat(listed.path("deployments").findValuesAsText("deployment_id")).contains(deployment);

        Cli.Result get = cli().run("deploy", "get", deployment);
        assertThat(get.out())
                .contains(
                        "id:", deployment, "status:", "running", "model:", "Qwen/Qwen3-0.6B", "served-model-name=qwen")
                .containsPattern("openai url: +" + baseUrl + "/openai/" + deployment + "/v1\n");
        assertThat(get.err())
                .contains("curl -s " + baseUrl + "/openai/" + deployment + "/v1/chat/completions")
                .contains("\"model\": \"qwen\"");

        JsonNode record = json(cli().run("deploy", "get", deployment, "-o", "json"));
        assertThat(record.path("deployment_id").asText()).isEqualTo(deployment);
        assertThat(record.path("max_workers").asInt()).isEqualTo(2);
        assertThat(record.at("/args/served-model-name").asText()).isEqualTo("qwen");

        assertThat(cli().run("deploy", "status", deployment).out().strip()).isEqualTo("running");
        assertThat(json(cli().run("deploy", "status", deployment, "-o", "json"))
                        .path("status")
                        .asText())
                .isEqualTo("running");
    }

    @Test
    void updateChangesTheIdleTimeout() {
        JsonNode updated = json(cli().run("deploy", "update", deployment, "--idle-timeout", "120", "-o", "json"));

        assertThat(updated.path("idle_timeout").asInt()).isEqualTo(120);
        Cli.Result table = cli().run("deploy", "update", deployment, "--wait-time", "90");
        assertThat(table.out()).contains("wait time 90s");
    }

    @Test
    void updateChangesTheWorkerBoundsAndRefusesMinAboveMax() {
        JsonNode raised = json(cli().run("deploy", "update", deployment, "--max-workers", "3", "-o", "json"));
        assertThat(raised.path("max_workers").asInt()).isEqualTo(3);

        Cli.Result crossed = cli().run("deploy", "update", deployment, "--min-workers", "4");
        assertThat(crossed.exitCode()).isNotZero();
        assertThat(crossed.err()).contains("min_workers");

        // back to what the class created, for the other tests
        Cli.Result back = cli().run("deploy", "update", deployment, "--max-workers", "2");
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(back.out()).containsPattern("workers \\d+-2\\.");
    }

    @Test
    void anUnknownDeploymentIsNotFound() {
        Cli.Result result = cli().run("deploy", "get", "dep-000000000000");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).startsWith("error: ").contains("404");
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aWrongKeyIsAnAuthError() {
        Cli.Result result = new Cli(config).connectTo(baseUrl, "wrong-key").run("deploy", "list");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).contains("401");
    }

    @Test
    void submitPrintsTheRequestIdAndWaitFollowsItToTheAnswer() {
        Cli.Result submitted = cli().run("submit", deployment, "-m", "Tell me about the moon", "--max-tokens", "12");
        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        String request = submitted.out().strip();
        assertThat(request).matches("req-[0-9a-f]{24}");

        Cli.Result waited = cli().run("wait", deployment, request);
        assertThat(waited.exitCode()).as(waited.toString()).isZero();
        assertThat(waited.err()).containsPattern("\\d+\\.\\ds\\s+Completed");
        assertThat(waited.out().strip()).isNotEmpty();

        JsonNode fetched = json(cli().run("fetch", deployment, request, "-o", "json"));
        assertThat(fetched.path("object").asText()).isEqualTo("chat.completion");
        assertThat(fetched.at("/usage/completion_tokens").asInt()).isBetween(1, 12);
        assertThat(cli().run("fetch", deployment, request).out()).isEqualTo(waited.out());
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherMessageFailsNamingTheKey() {
        Cli.Result first = cli().run("submit", deployment, "-m", "one", "--idempotency-key", "cli-reused");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Cli.Result again = cli().run("submit", deployment, "-m", "one", "--idempotency-key", "cli-reused");
        assertThat(again.out()).isEqualTo(first.out());

        Cli.Result other = cli().run("submit", deployment, "-m", "two", "--idempotency-key", "cli-reused");

        assertThat(other.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(other.out()).isEmpty();
        assertThat(other.err())
                .contains("422")
                .contains("Idempotency-Key 'cli-reused'")
                .contains(first.out().strip());
    }

    @Test
    void submitWaitInJsonModeIsTheEngineAnswerOnly() {
        Cli.Result result = cli().run("submit", deployment, "-m", "hi", "--system", "Be brief", "--wait", "-o", "json");

        JsonNode answer = json(result);
        assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
        assertThat(answer.at("/choices/0/message/content").asText()).isNotEmpty();
        assertThat(result.err()).isEmpty();
    }

    @Test
    void submitReadsAWholeRequestFromStandardInput() {
        String body = "{\"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}], \"max_tokens\": 3}}";

        Cli.Result result = cli().stdin(body).run("submit", deployment, "--file", "-", "--wait", "-o", "json");

        assertThat(json(result).at("/usage/completion_tokens").asInt()).isBetween(1, 3);
    }

    @Test
    void submitReadsARequestFile() throws Exception {
        Path file = config.resolve("request.json");
        Files.writeString(file, "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}");

        Cli.Result result = cli().run("submit", deployment, "--file", file.toString(), "--max-tokens", "2", "--wait");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("completion tokens");
    }

    @Test
    void fetchAndCancelOfUnknownRequestsAreNotFound() {
        assertThat(cli().run("fetch", deployment, "req-000000000000000000000000")
                        .exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli().run("cancel", deployment, "req-000000000000000000000000")
                        .exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void cancellingAFinishedRequestIsAnError() {
        String request = json(cli().run("submit", deployment, "-m", "hi", "-o", "json"))
                .path("id")
                .asText();
        assertThat(cli().run("wait", deployment, request).exitCode()).isZero();

        Cli.Result cancel = cli().run("cancel", deployment, request);

        assertThat(cancel.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cancel.err()).contains("409");
    }

    @Test
    void aSlowRequestTimesOutThenCancels() {
        // A request that never answers: it is still pending when looked at, however slowly the test runs.
        String slow = json(cli().run(
                                "deploy", "create", "--model", "m/slow", "-o", "json", "--env", "JLS_SIM_HANG=true"))
                .path("deployment_id")
                .asText();
        String request = cli().run("submit", slow, "-m", "hi").out().strip();

        Cli.Result waited = cli().run("wait", slow, request, "--timeout", "300ms");
        assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(waited.err()).contains("did not finish");

        Cli.Result pending = cli().run("fetch", slow, request, "-o", "json");
        assertThat(json(pending).path("status").asText()).isIn("Queued", "Fetched", "Processing");

        Cli.Result cancelled = cli().run("cancel", slow, request, "-o", "json");
        assertThat(json(cancelled).path("status").asText()).isEqualTo("Cancelled");
        assertThat(cli().run("wait", slow, request).exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(cli().run("fetch", slow, request).exitCode()).isEqualTo(ExitCodes.FAILED);
        cli().run("deploy", "delete", slow);
    }

    @Test
    void aFailedRequestExitsWithFiveAndSaysWhy() {
        String failing = json(cli().run(
                                "deploy",
                                "create",
                                "--model",
                                "m/failing",
                                "-o",
                                "json",
                                "--env",
                                "JLS_SIM_FAILURE_RATE=1"))
                .path("deployment_id")
                .asText();

        Cli.Result result = cli().run("submit", failing, "-m", "hi", "--wait");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err()).contains("Failed").contains("engine_error");
        cli().run("deploy", "delete", failing);
    }

    @Test
    void submitAndChatToAFailedDeploymentExitWithFive() {
        Cli.Result created = cli().run(
                        "deploy",
                        "create",
                        "--model",
                        "m/broken",
                        "--min-workers",
                        "1",
                        "--env",
                        "JLS_SIM_START_FAILURE=CUDA out of memory",
                        "-o",
                        "json");
        assertThat(created.exitCode()).as(created.toString()).isEqualTo(ExitCodes.FAILED);
        List<String> reported = created.err().lines().toList();
        assertThat(reported.get(0))
                .startsWith("error: deployment dep-")
                .contains(" failed: ")
                .hasSizeLessThan(120);
        assertThat(reported.subList(1, reported.size())).isNotEmpty().allMatch(line -> line.startsWith("  "));
        assertThat(created.err().split("CUDA out of memory", -1))
                .as(created.err())
                .hasSize(2);
        String broken = json(cli().run("deploy", "list", "-o", "json")).findValues("deployment_id").stream()
                .map(JsonNode::asText)
                .filter(id -> json(cli().run("deploy", "get", id, "-o", "json"))
                        .path("status")
                        .asText()
                        .equals("failed"))
                .findFirst()
                .orElseThrow();

        Cli.Result submitted = cli().run("submit", broken, "-m", "hi");
        assertThat(submitted.exitCode()).as(submitted.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(submitted.err()).contains(broken).contains("failed");

        Cli.Result chat = cli().run("chat", broken, "hi", "--max-tokens", "3");
        assertThat(chat.exitCode()).as(chat.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(chat.err()).contains(broken).contains("failed");
        cli().run("deploy", "delete", broken);
    }

    @Test
    void benchWithAWrongKeyExitsWithThree() {
        Cli.Result result = new Cli(config)
                .connectTo(baseUrl, "not-the-key")
                .run("bench", deployment, "--requests", "2", "--max-tokens", "2");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).contains("warm-up").contains("--api-key");
    }

    @Test
    void chatStreamsAnAnswer() {
        Cli.Result result =
                cli().run("chat", deployment, "Why is the sky blue?", "--max-tokens", "8", "--temperature", "0");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().strip()).isNotEmpty();
        assertThat(result.out()).endsWith("\n");
    }

    @Test
    void chatInJsonModeIsOneChatCompletion() {
        JsonNode answer = json(cli().run("chat", deployment, "hi", "--max-tokens", "4", "-o", "json"));

        assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
        assertThat(answer.at("/choices/0/message/content").asText()).isNotEmpty();
        assertThat(answer.at("/usage/completion_tokens").asInt()).isBetween(1, 4);
    }

    @Test
    void chatWithoutStreamingAndWithThePromptOnStandardInput() {
        Cli.Result whole = cli().run("chat", deployment, "hi", "--no-stream", "--max-tokens", "4", "--model", "qwen");
        assertThat(whole.exitCode()).as(whole.toString()).isZero();
        assertThat(whole.out().strip()).isNotEmpty();

        Cli.Result piped = cli().stdin("hello from a pipe\n").run("chat", deployment, "--max-tokens", "4");
        assertThat(piped.exitCode()).as(piped.toString()).isZero();
        assertThat(piped.out().strip()).isNotEmpty();
    }

    @Test
    void chatWithAnUnknownModelIsNotFound() {
        Cli.Result result = cli().run("chat", deployment, "hi", "--model", "no-such-model");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).contains("no-such-model");
    }

    @Test
    void anInteractiveConversationKeepsGoingUntilExit() {
        Cli.Result result = cli().terminal(new Terminal(true, false))
                .stdin("hello\n\nagain\n/clear\n/exit\n")
                .run("chat", deployment, "--max-tokens", "3");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().split("> ", -1).length - 1).as(result.out()).isEqualTo(5);
        assertThat(result.err()).contains("conversation cleared");
    }

    @Test
    void anInteractiveConversationKeepsItsLinesInTheConfigDirectory(@TempDir Path own) throws Exception {
        Cli cli = new Cli(own).connectTo(baseUrl, apiKey).terminal(new Terminal(true, false));
        Cli.Result first = cli.stdin("one\n/help\n").run("chat", deployment, "--max-tokens", "3");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).as("Ctrl-D ends the prompt's line").endsWith("> \n");
        Cli.Result second = cli.stdin("two\n").run("chat", deployment, "--max-tokens", "3");
        assertThat(second.exitCode()).as(second.toString()).isZero();

        Path history = own.resolve("history").resolve("chat");
        assertThat(Files.readAllLines(history))
                .hasSize(3)
                .satisfiesExactly(
                        l -> assertThat(l).endsWith(":one"),
                        l -> assertThat(l).endsWith(":/help"),
                        l -> assertThat(l).endsWith(":two"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history.getParent())))
                .as("what was typed to a model is its owner's only")
                .isEqualTo("rwx------");
    }

    @Test
    void aChatOffATerminalKeepsNoHistory(@TempDir Path own) {
        Cli cli = new Cli(own).connectTo(baseUrl, apiKey);
        assertThat(cli.stdin("from a pipe\n")
                        .run("chat", deployment, "--max-tokens", "3")
                        .exitCode())
                .isZero();
        assertThat(cli.run("chat", deployment, "an argument", "--max-tokens", "3")
                        .exitCode())
                .isZero();

        assertThat(own.resolve("history")).doesNotExist();
    }

    @Test
    void modelsListsTheServedModel() {
        Cli.Result table = cli().run("models", deployment);
        assertThat(table.out()).contains("qwen");
        assertThat(table.err()).contains("/openai/" + deployment + "/v1");

        JsonNode doc = json(cli().run("models", deployment, "-o", "json"));
        assertThat(doc.at("/data/0/id").asText()).isEqualTo("qwen");
    }

    @Test
    void logsShowTheWorkersLines() {
        cli().run("submit", deployment, "-m", "hi", "--wait");

        Cli.Result lines = cli().run("deploy", "logs", deployment, "--no-follow", "--tail", "50");
        assertThat(lines.exitCode()).as(lines.toString()).isZero();
        assertThat(lines.out()).contains("[sim]");

        JsonNode doc = json(cli().run("deploy", "logs", deployment, "-o", "json"));
        assertThat(doc.path("lines").isArray()).isTrue();
        assertThat(doc.path("lines").size()).isPositive();
    }

    @Test
    void logsOfAWorkerThatIsNotThereAreNotFound() {
        cli().run("submit", deployment, "-m", "hi", "--wait");
        String worker = json(cli().run("deploy", "get", deployment, "-o", "json"))
                .at("/workers/list")
                .findValuesAsText("worker_id")
                .stream()
                .filter(id -> id.matches("\\d+"))
                .findFirst()
                .orElseThrow();

        Cli.Result result = cli().run("deploy", "logs", deployment, "--worker", "99", "--no-follow");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err())
                .startsWith("error: deployment " + deployment + " has no worker 99 (its workers: ")
                .contains(worker);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void benchReportsVllmsFigures() {
        JsonNode plain = json(cli().run(
                        "bench",
                        deployment,
                        "--requests",
                        "12",
                        "--concurrency",
                        "4",
                        "--max-tokens",
                        "8",
                        "-o",
                        "json"));
        assertThat(plain.path("successful_requests").asInt()).isEqualTo(12);
        assertThat(plain.path("failed_requests").asInt()).isZero();
        assertThat(plain.path("total_output_tokens").asLong()).isPositive();
        assertThat(plain.path("request_throughput").asDouble()).isPositive();
        assertThat(plain.path("ttft_ms").isNull()).isTrue();
        assertThat(plain.at("/e2el_ms/median").asDouble()).isPositive();
        assertThat(plain.path("request_rate").asText()).isEqualTo("inf");

        JsonNode streamed = json(cli().run(
                        "bench",
                        deployment,
                        "--requests",
                        "8",
                        "--concurrency",
                        "2",
                        "--stream",
                        "--max-tokens",
                        "8",
                        "--request-rate",
                        "50",
                        "-o",
                        "json"));
        assertThat(streamed.path("successful_requests").asInt()).isEqualTo(8);
        assertThat(streamed.at("/ttft_ms/p99").asDouble()).isPositive();
        assertThat(streamed.at("/itl_ms/count").asInt()).isPositive();
        assertThat(streamed.at("/tpot_ms/mean").isNumber()).isTrue();

        Cli.Result table = cli().run("bench", deployment, "--requests", "4", "--stream", "--max-tokens", "4");
        assertThat(table.out())
                .contains(
                        "Successful requests:",
                        "Failed requests:",
                        "Benchmark duration (s):",
                        "Request throughput (req/s):",
                        "Output token throughput (tok/s):",
                        "Total token throughput (tok/s):",
                        "Mean TTFT (ms):",
                        "Median TPOT (ms):",
                        "P99 ITL (ms):",
                        "P99 E2EL (ms):");
    }

    @Test
    void benchGoesStraightToAWorkersPort() {
        cli().run("submit", deployment, "-m", "hi", "--wait");
        JsonNode record = json(cli().run("deploy", "get", deployment, "-o", "json"));
        int port = record.at("/workers/list/0/port").asInt();
        assertThat(port).isPositive();

        JsonNode direct = json(cli().run(
                        "bench",
                        "--openai-base-url",
                        "http://127.0.0.1:" + port + "/v1",
                        "--requests",
                        "5",
                        "--max-tokens",
                        "4",
                        "-o",
                        "json"));

        assertThat(direct.path("successful_requests").asInt()).isEqualTo(5);
        assertThat(direct.path("target").asText()).contains(":" + port + "/v1");
    }

    @Test
    void deleteWithWaitEndsWithTheDeploymentGone() {
        String id = json(cli().run("deploy", "create", "--model", "m/gone", "-o", "json"))
                .path("deployment_id")
                .asText();

        Cli.Result deleted = cli().run("deploy", "delete", id, "--wait");

        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).contains("Deleted " + id);
        assertThat(cli().run("deploy", "status", id).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }
}
