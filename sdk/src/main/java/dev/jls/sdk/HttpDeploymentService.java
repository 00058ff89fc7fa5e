package dev.jls.sdk;

import dev.jls.sdk.errors.ConflictException;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.JlsException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RegionError;
import dev.jls.sdk.internal.ApiResponse;
import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentList;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentSummary;
import dev.jls.sdk.models.DeploymentUpdate;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link DeploymentService} over HTTP. */
final class HttpDeploymentService implements DeploymentService {

    private final DeploymentCalls calls;
    private final Sleeper sleeper;

    HttpDeploymentService(DeploymentCalls calls, Sleeper sleeper) {
        this.calls = calls;
        this.sleeper = sleeper;
    }

    @Override
    public DeploymentService withOptions(RequestOptions options) {
        Objects.requireNonNull(options, "options");
        return new HttpDeploymentService(calls.withOptions(options), sleeper);
    }

    @Override
    public WithRawResponse withRawResponse() {
        return raw;
    }

    @Override
    public String create(DeploymentSpec spec) {
        return raw.create(spec).parse();
    }

    @Override
    public DeploymentList list() {
        List<ApiUrl> bases = calls.router.listBases();
        List<DeploymentSummary> all = new ArrayList<>();
        List<RegionError> unreachable = new ArrayList<>();
        for (int index = 0; index < bases.size(); index++) {
            ApiUrl base = bases.get(index);
            try {
                all.addAll(calls.listed(
                        base, calls.transport.execute(calls.list(base)).body()));
            } catch (JlsException failed) {
                unreachable.add(calls.router.unreachable(index, failed));
            }
        }
        return calls.listing(all, unreachable);
    }

    @Override
    public Deployment retrieve(String deploymentId) {
        return raw.retrieve(deploymentId).parse();
    }

    @Override
    public DeploymentStatus retrieveStatus(String deploymentId) {
        return raw.retrieveStatus(deploymentId).parse();
    }

    @Override
    public Deployment update(String deploymentId, DeploymentUpdate update) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(update, "update");
        update.validate();
        ApiUrl base = calls.base(deploymentId);
        DeploymentStatus before =
                DeploymentCalls.status(calls.transport.execute(calls.retrieveStatus(base, deploymentId)));
        ApiResponse answer;
        try {
            answer = calls.transport.execute(calls.update(base, deploymentId, update));
        } catch (ConflictException refused) {
            throw DeploymentCalls.conflict(refused, deploymentId, before);
        }
        return DeploymentCalls.updated(answer)
                .orElseGet(
                        () -> DeploymentCalls.deployment(calls.transport.execute(calls.retrieve(base, deploymentId))));
    }

    @Override
    public void delete(String deploymentId) {
        JlsClient.requireId("deploymentId", deploymentId);
        ApiUrl base = calls.base(deploymentId);
        DeploymentStatus before =
                DeploymentCalls.status(calls.transport.execute(calls.retrieveStatus(base, deploymentId)));
        try {
            calls.transport.execute(calls.delete(base, deploymentId));
        } catch (NotFoundException goneSinceTheRead) {
            // It finished deleting, or was deleted by another caller, after the read: what was asked.
        } catch (ConflictException refused) {
            throw DeploymentCalls.conflict(refused, deploymentId, before);
        }
    }

    @Override
    public Deployment awaitRunning(String deploymentId, WaitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(options, "options");
        RunningWait wait = new RunningWait(deploymentId, options, calls.clock);
        while (true) {
            DeploymentStatus current;
            try {
                current = retrieveStatus(deploymentId);
            } catch (JlsException failed) {
                if (Thread.currentThread().isInterrupted()) {
                    throw failed;
                }
                pause(wait.failed(failed).duration());
                continue;
            }
            RunningWait.Next next = wait.read(current);
            if (next instanceof RunningWait.Done) {
                return retrieve(deploymentId);
            }
            if (next instanceof RunningWait.Failed failed) {
                throw new DeploymentFailedException(
                        deploymentId,
                        failed.status(),
                        errorMessageOf(deploymentId).orElse(null));
            }
            pause(((RunningWait.Pause) next).duration());
        }
    }

    @Override
    public LogStream retrieveLogs(String deploymentId, LogOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(options, "options");
        return new LogStream(
                calls.transport.open(calls.logs(calls.base(deploymentId), deploymentId, options)), options.notices());
    }

    private Optional<String> errorMessageOf(String deploymentId) {
        try {
            return retrieve(deploymentId).errorMessage();
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

    private final WithRawResponse raw = new WithRawResponse() {
        @Override
        public RawResponse<String> create(DeploymentSpec spec) {
            Objects.requireNonNull(spec, "spec");
            spec.validate();
            ApiUrl base = calls.router.createBase(spec.region());
            ApiResponse answer = calls.transport.execute(calls.create(base, spec));
            String id = calls.created(base, answer.body());
            return DeploymentCalls.raw(answer, created -> id);
        }

        @Override
        public RawResponse<Deployment> retrieve(String deploymentId) {
            JlsClient.requireId("deploymentId", deploymentId);
            return calls.call(deploymentId, base -> calls.retrieve(base, deploymentId), DeploymentCalls::deployment);
        }

        @Override
        public RawResponse<DeploymentStatus> retrieveStatus(String deploymentId) {
            JlsClient.requireId("deploymentId", deploymentId);
            return calls.call(deploymentId, base -> calls.retrieveStatus(base, deploymentId), DeploymentCalls::status);
        }
    };
}
