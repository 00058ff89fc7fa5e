package dev.jls.sdk;

import dev.jls.sdk.errors.ConflictException;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.JlsException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RegionError;
import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.internal.AsyncLoop;
import dev.jls.sdk.internal.Futures;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentList;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentSummary;
import dev.jls.sdk.models.DeploymentUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** {@link DeploymentServiceAsync} over HTTP. */
final class HttpDeploymentServiceAsync implements DeploymentServiceAsync {

    private final DeploymentCalls calls;
    private final Supplier<ScheduledExecutorService> scheduler;

    HttpDeploymentServiceAsync(DeploymentCalls calls, Supplier<ScheduledExecutorService> scheduler) {
        this.calls = calls;
        this.scheduler = scheduler;
    }

    @Override
    public DeploymentServiceAsync withOptions(RequestOptions options) {
        Objects.requireNonNull(options, "options");
        return new HttpDeploymentServiceAsync(calls.withOptions(options), scheduler);
    }

    @Override
    public WithRawResponse withRawResponse() {
        return raw;
    }

    @Override
    public CompletableFuture<String> create(DeploymentSpec spec) {
        return Futures.map(raw.create(spec), RawResponse::parse);
    }

    @Override
    public CompletableFuture<DeploymentList> list() {
        return listFrom(0, new ArrayList<>(), new ArrayList<>());
    }

    private CompletableFuture<DeploymentList> listFrom(
            int index, List<DeploymentSummary> all, List<RegionError> unreachable) {
        List<ApiUrl> bases = calls.router.listBases();
        if (index == bases.size()) {
            return Futures.start(() -> CompletableFuture.completedFuture(calls.listing(all, unreachable)));
        }
        ApiUrl base = bases.get(index);
        return Futures.handle(calls.transport.executeAsync(calls.list(base)), (answer, error) -> {
            if (error == null) {
                all.addAll(calls.listed(base, answer.body()));
            } else if (error instanceof JlsException failed) {
                unreachable.add(calls.router.unreachable(index, failed));
            } else {
                return CompletableFuture.failedFuture(error);
            }
            return listFrom(index + 1, all, unreachable);
        });
    }

    @Override
    public CompletableFuture<Deployment> retrieve(String deploymentId) {
        return Futures.map(raw.retrieve(deploymentId), RawResponse::parse);
    }

    @Override
    public CompletableFuture<DeploymentStatus> retrieveStatus(String deploymentId) {
        return Futures.map(raw.retrieveStatus(deploymentId), RawResponse::parse);
    }

    @Override
    public CompletableFuture<Deployment> update(String deploymentId, DeploymentUpdate update) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(update, "update");
        return Futures.start(() -> {
            update.validate();
            return afterReading(
                    deploymentId,
                    (base, before) -> Futures.handle(
                            calls.transport.executeAsync(calls.update(base, deploymentId, update)), (answer, error) -> {
                                if (error instanceof ConflictException refused) {
                                    return CompletableFuture.failedFuture(
                                            DeploymentCalls.conflict(refused, deploymentId, before));
                                }
                                if (error != null) {
                                    return CompletableFuture.failedFuture(error);
                                }
                                Optional<Deployment> updated = DeploymentCalls.updated(answer);
                                return updated.isPresent()
                                        ? CompletableFuture.completedFuture(updated.get())
                                        : Futures.map(
                                                calls.transport.executeAsync(calls.retrieve(base, deploymentId)),
                                                DeploymentCalls::deployment);
                            }));
        });
    }

    @Override
    public CompletableFuture<Void> delete(String deploymentId) {
        JlsClient.requireId("deploymentId", deploymentId);
        return afterReading(
                deploymentId,
                (base, before) -> Futures.handle(
                        calls.transport.executeAsync(calls.delete(base, deploymentId)), (answer, error) -> {
                            if (error instanceof ConflictException refused) {
                                return CompletableFuture.failedFuture(
                                        DeploymentCalls.conflict(refused, deploymentId, before));
                            }
                            // A 404 here: it was deleted after the read, which is what was asked.
                            if (error != null && !(error instanceof NotFoundException)) {
                                return CompletableFuture.failedFuture(error);
                            }
                            return CompletableFuture.completedFuture(null);
                        }));
    }

    /** Reads the deployment's status at its host, then makes the change {@code change} sends there. */
    private <T> CompletableFuture<T> afterReading(
            String deploymentId, BiFunction<ApiUrl, DeploymentStatus, CompletableFuture<T>> change) {
        return Futures.compose(
                calls.baseAsync(deploymentId),
                base -> Futures.compose(
                        calls.transport.executeAsync(calls.retrieveStatus(base, deploymentId)),
                        read -> change.apply(base, DeploymentCalls.status(read))));
    }

    @Override
    public CompletableFuture<Deployment> awaitRunning(String deploymentId, WaitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(options, "options");
        AsyncLoop<Deployment> loop = new AsyncLoop<>();
        pollStatus(loop, deploymentId, new RunningWait(deploymentId, options, calls.clock));
        return loop.result();
    }

    private void pollStatus(AsyncLoop<Deployment> loop, String id, RunningWait wait) {
        loop.then(retrieveStatus(id), (current, error) -> {
            if (error != null) {
                if (!(error instanceof JlsException failed)) {
                    loop.fail(error);
                    return;
                }
                loop.after(wait.failed(failed).duration(), scheduler.get(), () -> pollStatus(loop, id, wait));
                return;
            }
            RunningWait.Next next = wait.read(current);
            if (next instanceof RunningWait.Done) {
                loop.then(retrieve(id), (deployment, failure) -> {
                    if (failure != null) {
                        loop.fail(failure);
                    } else {
                        loop.complete(deployment);
                    }
                });
            } else if (next instanceof RunningWait.Failed failed) {
                loop.then(retrieve(id), (deployment, failure) -> {
                    if (failure != null && !(failure instanceof NotFoundException)) {
                        loop.fail(failure);
                        return;
                    }
                    String message = failure == null ? deployment.errorMessage().orElse(null) : null;
                    loop.fail(new DeploymentFailedException(id, failed.status(), message));
                });
            } else {
                loop.after(((RunningWait.Pause) next).duration(), scheduler.get(), () -> pollStatus(loop, id, wait));
            }
        });
    }

    @Override
    public AsyncStreamResponse<LogEvent> retrieveLogs(String deploymentId, LogOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(options, "options");
        return new HttpAsyncStreamResponse<>(
                () -> Futures.compose(
                        calls.baseAsync(deploymentId),
                        base -> calls.transport.openAsync(calls.logs(base, deploymentId, options))),
                response -> new LogStream(response, options.notices()),
                calls.transport.readers());
    }

    private final WithRawResponse raw = new WithRawResponse() {
        @Override
        public CompletableFuture<RawResponse<String>> create(DeploymentSpec spec) {
            Objects.requireNonNull(spec, "spec");
            return Futures.start(() -> {
                spec.validate();
                ApiUrl base = calls.router.createBase(spec.region());
                return Futures.map(calls.transport.executeAsync(calls.create(base, spec)), answer -> {
                    String id = calls.created(base, answer.body());
                    return DeploymentCalls.raw(answer, created -> id);
                });
            });
        }

        @Override
        public CompletableFuture<RawResponse<Deployment>> retrieve(String deploymentId) {
            JlsClient.requireId("deploymentId", deploymentId);
            return calls.callAsync(
                    deploymentId, base -> calls.retrieve(base, deploymentId), DeploymentCalls::deployment);
        }

        @Override
        public CompletableFuture<RawResponse<DeploymentStatus>> retrieveStatus(String deploymentId) {
            JlsClient.requireId("deploymentId", deploymentId);
            return calls.callAsync(
                    deploymentId, base -> calls.retrieveStatus(base, deploymentId), DeploymentCalls::status);
        }
    };
}
