package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.CoreException;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.DeploymentUpdate;
import dev.jls.emulator.internal.core.EngineRoute;
import dev.jls.emulator.internal.core.FieldError;
import dev.jls.emulator.internal.ui.Dashboard;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The dashboard's ties to the HTTP layer: what it reads through the API's own code, and its token route. */
final class DashboardRoutes {

    /** How long a token made by {@code POST /_emulator/ui/token} lasts: it is meant for the next moment. */
    static final Duration TOKEN = Duration.ofMinutes(2);

    private DashboardRoutes() {}

    /** The dashboard, reading bodies and keys as the API does. */
    static Dashboard dashboard(ServerContext c) {
        OpenAiRoutes.Inference chat = new OpenAiRoutes.Inference(c, EngineRoute.CHAT_COMPLETIONS);
        return new Dashboard(
                c.plane(),
                new Dashboard.Host() {
                    @Override
                    public Optional<String> tenantOfKey(String key) {
                        return c.keys().tenantOf("Bearer " + key);
                    }

                    @Override
                    public byte[] body(HttpServerExchange ex) {
                        return HttpFront.body(ex);
                    }

                    @Override
                    public DeploymentSpec spec(ObjectNode body, List<FieldError> errors) {
                        return SpecReader.spec(body, errors);
                    }

                    @Override
                    public DeploymentUpdate update(ObjectNode body, List<FieldError> errors) {
                        return SpecReader.update(body, errors);
                    }

                    @Override
                    public void chat(HttpServerExchange ex, String tenant, String deploymentId) {
                        ex.addQueryParam("id", deploymentId);
                        chat.serve(ex, tenant);
                    }

                    @Override
                    public int status(CoreException failure) {
                        return Responses.status(failure, ErrorStyle.FASTAPI);
                    }
                },
                c.version());
    }

    /**
     * {@code POST /_emulator/ui/token}: a one-time login token for the caller's tenant, lasting two
     * minutes, and the path that uses it; what {@code jls ui} opens, so that no key is put in an address.
     */
    static final class Token extends ApiRoute {
        private final Dashboard dashboard;

        Token(ServerContext c, Dashboard dashboard) {
            super(c, ErrorStyle.FASTAPI, false);
            this.dashboard = dashboard;
        }

        @Override
        void handle(Call call) {
            String token = dashboard.loginToken(call.tenant(), TOKEN);
            Responses.json(
                    call.exchange(),
                    200,
                    Responses.object()
                            .put("token", token)
                            .put("login_path", "/ui/login?token=" + token)
                            .put("expires_in", TOKEN.toSeconds()));
        }
    }
}
