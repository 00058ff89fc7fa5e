package dev.jls.cli;

import java.util.Optional;

/**
 * A saved connection: where the service is and which key to use. Any part may be absent; the others
 * then come from flags or the environment.
 */
public record Profile(Optional<String> baseUrl, Optional<String> apiKey, Optional<String> region) {

    public Profile {
        baseUrl = baseUrl == null ? Optional.empty() : baseUrl.filter(s -> !s.isBlank());
        apiKey = apiKey == null ? Optional.empty() : apiKey.filter(s -> !s.isBlank());
        region = region == null ? Optional.empty() : region.filter(s -> !s.isBlank());
    }

    public static Profile of(String baseUrl, String apiKey, String region) {
        return new Profile(Optional.ofNullable(baseUrl), Optional.ofNullable(apiKey), Optional.ofNullable(region));
    }
}
