package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.NotFoundException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The log hook (redacted) and the metrics hook. */
class HooksTest extends WireMockSupport {

    static final String ID = "dep-0123456789ab";
    static final String STATUS = "/management/" + ID + "/status";

    final List<HttpLogEvent> logged = new CopyOnWriteArrayList<>();
    final List<Object> figures = new CopyOnWriteArrayList<>();

    MetricsListener recording() {
        return new MetricsListener() {
            @Override
            public void onAttempt(Attempt attempt) {
                figures.add(attempt);
            }

            @Override
            public void onRetry(Retry retry) {
                figures.add(retry);
            }

            @Override
            public void onCall(Call call) {
                figures.add(call);
            }
        };
    }

    void stubFlakyStatus() {
        server.stubFor(get(STATUS)
                .inScenario("r")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("up"));
        server.stubFor(get(STATUS)
                .inScenario("r")
                .whenScenarioStateIs("up")
                .willReturn(okJson("{\"status\": \"running\"}").withHeader("Set-Cookie", "session=s3cr3t")));
    }

    @Test
    void theLogSeesEachAttemptWithCredentialsRedacted() {
        useClient(clientBuilder().httpLogger(logged::add));
        stubFlakyStatus();

        client.deployments().retrieveStatus(ID);

        assertThat(logged).hasSize(4);
        assertThat(logged.get(0)).isInstanceOfSatisfying(HttpLogEvent.Request.class, request -> {
            assertThat(request.operation()).isEqualTo("deployments.retrieveStatus");
            assertThat(request.attempt()).isEqualTo(1);
            assertThat(request.headers().get("Authorization")).containsExactly("<redacted>");
        });
        assertThat(logged.get(1))
                .isInstanceOfSatisfying(
                        HttpLogEvent.Response.class,
                        response -> assertThat(response.statusCode()).isEqualTo(503));
        assertThat(logged.get(3)).isInstanceOfSatisfying(HttpLogEvent.Response.class, response -> {
            assertThat(response.attempt()).isEqualTo(2);
            assertThat(response.body()).contains("{\"status\": \"running\"}");
            assertThat(response.headers().get("Set-Cookie")).containsExactly("<redacted>");
        });
        assertThat(logged)
                .allSatisfy(event ->
                        assertThat(event.toString()).doesNotContain(API_KEY).doesNotContain("s3cr3t"));
    }

    @Test
    void aSpecsSecretsNeverReachTheLog() {
        useClient(clientBuilder()
                .httpLogger(HttpLogger.to(line ->
                        logged.add(new HttpLogEvent.Failure("test", 1, "GET", "-", line, java.time.Duration.ZERO)))));
        server.stubFor(post("/management/create").willReturn(okJson("{\"deployment_id\": \"" + ID + "\"}")));

        client.deployments().create(DeploymentServiceTest.spec());

        String text = logged.get(0).toString();
        assertThat(text).contains("--> POST").contains("\"HF_TOKEN\":\"****\"").doesNotContain("hf_secret");
    }

    @Test
    void aFailedAttemptIsLoggedAndAThrowingLoggerChangesNothing() {
        useClient(clientBuilder().maxRetries(0).httpLogger(event -> {
            logged.add(event);
            throw new IllegalStateException("a broken logger");
        }));
        server.stubFor(post("/management/create").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client.deployments().create(DeploymentServiceTest.spec()))
                .isInstanceOf(JlsIoException.class);

        assertThat(logged).last().isInstanceOf(HttpLogEvent.Failure.class);
    }

    @Test
    void metricsCountAttemptsRetriesAndCalls() {
        useClient(clientBuilder().metricsListener(recording()));
        stubFlakyStatus();

        client.deployments().retrieveStatus(ID);

        assertThat(figures).hasSize(4);
        assertThat(figures.get(0)).isInstanceOfSatisfying(MetricsListener.Attempt.class, attempt -> {
            assertThat(attempt.operation()).isEqualTo("deployments.retrieveStatus");
            assertThat(attempt.outcome()).isEqualTo("503");
        });
        assertThat(figures.get(1)).isInstanceOfSatisfying(MetricsListener.Retry.class, retry -> {
            assertThat(retry.number()).isEqualTo(1);
            assertThat(retry.reason()).isEqualTo("503");
            assertThat(retry.pause()).isEqualTo(time.sleeps().get(0));
        });
        assertThat(figures.get(3)).isInstanceOfSatisfying(MetricsListener.Call.class, call -> {
            assertThat(call.attempts()).isEqualTo(2);
            assertThat(call.statusCode()).isEqualTo(OptionalInt.of(200));
            assertThat(call.outcome()).isEqualTo("success");
        });
    }

    @Test
    void aFailedCallNamesItsOutcome() {
        useClient(clientBuilder().metricsListener(recording()));
        server.stubFor(get(STATUS).willReturn(jsonResponse(404, "{\"detail\": \"no\"}")));

        assertThatThrownBy(() -> client.deployments().retrieveStatus(ID)).isInstanceOf(NotFoundException.class);

        assertThat(figures).last().isInstanceOfSatisfying(MetricsListener.Call.class, call -> {
            assertThat(call.outcome()).isEqualTo("404");
            assertThat(call.error()).contains("NotFoundException");
        });
    }
}
