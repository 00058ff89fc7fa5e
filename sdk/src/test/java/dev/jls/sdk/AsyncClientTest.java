package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.jls.sdk.errors.ConflictException;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.DeploymentGoneException;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentUpdate;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.RequestState;
import dev.jls.sdk.support.RawHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code client.async()}: every call as a future, with the blocking calls' retries and errors. */
class AsyncClientTest extends WireMockSupport {

    static final String ID = "dep-0123456789ab";
    static final String RID = RequestServiceTest.RID;

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void deploymentCallsAnswerFutures() throws Exception {
        server.stubFor(post("/management/create").willReturn(okJson("{\"deployment_id\": \"" + ID + "\"}")));
        server.stubFor(get("/management/" + ID).willReturn(okJson(DeploymentServiceTest.RECORD)));
        server.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));
        server.stubFor(patch("/management/" + ID).willReturn(okJson(DeploymentServiceTest.RECORD)));
        server.stubFor(delete("/management/" + ID).willReturn(okJson("{\"message\": \"Deleting deployment\"}")));
        server.stubFor(get("/management/list")
                .willReturn(okJson("{\"deployments\": [{\"deployment_id\": \"" + ID
                        + "\", \"name\": \"qwen\", \"status\": \"running\"}]}")));
        DeploymentServiceAsync deployments = client.async().deployments();

        assertThat(await(deployments.create(DeploymentServiceTest.spec()))).isEqualTo(ID);
        assertThat(await(deployments.list())).extracting(d -> d.deploymentId()).containsExactly(ID);
        assertThat(await(deployments.retrieve(ID)).name()).isEqualTo("qwen");
        assertThat(await(deployments.retrieveStatus(ID))).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(await(deployments.update(
                                ID, DeploymentUpdate.builder().idleTimeout(300).build()))
                        .deploymentId())
                .isEqualTo(ID);
        assertThat(await(deployments.delete(ID))).isNull();
    }

    @Test
    void updateAndDeleteReadFirstAndNameTheStatusOfAConflict() throws Exception {
        server.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"starting\"}")));
        server.stubFor(patch("/management/" + ID).willReturn(jsonResponse(409, "{\"detail\": \"not running\"}")));
        server.stubFor(delete("/management/" + ID).willReturn(jsonResponse(404, "{\"detail\": \"gone\"}")));
        DeploymentServiceAsync deployments = client.async().deployments();

        assertThatThrownBy(() -> await(deployments.update(
                        ID, DeploymentUpdate.builder().name("x").build())))
                .cause()
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.currentStatus()).contains(DeploymentStatus.STARTING));
        assertThat(await(deployments.delete(ID))).isNull();

        server.resetAll();
        server.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"running\"}")));
        server.stubFor(patch("/management/" + ID).willReturn(okJson("{\"updated\": {\"name\": \"x\"}}")));
        server.stubFor(get("/management/" + ID).willReturn(okJson(DeploymentServiceTest.RECORD)));

        assertThat(await(deployments.update(
                                ID, DeploymentUpdate.builder().name("x").build()))
                        .deploymentId())
                .isEqualTo(ID);
        server.verify(getRequestedFor(urlEqualTo("/management/" + ID)));
    }

    @Test
    void aFailureArrivesUnwrappedInTheFuture() {
        server.stubFor(get("/management/" + ID).willReturn(jsonResponse(404, "{\"detail\": \"not found\"}")));

        CompletableFuture<?> future = client.async().deployments().retrieve(ID);

        assertThatThrownBy(() -> await(future))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void aBadArgumentThrowsAtOnceAndABadSpecFailsTheFuture() {
        assertThatThrownBy(() -> client.async().deployments().retrieve(" "))
                .isInstanceOf(IllegalArgumentException.class);

        DeploymentSpec tooMany =
                DeploymentServiceTest.spec().toBuilder().maxWorkers(101).build();
        CompletableFuture<String> created = client.async().deployments().create(tooMany);

        assertThatThrownBy(() -> await(created)).cause().isInstanceOf(JlsValidationException.class);
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void asyncCallsAreRetriedByTheSameRules() throws Exception {
        String status = "/management/" + ID + "/status";
        server.stubFor(get(status)
                .inScenario("r")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        server.stubFor(
                get(status).inScenario("r").whenScenarioStateIs("up").willReturn(okJson("{\"status\": \"running\"}")));

        assertThat(await(client.async().deployments().retrieveStatus(ID))).isEqualTo(DeploymentStatus.RUNNING);

        server.verify(2, getRequestedFor(urlEqualTo(status)));
    }

    @Test
    void awaitRunningReportsEachStatusAndEndsAtRunning() throws Exception {
        String status = "/management/" + ID + "/status";
        server.stubFor(get(status)
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"status\": \"downloading_model\"}"))
                .willSetStateTo("up"));
        server.stubFor(
                get(status).inScenario("s").whenScenarioStateIs("up").willReturn(okJson("{\"status\": \"running\"}")));
        server.stubFor(get("/management/" + ID).willReturn(okJson(DeploymentServiceTest.RECORD)));
        List<DeploymentStatus> seen = new CopyOnWriteArrayList<>();

        CompletableFuture<?> running = client.async()
                .deployments()
                .awaitRunning(
                        ID,
                        WaitOptions.builder()
                                .pollInterval(Duration.ofMillis(10))
                                .listener(seen::add)
                                .build());

        assertThat(await(running)).isNotNull();
        assertThat(seen).containsExactly(DeploymentStatus.DOWNLOADING_MODEL, DeploymentStatus.RUNNING);
    }

    @Test
    void awaitRunningFailsWithTheDeploymentsMessage() {
        server.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"failed\"}")));
        server.stubFor(get("/management/" + ID)
                .willReturn(okJson(DeploymentServiceTest.RECORD
                        .replace("\"running\"", "\"failed\"")
                        .replace("\"error_message\": null", "\"error_message\": \"out of memory\""))));

        CompletableFuture<?> running = client.async().deployments().awaitRunning(ID);

        assertThatThrownBy(() -> await(running))
                .cause()
                .isInstanceOfSatisfying(
                        DeploymentFailedException.class,
                        e -> assertThat(e.errorMessage()).contains("out of memory"));
    }

    @Test
    void awaitRunningRidesOutTransientErrorsAndFailsWhenTheRecordDisappears() throws Exception {
        useClient(clientBuilder().maxRetries(0));
        WaitOptions quick =
                WaitOptions.builder().pollInterval(Duration.ofMillis(5)).build();
        answersInTurn(
                () -> get("/management/" + ID + "/status"),
                okJson("{\"status\": \"running\"}"),
                aResponse().withStatus(503),
                okJson("{\"status\": \"starting\"}"),
                aResponse().withStatus(502),
                aResponse().withStatus(500),
                aResponse().withStatus(429));
        server.stubFor(get("/management/" + ID).willReturn(okJson(DeploymentServiceTest.RECORD)));

        assertThat(await(client.async().deployments().awaitRunning(ID, quick)).deploymentId())
                .isEqualTo(ID);

        server.resetAll();
        answersInTurn(
                () -> get("/management/" + ID + "/status"),
                aResponse().withStatus(404),
                okJson("{\"status\": \"starting\"}"));

        assertThatThrownBy(() -> await(client.async().deployments().awaitRunning(ID, quick)))
                .cause()
                .isInstanceOf(DeploymentGoneException.class)
                .hasMessageContaining("reason unavailable");
    }

    @Test
    void requestCallsAnswerFutures() throws Exception {
        server.stubFor(
                post("/deployment/" + ID + "/v1/chat/completions").willReturn(okJson("{\"id\": \"" + RID + "\"}")));
        server.stubFor(post("/deployment/" + ID + "/v1/completions").willReturn(okJson("{\"id\": \"" + RID + "\"}")));
        server.stubFor(get("/deployment/" + ID + "/" + RID).willReturn(RequestServiceTest.pending("Queued")));
        server.stubFor(post("/deployment/" + ID + "/" + RID + "/cancel")
                .willReturn(okJson("{\"id\": \"" + RID + "\", \"status\": \"Cancelled\"}")));
        RequestServiceAsync requests = client.async().requests();

        assertThat(await(requests.submit(ID, RequestServiceTest.story())).id()).isEqualTo(RID);
        assertThat(await(requests.submit(
                                ID, CompletionRequest.builder().prompt("Once").build()))
                        .id())
                .isEqualTo(RID);
        assertThat(await(requests.fetch(ID, RID))).isEqualTo(new RequestResult.Pending(RID, RequestState.QUEUED));
        assertThat(await(requests.cancel(ID, RID))).isNull();
        server.verify(postRequestedFor(urlEqualTo("/deployment/" + ID + "/v1/completions")));
    }

    @Test
    void awaitChatCompletionIsTyped() throws Exception {
        server.stubFor(get(urlPathEqualTo("/deployment/" + ID + "/" + RID)).willReturn(RequestServiceTest.completed()));

        assertThat(await(client.async().requests().awaitChatCompletion(ID, RID)).firstContent())
                .contains("Hello!");
    }

    @Test
    void openAiCallsAnswerFuturesAndStreamsPush() throws Exception {
        String v1 = "/openai/" + ID + "/v1";
        server.stubFor(post(v1 + "/chat/completions")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("\"stream\""))
                .willReturn(okJson(RequestServiceTest.CHAT)));
        server.stubFor(post(v1 + "/chat/completions")
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"stream\":true"))
                .willReturn(OpenAiEndpointTest.sse(OpenAiEndpointTest.CHUNKS)));
        server.stubFor(get(v1 + "/models")
                .willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"llama8b\",\"object\":\"model\"}]}")));
        OpenAiEndpointAsync openai = client.async().openai(ID);
        ChatCompletionRequest hello = OpenAiEndpointTest.hello();

        assertThat(await(openai.baseUrl())).isEqualTo(server.baseUrl() + v1);
        assertThat(await(openai.createChatCompletion(hello)).id()).isEqualTo("chatcmpl-1");
        assertThat(await(openai.listModels())).extracting(m -> m.id()).containsExactly("llama8b");
        ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
        AsyncStreamResponse<?> stream =
                openai.createChatCompletionStreaming(hello).subscribe(accumulator::accept);
        await(stream.onCompleteFuture());
        assertThat(accumulator.chatCompletion().firstContent()).contains("Hello");
    }

    @Test
    void logsArePushedToAHandler() throws Exception {
        server.stubFor(get(urlPathEqualTo("/management/" + ID + "/logs"))
                .willReturn(OpenAiEndpointTest.sse(
                        ": no active workers\n\n: ping\n\ndata: [worker-1] ready\n\n: all streams ended\n\n")));
        List<LogEvent> events = new CopyOnWriteArrayList<>();

        AsyncStreamResponse<LogEvent> logs = client.async()
                .deployments()
                .retrieveLogs(
                        ID, LogOptions.builder().follow(true).notices(true).build())
                .subscribe(events::add);
        await(logs.onCompleteFuture());

        assertThat(events)
                .containsExactly(new LogEvent.Notice("no active workers"), new LogEvent.Line("[worker-1] ready"));
    }

    @Test
    void cancellingAPlainCallDropsItsConnection() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch clientWentAway = new CountDownLatch(1);
        try (RawHttpServer held = new RawHttpServer((requestLine, in, out) -> {
            arrived.countDown();
            // No answer: the call stays in flight until the client drops the connection.
            if (in.read() < 0) {
                clientWentAway.countDown();
            }
        })) {
            useClient(clientBuilder().baseUrl(held.baseUrl()));
            CompletableFuture<?> answer = client.async()
                    .openai(ID)
                    .createChatCompletion(ChatCompletionRequest.builder()
                            .addMessage(ChatMessage.user("a long story"))
                            .build());
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(answer.cancel(true)).isTrue();

            assertThat(clientWentAway.await(10, TimeUnit.SECONDS))
                    .as("the server saw the connection close")
                    .isTrue();
            assertThatThrownBy(answer::join).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void theAsyncViewBelongsToItsClient() {
        JlsClientAsync async = client.async();

        assertThat(async.sync()).isSameAs(client);
        client.close();
        assertThatThrownBy(async::deployments).isInstanceOf(IllegalStateException.class);
    }
}
