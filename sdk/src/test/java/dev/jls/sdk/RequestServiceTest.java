package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.ConflictException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RequestCancelledException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.errors.ResultExpiredException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.RequestState;
import dev.jls.sdk.models.SubmittedRequest;
import dev.jls.sdk.support.RawHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestServiceTest extends WireMockSupport {

    static final String DEP = "dep-0123456789ab";
    static final String RID = "req-0123456789abcdef01234567";
    static final String FETCH = "/deployment/" + DEP + "/" + RID;

    static final String CHAT = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1718000000,"model":"llama8b",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","reasoning":null,"tool_calls":[]},
               "logprobs":null,"finish_reason":"stop","stop_reason":null}],
             "usage":{"prompt_tokens":10,"total_tokens":12,"completion_tokens":2,"prompt_tokens_details":null}}""";

    static ChatCompletionRequest story() {
        return ChatCompletionRequest.builder()
                .model("meta-llama/Llama-3.2-3B-Instruct")
                .addMessage(ChatMessage.user("tell me a beautiful story of moon?"))
                .build();
    }

    static ResponseDefinitionBuilder pending(String state) {
        return jsonResponse(202, "{\"id\": \"" + RID + "\", \"status\": \"" + state + "\"}")
                .withHeader("X-Request-Status", state);
    }

    static ResponseDefinitionBuilder completed() {
        return okJson(CHAT).withHeader("X-Request-Status", "Completed");
    }

    /** Answers the fetches of {@link #RID}, whatever their query, as pending in each state in turn, then done. */
    void stubPendingThenCompleted(String... states) {
        String scenarioState = Scenario.STARTED;
        for (int i = 0; i < states.length; i++) {
            String next = "after " + (i + 1);
            server.stubFor(get(urlPathEqualTo(FETCH))
                    .inScenario("poll")
                    .whenScenarioStateIs(scenarioState)
                    .willReturn(pending(states[i]))
                    .willSetStateTo(next));
            scenarioState = next;
        }
        server.stubFor(get(urlPathEqualTo(FETCH))
                .inScenario("poll")
                .whenScenarioStateIs(scenarioState)
                .willReturn(completed()));
    }

    @Test
    void submitWrapsTheRequestInInputAndSendsAnIdempotencyKey() {
        server.stubFor(
                post("/deployment/" + DEP + "/v1/chat/completions").willReturn(okJson("{\"id\": \"" + RID + "\"}")));

        SubmittedRequest submitted = client.requests().submit(DEP, story());

        assertThat(submitted.id()).isEqualTo(RID);
        assertThat(submitted.idempotencyKey())
                .hasValueSatisfying(
                        key -> assertThat(key).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        server.verify(postRequestedFor(urlEqualTo("/deployment/" + DEP + "/v1/chat/completions"))
                .withHeader(
                        "Idempotency-Key", equalTo(submitted.idempotencyKey().get()))
                .withRequestBody(equalToJson("""
                        {"input": {"model": "meta-llama/Llama-3.2-3B-Instruct",
                                   "messages": [{"role": "user", "content": "tell me a beautiful story of moon?"}]}}""")));
    }

    @Test
    void submitCompletionUsesTheCompletionsRouteAndTheGivenKey() {
        server.stubFor(post("/deployment/" + DEP + "/v1/completions").willReturn(okJson("{\"id\": \"" + RID + "\"}")));

        SubmittedRequest submitted = client.requests()
                .submit(
                        DEP,
                        CompletionRequest.builder()
                                .prompt("Once upon a time")
                                .maxTokens(16)
                                .build(),
                        SubmitOptions.withIdempotencyKey("order-42"));

        assertThat(submitted.idempotencyKey()).contains("order-42");
        server.verify(postRequestedFor(urlEqualTo("/deployment/" + DEP + "/v1/completions"))
                .withHeader("Idempotency-Key", equalTo("order-42"))
                .withRequestBody(equalToJson("{\"input\": {\"prompt\": \"Once upon a time\", \"max_tokens\": 16}}")));
    }

    @Test
    void aRetriedSubmitCarriesTheSameKey() {
        String url = "/deployment/" + DEP + "/v1/chat/completions";
        server.stubFor(post(url)
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        server.stubFor(post(url)
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(okJson("{\"id\": \"" + RID + "\"}")));

        SubmittedRequest submitted = client.requests().submit(DEP, story());

        List<LoggedRequest> sent = server.findAll(postRequestedFor(urlEqualTo(url)));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).getHeader("Idempotency-Key"))
                .isEqualTo(sent.get(1).getHeader("Idempotency-Key"))
                .isEqualTo(submitted.idempotencyKey().get());
        assertThat(submitted.id()).isEqualTo(RID);
    }

    @Test
    void fetchReadsEveryAnswerShape() {
        stubPendingThenCompleted("Fetched");

        RequestResult first = client.requests().fetch(DEP, RID);
        RequestResult second = client.requests().fetch(DEP, RID);

        assertThat(first).isEqualTo(new RequestResult.Pending(RID, RequestState.FETCHED));
        assertThat(second).isInstanceOfSatisfying(RequestResult.Completed.class, done -> {
            assertThat(done.chatCompletion().choices().get(0).message().content())
                    .contains("Hello!");
            assertThat(done.raw().get("usage").get("total_tokens").asInt()).isEqualTo(12);
        });
        server.verify(2, getRequestedFor(urlEqualTo(FETCH)).withQueryParam("wait", absent()));
    }

    @Test
    void fetchReadsFailedAndCancelled() {
        server.stubFor(get(FETCH).willReturn(okJson("""
                {"id": "%s", "status": "Failed", "error": {"message": "worker crashed", "type": "worker_crashed", "code": null}}""".formatted(RID))));
        assertThat(client.requests().fetch(DEP, RID))
                .isInstanceOfSatisfying(
                        RequestResult.Failed.class,
                        failed -> assertThat(failed.error().type()).isEqualTo("worker_crashed"));

        server.stubFor(get(FETCH).willReturn(okJson("{\"id\": \"" + RID + "\", \"status\": \"Cancelled\"}")));
        assertThat(client.requests().fetch(DEP, RID)).isEqualTo(new RequestResult.Cancelled(RID));
    }

    @Test
    void aPendingAnswerWithoutBodyFallsBackToTheHeader() {
        server.stubFor(get(FETCH).willReturn(aResponse().withStatus(202).withHeader("X-Request-Status", "Queued")));

        assertThat(client.requests().fetch(DEP, RID)).isEqualTo(new RequestResult.Pending(RID, RequestState.QUEUED));
    }

    @Test
    void fetchOfAnExpiredResultIs410() {
        server.stubFor(get(FETCH)
                .willReturn(jsonResponse(
                        410, "{\"detail\": \"result of request " + RID + " expired at 2026-06-08T09:00:00+00:00\"}")));

        assertThatThrownBy(() -> client.requests().fetch(DEP, RID))
                .isInstanceOf(ResultExpiredException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void awaitSendsTheLongPollAndBacksOffWhenTheServerAnswersAtOnce() {
        stubPendingThenCompleted("Queued", "Processing", "Processing");

        ChatCompletion answer = client.requests().awaitChatCompletion(DEP, RID);

        assertThat(answer.choices().get(0).message().content()).contains("Hello!");
        server.verify(4, getRequestedFor(urlPathEqualTo(FETCH)).withQueryParam("wait", equalTo("20")));
        // The server ignored ?wait=, so the client backed off: 100 ms doubling.
        assertThat(time.sleeps())
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void awaitPollsAgainAtOnceAfterTheServerHeldTheAnswer() {
        // The fake clock moves by the whole long-poll while the server "holds" the answer.
        stubPendingThenCompleted("Processing");
        server.addMockServiceRequestListener((request, response) -> time.advance(Duration.ofSeconds(5)));

        client.requests()
                .await(
                        DEP,
                        RID,
                        AwaitOptions.builder().longPoll(Duration.ofSeconds(5)).build());

        server.verify(2, getRequestedFor(urlPathEqualTo(FETCH)).withQueryParam("wait", equalTo("5")));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void awaitWithLongPollOffSendsNoWait() {
        server.stubFor(get(urlPathEqualTo(FETCH)).willReturn(completed()));

        client.requests()
                .await(DEP, RID, AwaitOptions.builder().longPoll(Duration.ZERO).build());

        server.verify(getRequestedFor(urlPathEqualTo(FETCH)).withQueryParam("wait", absent()));
    }

    @Test
    void awaitCapsTheIntervalAndTimesOutWithTheLastState() {
        server.stubFor(get(urlPathEqualTo(FETCH)).willReturn(pending("Fetched")));

        assertThatThrownBy(() -> client.requests()
                        .await(
                                DEP,
                                RID,
                                AwaitOptions.builder()
                                        .timeout(Duration.ofSeconds(2))
                                        .initialInterval(Duration.ofMillis(250))
                                        .maxInterval(Duration.ofMillis(500))
                                        .build()))
                .isInstanceOfSatisfying(
                        AwaitTimeoutException.class,
                        e -> assertThat(e.lastState()).contains(RequestState.FETCHED));
        assertThat(time.sleeps())
                .containsExactly(
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofMillis(500),
                        Duration.ofMillis(500),
                        Duration.ofMillis(250));
        // Never asks the server to hold longer than the time left.
        server.verify(getRequestedFor(urlPathEqualTo(FETCH)).withQueryParam("wait", equalTo("2")));
        server.verify(getRequestedFor(urlPathEqualTo(FETCH)).withQueryParam("wait", absent()));
    }

    @Test
    void awaitOfAFailedRequestThrowsWithTheError() {
        server.stubFor(get(urlPathEqualTo(FETCH)).willReturn(okJson("""
                {"id": "%s", "status": "Failed", "error": {"message": "waited longer than wait_time", "type": "queue_timeout", "code": null}}""".formatted(RID))));

        assertThatThrownBy(() -> client.requests().await(DEP, RID))
                .isInstanceOfSatisfying(
                        RequestFailedException.class,
                        e -> assertThat(e.error().type()).isEqualTo("queue_timeout"));
    }

    @Test
    void awaitOfACancelledRequestThrows() {
        server.stubFor(
                get(urlPathEqualTo(FETCH)).willReturn(okJson("{\"id\": \"" + RID + "\", \"status\": \"Cancelled\"}")));

        assertThatThrownBy(() -> client.requests().await(DEP, RID)).isInstanceOf(RequestCancelledException.class);
    }

    @Test
    void awaitAsyncCompletes() throws Exception {
        stubPendingThenCompleted("Processing");

        RequestResult.Completed done = client.async()
                .requests()
                .await(
                        DEP,
                        RID,
                        AwaitOptions.builder()
                                .initialInterval(Duration.ofMillis(10))
                                .build())
                .get(10, TimeUnit.SECONDS);

        assertThat(done.chatCompletion().id()).isEqualTo("chatcmpl-1");
    }

    @Test
    void awaitAsyncFailsLikeAwait() {
        server.stubFor(get(urlPathEqualTo(FETCH)).willReturn(jsonResponse(404, "{\"detail\": \"request not found\"}")));

        CompletableFuture<RequestResult.Completed> future =
                client.async().requests().await(DEP, RID);

        assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void cancellingTheAsyncAwaitCancelsTheFetchInFlight() throws Exception {
        CountDownLatch fetchArrived = new CountDownLatch(1);
        CountDownLatch clientWentAway = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        try (RawHttpServer held = new RawHttpServer((requestLine, in, out) -> {
            fetches.incrementAndGet();
            fetchArrived.countDown();
            // Answers nothing: the fetch stays in flight until the client drops the connection.
            if (in.read() < 0) {
                clientWentAway.countDown();
            }
        })) {
            useClient(clientBuilder().baseUrl(held.baseUrl()));
            CompletableFuture<RequestResult.Completed> future =
                    client.async().requests().await(DEP, RID);
            assertThat(fetchArrived.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(future.cancel(true)).isTrue();

            assertThat(clientWentAway.await(10, TimeUnit.SECONDS))
                    .as("the fetch in flight was cancelled: its connection closed")
                    .isTrue();
            assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
            assertThat(fetches.get()).isEqualTo(1);
        }
    }

    @Test
    void cancelPostsToTheCancelRoute() {
        server.stubFor(
                post(FETCH + "/cancel").willReturn(okJson("{\"id\": \"" + RID + "\", \"status\": \"Cancelled\"}")));

        client.requests().cancel(DEP, RID);

        server.verify(
                postRequestedFor(urlEqualTo(FETCH + "/cancel")).withHeader("Authorization", matching("Bearer .+")));
    }

    @Test
    void cancelOfAFinishedRequestIsAConflict() {
        server.stubFor(
                post(FETCH + "/cancel").willReturn(jsonResponse(409, "{\"detail\": \"request already Completed\"}")));

        assertThatThrownBy(() -> client.requests().cancel(DEP, RID))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already Completed");
    }
}
