package dev.jls.emulator.internal.http;

import dev.jls.emulator.internal.core.EngineRoute;
import dev.jls.emulator.internal.ui.Dashboard;
import dev.jls.emulator.internal.workers.FaultInjector;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Methods;
import java.util.Optional;

/** Every route of the emulator, in one table. */
final class Routes {

    private Routes() {}

    static HttpHandler table(ServerContext c, Optional<FaultInjector> faults, Dashboard dashboard) {
        RoutingHandler routes = new RoutingHandler()
                .get("/healthz", new ServiceRoutes.Health(c.version()))
                .get("/metrics", new ServiceRoutes.Metrics(c))
                .post("/management/create", new ManagementRoutes.Create(c))
                .get("/management/list", new ManagementRoutes.ListAll(c))
                .get("/management/{id}", new ManagementRoutes.Get(c))
                .add(Methods.PATCH, "/management/{id}", new ManagementRoutes.Update(c))
                .delete("/management/{id}", new ManagementRoutes.Delete(c))
                .get("/management/{id}/status", new ManagementRoutes.Status(c))
                .get("/management/{id}/logs", new LogsRoute(c))
                .post(
                        "/deployment/{id}/v1/chat/completions",
                        new InferenceRoutes.Submit(c, EngineRoute.CHAT_COMPLETIONS))
                .post("/deployment/{id}/v1/completions", new InferenceRoutes.Submit(c, EngineRoute.COMPLETIONS))
                .get("/deployment/{id}/{request_id}", new InferenceRoutes.Fetch(c))
                .post("/deployment/{id}/{request_id}/cancel", new InferenceRoutes.Cancel(c))
                .post("/openai/{id}/v1/chat/completions", new OpenAiRoutes.Inference(c, EngineRoute.CHAT_COMPLETIONS))
                .post("/openai/{id}/v1/completions", new OpenAiRoutes.Inference(c, EngineRoute.COMPLETIONS))
                .get("/openai/{id}/v1/models", new OpenAiRoutes.Models(c))
                .get("/_emulator/events", new EventsRoute(c))
                .post("/_emulator/ui/token", new DashboardRoutes.Token(c, dashboard))
                .setFallbackHandler(ex ->
                        Responses.error(ex, styleOf(ex.getRequestPath()), 404, "Not Found", "NotFoundError", null))
                .setInvalidMethodHandler(ex -> Responses.error(
                        ex, styleOf(ex.getRequestPath()), 405, "Method Not Allowed", "BadRequestError", null));
        HttpHandler api = FaultRoutes.addTo(routes, c, faults);
        // the dashboard routes its own pages under /ui
        return ex -> {
            if (Dashboard.handles(ex.getRequestPath())) {
                dashboard.handleRequest(ex);
            } else {
                api.handleRequest(ex);
            }
        };
    }

    private static ErrorStyle styleOf(String path) {
        return path.startsWith("/openai/") ? ErrorStyle.OPENAI : ErrorStyle.FASTAPI;
    }
}
