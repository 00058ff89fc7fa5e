package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.micrometer.MicrometerMetricsListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MicrometerMetricsListenerTest extends WireMockSupport {

    static final String ID = "dep-0123456789ab";
    static final String STATUS = "/management/" + ID + "/status";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void callsAttemptsAndRetriesBecomeMeters() {
        useClient(clientBuilder().metricsListener(new MicrometerMetricsListener(registry)));
        server.stubFor(get(STATUS)
                .inScenario("r")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("up"));
        server.stubFor(
                get(STATUS).inScenario("r").whenScenarioStateIs("up").willReturn(okJson("{\"status\": \"running\"}")));
        server.stubFor(get("/management/" + ID).willReturn(jsonResponse(404, "{\"detail\": \"gone\"}")));

        client.deployments().retrieveStatus(ID);
        assertThatThrownBy(() -> client.deployments().retrieve(ID)).isInstanceOf(NotFoundException.class);

        assertThat(registry.get(MicrometerMetricsListener.CALLS)
                        .tags("operation", "deployments.retrieveStatus", "outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(MicrometerMetricsListener.CALLS)
                        .tags("operation", "deployments.retrieve", "outcome", "404")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(MicrometerMetricsListener.ATTEMPTS)
                        .tags("operation", "deployments.retrieveStatus", "outcome", "502")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(MicrometerMetricsListener.RETRIES)
                        .tags("operation", "deployments.retrieveStatus", "reason", "502")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
