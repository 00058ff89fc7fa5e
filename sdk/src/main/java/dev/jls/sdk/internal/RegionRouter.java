package dev.jls.sdk.internal;

import dev.jls.sdk.Region;
import dev.jls.sdk.errors.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;

/**
 * Decides which host serves a deployment.
 *
 * <p>A client with a base URL talks only to it; a client with a region only to that region's host.
 * With neither, a deployment id alone does not say where the deployment lives: the first call on an id
 * asks {@code GET /management/{id}/status} of each region in turn ({@link Region#IN2} first), a
 * {@code 404} moving on to the next, and remembers the region that knew it. Later calls on that id go
 * straight there. Thread-safe.
 */
public final class RegionRouter {

    private final HttpUrl fixedBase;
    private final List<HttpUrl> regionBases;
    private final Map<String, HttpUrl> known = new ConcurrentHashMap<>();

    /**
     * @param fixedBase the configured base URL, or null
     * @param region    the configured region, or null
     */
    public RegionRouter(HttpUrl fixedBase, Region region) {
        this.fixedBase = fixedBase;
        if (fixedBase != null) {
            regionBases = List.of(fixedBase);
        } else if (region != null) {
            regionBases = List.of(hostOf(region));
        } else {
            List<HttpUrl> all = new ArrayList<>();
            all.add(hostOf(Region.IN2));
            for (Region other : Region.values()) {
                if (other != Region.IN2) {
                    all.add(hostOf(other));
                }
            }
            regionBases = List.copyOf(all);
        }
    }

    public static HttpUrl hostOf(Region region) {
        return HttpUrl.get(region.baseUrl());
    }

    /** Whether calls on a deployment id may need to find its region first. */
    public boolean discovers() {
        return regionBases.size() > 1;
    }

    /** Every host a listing asks: the base URL, the region's host, or every region's host. */
    public List<HttpUrl> listBases() {
        return regionBases;
    }

    /**
     * Where a new deployment is created: the base URL, else the client's region, else the region the spec
     * names ({@code india-noida-01}, ...), else {@link Region#IN2}.
     */
    public HttpUrl createBase(Optional<String> specRegion) {
        if (fixedBase != null || regionBases.size() == 1) {
            return regionBases.get(0);
        }
        if (specRegion.isPresent()) {
            for (Region region : Region.values()) {
                if (region.id().equalsIgnoreCase(specRegion.get())
                        || region.name().equalsIgnoreCase(specRegion.get())) {
                    return hostOf(region);
                }
            }
        }
        return regionBases.get(0);
    }

    /** Records where a deployment lives, e.g. the host that created it. */
    public void remember(String deploymentId, HttpUrl base) {
        if (discovers()) {
            known.put(deploymentId, base);
        }
    }

    /** The host that serves the deployment, probing the regions if needed (see the class comment). */
    public HttpUrl baseFor(String deploymentId, HttpTransport transport) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        if (!discovers()) {
            return regionBases.get(0);
        }
        HttpUrl cached = known.get(deploymentId);
        if (cached != null) {
            return cached;
        }
        NotFoundException last = null;
        for (HttpUrl base : regionBases) {
            try {
                transport.execute(ApiRequest.get(statusUrl(base, deploymentId)));
                known.put(deploymentId, base);
                return base;
            } catch (NotFoundException notHere) {
                last = notHere;
            }
        }
        throw last;
    }

    /** {@link #baseFor} without blocking; cancelling the future cancels the probe in flight. */
    public CompletableFuture<HttpUrl> baseForAsync(String deploymentId, HttpTransport transport) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        if (!discovers()) {
            return CompletableFuture.completedFuture(regionBases.get(0));
        }
        HttpUrl cached = known.get(deploymentId);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        CompletableFuture<HttpUrl> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<ApiResponse>> probe = new AtomicReference<>();
        result.whenComplete((base, error) -> {
            CompletableFuture<ApiResponse> inFlight = probe.get();
            if (result.isCancelled() && inFlight != null) {
                inFlight.cancel(true);
            }
        });
        probeFrom(0, deploymentId, transport, result, probe);
        return result;
    }

    private void probeFrom(
            int index,
            String deploymentId,
            HttpTransport transport,
            CompletableFuture<HttpUrl> result,
            AtomicReference<CompletableFuture<ApiResponse>> probe) {
        HttpUrl base = regionBases.get(index);
        CompletableFuture<ApiResponse> attempt = transport.executeAsync(ApiRequest.get(statusUrl(base, deploymentId)));
        probe.set(attempt);
        if (result.isCancelled()) {
            attempt.cancel(true);
        }
        attempt.whenComplete((answer, error) -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause == null) {
                known.put(deploymentId, base);
                result.complete(base);
            } else if (cause instanceof NotFoundException && index + 1 < regionBases.size() && !result.isDone()) {
                probeFrom(index + 1, deploymentId, transport, result, probe);
            } else {
                result.completeExceptionally(cause);
            }
        });
    }

    private static HttpUrl statusUrl(HttpUrl base, String deploymentId) {
        return base.newBuilder()
                .addPathSegment("management")
                .addPathSegment(deploymentId)
                .addPathSegment("status")
                .build();
    }
}
