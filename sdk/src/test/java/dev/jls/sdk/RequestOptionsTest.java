package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.sdk.errors.InternalServerException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.models.SubmittedRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Per-call options through a service's {@code withOptions} view. */
class RequestOptionsTest extends WireMockSupport {

    static final String ID = "dep-0123456789ab";
    static final String STATUS = "/management/" + ID + "/status";

    @Test
    void headersAndQueryParametersGoWithEveryCallOfTheView() throws Exception {
        server.stubFor(get(urlPathEqualTo(STATUS)).willReturn(okJson("{\"status\": \"running\"}")));
        RequestOptions traced = RequestOptions.builder()
                .putHeader("X-Trace-Id", "t-1")
                .putQueryParam("tenant", "blue sky")
                .build();

        client.deployments().withOptions(traced).retrieveStatus(ID);
        client.async().deployments().withOptions(traced).retrieveStatus(ID).get(10, TimeUnit.SECONDS);
        client.deployments().retrieveStatus(ID);

        server.verify(
                2, getRequestedFor(urlEqualTo(STATUS + "?tenant=blue%20sky")).withHeader("X-Trace-Id", equalTo("t-1")));
        server.verify(1, getRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aHeaderOptionReplacesTheSdksOwnAndTheSubmitReportsIt() {
        String submit = "/deployment/" + ID + "/v1/chat/completions";
        server.stubFor(post(submit).willReturn(okJson("{\"id\": \"req-1\"}")));

        SubmittedRequest submitted = client.requests()
                .withOptions(RequestOptions.builder()
                        .putHeader("idempotency-key", "order-7")
                        .build())
                .submit(ID, RequestServiceTest.story());

        assertThat(submitted.idempotencyKey()).contains("order-7");
        server.verify(postRequestedFor(urlEqualTo(submit)).withHeader("Idempotency-Key", equalTo("order-7")));
    }

    @Test
    void maxRetriesPerCallReplacesTheClients() {
        server.stubFor(get(STATUS).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> client.deployments()
                        .withOptions(RequestOptions.builder().maxRetries(0).build())
                        .retrieveStatus(ID))
                .isInstanceOf(InternalServerException.class);

        server.verify(1, getRequestedFor(urlEqualTo(STATUS)));
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void aTimeoutPerCallReplacesTheClients() {
        server.stubFor(
                get(STATUS).willReturn(okJson("{\"status\": \"running\"}").withFixedDelay(3000)));

        assertThatThrownBy(() -> client.deployments()
                        .withOptions(RequestOptions.builder()
                                .timeout(Duration.ofMillis(200))
                                .maxRetries(0)
                                .build())
                        .retrieveStatus(ID))
                .isInstanceOf(JlsIoException.class);
    }

    @Test
    void optionsOfAViewAreLaidOverItsOwn() {
        RequestOptions first = RequestOptions.builder()
                .timeout(Duration.ofSeconds(5))
                .putHeader("A", "1")
                .build();
        RequestOptions second = RequestOptions.builder()
                .maxRetries(0)
                .putHeader("a", "2")
                .putHeader("B", "3")
                .build();

        RequestOptions merged = first.merge(second);

        assertThat(merged.timeout()).contains(Duration.ofSeconds(5));
        assertThat(merged.maxRetries()).contains(0);
        assertThat(merged.headers()).containsExactly(java.util.Map.entry("a", "2"), java.util.Map.entry("B", "3"));
        assertThat(RequestOptions.none().timeout()).isEmpty();
        assertThat(merged.toString()).doesNotContain("2").contains("B");
        assertThatThrownBy(() -> RequestOptions.builder().maxRetries(-1)).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> RequestOptions.builder().timeout(Duration.ZERO))
                .hasMessageContaining("timeout");
    }
}
