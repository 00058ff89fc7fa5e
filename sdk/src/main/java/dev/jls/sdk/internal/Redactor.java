package dev.jls.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes what goes to an {@link dev.jls.sdk.HttpLogger} safe to print: credential headers, the API key in
 * any text, and the values of a deployment spec's {@code env}.
 */
final class Redactor {

    static final String REDACTED = "<redacted>";
    static final int MAX_BODY_CHARS = 16 * 1024;

    private static final Set<String> CREDENTIAL_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key");

    private final String apiKey;

    Redactor(String apiKey) {
        this.apiKey = apiKey;
    }

    Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> safe = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> safe.put(
                name,
                CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                        ? values.stream().map(v -> REDACTED).toList()
                        : values.stream().map(this::text).toList()));
        return Collections.unmodifiableMap(safe);
    }

    String text(String text) {
        return apiKey.isEmpty() ? text : text.replace(apiKey, REDACTED);
    }

    /** A body as text, with the API key and {@code env} values masked and long text cut. */
    Optional<String> body(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.contains("\"env\"")) {
            text = maskEnv(text);
        }
        text = text(text);
        if (text.length() > MAX_BODY_CHARS) {
            text = text.substring(0, MAX_BODY_CHARS) + "... (" + (text.length() - MAX_BODY_CHARS) + " more characters)";
        }
        return Optional.of(text);
    }

    private static String maskEnv(String text) {
        try {
            JsonNode tree = Json.readTree(text);
            JsonNode env = tree.get("env");
            if (env instanceof ObjectNode values) {
                List<String> names = new ArrayList<>();
                values.fieldNames().forEachRemaining(names::add);
                names.forEach(name -> values.put(name, "****"));
                return tree.toString();
            }
            return text;
        } catch (RuntimeException notJson) {
            return text;
        }
    }
}
