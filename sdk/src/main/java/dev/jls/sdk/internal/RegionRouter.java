package dev.jls.sdk.internal;

import dev.jls.sdk.Region;
import dev.jls.sdk.errors.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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

    private final ApiUrl fixedBase;
    private final List<ApiUrl> regionBases;
    private final Map<String, ApiUrl> known = new ConcurrentHashMap<>();

    /**
     * @param fixedBase the configured base URL, or null
     * @param region    the configured region, or null
     */
    public RegionRouter(ApiUrl fixedBase, Region region) {
        this.fixedBase = fixedBase;
        if (fixedBase != null) {
            regionBases = List.of(fixedBase);
        } else if (region != null) {
            regionBases = List.of(hostOf(region));
        } else {
            List<ApiUrl> all = new ArrayList<>();
            all.add(hostOf(Region.IN2));
            for (Region other : Region.values()) {
                if (other != Region.IN2) {
                    all.add(hostOf(other));
                }
            }
            regionBases = List.copyOf(all);
        }
    }

    public static ApiUrl hostOf(Region region) {
        return ApiUrl.parse(region.baseUrl());
    }

    /** Whether calls on a deployment id may need to find its region first. */
    public boolean discovers() {
        return regionBases.size() > 1;
    }

    /** Every host a listing asks: the base URL, the region's host, or every region's host. */
    public List<ApiUrl> listBases() {
        return regionBases;
    }

    /**
     * Where a new deployment is created: the base URL, else the client's region, else the region the spec
     * names ({@code india-noida-01}, ...), else {@link Region#IN2}.
     */
    public ApiUrl createBase(Optional<String> specRegion) {
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
    public void remember(String deploymentId, ApiUrl base) {
        if (discovers()) {
            known.put(deploymentId, base);
        }
    }

    /** The host that serves the deployment, probing the regions if needed (see the class comment). */
    public ApiUrl baseFor(String deploymentId, HttpTransport transport) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        if (!discovers()) {
            return regionBases.get(0);
        }
        ApiUrl cached = known.get(deploymentId);
        if (cached != null) {
            return cached;
        }
        NotFoundException last = null;
        for (ApiUrl base : regionBases) {
            try {
                transport.execute(probe(base, deploymentId));
                known.put(deploymentId, base);
                return base;
            } catch (NotFoundException notHere) {
                last = notHere;
            }
        }
        throw last;
    }

    /** {@link #baseFor} without blocking; cancelling the future cancels the probe in flight. */
    public CompletableFuture<ApiUrl> baseForAsync(String deploymentId, HttpTransport transport) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        if (!discovers()) {
            return CompletableFuture.completedFuture(regionBases.get(0));
        }
        ApiUrl cached = known.get(deploymentId);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return probeFrom(0, deploymentId, transport);
    }

    private CompletableFuture<ApiUrl> probeFrom(int index, String deploymentId, HttpTransport transport) {
        ApiUrl base = regionBases.get(index);
        return Futures.handle(transport.executeAsync(probe(base, deploymentId)), (answer, error) -> {
            if (error == null) {
                known.put(deploymentId, base);
                return CompletableFuture.completedFuture(base);
            }
            if (error instanceof NotFoundException && index + 1 < regionBases.size()) {
                return probeFrom(index + 1, deploymentId, transport);
            }
            return CompletableFuture.failedFuture(error);
        });
    }

    private static ApiRequest probe(ApiUrl base, String deploymentId) {
        return ApiRequest.get("deployments.locate", base.segments("management", deploymentId, "status"));
    }
}
