package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The frame of every authenticated route: checks the key, then hands a {@link Call} with the body
 * (read by {@link HttpFront}) to the route. Routes answer asynchronously; no thread waits for the core.
 */
abstract class ApiRoute implements HttpHandler {

    /** What a route gets: the exchange, the caller's tenant, and the body (empty for GET). */
    record Call(HttpServerExchange exchange, String tenant, byte[] body) {
        String path(String name) {
            return exchange.getQueryParameters().get(name).getFirst();
        }

        Optional<String> query(String name) {
            Deque<String> values = exchange.getQueryParameters().get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }
    }

    private final ServerContext context;
    private final ErrorStyle style;
    private final boolean readsBody;

    ApiRoute(ServerContext context, ErrorStyle style, boolean readsBody) {
        this.context = context;
        this.style = style;
        this.readsBody = readsBody;
    }

    ErrorStyle style() {
        return style;
    }

    ServerContext context() {
        return context;
    }

    @Override
    public final void handleRequest(HttpServerExchange ex) {
        Optional<String> tenant = context.keys().tenantOf(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (tenant.isEmpty()) {
            ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            boolean given = ex.getRequestHeaders().contains(Headers.AUTHORIZATION);
            Responses.error(
                    ex, style, 401, given ? "Invalid API key" : "Not authenticated", "AuthenticationError", null);
            return;
        }
        // the front has read the body already, within the limit (HttpFront)
        byte[] body = readsBody ? HttpFront.body(ex) : new byte[0];
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> run(new Call(ex, tenant.get(), body)));
    }

    /** Answers the exchange for {@code tenant}, whose key the caller has checked another way (a session). */
    final void serve(HttpServerExchange ex, String tenant) {
        run(new Call(ex, tenant, readsBody ? HttpFront.body(ex) : new byte[0]));
    }

    private void run(Call call) {
        try {
            handle(call);
        } catch (RuntimeException e) {
            Responses.failure(call.exchange(), style, e);
        }
    }

    /** Answers the call, now or later; every path must end the exchange. */
    abstract void handle(Call call);

    /**
     * Answers {@code 200} with {@code body} of the core's result once {@code result} completes, or the
     * failure in this route's error style; on the exchange's IO thread either way.
     */
    final <T> void answer(Call call, CompletableFuture<T> result, Function<T, JsonNode> body) {
        result.whenCompleteAsync(
                (value, failure) -> {
                    if (failure != null) {
                        Responses.failure(call.exchange(), style, failure);
                    } else {
                        Responses.json(call.exchange(), 200, body.apply(value));
                    }
                },
                call.exchange().getIoThread());
    }
}
