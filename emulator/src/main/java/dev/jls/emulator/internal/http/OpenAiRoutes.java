package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.DeploymentView;
import dev.jls.emulator.internal.core.EngineRoute;
import dev.jls.emulator.internal.core.WorkerView;
import io.undertow.server.HttpServerExchange;
import java.util.OptionalInt;

/** The OpenAI-compatible routes under {@code /openai/{id}/v1}. */
final class OpenAiRoutes {

    private OpenAiRoutes() {}

    /**
     * {@code POST …/v1/chat/completions} and {@code …/v1/completions}: through the same queue, states
     * and limits as submitted requests, the answer passed through as the engine sends it.
     */
    static final class Inference extends ApiRoute {
        private final EngineRoute route;

        Inference(ServerContext c, EngineRoute route) {
            super(c, ErrorStyle.OPENAI, true);
            this.route = route;
        }

        @Override
        void handle(Call call) {
            HttpServerExchange ex = call.exchange();
            EngineRequestFields.Scan scan = EngineRequestFields.scan(call.body());
            if (scan instanceof EngineRequestFields.Refusal refusal) {
                Responses.error(ex, style(), 400, refusal.message(), "BadRequestError", refusal.field());
                return;
            }
            EngineRequestFields.Fields fields = (EngineRequestFields.Fields) scan;
            String requested = fields.model();
            boolean stream = fields.stream();
            String tenant = call.tenant();
            String dep = call.path("id");
            DeploymentSpec spec = context().plane().spec(tenant, dep).orElse(null);
            if (spec == null) {
                Responses.error(ex, style(), 404, "deployment " + dep + " not found");
                return;
            }
            byte[] bytes = call.body();
            if (requested != null) {
                if (!spec.servesModel(requested)) {
                    Responses.error(
                            ex,
                            style(),
                            404,
                            "The model `" + requested + "` does not exist.",
                            "NotFoundError",
                            "model");
                    return;
                }
                if (!requested.equals(spec.servedModelName())) {
                    // the engine knows the model only by its served name
                    ObjectNode body = Bodies.object(ex, style(), bytes);
                    if (body == null) {
                        return;
                    }
                    body.put("model", spec.servedModelName());
                    try {
                        bytes = Responses.JSON.writeValueAsBytes(body);
                    } catch (JsonProcessingException jpe) {
                        throw new IllegalStateException("a JSON tree always serialises", jpe);
                    }
                }
            }
            LiveResponse response = new LiveResponse(ex, context().plane());
            PollInterest.keepWhileAnswering(ex);
            context()
                    .plane()
                    .submitLive(tenant, dep, route, bytes, stream, response)
                    .whenComplete((id, failure) -> {
                        if (failure != null) {
                            ex.getIoThread().execute(() -> Responses.failure(ex, style(), failure));
                        } else {
                            response.accepted(id);
                        }
                    });
        }
    }

    /**
     * The context length of a deployment's model: what a worker's engine reported (its default, when the
     * args do not set one), else the args' {@code max-model-len}, else unknown.
     */
    static OptionalInt maxModelLen(DeploymentView view) {
        for (WorkerView worker : view.workers()) {
            if (worker.maxModelLen().isPresent()) {
                return worker.maxModelLen();
            }
        }
        String given = view.spec().args().get("max-model-len");
        return given != null && given.matches("\\d{1,9}")
                ? OptionalInt.of(Integer.parseInt(given))
                : OptionalInt.empty();
    }

    /**
     * {@code GET …/v1/models}: answered from the deployment's spec and what its workers reported, without
     * waking a worker.
     */
    static final class Models extends ApiRoute {
        Models(ServerContext c) {
            super(c, ErrorStyle.OPENAI, false);
        }

        @Override
        void handle(Call call) {
            HttpServerExchange ex = call.exchange();
            context()
                    .plane()
                    .get(call.tenant(), call.path("id"))
                    .whenCompleteAsync(
                            (view, e) -> {
                                if (e != null) {
                                    Responses.failure(ex, style(), e);
                                    return;
                                }
                                DeploymentSpec spec = view.spec();
                                ObjectNode o = Responses.object().put("object", "list");
                                ArrayNode data = o.putArray("data");
                                ObjectNode card = data.addObject();
                                card.put("id", spec.servedModelName());
                                card.put("object", "model");
                                card.put("created", view.createdAt().getEpochSecond());
                                card.put("owned_by", "vllm");
                                card.put("root", spec.model().orElse(spec.servedModelName()));
                                card.putNull("parent");
                                OptionalInt maxLen = maxModelLen(view);
                                if (maxLen.isPresent()) {
                                    card.put("max_model_len", maxLen.getAsInt());
                                } else {
                                    card.putNull("max_model_len");
                                }
                                Responses.json(ex, 200, o);
                            },
                            ex.getIoThread());
        }
    }
}
