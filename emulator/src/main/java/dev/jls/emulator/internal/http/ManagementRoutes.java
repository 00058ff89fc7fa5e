package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.DeploymentUpdate;
import dev.jls.emulator.internal.core.DeploymentView;
import dev.jls.emulator.internal.core.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** The {@code /management} routes: one small handler per route. */
final class ManagementRoutes {

    private ManagementRoutes() {}

    /**
     * The body of {@code call} read by {@code reader}, or null after answering the client: 422 naming
     * every wrong field, or the body's own refusal when it is not a JSON object.
     */
    private static <T> T read(
            ApiRoute.Call call, ErrorStyle style, BiFunction<ObjectNode, List<FieldError>, T> reader) {
        ObjectNode body = Bodies.object(call.exchange(), style, call.body());
        if (body == null) {
            return null;
        }
        List<FieldError> errors = new ArrayList<>();
        T read = reader.apply(body, errors);
        if (!errors.isEmpty()) {
            Responses.fieldErrors(call.exchange(), style, "body", errors);
            return null;
        }
        return read;
    }

    /** {@code POST /management/create}. */
    static final class Create extends ApiRoute {
        Create(ServerContext c) {
            super(c, ErrorStyle.FASTAPI, true);
        }

        @Override
        void handle(Call call) {
            DeploymentSpec spec = read(call, style(), SpecReader::spec);
            if (spec == null) {
                return;
            }
            answer(
                    call,
                    context().plane().create(call.tenant(), spec),
                    v -> Responses.object().put("deployment_id", v.id()));
        }
    }

    /** {@code GET /management/list}. */
    static final class ListAll extends ApiRoute {
        ListAll(ServerContext c) {
            super(c, ErrorStyle.FASTAPI, false);
        }

        @Override
        void handle(Call call) {
            answer(call, context().plane().list(call.tenant()), views -> {
                ObjectNode o = Responses.object();
                ArrayNode list = o.putArray("deployments");
                for (DeploymentView v : views) {
                    list.add(DeploymentJson.summary(v));
                }
                return o;
            });
        }
    }

    /** {@code GET /management/{id}}. */
    static final class Get extends ApiRoute {
        Get(ServerContext c) {
            super(c, ErrorStyle.FASTAPI, false);
        }

        @Override
        void handle(Call call) {
            answer(call, context().plane().get(call.tenant(), call.path("id")), DeploymentJson::record);
        }
    }

    /** {@code GET /management/{id}/status}. */
    static final class Status extends ApiRoute {
        Status(ServerContext c) {
            super(c, ErrorStyle.FASTAPI, false);
        }

        @Override
        void handle(Call call) {
            answer(
                    call,
                    context().plane().get(call.tenant(), call.path("id")),
                    v -> Responses.object().put("status", v.status().wire()));
        }
    }

    /** {@code PATCH /management/{id}}: the hosted shape, {@code {"updated": record}}. */
    static final class Update extends ApiRoute {
        Update(ServerContext c) {
            super(c, ErrorStyle.FASTAPI, true);
        }

        @Override
        void handle(Call call) {
            DeploymentUpdate update = read(call, style(), SpecReader::update);
            if (update == null) {
                return;
            }
            answer(call, context().plane().update(call.tenant(), call.path("id"), update), v -> {
                ObjectNode o = Responses.object();
                o.set("updated", DeploymentJson.record(v));
                return o;
            });
        }
    }

    /** {@code DELETE /management/{id}}: the hosted shape, {@code {"message": "Deleting deployment"}}. */
    static final class Delete extends ApiRoute {
        Delete(ServerContext c) {
            super(c, ErrorStyle.FASTAPI, false);
        }

        @Override
        void handle(Call call) {
            answer(
                    call,
                    context().plane().delete(call.tenant(), call.path("id")),
                    v -> Responses.object().put("message", "Deleting deployment"));
        }
    }
}
