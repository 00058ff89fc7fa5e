package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.sdk.errors.ConflictException;
import dev.jls.sdk.errors.JlsInvalidDataException;
import dev.jls.sdk.errors.RegionError;
import dev.jls.sdk.internal.ApiRequest;
import dev.jls.sdk.internal.ApiResponse;
import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.internal.RegionRouter;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentList;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentSummary;
import dev.jls.sdk.models.DeploymentUpdate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployment calls as requests and answers, shared by the blocking and the asynchronous service:
 * where each goes, what it sends, how its answer reads.
 */
final class DeploymentCalls extends DeploymentScopedCalls {

    DeploymentCalls(HttpTransport transport, RegionRouter router, Clock clock, RequestOptions options) {
        super(transport, router, clock, options);
    }

    DeploymentCalls withOptions(RequestOptions over) {
        return new DeploymentCalls(transport, router, clock, options.merge(over));
    }

    ApiRequest create(ApiUrl base, DeploymentSpec spec) {
        return ApiRequest.post("deployments.create", base.segments("management", "create"), Json.writeBytes(spec))
                .withOptions(options);
    }

    /** The new id, remembered as living where it was created. */
    String created(ApiUrl base, byte[] body) {
        String id = requiredText(Json.readTree(body), "deployment_id", "create");
        router.remember(id, base);
        return id;
    }

    ApiRequest list(ApiUrl base) {
        return ApiRequest.get("deployments.list", base.segments("management", "list"))
                .withOptions(options);
    }

    List<DeploymentSummary> listed(ApiUrl base, byte[] body) {
        JsonNode tree = Json.readTree(body);
        JsonNode deployments = tree.get("deployments");
        if (deployments == null || !deployments.isArray()) {
            throw new JlsInvalidDataException(
                    "list: expected a \"deployments\" array but got: " + Json.snippet(tree.toString()));
        }
        List<DeploymentSummary> all = new ArrayList<>();
        for (JsonNode summary : deployments) {
            DeploymentSummary parsed = DeploymentSummary.fromJson(summary);
            router.remember(parsed.deploymentId(), base);
            all.add(parsed);
        }
        return all;
    }

    /** The listing of every region asked: what answered, and which could not; fails when none answered. */
    DeploymentList listing(List<DeploymentSummary> all, List<RegionError> unreachable) {
        if (!unreachable.isEmpty() && unreachable.size() == router.listBases().size()) {
            throw RegionRouter.noRegionAnswered(unreachable);
        }
        return new DeploymentList(all, unreachable);
    }

    ApiRequest retrieve(ApiUrl base, String deploymentId) {
        return ApiRequest.get("deployments.retrieve", base.segments("management", deploymentId))
                .withOptions(options);
    }

    /** The record a GET answers. */
    static Deployment deployment(ApiResponse answer) {
        return Deployment.fromJson(Json.readTree(answer.body()));
    }

    ApiRequest retrieveStatus(ApiUrl base, String deploymentId) {
        return ApiRequest.get("deployments.retrieveStatus", base.segments("management", deploymentId, "status"))
                .withOptions(options);
    }

    static DeploymentStatus status(ApiResponse answer) {
        return DeploymentStatus.of(requiredText(Json.readTree(answer.body()), "status", "status"));
    }

    ApiRequest update(ApiUrl base, String deploymentId, DeploymentUpdate update) {
        return ApiRequest.patch(
                        "deployments.update", base.segments("management", deploymentId), Json.writeBytes(update))
                .withOptions(options);
    }

    /**
     * The record a {@code PATCH} answered: the hosted service's {@code {"updated": record}}, or the record
     * itself as older servers answer; empty when the answer holds only the fields that changed (or
     * nothing), and the record has to be read.
     */
    static Optional<Deployment> updated(ApiResponse answer) {
        if (answer.body().length == 0) {
            return Optional.empty();
        }
        JsonNode body = Json.readTree(answer.body());
        JsonNode updated = body.get("updated");
        JsonNode record = updated != null && updated.isObject() ? updated : body;
        for (String field : List.of("deployment_id", "name", "status")) {
            JsonNode value = record.get(field);
            if (value == null || !value.isTextual()) {
                return Optional.empty();
            }
        }
        return Optional.of(Deployment.fromJson(record));
    }

    /** A change refused with {@code 409}, now naming the status the deployment had when read. */
    static ConflictException conflict(ConflictException refused, String deploymentId, DeploymentStatus status) {
        ConflictException named = new ConflictException(refused.headers(), refused.body(), deploymentId, status);
        named.initCause(refused);
        return named;
    }

    ApiRequest delete(ApiUrl base, String deploymentId) {
        return ApiRequest.delete("deployments.delete", base.segments("management", deploymentId))
                .withOptions(options);
    }

    ApiRequest logs(ApiUrl base, String deploymentId, LogOptions logOptions) {
        ApiUrl url = base.segments("management", deploymentId, "logs")
                .query("tail", Integer.toString(logOptions.tail()))
                .query("follow", Boolean.toString(logOptions.follow()));
        if (logOptions.worker().isPresent()) {
            url = url.query("worker", Integer.toString(logOptions.worker().get()));
        }
        ApiRequest request = ApiRequest.get("deployments.retrieveLogs", url).withOptions(options);
        return logOptions.follow() ? request.withUnboundedRead() : request;
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
