package dev.jls.cli.deploy;

import dev.jls.sdk.models.Deployment;
import java.util.List;

/**
 * The lines to paste to call a running deployment's OpenAI-compatible base URL: a {@code curl}
 * and the official OpenAI Python client. The key is written as {@code $JL_API_KEY}, never printed.
 */
final class OpenAiSnippet {

    private OpenAiSnippet() {}

    /** The model name requests use: {@code served-model-name} when set, else the model. */
    static String modelOf(Deployment d) {
        return d.spec().servedModelName().or(d::model).orElse(d.name());
    }

    /** The lines to paste to call {@code baseUrl}, indented by two spaces. */
    static List<String> call(String baseUrl, String model) {
        String body = "{\"model\": \"" + model.replace("\"", "\\\"")
                + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}";
        return List.of(
                "  curl -s " + baseUrl + "/chat/completions -H \"Authorization: Bearer $JL_API_KEY\" \\",
                "    -H \"Content-Type: application/json\" -d '" + body.replace("'", "'\\''") + "'",
                "  python: OpenAI(base_url=\"" + baseUrl + "\", api_key=os.environ[\"JL_API_KEY\"])");
    }
}
