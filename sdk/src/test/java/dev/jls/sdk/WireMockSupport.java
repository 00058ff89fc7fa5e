package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock server on a free port and a client pointed at it, both stopped after each test. */
abstract class WireMockSupport {

    static final String API_KEY = "test-key-0123456789";

    WireMockServer server;
    WireMock wm;
    FakeTime time;
    JlsClient client;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .containerThreads(12)
                .jettyStopTimeout(0L));
        server.start();
        wm = new WireMock(server.port());
        time = new FakeTime();
        client = clientBuilder().build();
    }

    @AfterEach
    void stopServer() {
        if (client != null) {
            client.close();
        }
        server.stop();
    }

    JlsClient.Builder clientBuilder() {
        return JlsClient.builder()
                .apiKey(API_KEY)
                .baseUrl(server.baseUrl())
                .clock(time)
                .sleeper(time)
                .timeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2));
    }

    /** Replaces the client, e.g. with other retries. */
    void useClient(JlsClient.Builder builder) {
        client.close();
        client = builder.build();
    }

    /**
     * {@code request} is answered with each of {@code first} in turn, then with {@code then} for good.
     */
    void answersInTurn(
            Supplier<MappingBuilder> request, ResponseDefinitionBuilder then, ResponseDefinitionBuilder... first) {
        String state = Scenario.STARTED;
        for (int i = 0; i < first.length; i++) {
            String next = "after answer " + (i + 1);
            server.stubFor(request.get()
                    .inScenario("r")
                    .whenScenarioStateIs(state)
                    .willReturn(first[i])
                    .willSetStateTo(next));
            state = next;
        }
        server.stubFor(request.get().inScenario("r").whenScenarioStateIs(state).willReturn(then));
    }

    /** An answer with a JSON body and any status, e.g. an error as the service words it. */
    static ResponseDefinitionBuilder jsonResponse(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
