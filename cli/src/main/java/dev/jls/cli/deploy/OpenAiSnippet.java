package dev.jls.cli.deploy;

import dev.jls.cli.Jls;
import dev.jls.sdk.models.Deployment;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The lines to paste to call a running deployment's OpenAI-compatible base URL: a {@code curl}
 * and the official OpenAI Python client. The key is written as {@code $JL_API_KEY}; where jls took it
 * from elsewhere (a profile, jl setup), a first line says to set it, and for an emulator on this
 * machine, whose key is no account's secret, with the key itself, so that the lines work as pasted.
 */
final class OpenAiSnippet {

    private OpenAiSnippet() {}

    /** The model name requests use: {@code served-model-name} when set, else the model. */
    static String modelOf(Deployment d) {
        return d.spec().servedModelName().or(d::model).orElse(d.name());
    }

    /**
     * The lines to paste to call {@code baseUrl}, indented by two spaces, for the key of {@code
     * connection}.
     */
    static List<String> call(String baseUrl, String model, Jls.Connection connection) {
        String body = "{\"model\": \"" + model.replace("\"", "\\\"")
                + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";
        List<String> lines = new ArrayList<>();
        if (!connection.source().equals("$JL_API_KEY")) {
            lines.add(
                    local(baseUrl) && connection.apiKey().isPresent()
                            ? "  export JL_API_KEY=" + connection.apiKey().get()
                            : "  export JL_API_KEY=...   # the key jls uses here comes from " + connection.source());
        }
        lines.add("  curl -s " + baseUrl + "/chat/completions -H \"Authorization: Bearer $JL_API_KEY\" \\");
        lines.add("    -H \"Content-Type: application/json\" -d '" + body.replace("'", "'\\''") + "'");
        lines.add("  python: OpenAI(base_url=\"" + baseUrl + "\", api_key=os.environ[\"JL_API_KEY\"])");
        return lines;
    }

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    /** Whether {@code url} is a server on this machine (an emulator), not the hosted service. */
    static boolean local(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && LOOPBACK.contains(host);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
