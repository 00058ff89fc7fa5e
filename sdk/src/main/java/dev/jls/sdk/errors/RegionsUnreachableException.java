package dev.jls.sdk.errors;

import java.util.List;

/**
 * A client that asks every region (one given neither a base URL nor a region) could not get the answer
 * it needed because regions were out of reach: no region answered a listing, or a deployment id was not
 * in the regions that answered and the others could not be asked. The message names the regions and
 * why; retrying later, or giving the client the deployment's region, may help. A
 * {@link JlsIoException}: the service, or part of it, could not be reached.
 */
public class RegionsUnreachableException extends JlsIoException {

    private final List<RegionError> regionErrors;

    /**
     * @param message      what could not be done, naming the regions
     * @param regionErrors the regions that could not be asked, at least one; the first one's error is
     *     the cause, the others' are suppressed
     */
    public RegionsUnreachableException(String message, List<RegionError> regionErrors) {
        super(message, regionErrors.get(0).error());
        this.regionErrors = List.copyOf(regionErrors);
        for (RegionError other : this.regionErrors.subList(1, this.regionErrors.size())) {
            addSuppressed(other.error());
        }
    }

    /**
     * @return the regions that could not be asked, and why, in the order they were asked
     */
    public List<RegionError> regionErrors() {
        return regionErrors;
    }
}
