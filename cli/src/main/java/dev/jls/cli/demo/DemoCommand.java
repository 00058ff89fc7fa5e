package dev.jls.cli.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.Output;
import dev.jls.cli.Progress;
import dev.jls.cli.Words;
import dev.jls.cli.request.Answers;
import dev.jls.cli.request.RequestWatcher;
import dev.jls.emulator.JlsEmulator;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.StreamResponse;
import dev.jls.sdk.WaitOptions;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.models.ChatChunkChoice;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.Workers;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jls demo}: the whole service in under a minute, on an emulator inside this process. Each step
 * says what it shows, so a newcomer sees deployments, request states, streaming and scaling at work.
 */
@Command(
        name = "demo",
        description = {
            "A tour of the service in well under a minute, on an emulator inside this command.",
            "It creates a deployment, follows a request through its states, streams a chat answer, shows workers scaling"
                    + " up under a burst and back down when idle, then deletes everything. Needs no GPU, no account, no"
                    + " network, and leaves no process behind."
        })
public final class DemoCommand extends JlsCommand {

    static final String KEY = "demo-key";

    @Option(
            names = "--burst",
            paramLabel = "N",
            defaultValue = "12",
            description = "Requests sent at once to show scaling up (default: ${DEFAULT-VALUE}).")
    int burst;

    private PrintWriter out;
    private int stepNumber;
    private Output narrative;
    private long start;
    private ObjectNode summary;
    private ArrayNode steps;

    @Override
    protected int run() throws Exception {
        if (burst < 1 || burst > 200) {
            throw usage("Invalid value for option '--burst': must be between 1 and 200, was " + burst);
        }
        start = System.nanoTime();
        summary = Documents.object();
        steps = summary.putArray("steps");
        Output real = output();
        out = real.out();
        // The tour is one story on standard output: state changes included, in order.
        narrative = new Output(
                out,
                out,
                real.isJson() ? dev.jls.cli.OutputFormat.json : dev.jls.cli.OutputFormat.table,
                real.terminal());
        try (JlsEmulator emulator = startEmulator()) {
            try (JlsClient client =
                    JlsClient.builder().baseUrl(emulator.baseUrl()).apiKey(KEY).build()) {
                String id = createDeployment(client);
                followARequest(client, id);
                streamAChat(client, id);
                burst(client, id);
                scaleDown(client, id);
                delete(client, id);
            }
            heading("Stopping the emulator", "Its workers stop with it; nothing is left running.");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        summary.put("seconds", Math.round(seconds * 10) / 10.0);
        if (real.isJson()) {
            real.json(summary);
        } else {
            say("");
            say(narrative.green(String.format(Locale.ROOT, "Done in %.1f s.", seconds)) + " Next:");
            say("  jls emulator start --detach        # an emulator that keeps running");
            say("  jls deploy create --model Qwen/Qwen3-0.6B");
            say("  jls chat DEPLOYMENT \"Hello\"        # and jls --help for the rest");
        }
        return ExitCodes.OK;
    }

    private JlsEmulator startEmulator() {
        heading(
                "Starting an emulator",
                "A local JarvisLabs Serverless: the same API, workers as real processes"
                        + " (a simulated engine here, vLLM where there are GPUs).");
        dev.jls.cli.ServerLogs.quiet(jls().verbose());
        JlsEmulator emulator = DemoEmulator.start(KEY);
        say("  serving at " + emulator.baseUrl());
        summary.put("base_url", emulator.baseUrl());
        step("start emulator");
        return emulator;
    }

    private String createDeployment(JlsClient client) {
        heading(
                "Creating a deployment",
                "A model with its scaling rules: 0 to 3 workers, 2 requests per worker,"
                        + " idle workers stop after 2 s.");
        DeploymentSpec spec = DeploymentSpec.builder()
                .name("demo")
                .model("Qwen/Qwen3-0.6B")
                .servedModelName("qwen")
                .gpusToUse(List.of("H100"))
                .gpusPerWorker(1)
                .minWorkers(0)
                .maxWorkers(3)
                .concurrentRequests(2)
                .idleTimeout(2)
                .waitTime(60)
                .storage(50)
                .env(DemoEmulator.workerPace())
                .build();
        String id = client.deployments().create(spec);
        say("  created " + narrative.bold(id) + "  (jls deploy create --model Qwen/Qwen3-0.6B --max-workers 3 ...)");
        try (Progress progress = new Progress(narrative, id)) {
            client.deployments()
                    .awaitRunning(
                            id,
                            WaitOptions.builder()
                                    .timeout(Duration.ofSeconds(30))
                                    .pollInterval(Duration.ofMillis(100))
                                    .listener(s -> progress.state(s.asString()))
                                    .build());
            progress.state("running");
        }
        say("  With min_workers 0 it is running at once, with no worker yet: the first request starts one.");
        summary.put("deployment_id", id);
        step("create deployment");
        return id;
    }

    private void followARequest(JlsClient client, String id) throws InterruptedException {
        heading(
                "Submitting a request",
                "Queued, then Fetched while a worker starts (a cold start), Processing on" + " the worker, Completed.");
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .messages(List.of(ChatMessage.user("Tell me a short story about the moon.")))
                .maxTokens(24)
                .build();
        String requestId = client.requests().submit(id, request).id();
        say("  submitted " + requestId + "  (jls submit " + id + " -m \"...\")");
        RequestResult.Completed result = RequestWatcher.await(client, narrative, id, requestId, Duration.ofSeconds(60));
        say("  answer: " + Answers.text(result.raw()).strip());
        step("request states");
    }

    private void streamAChat(JlsClient client, String id) {
        heading(
                "Streaming a chat answer",
                "The OpenAI-compatible route, token by token, as any OpenAI client sees it.");
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .messages(List.of(ChatMessage.user("Why is the sky blue?")))
                .maxTokens(32)
                .build();
        if (!narrative.isJson()) {
            out.print("  ");
        }
        int chunks = 0;
        try (StreamResponse<ChatCompletionChunk> stream = client.openai(id).createChatCompletionStreaming(request)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                for (ChatChunkChoice choice : chunk.choices()) {
                    String text = choice.delta().content().orElse("");
                    if (!text.isEmpty()) {
                        chunks++;
                        if (!narrative.isJson()) {
                            out.print(text);
                            out.flush();
                        }
                    }
                }
            }
        }
        if (!narrative.isJson()) {
            out.println();
        }
        say("  (" + chunks + " chunks; base URL for OpenAI clients: "
                + client.openai(id).baseUrl() + ")");
        step("stream chat");
    }

    private void burst(JlsClient client, String id) throws InterruptedException {
        heading(
                "A burst of " + Words.count(burst, "request"),
                "Demand above what one worker holds: workers start, up to" + " max_workers, and share the queue.");
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .messages(List.of(ChatMessage.user("Count to twenty.")))
                .maxTokens(48)
                .build();
        List<CompletableFuture<RequestResult.Completed>> answers = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            String requestId = client.requests().submit(id, request).id();
            answers.add(client.async().requests().await(id, requestId));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
        int most = watchWorkers(client, id, workers -> all.isDone(), Duration.ofSeconds(60));
        long completed =
                answers.stream().filter(f -> !f.isCompletedExceptionally()).count();
        say("  " + completed + " of " + burst + " completed, on up to " + Words.count(most, "worker") + " at once.");
        summary.put("burst_completed", completed);
        summary.put("most_workers", most);
        step("scale up");
    }

    private void scaleDown(JlsClient client, String id) throws InterruptedException {
        heading("Idle", "No requests: each worker stops after idle_timeout (2 s), down to min_workers (0).");
        watchWorkers(client, id, workers -> workers.total() == 0, Duration.ofSeconds(30));
        step("scale down");
    }

    private void delete(JlsClient client, String id) throws InterruptedException {
        heading("Deleting the deployment", "It goes deleting, then is gone (404).");
        client.deployments().delete(id);
        try (Progress progress = new Progress(narrative, id)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    progress.state(client.deployments().retrieveStatus(id).asString());
                } catch (NotFoundException gone) {
                    progress.state("gone");
                    break;
                }
                Thread.sleep(100);
            }
        }
        step("delete");
    }

    /**
     * Prints each change of the worker counts until {@code done} holds for them; returns the most workers seen.
     * {@code done} is asked about the counts just printed, so the last state shown is the one it stopped on.
     */
    private int watchWorkers(JlsClient client, String id, Predicate<Workers> done, Duration timeout)
            throws InterruptedException {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        String last = "";
        int most = 0;
        while (System.nanoTime() < deadline) {
            Deployment d = client.deployments().retrieve(id);
            Workers w = d.workers().orElse(Workers.builder().build());
            int healthy = w.healthy();
            int provisioning = w.provisioning();
            most = Math.max(most, healthy + provisioning);
            String line = "workers " + bar(healthy, provisioning) + "  " + healthy + " healthy, " + provisioning
                    + " starting; queue " + d.queueDepth().orElse(0);
            if (!line.equals(last)) {
                say(String.format(
                        Locale.ROOT, "%7s  %s", Progress.seconds(Duration.ofNanos(System.nanoTime() - begin)), line));
                last = line;
            }
            if (done.test(w)) {
                break;
            }
            Thread.sleep(100);
        }
        return most;
    }

    private static String bar(int healthy, int provisioning) {
        return "[" + "#".repeat(healthy) + "+".repeat(provisioning)
                + ".".repeat(Math.max(0, 3 - healthy - provisioning)) + "]";
    }

    private void heading(String title, String explanation) {
        stepNumber++;
        say("");
        say(narrative.bold(stepNumber + ". " + title));
        say(narrative.dim("   " + explanation));
    }

    private void say(String line) {
        if (!narrative.isJson()) {
            out.println(line);
            out.flush();
        }
    }

    private void step(String name) {
        ObjectNode step = steps.addObject();
        step.put("step", name);
        step.put("at_seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
    }
}
