package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.JlsInvalidDataException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.internal.ApiRequest;
import dev.jls.sdk.internal.ApiResponse;
import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.internal.RegionRouter;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentSummary;
import dev.jls.sdk.models.DeploymentUpdate;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/** {@link DeploymentService} over HTTP. */
final class HttpDeploymentService implements DeploymentService {

    private final HttpTransport transport;
    private final RegionRouter router;
    private final Clock clock;
    private final Sleeper sleeper;

    HttpDeploymentService(HttpTransport transport, RegionRouter router, Clock clock, Sleeper sleeper) {
        this.transport = transport;
        this.router = router;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public String create(DeploymentSpec spec) {
        Objects.requireNonNull(spec, "spec");
        spec.validate();
        HttpUrl base = router.createBase(spec.region());
        ApiResponse answer =
                transport.execute(ApiRequest.post(url(base, "management", "create"), Json.writeBytes(spec)));
        String id = requiredText(Json.readTree(answer.body()), "deployment_id", "create");
        router.remember(id, base);
        return id;
    }

    @Override
    public List<DeploymentSummary> list() {
        List<DeploymentSummary> all = new ArrayList<>();
        for (HttpUrl base : router.listBases()) {
            JsonNode body = Json.readTree(transport
                    .execute(ApiRequest.get(url(base, "management", "list")))
                    .body());
            JsonNode deployments = body.get("deployments");
            if (deployments == null || !deployments.isArray()) {
                throw new JlsInvalidDataException(
                        "list: expected a \"deployments\" array but got: " + Json.snippet(body.toString()));
            }
            for (JsonNode summary : deployments) {
                DeploymentSummary parsed = DeploymentSummary.fromJson(summary);
                router.remember(parsed.deploymentId(), base);
                all.add(parsed);
            }
        }
        return List.copyOf(all);
    }

    @Override
    public Deployment get(String deploymentId) {
        JlsClient.requireId("deploymentId", deploymentId);
        return Deployment.fromJson(Json.readTree(transport
                .execute(ApiRequest.get(url(base(deploymentId), "management", deploymentId)))
                .body()));
    }

    @Override
    public DeploymentStatus status(String deploymentId) {
        JlsClient.requireId("deploymentId", deploymentId);
        JsonNode body = Json.readTree(transport
                .execute(ApiRequest.get(url(base(deploymentId), "management", deploymentId, "status")))
                .body());
        return DeploymentStatus.of(requiredText(body, "status", "status"));
    }

    @Override
    public Deployment update(String deploymentId, DeploymentUpdate update) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(update, "update");
        update.validate();
        ApiResponse answer = transport.execute(
                ApiRequest.patch(url(base(deploymentId), "management", deploymentId), Json.writeBytes(update)));
        return Deployment.fromJson(Json.readTree(answer.body()));
    }

    @Override
    public void delete(String deploymentId) {
        JlsClient.requireId("deploymentId", deploymentId);
        transport.execute(ApiRequest.delete(url(base(deploymentId), "management", deploymentId)));
    }

    @Override
    public Deployment waitUntilRunning(String deploymentId, WaitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(options, "options");
        Instant deadline = clock.instant().plus(options.timeout());
        DeploymentStatus last = null;
        while (true) {
            DeploymentStatus current = status(deploymentId);
            if (!current.equals(last)) {
                last = current;
                DeploymentStatus reported = current;
                options.listener().ifPresent(listener -> listener.accept(reported));
            }
            if (current.isRunning()) {
                return get(deploymentId);
            }
            if (current.isTerminalError()) {
                throw new DeploymentFailedException(
                        deploymentId, current, errorMessageOf(deploymentId).orElse(null));
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new AwaitTimeoutException(deploymentId, options.timeout(), current);
            }
            pause(options.pollInterval().compareTo(left) < 0 ? options.pollInterval() : left);
        }
    }

    @Override
    public LogStream logs(String deploymentId, LogOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(options, "options");
        HttpUrl.Builder url = url(base(deploymentId), "management", deploymentId, "logs")
                .newBuilder()
                .addQueryParameter("tail", Integer.toString(options.tail()))
                .addQueryParameter("follow", Boolean.toString(options.follow()));
        options.worker().ifPresent(worker -> url.addQueryParameter("worker", Integer.toString(worker)));
        ApiRequest request = ApiRequest.get(url.build());
        if (options.follow()) {
            request = request.withUnboundedRead();
        }
        return new LogStream(transport.open(request));
    }

    @Override
    public String openAiBaseUrl(String deploymentId) {
        JlsClient.requireId("deploymentId", deploymentId);
        return url(base(deploymentId), "openai", deploymentId, "v1").toString();
    }

    private Optional<String> errorMessageOf(String deploymentId) {
        try {
            return get(deploymentId).errorMessage();
        } catch (NotFoundException gone) {
            // A deployment that finished deleting between the two reads has no record left.
            return Optional.empty();
        }
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException cause = new InterruptedIOException("interrupted");
            cause.initCause(e);
            throw new JlsIoException("interrupted while waiting for the deployment", cause);
        }
    }

    private HttpUrl base(String deploymentId) {
        return router.baseFor(deploymentId, transport);
    }

    static HttpUrl url(HttpUrl base, String... segments) {
        HttpUrl.Builder builder = base.newBuilder();
        for (String segment : segments) {
            builder.addPathSegment(segment);
        }
        return builder.build();
    }

    static String requiredText(JsonNode body, String field, String call) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new JlsInvalidDataException(
                    call + ": expected a \"" + field + "\" string but got: " + Json.snippet(body.toString()));
        }
        return value.asText();
    }
}
