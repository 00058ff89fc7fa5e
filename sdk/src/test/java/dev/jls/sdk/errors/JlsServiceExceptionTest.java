package dev.jls.sdk.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JlsServiceExceptionTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(400, BadRequestException.class),
                Arguments.of(401, UnauthorizedException.class),
                Arguments.of(403, PermissionDeniedException.class),
                Arguments.of(404, NotFoundException.class),
                Arguments.of(409, ConflictException.class),
                Arguments.of(410, ResultExpiredException.class),
                Arguments.of(413, PayloadTooLargeException.class),
                Arguments.of(422, UnprocessableEntityException.class),
                Arguments.of(429, RateLimitException.class),
                Arguments.of(500, InternalServerException.class),
                Arguments.of(502, InternalServerException.class),
                Arguments.of(503, InternalServerException.class),
                Arguments.of(599, InternalServerException.class),
                Arguments.of(405, UnexpectedStatusCodeException.class),
                Arguments.of(408, UnexpectedStatusCodeException.class),
                Arguments.of(302, UnexpectedStatusCodeException.class),
                Arguments.of(600, UnexpectedStatusCodeException.class));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void theStatusPicksTheClass(int status, Class<? extends JlsServiceException> type) {
        JlsServiceException e =
                JlsServiceException.of(status, Map.of("X-Request-Status", List.of("Queued")), "{\"detail\":\"nope\"}");

        assertThat(e).isExactlyInstanceOf(type).isInstanceOf(JlsException.class).isInstanceOf(RuntimeException.class);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.body()).isEqualTo("{\"detail\":\"nope\"}");
        assertThat(e.header("x-request-status")).contains("Queued");
        assertThat(e).hasMessage("HTTP " + status + ": nope");
    }

    @Test
    void fastApiDetailString() {
        JlsServiceException e = JlsServiceException.of(401, Map.of(), "{\"detail\": \"Invalid API key\"}");

        assertThat(e).hasMessage("HTTP 401: Invalid API key");
        assertThat(e.errorMessage()).contains("Invalid API key");
        assertThat(e.errorType()).isEmpty();
        assertThat(e.bodyJson().orElseThrow().get("detail").asText()).isEqualTo("Invalid API key");
    }

    @Test
    void fastApiValidationListNamesTheFields() {
        String body = """
                {"detail": [{"loc": ["body", "min_workers"], "msg": "must be between 0 and 100", "type": "value_error"},
                            {"loc": ["body", "args", "model"], "msg": "field required", "type": "missing"},
                            {"loc": ["body", "messages", 0, "content"], "msg": "bad", "type": "x"},
                            {"loc": ["query", "tail"], "msg": "not an int"}]}""";

        UnprocessableEntityException e = (UnprocessableEntityException) JlsServiceException.of(422, null, body);

        assertThat(e.getMessage())
                .isEqualTo("HTTP 422: min_workers: must be between 0 and 100; args.model: field required; "
                        + "messages[0].content: bad; tail: not an int");
        assertThat(e.fieldErrors())
                .extracting(FieldError::field)
                .containsExactly("min_workers", "args.model", "messages[0].content", "tail");
        FieldError first = e.fieldErrors().get(0);
        assertThat(first.message()).isEqualTo("must be between 0 and 100");
        assertThat(first.type()).contains("value_error");
        assertThat(first.location()).containsExactly("body", "min_workers");
        assertThat(e.fieldErrors().get(3).type()).isEmpty();
    }

    @Test
    void unprocessableWithAPlainDetailHasNoFieldErrors() {
        UnprocessableEntityException e = (UnprocessableEntityException)
                JlsServiceException.of(422, Map.of(), "{\"detail\":\"framework sglang has no engine configured\"}");

        assertThat(e.fieldErrors()).isEmpty();
        assertThat(e).hasMessage("HTTP 422: framework sglang has no engine configured");
    }

    @Test
    void openAiErrorObject() {
        JlsServiceException e = JlsServiceException.of(404, Map.of(), """
                {"error":{"message":"The model `foo` does not exist.","type":"NotFoundError","param":"model","code":404}}""");

        assertThat(e)
                .isInstanceOf(NotFoundException.class)
                .hasMessage("HTTP 404: The model `foo` does not exist. (type NotFoundError, param model)");
        assertThat(e.errorMessage()).contains("The model `foo` does not exist.");
        assertThat(e.errorType()).contains("NotFoundError");
        assertThat(e.errorParam()).contains("model");
        assertThat(e.errorCode().orElseThrow().asInt()).isEqualTo(404);
    }

    @Test
    void openAiErrorWithoutParam() {
        JlsServiceException e = JlsServiceException.of(
                400,
                Map.of(),
                "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}");

        assertThat(e).hasMessage("HTTP 400: max_tokens is too large (type BadRequestError)");
        assertThat(e.errorParam()).isEmpty();
    }

    @Test
    void emptyBody() {
        assertThat(JlsServiceException.of(502, Map.of(), "")).hasMessage("HTTP 502 with an empty body");
        assertThat(JlsServiceException.of(503, Map.of(), null)).hasMessage("HTTP 503 with an empty body");
        assertThat(JlsServiceException.of(503, Map.of(), null).body()).isEmpty();
        assertThat(JlsServiceException.of(503, Map.of(), "  \n").errorMessage()).isEmpty();
    }

    @Test
    void htmlBodyIsQuotedOnOneLineAndCut() {
        String html =
                "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + "x".repeat(500) + "</body></html>";

        JlsServiceException e = JlsServiceException.of(502, Map.of(), html);

        assertThat(e).isInstanceOf(InternalServerException.class);
        assertThat(e.getMessage())
                .startsWith("HTTP 502 with a non-JSON body: <html> <head><title>502 Bad Gateway</title>")
                .endsWith("...")
                .doesNotContain("\n");
        assertThat(e.getMessage().length()).isLessThan(260);
        assertThat(e.body()).isEqualTo(html);
        assertThat(e.bodyJson()).isEmpty();
    }

    @Test
    void plainTextAndTruncatedJson() {
        assertThat(JlsServiceException.of(500, Map.of(), "Internal Server Error"))
                .hasMessage("HTTP 500 with a non-JSON body: Internal Server Error");
        assertThat(JlsServiceException.of(500, Map.of(), "{\"detail\": \"cut"))
                .hasMessage("HTTP 500 with a non-JSON body: {\"detail\": \"cut");
    }

    @Test
    void jsonOfAnotherShape() {
        assertThat(JlsServiceException.of(500, Map.of(), "{\"message\":\"engine exploded\"}"))
                .hasMessage("HTTP 500: engine exploded");
        assertThat(JlsServiceException.of(500, Map.of(), "{\"error\":\"boom\"}"))
                .hasMessage("HTTP 500: boom");
        assertThat(JlsServiceException.of(500, Map.of(), "{\"oops\":1}")).hasMessage("HTTP 500: {\"oops\":1}");
        assertThat(JlsServiceException.of(500, Map.of(), "[1,2]")).hasMessage("HTTP 500: [1,2]");
        assertThat(JlsServiceException.of(500, Map.of(), "\"down\"")).hasMessage("HTTP 500: down");
        assertThat(JlsServiceException.of(400, Map.of(), "{\"detail\":{\"reason\":\"x\"}}"))
                .hasMessage("HTTP 400: {\"reason\":\"x\"}");
    }

    @Test
    void retryAfterInSeconds() {
        RateLimitException e = (RateLimitException)
                JlsServiceException.of(429, Map.of("retry-after", List.of("7")), "{\"detail\":\"queue full\"}");

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e).hasMessage("HTTP 429: queue full");
    }

    @Test
    void retryAfterAsAnHttpDate() {
        Clock now = Clock.fixed(Instant.parse("2026-10-21T07:27:30Z"), ZoneOffset.UTC);
        RateLimitException e = (RateLimitException)
                JlsServiceException.of(429, Map.of("Retry-After", List.of("Wed, 21 Oct 2026 07:28:00 GMT")), "");

        assertThat(e.retryAfter(now)).contains(Duration.ofSeconds(30));
        assertThat(e.retryAfter(Clock.fixed(Instant.parse("2026-10-22T00:00:00Z"), ZoneOffset.UTC)))
                .contains(Duration.ZERO);
    }

    @Test
    void retryAfterAbsentOrUnreadable() {
        assertThat(JlsServiceException.of(429, Map.of(), "").retryAfter()).isEmpty();
        assertThat(JlsServiceException.of(429, Map.of("Retry-After", List.of("soon")), "")
                        .retryAfter())
                .isEmpty();
        assertThat(JlsServiceException.parseRetryAfter("1.5", Instant.EPOCH)).contains(Duration.ofMillis(1500));
        assertThat(JlsServiceException.parseRetryAfter("-3", Instant.EPOCH)).contains(Duration.ZERO);
        assertThat(JlsServiceException.parseRetryAfter(" 2 ", Instant.EPOCH)).contains(Duration.ofSeconds(2));
        assertThat(JlsServiceException.parseRetryAfter("NaN", Instant.EPOCH)).isEmpty();
        assertThat(JlsServiceException.parseRetryAfter(null, Instant.EPOCH)).isEmpty();
    }

    @Test
    void resultExpiredSaysWhen() {
        ResultExpiredException e = (ResultExpiredException) JlsServiceException.of(
                410,
                Map.of(),
                "{\"detail\": \"result of request req-0123 expired at 2026-06-08T09:38:45.011322+00:00\"}");

        assertThat(e.expiredAt()).contains(OffsetDateTime.of(2026, 6, 8, 9, 38, 45, 11_322_000, ZoneOffset.UTC));
        assertThat(e.getMessage()).contains("expired at");
        assertThat(new ResultExpiredException(Map.of(), "{\"detail\":\"gone\"}").expiredAt())
                .isEmpty();
    }

    @Test
    void headersAreCopiedAndReadIgnoringCase() {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        headers.put("Content-Type", new java.util.ArrayList<>(List.of("application/json")));

        JlsServiceException e = JlsServiceException.of(404, headers, "");
        headers.get("Content-Type").add("text/html");

        assertThat(e.headers().get("content-type")).containsExactly("application/json");
        assertThat(e.header("CONTENT-TYPE")).isEqualTo(Optional.of("application/json"));
        assertThat(e.header("Missing")).isEmpty();
    }
}
