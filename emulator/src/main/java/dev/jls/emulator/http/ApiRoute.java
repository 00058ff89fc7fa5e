package dev.jls.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayOutputStream;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The frame of every authenticated route: checks the key, reads the body (up to the limit), then
 * hands a {@link Call} to the route. Routes answer asynchronously; no thread waits for the core.
 */
abstract class ApiRoute implements HttpHandler {

  /** Bodies past this are not even read to their end: the connection is closed instead. */
  private static final long DISCARD_LIMIT = 256L * 1024 * 1024;

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
    Optional<String> tenant =
        context.keys().tenantOf(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
    if (tenant.isEmpty()) {
      ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      boolean given = ex.getRequestHeaders().contains(Headers.AUTHORIZATION);
      Responses.error(ex, style, 401, given ? "Invalid API key" : "Not authenticated",
          "AuthenticationError", null);
      return;
    }
    if (!readsBody) {
      ex.dispatch(SameThreadExecutor.INSTANCE, () -> run(new Call(ex, tenant.get(), new byte[0])));
      return;
    }
    long limit = context.maxBodyBytes();
    String declared = ex.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
    if (declared != null && parseLong(declared) > DISCARD_LIMIT) {
      ex.setPersistent(false);
      tooLarge(ex, limit);
      return;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long[] size = {0};
    boolean[] refused = {false};
    ex.getRequestReceiver().receivePartialBytes((e, bytes, last) -> {
      if (refused[0]) {
        return;
      }
      size[0] += bytes.length;
      if (size[0] <= limit) {
        body.write(bytes, 0, bytes.length);
      } else if (size[0] > DISCARD_LIMIT) {
        refused[0] = true;
        e.setPersistent(false);
        e.dispatch(SameThreadExecutor.INSTANCE, () -> tooLarge(e, limit));
        return;
      }
      if (last) {
        e.dispatch(SameThreadExecutor.INSTANCE, () -> {
          if (size[0] > limit) {
            tooLarge(e, limit);
          } else {
            run(new Call(e, tenant.get(), body.toByteArray()));
          }
        });
      }
    }, (e, error) -> {
      e.setPersistent(false);
      e.endExchange();
    });
  }

  private void tooLarge(HttpServerExchange ex, long limit) {
    Responses.error(ex, style, 413, "the request body is larger than the limit of " + limit
        + " bytes", "BadRequestError", null);
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
    result.whenCompleteAsync((value, failure) -> {
      if (failure != null) {
        Responses.failure(call.exchange(), style, failure);
      } else {
        Responses.json(call.exchange(), 200, body.apply(value));
      }
    }, call.exchange().getIoThread());
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
