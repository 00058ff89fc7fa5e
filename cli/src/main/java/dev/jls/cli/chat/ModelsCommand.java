package dev.jls.cli.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.sdk.models.Model;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jls models}: what the deployment's OpenAI-compatible route serves. */
@Command(name = "models", description = "List the models a deployment serves (its OpenAI-compatible /v1/models).")
public final class ModelsCommand extends JlsCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Override
    protected int run() {
        List<Model> models = client().openai(deploymentId).listModels();
        if (output().isJson()) {
            ObjectNode doc = Documents.object();
            doc.put("object", "list");
            ArrayNode data = doc.putArray("data");
            models.forEach(m -> data.add(m.toJson()));
            output().json(doc);
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Model m : models) {
            rows.add(List.of(
                    m.id(),
                    m.root().orElse("-"),
                    m.maxModelLen().map(String::valueOf).orElse("-"),
                    m.ownedBy().orElse("-")));
        }
        output().table(List.of("id", "root", "max model len", "owned by"), rows);
        output().note("OpenAI base URL: " + client().openai(deploymentId).baseUrl());
        return ExitCodes.OK;
    }
}
