package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.EngineAnswer;
import dev.jls.emulator.internal.core.EngineRoute;
import dev.jls.emulator.internal.core.FieldError;
import dev.jls.emulator.internal.core.RequestFailure;
import dev.jls.emulator.internal.core.RequestView;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioExecutor;

/** The submit / fetch / cancel routes under {@code /deployment}. */
final class InferenceRoutes {

    static final HttpString REQUEST_STATUS = new HttpString("X-Request-Status");
    static final HttpString IDEMPOTENCY_KEY = new HttpString("Idempotency-Key");
    /** The longest a fetch may be held. */
    static final int MAX_WAIT_SECONDS = 60;

    private InferenceRoutes() {}

    /** {@code POST /deployment/{id}/v1/chat/completions} and {@code …/v1/completions}. */
    static final class Submit extends ApiRoute {
        private final EngineRoute route;

        Submit(ServerContext c, EngineRoute route) {
            super(c, ErrorStyle.FASTAPI, true);
            this.route = route;
        }

        @Override
        void handle(Call call) {
            HttpServerExchange ex = call.exchange();
            ObjectNode body = Bodies.object(ex, style(), call.body());
            if (body == null) {
                return;
            }
            JsonNode input = body.get("input");
            if (input == null || input.isNull()) {
                Responses.fieldErrors(
                        ex,
                        style(),
                        "body",
                        List.of(new FieldError("input", "Field required: the engine's request goes under \"input\"")));
                return;
            }
            if (!input.isObject()) {
                Responses.fieldErrors(
                        ex,
                        style(),
                        "body",
                        List.of(new FieldError("input", "must be an object: the engine's request")));
                return;
            }
            ObjectNode request = (ObjectNode) input;
            // a submitted request is answered by fetch, as one JSON body: never as a stream
            if (request.path("stream").asBoolean(false)) {
                request.put("stream", false);
                request.remove("stream_options");
            }
            byte[] bytes;
            try {
                bytes = Responses.JSON.writeValueAsBytes(request);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serialises", e);
            }
            Optional<String> key = Optional.ofNullable(ex.getRequestHeaders().getFirst(IDEMPOTENCY_KEY))
                    .map(String::trim)
                    .filter(k -> !k.isEmpty());
            context()
                    .plane()
                    .submit(call.tenant(), call.path("id"), route, bytes, key)
                    .whenCompleteAsync(
                            (id, e) -> {
                                if (e != null) {
                                    Responses.failure(ex, style(), e);
                                } else {
                                    Responses.json(ex, 200, Responses.object().put("id", id));
                                }
                            },
                            context().plane().answerExecutor(ex.getIoThread()));
        }
    }

    /** {@code GET /deployment/{id}/{request_id}?wait=N}. */
    static final class Fetch extends ApiRoute {
        Fetch(ServerContext c) {
            super(c, ErrorStyle.FASTAPI, false);
        }

        @Override
        void handle(Call call) {
            HttpServerExchange ex = call.exchange();
            int wait = 0;
            Optional<String> waitParam = call.query("wait");
            if (waitParam.isPresent()) {
                try {
                    wait = Integer.parseInt(waitParam.get().trim());
                } catch (NumberFormatException e) {
                    wait = -1;
                }
                if (wait < 0) {
                    Responses.fieldErrors(
                            ex,
                            style(),
                            "query",
                            List.of(new FieldError(
                                    "wait", "must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS)));
                    return;
                }
                wait = Math.min(wait, MAX_WAIT_SECONDS);
            }
            String tenant = call.tenant();
            String dep = call.path("id");
            String rid = call.path("request_id");
            if (wait == 0) {
                context()
                        .plane()
                        .fetch(tenant, dep, rid)
                        .whenCompleteAsync((v, e) -> answer(ex, v, e), ex.getIoThread());
                return;
            }
            // held without a thread: whichever comes first, the end of the request or the timer, answers
            AtomicBoolean answered = new AtomicBoolean();
            XnioExecutor.Key timer = ex.getIoThread()
                    .executeAfter(
                            () -> {
                                if (answered.compareAndSet(false, true)) {
                                    context()
                                            .plane()
                                            .fetch(tenant, dep, rid)
                                            .whenCompleteAsync((v, e) -> answer(ex, v, e), ex.getIoThread());
                                }
                            },
                            wait,
                            TimeUnit.SECONDS);
            context()
                    .plane()
                    .whenFinal(tenant, dep, rid)
                    .whenCompleteAsync(
                            (v, e) -> {
                                if (answered.compareAndSet(false, true)) {
                                    timer.remove();
                                    answer(ex, v, e);
                                }
                            },
                            ex.getIoThread());
        }

        private void answer(HttpServerExchange ex, RequestView v, Throwable e) {
            if (e != null) {
                Responses.failure(ex, style(), e);
                return;
            }
            ex.getResponseHeaders().put(REQUEST_STATUS, v.state().wire());
            switch (v.state()) {
                case COMPLETED -> {
                    EngineAnswer a = v.result().orElseThrow();
                    Responses.bytes(ex, 200, a.contentType(), a.body());
                }
                case FAILED -> {
                    RequestFailure f = v.failure().orElseThrow();
                    ObjectNode o = Responses.object().put("id", v.id()).put("status", "Failed");
                    ObjectNode error = o.putObject("error");
                    error.put("message", f.message());
                    error.put("type", f.type().wire());
                    if (f.code().isPresent()) {
                        error.put("code", f.code().getAsInt());
                    } else {
                        error.putNull("code");
                    }
                    Responses.json(ex, 200, o);
                }
                case CANCELLED ->
                    Responses.json(ex, 200, Responses.object().put("id", v.id()).put("status", "Cancelled"));
                default ->
                    Responses.json(
                            ex,
                            202,
                            Responses.object()
                                    .put("id", v.id())
                                    .put("status", v.state().wire()));
            }
        }
    }

    /** {@code POST /deployment/{id}/{request_id}/cancel}. */
    static final class Cancel extends ApiRoute {
        Cancel(ServerContext c) {
            super(c, ErrorStyle.FASTAPI, true);
        }

        @Override
        void handle(Call call) {
            HttpServerExchange ex = call.exchange();
            context()
                    .plane()
                    .cancel(call.tenant(), call.path("id"), call.path("request_id"))
                    .whenCompleteAsync(
                            (v, e) -> {
                                if (e != null) {
                                    Responses.failure(ex, style(), e);
                                } else {
                                    ex.getResponseHeaders()
                                            .put(REQUEST_STATUS, v.state().wire());
                                    Responses.json(
                                            ex,
                                            200,
                                            Responses.object()
                                                    .put("id", v.id())
                                                    .put("status", v.state().wire()));
                                }
                            },
                            ex.getIoThread());
        }
    }
}
