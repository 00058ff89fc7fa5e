package dev.jls.sdk.models;

import dev.jls.sdk.errors.RegionError;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a listing of deployments found: the deployments of every region that answered, and the regions
 * that could not be asked. A client that asks every region (given neither a base URL nor a region) lists
 * what it can when a region is out of reach, and says which in {@link #regionErrors()}; it throws only
 * when no region answers. Iterating it iterates {@link #deployments()}. Immutable.
 *
 * @param deployments  the deployments, region by region in the order asked ({@code IN2} first)
 * @param regionErrors the regions that could not be asked, and why; empty when every region answered
 */
public record DeploymentList(List<DeploymentSummary> deployments, List<RegionError> regionErrors)
        implements Iterable<DeploymentSummary> {

    public DeploymentList {
        deployments = List.copyOf(Objects.requireNonNull(deployments, "deployments"));
        regionErrors = List.copyOf(Objects.requireNonNull(regionErrors, "regionErrors"));
    }

    /**
     * @return whether every region asked answered, so that {@link #deployments()} is every deployment
     */
    public boolean complete() {
        return regionErrors.isEmpty();
    }

    /**
     * @return the deployments as a sequential stream
     */
    public Stream<DeploymentSummary> stream() {
        return deployments.stream();
    }

    @Override
    public Iterator<DeploymentSummary> iterator() {
        return deployments.iterator();
    }
}
