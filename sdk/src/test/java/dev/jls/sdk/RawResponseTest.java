package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.sdk.errors.JlsInvalidDataException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.RequestState;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Status and headers next to the parsed value, from a service's {@code withRawResponse} view. */
class RawResponseTest extends WireMockSupport {

    static final String ID = "dep-0123456789ab";
    static final String RID = RequestServiceTest.RID;

    @Test
    void aFetchShowsItsStatusAndStateHeader() {
        server.stubFor(get("/deployment/" + ID + "/" + RID).willReturn(RequestServiceTest.pending("Fetched")));

        RawResponse<RequestResult> raw = client.requests().withRawResponse().fetch(ID, RID);

        assertThat(raw.statusCode()).isEqualTo(202);
        assertThat(raw.header("x-request-status")).contains("Fetched");
        assertThat(raw.parse()).isEqualTo(new RequestResult.Pending(RID, RequestState.FETCHED));
        assertThat(raw.body()).contains("\"status\": \"Fetched\"");
    }

    @Test
    void headersOfAnOpenAiAnswerAndItsValue() throws Exception {
        server.stubFor(post("/openai/" + ID + "/v1/chat/completions")
                .willReturn(okJson(RequestServiceTest.CHAT).withHeader("X-Request-Id", "abc")));

        RawResponse<ChatCompletion> raw =
                client.openai(ID).withRawResponse().createChatCompletion(OpenAiEndpointTest.hello());
        RawResponse<ChatCompletion> async = client.async()
                .openai(ID)
                .withRawResponse()
                .createChatCompletion(OpenAiEndpointTest.hello())
                .get(10, TimeUnit.SECONDS);

        assertThat(raw.header("X-Request-Id")).contains("abc");
        assertThat(raw.parse().id()).isEqualTo("chatcmpl-1");
        assertThat(async.statusCode()).isEqualTo(200);
        assertThat(async.parse().firstContent()).contains("Hello!");
    }

    @Test
    void aBodyThatDoesNotParseStillShowsItsHeaders() {
        server.stubFor(get("/management/" + ID + "/status")
                .willReturn(okJson("{\"state\": \"running\"}").withHeader("Retry-After", "3")));

        RawResponse<DeploymentStatus> raw =
                client.deployments().withRawResponse().retrieveStatus(ID);

        assertThat(raw.header("Retry-After")).contains("3");
        assertThatThrownBy(raw::parse).isInstanceOf(JlsInvalidDataException.class);
        assertThat(raw.toString()).contains("200");
    }
}
