package dev.jls.sdk.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.sdk.errors.JlsInvalidDataException;
import dev.jls.sdk.internal.Json;
import org.junit.jupiter.api.Test;

class RequestResultTest {

    @Test
    void pendingStatesFromThe202Body() {
        for (String state : new String[] {"Queued", "Fetched", "Processing"}) {
            RequestResult r =
                    RequestResult.fromFetch("req-1", Json.readTree("{\"id\":\"req-1\",\"status\":\"" + state + "\"}"));
            assertThat(r).isEqualTo(new RequestResult.Pending("req-1", RequestState.of(state)));
            assertThat(r.state().isFinal()).isFalse();
        }
    }

    @Test
    void completedIsTheEngineBody() {
        JsonNode body = Json.readTree(SpecExamplesTest.CHAT);

        RequestResult r = RequestResult.fromFetch("req-1", body);

        assertThat(r).isInstanceOf(RequestResult.Completed.class);
        RequestResult.Completed done = (RequestResult.Completed) r;
        assertThat(done.requestId()).isEqualTo("req-1");
        assertThat(done.state()).isEqualTo(RequestState.COMPLETED);
        assertThat(done.raw()).isEqualTo(body);
        assertThat(done.chatCompletion().firstContent()).contains("Hello!");
        assertThatThrownBy(done::completion).isInstanceOf(JlsInvalidDataException.class);
        ((com.fasterxml.jackson.databind.node.ArrayNode) done.raw().get("choices")).removeAll();
        assertThat(done.chatCompletion().choices()).hasSize(1);
    }

    @Test
    void failedCarriesTheError() {
        RequestResult r = RequestResult.fromFetch("req-1", Json.readTree("""
                {"id": "req-1", "status": "Failed", "error": {"message": "waited 60 s for a worker",
                 "type": "queue_timeout", "code": null}}"""));

        assertThat(r).isInstanceOf(RequestResult.Failed.class);
        RequestError error = ((RequestResult.Failed) r).error();
        assertThat(error.type()).isEqualTo("queue_timeout");
        assertThat(error.message()).isEqualTo("waited 60 s for a worker");
        assertThat(error.code()).isEmpty();
        assertThat(r.state()).isEqualTo(RequestState.FAILED);
    }

    @Test
    void failedWithoutDetailsStillFails() {
        RequestResult r = RequestResult.fromFetch("req-1", Json.readTree("{\"id\":\"req-1\",\"status\":\"Failed\"}"));

        assertThat(((RequestResult.Failed) r).error().type()).isEqualTo("unknown");
    }

    @Test
    void cancelled() {
        assertThat(RequestResult.fromFetch("req-1", Json.readTree("{\"id\":\"req-1\",\"status\":\"Cancelled\"}")))
                .isEqualTo(new RequestResult.Cancelled("req-1"));
    }

    @Test
    void anUnknownStateIsPendingAndKeepsItsWord() {
        RequestResult r =
                RequestResult.fromFetch("req-1", Json.readTree("{\"id\":\"req-1\",\"status\":\"Throttled\"}"));

        assertThat(r.state().asString()).isEqualTo("Throttled");
        assertThat(r).isInstanceOf(RequestResult.Pending.class);
    }

    @Test
    void aBodyThatIsNotAnObjectIsInvalid() {
        assertThatThrownBy(() -> RequestResult.fromFetch("req-1", Json.readTree("[]")))
                .isInstanceOf(JlsInvalidDataException.class);
    }
}
