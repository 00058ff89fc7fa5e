package dev.jls.sdk.errors;

import dev.jls.sdk.Region;
import java.util.Objects;

/**
 * A region a call could not ask, and why: its host could not be reached, or answered {@code 408},
 * {@code 429} or {@code 5xx}, after the client's retries.
 *
 * @param region the region
 * @param error  the failure of the call to that region
 */
public record RegionError(Region region, JlsException error) {

    public RegionError {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(error, "error");
    }

    /** {@code IN1: <the error's message>}. */
    @Override
    public String toString() {
        return region + ": " + error.getMessage();
    }
}
