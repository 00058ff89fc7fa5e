package dev.jls.cli.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.JsonOption;
import dev.jls.cli.Output;
import dev.jls.emulator.internal.cli.DurationSyntax;
import dev.jls.sdk.Region;
import dev.jls.sdk.errors.FieldError;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.errors.UnprocessableEntityException;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.Framework;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jls deploy create}: the official {@code jl deploy} flags, then waiting until running. */
@Command(
        name = "create",
        sortOptions = false,
        description = {
            "Create a deployment and wait until it is running (use --detach to return at once).",
            "Ctrl-C while waiting stops the waiting only; the deployment carries on.",
            "Example: jls deploy create --model Qwen/Qwen3-0.6B --gpu H100 --max-workers 2"
        })
public final class DeployCreate extends JlsCommand {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "MODEL",
            description = "The model to serve (args.model), e.g. Qwen/Qwen3-0.6B.")
    String model;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The deployment's name (default: from the model, e.g. qwen3-0.6b).")
    String name;

    @Option(
            names = "--gpu",
            paramLabel = "TYPE",
            split = ",",
            defaultValue = "H100",
            description = "GPU type(s) a worker may use, e.g. H100 or H100,A100-80GB (default: ${DEFAULT-VALUE}).")
    List<String> gpus;

    @Option(
            names = "--gpus-per-worker",
            paramLabel = "N",
            defaultValue = "1",
            description = "GPUs per worker (default: ${DEFAULT-VALUE}).")
    int gpusPerWorker;

    @Option(
            names = "--min-workers",
            paramLabel = "N",
            defaultValue = "0",
            description = "Workers always kept, 0-100; 0 scales to zero (default: ${DEFAULT-VALUE}).")
    int minWorkers;

    @Option(
            names = "--max-workers",
            paramLabel = "N",
            defaultValue = "1",
            description = "Most workers under load, 1-100 (default: ${DEFAULT-VALUE}).")
    int maxWorkers;

    @Option(
            names = "--concurrent",
            paramLabel = "N",
            defaultValue = "4",
            description = "Requests one worker runs at once, 1-100 (default: ${DEFAULT-VALUE}).")
    int concurrent;

    @Option(
            names = "--idle-timeout",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "Seconds a worker may sit idle before it stops, 0-86400 (default: ${DEFAULT-VALUE}).")
    int idleTimeout;

    @Option(
            names = "--wait-time",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "Seconds a request may wait for a worker before it fails, 0-600 (default: ${DEFAULT-VALUE}).")
    int waitTime;

    @Option(
            names = "--storage",
            paramLabel = "GB",
            defaultValue = "50",
            description = "Disk per deployment in GB, at least 50 (default: ${DEFAULT-VALUE}).")
    int storage;

    @Option(
            names = "--framework",
            paramLabel = "NAME",
            defaultValue = "vllm",
            description = "vllm, sglang or ollama (default: ${DEFAULT-VALUE}).")
    String framework;

    @Option(
            names = "--arg",
            paramLabel = "KEY=VALUE",
            description = "An engine argument, repeatable, e.g. --arg max-model-len=8192 --arg served-model-name=qwen.")
    Map<String, String> args = new LinkedHashMap<>();

    @Option(
            names = "--env",
            paramLabel = "KEY=VALUE",
            description =
                    "An environment variable for the workers, repeatable, e.g. --env HF_TOKEN=hf_...; masked in every answer.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--detach", description = "Return once the deployment is created, without waiting.")
    boolean detach;

    @Option(
            names = {"-y", "--yes"},
            description = "Accepted for the official jl's command lines; create asks no question.")
    boolean yes;

    @Mixin
    JsonOption json;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30m",
            converter = DurationSyntax.PositiveConverter.class,
            description = "How long to wait until running (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The flag each spec field comes from, so errors name what the user typed. */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("name", "--name"),
            Map.entry("model", "--model"),
            Map.entry("args.model", "--model"),
            Map.entry("gpus_to_use", "--gpu"),
            Map.entry("gpus", "--gpu"),
            Map.entry("gpus_per_worker", "--gpus-per-worker"),
            Map.entry("min_workers", "--min-workers"),
            Map.entry("max_workers", "--max-workers"),
            Map.entry("concurrent_requests", "--concurrent"),
            Map.entry("idle_timeout", "--idle-timeout"),
            Map.entry("wait_time", "--wait-time"),
            Map.entry("storage", "--storage"),
            Map.entry("framework", "--framework"),
            Map.entry("region", "--region"));

    @Override
    protected int run() {
        Map<String, String> allArgs = new LinkedHashMap<>(args);
        DeploymentSpec spec = DeploymentSpec.builder()
                .name(name != null ? name : nameFor(model))
                .region(jls().connection().region().orElse(Region.IN2).id())
                .framework(Framework.of(framework))
                .gpusToUse(gpus)
                .gpusPerWorker(gpusPerWorker)
                .minWorkers(minWorkers)
                .maxWorkers(maxWorkers)
                .concurrentRequests(concurrent)
                .idleTimeout(idleTimeout)
                .waitTime(waitTime)
                .storage(storage)
                .args(allArgs)
                .model(model)
                .env(env)
                .build();
        jls().checkHostedWrite("deploy create");
        String id;
        try {
            id = client().deployments().create(spec);
        } catch (JlsValidationException e) {
            throw usage(describe(e.fieldErrors()));
        } catch (UnprocessableEntityException e) {
            if (e.fieldErrors().isEmpty()) {
                throw e;
            }
            throw usage(describe(e.fieldErrors()));
        }
        Output out = output();
        if (detach) {
            if (out.isJson()) {
                ObjectNode doc = Documents.object();
                doc.put("deployment_id", id);
                out.json(doc);
            } else {
                out.out().println(id);
                out.out().flush();
                out.note("Created deployment " + id + "; it is starting. Wait for it with: jls deploy wait " + id);
            }
            return ExitCodes.OK;
        }
        Deployment deployment = DeploymentWaiter.waitUntilRunning(
                client(),
                out,
                id,
                timeout,
                Duration.ofMillis(500),
                "Created deployment " + id
                        + "; waiting until it is running (Ctrl-C stops waiting, not the deployment).");
        if (out.isJson()) {
            out.json(deployment.toJson());
        } else {
            out.out().println(id);
            out.out().flush();
            out.note(out.green("Deployment " + id + " is running.") + " Try:\n"
                    + "  jls chat " + id + " \"Hello\"\n"
                    + "  jls submit " + id + " -m \"Hello\" --wait");
            String baseUrl = client().openai(id).baseUrl();
            out.note("OpenAI-compatible base URL: " + baseUrl + "\n"
                    + String.join(
                            "\n", OpenAiSnippet.call(baseUrl, OpenAiSnippet.modelOf(deployment), jls().connection())));
        }
        return ExitCodes.OK;
    }

    static String describe(List<FieldError> errors) {
        FieldError first = errors.get(0);
        String flag = flagFor(first.field());
        return "Invalid value for option '" + flag + "': " + first.message()
                + (errors.size() > 1
                        ? " (and " + (errors.size() - 1) + " more: "
                                + errors.stream()
                                        .skip(1)
                                        .map(f -> flagFor(f.field()) + " " + f.message())
                                        .reduce((a, b) -> a + "; " + b)
                                        .orElse("")
                                + ")"
                        : "");
    }

    static String flagFor(String field) {
        String f = field.startsWith("body.") ? field.substring(5) : field;
        if (FLAGS.containsKey(f)) {
            return FLAGS.get(f);
        }
        if (f.startsWith("args.")) {
            return "--arg " + f.substring(5);
        }
        if (f.startsWith("env.")) {
            return "--env " + f.substring(4);
        }
        return f;
    }

    /** A name a deployment may carry, from the model's last path segment: Qwen/Qwen3-0.6B gives qwen3-0.6b. */
    static String nameFor(String model) {
        String last = model.substring(model.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String cleaned = last.replaceAll("[^a-z0-9.-]+", "-").replaceAll("^-+|-+$", "");
        return cleaned.isEmpty() ? "deployment" : cleaned;
    }
}
