package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.ConflictException;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.DeploymentGoneException;
import dev.jls.sdk.errors.InternalServerException;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.PermissionDeniedException;
import dev.jls.sdk.errors.UnprocessableEntityException;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentSummary;
import dev.jls.sdk.models.DeploymentUpdate;
import dev.jls.sdk.support.ExampleSpecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentServiceTest extends WireMockSupport {

    static final String ID = "dep-0123456789ab";

    static final String RECORD = """
            {
              "deployment_id": "dep-0123456789ab", "name": "qwen", "status": "running", "error_message": null,
              "region": "india-noida-01", "framework": "vllm", "gpus_to_use": {"gpus": ["H100"]},
              "gpus_per_worker": 1, "min_workers": 0, "max_workers": 2, "concurrent_requests": 4,
              "idle_timeout": 600, "wait_time": 60, "storage": 50,
              "args": {"model": "Qwen/Qwen3-0.6B"}, "env": {"HF_TOKEN": "hf_****"},
              "start_time": "2026-06-08T08:38:45.011322", "end_time": null,
              "created_at": "2026-06-08T08:38:45.011322+00:00", "updated_at": "2026-06-08T08:40:00+00:00",
              "workers": {"total": 2, "healthy": 1, "provisioning": 1,
                          "list": [{"worker_id": 8841, "status": "healthy", "last_used": "2026-06-08T08:41:00+00:00"},
                                   {"worker_id": null, "status": "provisioning", "last_used": null}]},
              "queue_depth": 0, "total_cost": 0.0, "currency": "USD"
            }""";

    static DeploymentSpec spec() {
        return ExampleSpecs.qwenAsInTheExample("hf_secret").build();
    }

    @Test
    void createSendsTheSpecAsTheServiceNamesItAndReturnsTheId() {
        server.stubFor(post("/management/create").willReturn(okJson("{\"deployment_id\": \"" + ID + "\"}")));

        assertThat(client.deployments().create(spec())).isEqualTo(ID);

        server.verify(postRequestedFor(urlEqualTo("/management/create"))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withRequestBody(equalToJson("""
                        {"name": "qwen", "region": "india-noida-01", "framework": "vllm",
                         "gpus_to_use": {"gpus": ["H100"]}, "gpus_per_worker": 1, "min_workers": 0,
                         "max_workers": 2, "concurrent_requests": 4, "idle_timeout": 600, "wait_time": 60,
                         "storage": 50,
                         "args": {"model": "Qwen/Qwen3-0.6B", "max-model-len": "8192", "served-model-name": "qwen"},
                         "env": {"HF_TOKEN": "hf_secret"}}""")));
    }

    @Test
    void createChecksTheSpecBeforeSendingAnything() {
        DeploymentSpec tooMany = spec().toBuilder().minWorkers(5).maxWorkers(2).build();

        assertThatThrownBy(() -> client.deployments().create(tooMany))
                .isInstanceOf(JlsValidationException.class)
                .hasMessageContaining("min_workers");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void createRefusedByTheServerNamesTheField() {
        server.stubFor(post("/management/create").willReturn(jsonResponse(422, """
                        {"detail": [{"loc": ["body", "storage"], "msg": "must be at least 50", "type": "value_error"}]}""")));

        assertThatThrownBy(() -> client.deployments().create(spec()))
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("storage").contains("must be at least 50");
                });
    }

    @Test
    void listReadsTheSummaries() {
        server.stubFor(get("/management/list").willReturn(okJson("""
                {"deployments": [{"deployment_id": "dep-0123456789ab", "name": "qwen", "status": "running",
                  "region": "india-noida-01", "start_time": "2026-06-08T08:38:45.011322", "framework": "vllm",
                  "min_workers": 0, "max_workers": 2, "gpus_to_use": {"gpus": ["H100"]}, "concurrent_requests": 4,
                  "gpus_per_worker": 1, "error_message": null, "total_cost": 1.5, "currency": "USD"}]}""")));

        List<DeploymentSummary> all = client.deployments().list().deployments();

        assertThat(all).hasSize(1);
        assertThat(all.get(0).deploymentId()).isEqualTo(ID);
        assertThat(all.get(0).status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(all.get(0).gpusToUse()).containsExactly("H100");
        assertThat(all.get(0).totalCost()).contains(1.5);
    }

    @Test
    void getReadsTheFullRecord() {
        server.stubFor(get("/management/" + ID).willReturn(okJson(RECORD)));

        Deployment deployment = client.deployments().retrieve(ID);

        assertThat(deployment.deploymentId()).isEqualTo(ID);
        assertThat(deployment.status().isRunning()).isTrue();
        assertThat(deployment.workers()).hasValueSatisfying(workers -> {
            assertThat(workers.total()).isEqualTo(2);
            assertThat(workers.list()).hasSize(2);
        });
        assertThat(deployment.env()).containsEntry("HF_TOKEN", "hf_****");
        assertThat(deployment.startTime()).isPresent();
    }

    @Test
    void statusReadsTheWordAndKeepsAnUnknownOne() {
        server.stubFor(get("/management/" + ID + "/status").willReturn(okJson("{\"status\": \"warming_up\"}")));

        DeploymentStatus status = client.deployments().retrieveStatus(ID);

        assertThat(status.asString()).isEqualTo("warming_up");
        assertThat(status.value()).isEqualTo(DeploymentStatus.Value._UNKNOWN);
    }

    @Test
    void updateReadsTheStatusThenPatchesOnlyTheGivenFields() {
        server.stubFor(get(STATUS).willReturn(status("running")));
        server.stubFor(patch(urlEqualTo("/management/" + ID)).willReturn(okJson(RECORD)));

        Deployment updated = client.deployments()
                .update(ID, DeploymentUpdate.builder().idleTimeout(120).build());

        assertThat(updated.deploymentId()).isEqualTo(ID);
        server.verify(getRequestedFor(urlEqualTo(STATUS)));
        server.verify(patchRequestedFor(urlEqualTo("/management/" + ID))
                .withRequestBody(equalToJson("{\"idle_timeout\": 120}")));
        // The answer was the record itself, as older servers send it: nothing more to read.
        server.verify(0, getRequestedFor(urlEqualTo("/management/" + ID)));
    }

    @Test
    void updateReadsTheHostedAnswerWhichWrapsTheRecord() {
        server.stubFor(get(STATUS).willReturn(status("running")));
        server.stubFor(patch(urlEqualTo("/management/" + ID))
                .willReturn(okJson("{\"updated\": " + RECORD.replace("\"qwen\"", "\"renamed\"") + "}")));

        Deployment updated = client.deployments()
                .update(ID, DeploymentUpdate.builder().name("renamed").build());

        assertThat(updated.name()).isEqualTo("renamed");
        server.verify(0, getRequestedFor(urlEqualTo("/management/" + ID)));
    }

    @Test
    void anUpdateAnsweredWithOnlyTheChangedFieldsReadsTheRecord() {
        server.stubFor(get(STATUS).willReturn(status("running")));
        server.stubFor(
                patch(urlEqualTo("/management/" + ID)).willReturn(okJson("{\"updated\": {\"name\": \"renamed\"}}")));
        server.stubFor(get("/management/" + ID).willReturn(okJson(RECORD.replace("\"qwen\"", "\"renamed\""))));

        Deployment updated = client.deployments()
                .update(ID, DeploymentUpdate.builder().name("renamed").build());

        assertThat(updated.name()).isEqualTo("renamed");
        server.verify(1, getRequestedFor(urlEqualTo("/management/" + ID)));
    }

    @Test
    void anUpdateRefusedAsAConflictNamesTheStatusItRead() {
        server.stubFor(get(STATUS).willReturn(status("downloading_model")));
        server.stubFor(
                patch(urlEqualTo("/management/" + ID)).willReturn(jsonResponse(409, "{\"detail\": \"not running\"}")));

        assertThatThrownBy(() -> client.deployments()
                        .update(ID, DeploymentUpdate.builder().name("x").build()))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.currentStatus()).contains(DeploymentStatus.DOWNLOADING_MODEL);
                    assertThat(e.errorMessage()).contains("not running");
                    assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                })
                .hasMessage("HTTP 409: not running (deployment " + ID + " is downloading_model)");
    }

    @Test
    void anUpdateOfAnUnknownIdIsNotFoundAndSendsNothing() {
        server.stubFor(get(STATUS).willReturn(jsonResponse(404, "{\"detail\": \"deployment not found\"}")));

        assertThatThrownBy(() -> client.deployments()
                        .update(ID, DeploymentUpdate.builder().name("x").build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.deployments().delete(ID)).isInstanceOf(NotFoundException.class);
        server.verify(0, patchRequestedFor(urlEqualTo("/management/" + ID)));
        server.verify(0, deleteRequestedFor(urlEqualTo("/management/" + ID)));
    }

    @Test
    void deleteReadsTheStatusThenDeletesReadingTheHostedAnswer() {
        server.stubFor(get(STATUS).willReturn(status("running")));
        server.stubFor(delete("/management/" + ID).willReturn(okJson("{\"message\": \"Deleting deployment\"}")));

        client.deployments().delete(ID);

        server.verify(getRequestedFor(urlEqualTo(STATUS)));
        server.verify(deleteRequestedFor(urlEqualTo("/management/" + ID)));
    }

    @Test
    void aDeleteAnswered404AfterTheReadFoundItIsDone() {
        server.stubFor(get(STATUS).willReturn(status("deleting")));
        server.stubFor(
                delete("/management/" + ID).willReturn(jsonResponse(404, "{\"detail\": \"deployment not found\"}")));

        client.deployments().delete(ID);

        server.verify(deleteRequestedFor(urlEqualTo("/management/" + ID)));
    }

    @Test
    void aDeleteRefusedAsAConflictNamesTheStatusItRead() {
        server.stubFor(get(STATUS).willReturn(status("cleaning")));
        server.stubFor(delete("/management/" + ID).willReturn(jsonResponse(409, "{\"detail\": \"busy\"}")));

        assertThatThrownBy(() -> client.deployments().delete(ID))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.currentStatus()).contains(DeploymentStatus.CLEANING))
                .hasMessageContaining("is cleaning");
    }

    @Test
    void anUnknownIdIsNotFound() {
        server.stubFor(get("/management/dep-ffffffffffff")
                .willReturn(jsonResponse(404, "{\"detail\": \"deployment not found\"}")));

        assertThatThrownBy(() -> client.deployments().retrieve("dep-ffffffffffff"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("deployment not found");
    }

    static final String STATUS = "/management/" + ID + "/status";

    /** The status reads are answered with each status in turn, the last one for good. */
    private void statusSequence(String... statuses) {
        ResponseDefinitionBuilder[] first = new ResponseDefinitionBuilder[statuses.length - 1];
        for (int i = 0; i < first.length; i++) {
            first[i] = status(statuses[i]);
        }
        answersInTurn(() -> get(STATUS), status(statuses[statuses.length - 1]), first);
    }

    static ResponseDefinitionBuilder status(String status) {
        return okJson("{\"status\": \"" + status + "\"}");
    }

    @Test
    void waitUntilRunningReportsEachChangeAndReturnsTheRecord() {
        statusSequence("starting", "starting", "downloading_model", "model_downloaded", "running");
        server.stubFor(get("/management/" + ID).willReturn(okJson(RECORD)));
        List<String> seen = new ArrayList<>();

        Deployment running = client.deployments()
                .awaitRunning(
                        ID,
                        WaitOptions.builder()
                                .pollInterval(Duration.ofSeconds(3))
                                .listener(status -> seen.add(status.asString()))
                                .build());

        assertThat(running.deploymentId()).isEqualTo(ID);
        assertThat(seen).containsExactly("starting", "downloading_model", "model_downloaded", "running");
        assertThat(time.sleeps()).containsOnly(Duration.ofSeconds(3)).hasSize(4);
    }

    @Test
    void waitUntilRunningStopsAtFailedWithTheErrorMessage() {
        statusSequence("starting", "failed");
        server.stubFor(get("/management/" + ID)
                .willReturn(okJson(RECORD.replace("\"status\": \"running\"", "\"status\": \"failed\"")
                        .replace("\"error_message\": null", "\"error_message\": \"model not found\""))));

        assertThatThrownBy(() -> client.deployments().awaitRunning(ID, WaitOptions.defaults()))
                .isInstanceOfSatisfying(DeploymentFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(DeploymentStatus.FAILED);
                    assertThat(e.errorMessage()).contains("model not found");
                });
    }

    @Test
    void waitUntilRunningStopsAtDeletingEvenWhenTheRecordIsGone() {
        statusSequence("deleting");
        server.stubFor(get("/management/" + ID).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> client.deployments().awaitRunning(ID))
                .isInstanceOfSatisfying(
                        DeploymentFailedException.class,
                        e -> assertThat(e.status()).isEqualTo(DeploymentStatus.DELETING));
    }

    @Test
    void waitUntilRunningRidesOutAFewTransientErrorsInARow() {
        useClient(clientBuilder().maxRetries(0));
        answersInTurn(
                () -> get(STATUS),
                status("running"),
                status("starting"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withStatus(503),
                jsonResponse(429, "{\"detail\": \"slow down\"}"),
                status("downloading_model"),
                aResponse().withStatus(502),
                aResponse().withStatus(500),
                aResponse().withStatus(504));
        server.stubFor(get("/management/" + ID).willReturn(okJson(RECORD)));
        List<String> seen = new ArrayList<>();

        Deployment running = client.deployments()
                .awaitRunning(
                        ID,
                        WaitOptions.builder()
                                .listener(status -> seen.add(status.asString()))
                                .build());

        assertThat(running.deploymentId()).isEqualTo(ID);
        assertThat(seen).containsExactly("starting", "downloading_model", "running");
        // Every read but the last was followed by the poll interval, errors included. (How many reads the
        // reset took depends on the HTTP client: the JDK's sends a GET again on its own after a reset.)
        assertThat(time.sleeps()).hasSizeBetween(7, 8).containsOnly(Duration.ofSeconds(2));
    }

    @Test
    void waitUntilRunningGivesUpAfterTheToleratedErrorsWithTheLastOne() {
        useClient(clientBuilder().maxRetries(0));
        answersInTurn(() -> get(STATUS), aResponse().withStatus(503), status("starting"));

        assertThatThrownBy(() -> client.deployments()
                        .awaitRunning(
                                ID, WaitOptions.builder().toleratedErrors(2).build()))
                .isInstanceOfSatisfying(
                        InternalServerException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(503));
        server.verify(4, getRequestedFor(urlEqualTo(STATUS)));
        assertThat(WaitOptions.defaults().toleratedErrors()).isEqualTo(3);
    }

    @Test
    void waitUntilRunningStopsAtOnceOnAnErrorThatIsNotTransient() {
        answersInTurn(
                () -> get(STATUS),
                status("running"),
                status("starting"),
                jsonResponse(403, "{\"detail\": \"not yours\"}"));

        assertThatThrownBy(() -> client.deployments().awaitRunning(ID)).isInstanceOf(PermissionDeniedException.class);
        server.verify(2, getRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void anUnknownIdIsNotFoundAtOnceNotAfterWaiting() {
        server.stubFor(get(STATUS).willReturn(jsonResponse(404, "{\"detail\": \"deployment not found\"}")));

        assertThatThrownBy(() -> client.deployments().awaitRunning(ID)).isInstanceOf(NotFoundException.class);
        server.verify(1, getRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aDeploymentWhoseRecordDisappearsWhileAwaitedFailedForAReasonUnavailable() {
        answersInTurn(
                () -> get(STATUS),
                jsonResponse(404, "{\"detail\": \"deployment not found\"}"),
                status("starting"),
                status("downloading_model"));

        assertThatThrownBy(() -> client.deployments().awaitRunning(ID))
                .isInstanceOfSatisfying(DeploymentGoneException.class, e -> {
                    assertThat(e).isInstanceOf(DeploymentFailedException.class);
                    assertThat(e.getMessage()).contains("reason unavailable").contains(ID);
                    assertThat(e.status()).isEqualTo(DeploymentStatus.DOWNLOADING_MODEL);
                    assertThat(e.getCause()).isInstanceOf(NotFoundException.class);
                });
        // Two reads, then the default three 404s tolerated and the fourth believed.
        server.verify(6, getRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aFailedDeploymentWithoutAMessageFailedForAReasonUnavailable() {
        statusSequence("starting", "failed");
        server.stubFor(get("/management/" + ID).willReturn(jsonResponse(404, "{\"detail\": \"gone\"}")));

        assertThatThrownBy(() -> client.deployments().awaitRunning(ID))
                .isInstanceOfSatisfying(DeploymentFailedException.class, e -> {
                    assertThat(e.status()).isEqualTo(DeploymentStatus.FAILED);
                    assertThat(e.errorMessage()).isEmpty();
                    assertThat(e).hasMessage("deployment " + ID + " is failed: reason unavailable");
                });
    }

    @Test
    void waitUntilRunningTimesOutNamingTheLastStatus() {
        statusSequence("downloading_model");

        assertThatThrownBy(() -> client.deployments()
                        .awaitRunning(
                                ID,
                                WaitOptions.builder()
                                        .timeout(Duration.ofSeconds(10))
                                        .pollInterval(Duration.ofSeconds(4))
                                        .build()))
                .isInstanceOfSatisfying(
                        AwaitTimeoutException.class,
                        e -> assertThat(e.lastStatus()).contains(DeploymentStatus.DOWNLOADING_MODEL));
        // 4 s, 4 s, then only the 2 s left: the wait never overshoots its timeout.
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(2));
    }

    static final String HOSTED_LOG = ": deployment status is running\n\n"
            + "data: [worker-12] INFO: loading model\n\n"
            + ": ping\n\n"
            + "data: [worker-12] INFO: ready\n\n"
            + ": all streams ended\n\n";

    private void logAnswers(String body) {
        server.stubFor(get(urlPathEqualTo("/management/" + ID + "/logs"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(body)));
    }

    private List<LogEvent> readLogs(LogOptions options) {
        List<LogEvent> events = new ArrayList<>();
        try (LogStream logs = client.deployments().retrieveLogs(ID, options)) {
            logs.forEachRemaining(events::add);
        }
        return events;
    }

    @Test
    void logsStreamTheWorkersLinesAndAskForWhatTheOptionsSay() {
        logAnswers(": no active workers\n\ndata: INFO loading model\n\ndata: INFO ready\n\n");

        assertThat(readLogs(LogOptions.builder().tail(50).worker(3).build()))
                .containsExactly(new LogEvent.Line("INFO loading model"), new LogEvent.Line("INFO ready"));
        server.verify(getRequestedFor(urlPathEqualTo("/management/" + ID + "/logs"))
                .withQueryParam("tail", equalTo("50"))
                .withQueryParam("follow", equalTo("false"))
                .withQueryParam("worker", equalTo("3"))
                .withHeader("Accept", equalTo("text/event-stream")));
    }

    @Test
    void logsGiveTheServicesNoticesToWhoAsksButNeverItsKeepAlive() {
        logAnswers(HOSTED_LOG);

        assertThat(readLogs(LogOptions.builder().notices(true).build()))
                .containsExactly(
                        new LogEvent.Notice("deployment status is running"),
                        new LogEvent.Line("[worker-12] INFO: loading model"),
                        new LogEvent.Line("[worker-12] INFO: ready"));
        assertThat(readLogs(LogOptions.defaults()))
                .containsExactly(
                        new LogEvent.Line("[worker-12] INFO: loading model"),
                        new LogEvent.Line("[worker-12] INFO: ready"));
    }

    @Test
    void aFollowedLogEndsWhenTheServiceSaysAllStreamsEnded() {
        // Anything after the end mark is not read: a followed stream would otherwise wait on.
        logAnswers(HOSTED_LOG + "data: [worker-12] after the end\n\n: not a notice either\n\n");

        assertThat(readLogs(LogOptions.builder().follow(true).notices(true).build()))
                .extracting(LogEvent::text)
                .containsExactly(
                        "deployment status is running", "[worker-12] INFO: loading model", "[worker-12] INFO: ready");
    }

    @Test
    void aLineNamesTheWorkerOfItsTagAndKeepsTheWholeLine() {
        LogEvent.Line tagged = new LogEvent.Line("[worker-12] INFO: ready");
        assertThat(tagged.workerId()).contains(12L);
        assertThat(tagged.message()).isEqualTo("INFO: ready");
        assertThat(tagged.text()).isEqualTo("[worker-12] INFO: ready");

        assertThat(new LogEvent.Line("[worker-8841]").workerId()).contains(8841L);
        assertThat(new LogEvent.Line("[worker-8841]").message()).isEmpty();
        assertThat(new LogEvent.Line("[worker-3]  indented").message()).isEqualTo(" indented");
        for (String untagged : List.of(
                "INFO ready",
                "[worker-] x",
                "[worker-x] y",
                "[worker-1]x",
                " [worker-1] x",
                "[worker-1234567890123456789] x")) {
            assertThat(new LogEvent.Line(untagged).workerId()).as(untagged).isEmpty();
            assertThat(new LogEvent.Line(untagged).message()).as(untagged).isEqualTo(untagged);
        }
    }

    @Test
    void openAiBaseUrlIsUnderTheHost() {
        assertThat(client.openai(ID).baseUrl()).isEqualTo(server.baseUrl() + "/openai/" + ID + "/v1");
    }
}
