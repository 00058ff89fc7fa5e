package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.jls.sdk.errors.ConflictException;
import dev.jls.sdk.errors.InternalServerException;
import dev.jls.sdk.errors.JlsInvalidDataException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.JlsServiceException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RateLimitException;
import dev.jls.sdk.errors.ResultExpiredException;
import dev.jls.sdk.errors.UnauthorizedException;
import dev.jls.sdk.errors.UnprocessableEntityException;
import dev.jls.sdk.internal.RetryPolicy;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.support.TestHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status codes to exceptions, faults, and the retry rules, through the public client. */
class ErrorAndRetryTest extends WireMockSupport {

    static final String STATUS = "/management/dep-0123456789ab/status";
    static final String SUBMIT = "/deployment/dep-0123456789ab/v1/chat/completions";

    static ChatCompletionRequest hi() {
        return ChatCompletionRequest.builder()
                .addMessage(ChatMessage.user("hi"))
                .build();
    }

    void stubStatus(int code, String body) {
        server.stubFor(get(STATUS).willReturn(jsonResponse(code, body)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "401|{\"detail\": \"invalid API key\"}|dev.jls.sdk.errors.UnauthorizedException|invalid API key",
                "404|{\"detail\": \"deployment not found\"}|dev.jls.sdk.errors.NotFoundException|deployment not found",
                "409|{\"detail\": \"not running\"}|dev.jls.sdk.errors.ConflictException|not running",
                "410|{\"detail\": \"result expired at 2026-06-08T09:00:00+00:00\"}|dev.jls.sdk.errors.ResultExpiredException|expired",
                "422|{\"detail\": [{\"loc\": [\"body\", \"max_workers\"], \"msg\": \"must be >= 1\", \"type\": \"value_error\"}]}|dev.jls.sdk.errors.UnprocessableEntityException|max_workers",
                "429|{\"detail\": \"queue full\"}|dev.jls.sdk.errors.RateLimitException|queue full",
                "500|{\"detail\": \"boom\"}|dev.jls.sdk.errors.InternalServerException|boom",
                "502|<html>bad gateway</html>|dev.jls.sdk.errors.InternalServerException|bad gateway",
                "503|{\"detail\": \"no capacity\"}|dev.jls.sdk.errors.InternalServerException|no capacity",
                "418|{\"detail\": \"teapot\"}|dev.jls.sdk.errors.UnexpectedStatusCodeException|teapot",
            })
    void eachStatusMapsToItsException(int code, String body, String type, String message) throws Exception {
        useClient(clientBuilder().maxRetries(0));
        stubStatus(code, body);

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOf(Class.forName(type))
                .isInstanceOfSatisfying(JlsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(code);
                    assertThat(e.body()).isEqualTo(body);
                })
                .hasMessageContaining(message);
    }

    @Test
    void theApiKeyNeverAppearsInAnError() {
        useClient(clientBuilder().maxRetries(0));
        stubStatus(401, "{\"detail\": \"invalid API key\"}");

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(e.toString()).doesNotContain(API_KEY));
        assertThat(client.toString()).doesNotContain(API_KEY);
    }

    @Test
    void aGetIsRetriedOn5xxWithExponentialBackoff() {
        answersInTurn(
                () -> get(STATUS),
                okJson("{\"status\": \"running\"}"),
                aResponse().withStatus(502),
                aResponse().withStatus(500));

        assertThat(client.deployments().retrieveStatus("dep-0123456789ab").isRunning())
                .isTrue();

        List<Duration> sleeps = time.sleeps();
        assertThat(sleeps).hasSize(2);
        // 0.5 s then 1 s, each less up to 25% jitter.
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
    }

    @Test
    void retriesStopAtMaxRetries() {
        useClient(clientBuilder().maxRetries(3));
        server.stubFor(get(STATUS).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOf(InternalServerException.class);

        server.verify(4, getRequestedFor(urlEqualTo(STATUS)));
        assertThat(time.sleeps()).hasSize(3);
    }

    @Test
    void a408IsRetried() {
        answersInTurn(
                () -> get(STATUS),
                okJson("{\"status\": \"running\"}"),
                aResponse().withStatus(408));

        assertThat(client.deployments().retrieveStatus("dep-0123456789ab").isRunning())
                .isTrue();
        server.verify(2, getRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void retryAfterInSecondsReplacesTheBackoff() {
        answersInTurn(
                () -> get(STATUS),
                okJson("{\"status\": \"running\"}"),
                aResponse().withStatus(429).withHeader("Retry-After", "7"));

        client.deployments().retrieveStatus("dep-0123456789ab");

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredOnTheClock() {
        String in12s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                time.instant().plusSeconds(12).atOffset(ZoneOffset.UTC));
        answersInTurn(
                () -> get(STATUS),
                okJson("{\"status\": \"running\"}"),
                aResponse().withStatus(503).withHeader("Retry-After", in12s));

        client.deployments().retrieveStatus("dep-0123456789ab");

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void aRetryAfterBeyondAMinuteGoesToTheCaller() {
        server.stubFor(get(STATUS)
                .willReturn(jsonResponse(429, "{\"detail\": \"queue full\"}").withHeader("Retry-After", "600")));

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOfSatisfying(
                        RateLimitException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofMinutes(10)));
        server.verify(1, getRequestedFor(urlEqualTo(STATUS)));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void aPostWithoutIdempotencyKeyIsNotRetriedOnceItReachedTheServer() {
        server.stubFor(post("/management/create").willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> client.deployments().create(DeploymentServiceTest.spec()))
                .isInstanceOf(InternalServerException.class);
        server.verify(1, postRequestedFor(urlEqualTo("/management/create")));
    }

    @Test
    void aPostWithoutIdempotencyKeyIsNotRetriedAfterAConnectionReset() {
        server.stubFor(post("/management/create").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client.deployments().create(DeploymentServiceTest.spec()))
                .isInstanceOf(JlsIoException.class);
        server.verify(1, postRequestedFor(urlEqualTo("/management/create")));
    }

    @Test
    void aSubmitIsRetriedAfterAConnectionResetBecauseItHasAKey() {
        answersInTurn(
                () -> post(SUBMIT),
                okJson("{\"id\": \"req-1\"}"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(client.requests().submit("dep-0123456789ab", hi()).id()).isEqualTo("req-1");
        server.verify(2, postRequestedFor(urlEqualTo(SUBMIT)));
    }

    @Test
    void aGetIsRetriedAfterAConnectionReset() {
        answersInTurn(
                () -> get(STATUS),
                okJson("{\"status\": \"running\"}"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(client.deployments().retrieveStatus("dep-0123456789ab").isRunning())
                .isTrue();
        server.verify(2, getRequestedFor(urlEqualTo(STATUS)));
        if (TestHttp.okHttpPresent()) {
            // The JDK's client repeats a GET whose connection closed before any answer byte on its own
            // (it takes the connection for a stale one); OkHttp leaves every retry to the SDK.
            assertThat(time.sleeps()).hasSize(1);
        }
    }

    @Test
    void aPostThatNeverReachedTheServerIsRetried() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        useClient(clientBuilder().baseUrl("http://127.0.0.1:" + closedPort).maxRetries(2));

        assertThatThrownBy(() -> client.deployments().create(DeploymentServiceTest.spec()))
                .isInstanceOf(JlsIoException.class)
                .hasMessageContaining("POST http://127.0.0.1:" + closedPort + "/management/create");
        // Refused connections: the POST was tried three times, with two pauses.
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void aMalformedBodyIsInvalidData() {
        server.stubFor(get(STATUS).willReturn(aResponse().withStatus(200).withBody("{\"status\": ")));

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOf(JlsInvalidDataException.class);
    }

    @Test
    void anEmptyBodyIsInvalidData() {
        server.stubFor(get(STATUS).willReturn(aResponse().withStatus(200)));

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOf(JlsInvalidDataException.class);
    }

    @Test
    void aBodyOfTheWrongShapeIsInvalidData() {
        server.stubFor(get(STATUS).willReturn(okJson("{\"state\": \"running\"}")));

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessageContaining("status");
    }

    @Test
    void aGarbledResponseIsAnIoFailureAfterRetries() {
        server.stubFor(get(STATUS).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOf(JlsIoException.class);
        server.verify(3, getRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aSlowBodyTimesOut() {
        useClient(clientBuilder().timeout(Duration.ofMillis(300)).maxRetries(1));
        server.stubFor(
                get(STATUS).willReturn(okJson("{\"status\": \"running\"}").withChunkedDribbleDelay(5, 3000)));

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOf(JlsIoException.class);
        // Timed out, retried once after a pause, timed out again.
        assertThat(time.sleeps()).hasSize(1);
    }

    @Test
    void aSlowAnswerTimesOut() {
        useClient(clientBuilder().timeout(Duration.ofMillis(300)).maxRetries(0));
        server.stubFor(
                get(STATUS).willReturn(okJson("{\"status\": \"running\"}").withFixedDelay(3000)));

        assertThatThrownBy(() -> client.deployments().retrieveStatus("dep-0123456789ab"))
                .isInstanceOf(JlsIoException.class)
                .hasMessageContaining("GET");
    }

    @Test
    void retryPolicyBacksOffExponentiallyToTheCap() {
        RetryPolicy noJitter = new RetryPolicy(10, time, () -> 0.0);
        RetryPolicy fullJitter = new RetryPolicy(10, time, () -> 0.999999);

        assertThat(List.of(0, 1, 2, 3, 4, 5, 9).stream().map(noJitter::backoff).toList())
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8));
        assertThat(fullJitter.backoff(0)).isEqualTo(Duration.ofMillis(375));
    }

    @Test
    void retryPolicyRules() {
        RetryPolicy policy = new RetryPolicy(2, time, () -> 0.0);

        assertThat(policy.afterResponse(0, true, 503, null)).contains(Duration.ofMillis(500));
        assertThat(policy.afterResponse(0, true, 404, null)).isEmpty();
        assertThat(policy.afterResponse(0, false, 503, null)).isEmpty();
        assertThat(policy.afterResponse(2, true, 503, null)).isEmpty();
        assertThat(policy.afterResponse(0, true, 429, "1.5")).contains(Duration.ofMillis(1500));
        assertThat(policy.afterResponse(0, true, 429, "garbage")).contains(Duration.ofMillis(500));
        assertThat(policy.afterFailure(0, false, false)).isPresent();
        assertThat(policy.afterFailure(0, false, true)).isEmpty();
        assertThat(policy.afterFailure(0, true, true)).isPresent();
        assertThat(RetryPolicy.isReplayable("POST", true)).isTrue();
        assertThat(RetryPolicy.isReplayable("DELETE", false)).isFalse();

        // What is ridden out above single calls follows the same rule.
        assertThat(RetryPolicy.isTransient(new JlsIoException("reset", new IOException("reset"))))
                .isTrue();
        assertThat(RetryPolicy.isTransient(JlsServiceException.of(503, null, "")))
                .isTrue();
        assertThat(RetryPolicy.isTransient(JlsServiceException.of(429, null, "")))
                .isTrue();
        assertThat(RetryPolicy.isTransient(JlsServiceException.of(408, null, "")))
                .isTrue();
        assertThat(RetryPolicy.isTransient(JlsServiceException.of(404, null, "")))
                .isFalse();
        assertThat(RetryPolicy.isTransient(JlsServiceException.of(401, null, "")))
                .isFalse();
        assertThat(RetryPolicy.isTransient(new JlsInvalidDataException("not JSON")))
                .isFalse();
    }

    @Test
    void exceptionTypesUsedAboveExist() {
        // Compile-time references, so a rename of the mapped classes fails this suite loudly.
        assertThat(List.of(
                        ConflictException.class,
                        NotFoundException.class,
                        ResultExpiredException.class,
                        UnprocessableEntityException.class))
                .hasSize(4);
    }
}
