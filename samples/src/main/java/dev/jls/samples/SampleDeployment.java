package dev.jls.samples;

import dev.jls.sdk.JlsClient;
import dev.jls.sdk.WaitOptions;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The deployment a sample talks to: the one {@code JLS_DEPLOYMENT} names, left as it is, or a small one
 * created for the sample, waited for, and deleted on {@link #close()}.
 *
 * <p>The created deployment serves {@value #MODEL} under the name {@value #SERVED_MODEL_NAME}. On the
 * emulator without GPUs that is the simulated engine, which needs no download and answers in
 * milliseconds.
 */
public final class SampleDeployment implements AutoCloseable {

    /** The environment variable naming an existing deployment to use instead of creating one. */
    public static final String ENV_DEPLOYMENT = "JLS_DEPLOYMENT";

    public static final String MODEL = "Qwen/Qwen3-0.6B";
    public static final String SERVED_MODEL_NAME = "qwen";

    private final JlsClient client;
    private final String id;
    private final String modelName;
    private final boolean created;

    private SampleDeployment(JlsClient client, String id, String modelName, boolean created) {
        this.client = client;
        this.id = id;
        this.modelName = modelName;
        this.created = created;
    }

    /**
     * The spec of the deployment a sample creates: one warm worker, up to two, eight requests at a time
     * on each.
     *
     * @param name the deployment's name
     * @return the spec
     */
    public static DeploymentSpec spec(String name) {
        return DeploymentSpec.builder()
                .name(name)
                .gpusToUse(List.of("H100"))
                .minWorkers(1)
                .maxWorkers(2)
                .concurrentRequests(8)
                .idleTimeout(300)
                .waitTime(60)
                .model(MODEL)
                .servedModelName(SERVED_MODEL_NAME)
                .build();
    }

    /**
     * Uses {@code JLS_DEPLOYMENT} when set, else creates {@link #spec(String)} and waits until it runs.
     *
     * @param client the client to use; not closed here
     * @param name the name of a created deployment
     * @param out where to say what happened
     * @return the deployment; close it to delete what was created
     */
    public static SampleDeployment open(JlsClient client, String name, PrintStream out) {
        String existing = System.getenv(ENV_DEPLOYMENT);
        if (existing != null && !existing.isBlank()) {
            Deployment deployment = client.deployments().retrieve(existing.trim());
            String model = deployment
                    .args()
                    .getOrDefault("served-model-name", deployment.model().orElse(SERVED_MODEL_NAME));
            out.println("Using deployment " + deployment.deploymentId() + " (" + model + ")");
            return new SampleDeployment(client, deployment.deploymentId(), model, false);
        }
        return create(client, spec(name), out);
    }

    /**
     * Creates a deployment and waits until it is running; deletes it again if the wait fails.
     *
     * @param client the client to use; not closed here
     * @param spec what to create
     * @param out where to say what happened
     * @return the running deployment; close it to delete it
     */
    public static SampleDeployment create(JlsClient client, DeploymentSpec spec, PrintStream out) {
        Objects.requireNonNull(client, "client");
        String id = client.deployments().create(spec);
        out.println("Created deployment " + id + ", waiting until it is running");
        try {
            client.deployments()
                    .awaitRunning(
                            id,
                            WaitOptions.builder()
                                    .timeout(Duration.ofMinutes(5))
                                    .pollInterval(Duration.ofMillis(200))
                                    .build());
        } catch (RuntimeException e) {
            client.deployments().delete(id);
            throw e;
        }
        Map<String, String> args = spec.args();
        String model = args.getOrDefault("served-model-name", args.getOrDefault("model", SERVED_MODEL_NAME));
        return new SampleDeployment(client, id, model, true);
    }

    public String id() {
        return id;
    }

    /** The name to put in a request's {@code model} field. */
    public String modelName() {
        return modelName;
    }

    /** Deletes the deployment if it was created here. */
    @Override
    public void close() {
        if (created) {
            client.deployments().delete(id);
        }
    }
}
