package dev.jls.sdk.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An http(s) URL built from a base and encoded path segments and query parameters. Immutable. User
 * info in a base URL is dropped: the API key travels in a header, never in a URL.
 */
public final class ApiUrl {

    private final String origin;
    private final List<String> segments;
    private final String query;

    private ApiUrl(String origin, List<String> segments, String query) {
        this.origin = origin;
        this.segments = segments;
        this.query = query;
    }

    /**
     * Reads a base URL such as {@code http://127.0.0.1:8765} or {@code http://host/v1}.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL
     */
    public static ApiUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw notHttp(url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw notHttp(url);
        }
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        String origin = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        List<String> segments = new ArrayList<>();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return new ApiUrl(origin, List.copyOf(segments), uri.getRawQuery());
    }

    private static IllegalArgumentException notHttp(String url) {
        return new IllegalArgumentException("baseUrl: not an http or https URL: '" + url + "'");
    }

    /** This URL with each segment appended, percent-encoded. */
    public ApiUrl segments(String... added) {
        List<String> copy = new ArrayList<>(segments);
        for (String segment : added) {
            copy.add(encode(segment, false));
        }
        return new ApiUrl(origin, List.copyOf(copy), query);
    }

    /** This URL with a route such as {@code chat/completions} appended, each part encoded. */
    public ApiUrl route(String route) {
        return segments(route.split("/"));
    }

    /** This URL with a query parameter added, percent-encoded. */
    public ApiUrl query(String name, String value) {
        String pair = encode(name, true) + "=" + encode(value, true);
        return new ApiUrl(origin, segments, query == null || query.isEmpty() ? pair : query + "&" + pair);
    }

    public URI toUri() {
        return URI.create(toString());
    }

    @Override
    public String toString() {
        StringBuilder url = new StringBuilder(origin);
        if (segments.isEmpty()) {
            url.append('/');
        }
        for (String segment : segments) {
            url.append('/').append(segment);
        }
        if (query != null && !query.isEmpty()) {
            url.append('?').append(query);
        }
        return url.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiUrl url && url.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static String encode(String text, boolean inQuery) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~';
            boolean allowed = unreserved || !inQuery && (c == ':' || c == '@' || c == '!' || c == '$' || c == ',');
            if (allowed) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
