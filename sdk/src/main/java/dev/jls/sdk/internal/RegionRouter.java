package dev.jls.sdk.internal;

import dev.jls.sdk.Region;
import dev.jls.sdk.errors.JlsException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RegionError;
import dev.jls.sdk.errors.RegionsUnreachableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Decides which host serves a deployment.
 *
 * <p>A client with a base URL talks only to it; a client with a region only to that region's host.
 * With neither, a deployment id alone does not say where the deployment lives: the first call on an id
 * asks {@code GET /management/{id}/status} of each region in turn ({@link Region#IN2} first), a
 * {@code 404} moving on to the next, and remembers the region that knew it. Later calls on that id go
 * straight there. A region out of reach (see {@link RetryPolicy#isTransient}) is passed over too: when
 * no other region knows the id, the search ends with {@link RegionsUnreachableException} naming the
 * regions it could not check, not with a {@code 404} that may be wrong. Thread-safe.
 */
public final class RegionRouter {

    private final ApiUrl fixedBase;
    private final List<ApiUrl> regionBases;
    private final List<Region> regions;
    private final Map<String, ApiUrl> known = new ConcurrentHashMap<>();

    /**
     * @param fixedBase the configured base URL, or null
     * @param region    the configured region, or null
     */
    public RegionRouter(ApiUrl fixedBase, Region region) {
        this.fixedBase = fixedBase;
        if (fixedBase != null) {
            regions = List.of();
            regionBases = List.of(fixedBase);
        } else {
            List<Region> order = new ArrayList<>();
            if (region != null) {
                order.add(region);
            } else {
                order.add(Region.IN2);
                for (Region other : Region.values()) {
                    if (other != Region.IN2) {
                        order.add(other);
                    }
                }
            }
            regions = List.copyOf(order);
            regionBases = regions.stream().map(RegionRouter::hostOf).toList();
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
     * A region's failed call as a {@link RegionError}, when the client asks several regions and the
     * failure is that region being out of reach; else the failure itself is thrown.
     *
     * @param index the position of the region's host in {@link #listBases()}
     * @throws JlsException {@code error}, when it is more than a region out of reach
     */
    public RegionError unreachable(int index, JlsException error) {
        if (regionBases.size() < 2
                || !RetryPolicy.isTransient(error)
                || Thread.currentThread().isInterrupted()) {
            throw error;
        }
        return new RegionError(regions.get(index), error);
    }

    /** The failure of a listing that no region answered. */
    public static RegionsUnreachableException noRegionAnswered(List<RegionError> unreachable) {
        return new RegionsUnreachableException(
                "no region answered the listing: "
                        + unreachable.stream().map(RegionError::toString).collect(Collectors.joining("; ")),
                unreachable);
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
        Search search = new Search(deploymentId);
        for (int index = 0; index < regionBases.size(); index++) {
            ApiUrl base = regionBases.get(index);
            try {
                transport.execute(probe(base, deploymentId));
                known.put(deploymentId, base);
                return base;
            } catch (NotFoundException notHere) {
                search.notHere(index, notHere);
            } catch (JlsException failed) {
                search.add(unreachable(index, failed));
            }
        }
        throw search.missed();
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
        return probeFrom(0, new Search(deploymentId), transport);
    }

    private CompletableFuture<ApiUrl> probeFrom(int index, Search search, HttpTransport transport) {
        if (index == regionBases.size()) {
            return CompletableFuture.failedFuture(search.missed());
        }
        ApiUrl base = regionBases.get(index);
        return Futures.handle(transport.executeAsync(probe(base, search.deploymentId)), (answer, error) -> {
            if (error == null) {
                known.put(search.deploymentId, base);
                return CompletableFuture.completedFuture(base);
            }
            if (error instanceof NotFoundException notHere) {
                search.notHere(index, notHere);
            } else if (error instanceof JlsException failed) {
                search.add(unreachable(index, failed));
            } else {
                return CompletableFuture.failedFuture(error);
            }
            return probeFrom(index + 1, search, transport);
        });
    }

    /** What a search for a deployment's region has seen so far. Used by one thread at a time. */
    private final class Search {
        final String deploymentId;
        final List<Region> notThere = new ArrayList<>();
        final List<RegionError> unreachable = new ArrayList<>();
        NotFoundException lastNotFound;

        Search(String deploymentId) {
            this.deploymentId = deploymentId;
        }

        void notHere(int index, NotFoundException answer) {
            notThere.add(regions.get(index));
            lastNotFound = answer;
        }

        void add(RegionError error) {
            unreachable.add(error);
        }

        /** The failure of a search that found the id nowhere. */
        JlsException missed() {
            if (unreachable.isEmpty()) {
                return lastNotFound;
            }
            String checked = notThere.isEmpty()
                    ? "could not look for deployment " + deploymentId
                    : "deployment " + deploymentId + " is not in "
                            + notThere.stream().map(Region::toString).collect(Collectors.joining(", "));
            return new RegionsUnreachableException(
                    checked + "; could not check "
                            + unreachable.stream().map(RegionError::toString).collect(Collectors.joining("; "))
                            + ". Retry, or give the client the deployment's region.",
                    unreachable);
        }
    }

    private static ApiRequest probe(ApiUrl base, String deploymentId) {
        return ApiRequest.get("deployments.locate", base.segments("management", deploymentId, "status"));
    }
}
