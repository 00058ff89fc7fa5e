package dev.jls.cli.bench;

import dev.jls.cli.CommandFailure;
import dev.jls.cli.ErrorReport;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.Jls;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.Output;
import dev.jls.cli.Words;
import dev.jls.emulator.internal.cli.DurationSyntax;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.OpenAiEndpoint;
import dev.jls.sdk.http.OkHttpJlsHttpClient;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jls bench}: a serving benchmark with the figures of vLLM's, against a deployment's
 * OpenAI-compatible route or any OpenAI-compatible base URL (a vLLM server, a worker's own port).
 */
@Command(
        name = "bench",
        sortOptions = false,
        description = {
            "Benchmark a deployment, or any OpenAI-compatible server, with chat requests.",
            "Reports successful and failed requests, duration, request and token throughput, and TTFT, TPOT,"
                    + " ITL and end-to-end latency (mean, median, p99). TTFT, TPOT and ITL need --stream.",
            "Examples:",
            "  jls bench dep-0123456789ab --requests 200 --concurrency 32 --stream",
            "  jls bench --openai-base-url http://127.0.0.1:8000/v1 --request-rate 10 --stream"
        })
public final class BenchCommand extends JlsCommand {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DEPLOYMENT",
            description = "The deployment to benchmark (through its OpenAI-compatible route).")
    String deploymentId;

    @Option(
            names = "--openai-base-url",
            paramLabel = "URL",
            description = "Benchmark this OpenAI-compatible base URL instead, e.g. http://127.0.0.1:8000/v1.")
    String openAiBaseUrl;

    @Option(
            names = "--requests",
            paramLabel = "N",
            defaultValue = "100",
            description = "How many requests to send (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "8",
            description = "The most requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--request-rate",
            paramLabel = "PER_SECOND",
            defaultValue = "inf",
            description =
                    "Mean arrivals per second, as a Poisson process; inf sends all at once (default: ${DEFAULT-VALUE}).")
    String requestRate;

    @Option(names = "--stream", description = "Stream the answers; needed for TTFT, TPOT and ITL.")
    boolean stream;

    @Option(
            names = "--max-tokens",
            paramLabel = "N",
            defaultValue = "128",
            description = "Tokens to generate per request (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(
            names = "--prompt",
            paramLabel = "TEXT",
            defaultValue = "Write a short story about a lighthouse keeper who finds a message in a bottle.",
            description = "The user message of every request (default: a short story prompt).")
    String prompt;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description =
                    "The model name to send (default: none for a deployment, the server's first model for a base URL).")
    String model;

    @Option(
            names = "--ignore-eos",
            description = "Ask the engine to generate exactly --max-tokens (vLLM's ignore_eos).")
    boolean ignoreEos;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "1",
            description = "Requests sent and not counted before the run (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            description = "Seed of the arrival times (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "5m",
            converter = DurationSyntax.PositiveConverter.class,
            description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    protected int run() throws InterruptedException {
        if ((deploymentId == null) == (openAiBaseUrl == null)) {
            throw usage("Give either DEPLOYMENT or --openai-base-url (one of them)");
        }
        positive("--requests", requests);
        positive("--concurrency", concurrency);
        positive("--max-tokens", maxTokens);
        if (warmup < 0) {
            throw usage("Invalid value for option '--warmup': must be 0 or more, was " + warmup);
        }
        double rate = parseRate();
        Output out = output();
        // A pool as large as the concurrency, so no request waits for a connection.
        OkHttpClient http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(concurrency + 4, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        try (OkHttpJlsHttpClient transport =
                        OkHttpJlsHttpClient.builder().okHttpClient(http).build();
                JlsClient client = benchClient(transport)) {
            OpenAiEndpoint endpoint;
            String target;
            if (deploymentId != null) {
                endpoint = client.openai(deploymentId);
                target = client.openai(deploymentId).baseUrl();
            } else {
                endpoint = client.openaiAt(openAiBaseUrl);
                target = openAiBaseUrl;
            }
            String modelName = model;
            if (modelName == null && openAiBaseUrl != null) {
                modelName = endpoint.listModels().stream()
                        .findFirst()
                        .map(m -> m.id())
                        .orElse(null);
            }
            ChatCompletionRequest.Builder request = ChatCompletionRequest.builder()
                    .messages(List.of(ChatMessage.user(prompt)))
                    .maxTokens(maxTokens);
            if (modelName != null) {
                request.model(modelName);
            }
            if (ignoreEos) {
                request.ignoreEos(true);
            }
            BenchRunner runner = new BenchRunner(endpoint, request.build(), stream);
            for (int i = 0; i < warmup; i++) {
                RequestTiming t = runner.once();
                if (!t.ok()) {
                    throw new CommandFailure(
                            runner.firstFailure().map(BenchCommand::exitCodeOf).orElse(ExitCodes.FAILED),
                            "the warm-up request failed: " + t.error(),
                            runner.firstFailure().orElse(null));
                }
            }
            out.progress("Sending " + Words.count(requests, "request") + " to " + target + " (concurrency "
                    + concurrency + ", rate " + requestRate + (stream ? ", streaming" : "") + ")...");
            BenchRunner.Run run = runner.run(requests, concurrency, rate, seed, done -> {
                if (out.showsProgress() && (done % Math.max(1, requests / 20) == 0 || done == requests)) {
                    out.err().print("\r  " + done + "/" + requests + " done\u001b[K");
                    out.err().flush();
                }
            });
            if (out.showsProgress()) {
                out.err().println();
            }
            BenchResult result = new BenchResult(target, stream, concurrency, rate, run.timings(), run.durationNanos());
            if (out.isJson()) {
                out.json(result.toJson());
            } else {
                result.print(out.out());
            }
            return result.successful == 0
                    ? runner.firstFailure().map(BenchCommand::exitCodeOf).orElse(ExitCodes.FAILED)
                    : ExitCodes.OK;
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** Retries would hide failures and stretch latencies, so the benchmark's client makes none. */
    private JlsClient benchClient(OkHttpJlsHttpClient http) {
        Jls.Connection c = jls().connection();
        JlsClient.Builder builder =
                JlsClient.builder().httpClient(http).maxRetries(0).timeout(timeout);
        if (deploymentId != null) {
            if (c.apiKey().isEmpty()) {
                return jls().newClient();
            }
            builder.apiKey(c.apiKey().get());
            c.baseUrl().ifPresent(builder::baseUrl);
            c.region().ifPresent(builder::region);
        } else {
            // Servers like vLLM run without a key by default and accept any.
            builder.apiKey(c.apiKey().orElse("EMPTY"));
            c.baseUrl().ifPresent(builder::baseUrl);
        }
        return builder.build();
    }

    private double parseRate() {
        if (requestRate.equalsIgnoreCase("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double rate = Double.parseDouble(requestRate);
            if (rate > 0 && !Double.isNaN(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage("Invalid value for option '--request-rate': '" + requestRate + "' is not a positive number or inf");
    }

    private void positive(String flag, int value) {
        if (value < 1) {
            throw usage("Invalid value for option '" + flag + "': must be at least 1, was " + value);
        }
    }

    /**
     * The exit code of a benchmark whose requests failed: what stopped them when it was not the
     * requests themselves (a refused key 3, no such deployment 4, no server 7), else 5.
     */
    static int exitCodeOf(Throwable failure) {
        int code = ErrorReport.exitCode(failure);
        return code == ExitCodes.AUTH || code == ExitCodes.NOT_FOUND || code == ExitCodes.NETWORK
                ? code
                : ExitCodes.FAILED;
    }
}
