package dev.jls.sdk.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.RequestError;
import dev.jls.sdk.models.RequestState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureExceptionsTest {

    @Test
    void requestFailed() {
        RequestError error = RequestError.builder()
                .type("engine_error")
                .message("max_tokens too large")
                .code(IntNode.valueOf(400))
                .build();

        RequestFailedException e = new RequestFailedException("req-1", error);

        assertThat(e)
                .isInstanceOf(JlsException.class)
                .hasMessage("request req-1 failed (engine_error, code 400): max_tokens too large");
        assertThat(e.error()).isEqualTo(error);
        assertThat(e.requestId()).contains("req-1");
        assertThat(new RequestFailedException(RequestError.of("worker_crashed", "exit 137")))
                .hasMessage("request failed (worker_crashed): exit 137");
    }

    @Test
    void requestCancelled() {
        assertThat(new RequestCancelledException("req-1")).hasMessage("request req-1 was cancelled");
        assertThat(new RequestCancelledException().requestId()).isEmpty();
    }

    @Test
    void awaitTimeoutNamesTheLastState() {
        AwaitTimeoutException request =
                new AwaitTimeoutException("req-1", Duration.ofMinutes(10), RequestState.PROCESSING);
        AwaitTimeoutException deployment =
                new AwaitTimeoutException("dep-1", Duration.ofSeconds(90), DeploymentStatus.DOWNLOADING_MODEL);

        assertThat(request).hasMessage("request req-1 did not finish within 10m; last state Processing");
        assertThat(request.lastState()).contains(RequestState.PROCESSING);
        assertThat(request.lastStatus()).isEmpty();
        assertThat(request.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(deployment)
                .hasMessage("deployment dep-1 did not become running within 1m30s; last status downloading_model");
        assertThat(deployment.lastStatus()).contains(DeploymentStatus.DOWNLOADING_MODEL);
        assertThat(deployment.id()).isEqualTo("dep-1");
        assertThat(new AwaitTimeoutException("req-2", Duration.ofSeconds(1), (RequestState) null))
                .hasMessageEndingWith("last state unknown");
    }

    @Test
    void deploymentFailed() {
        DeploymentFailedException e =
                new DeploymentFailedException("dep-1", DeploymentStatus.FAILED, "model Qwen/Nope not found on the Hub");

        assertThat(e).hasMessage("deployment dep-1 is failed: model Qwen/Nope not found on the Hub");
        assertThat(e.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(e.errorMessage()).contains("model Qwen/Nope not found on the Hub");
        assertThat(new DeploymentFailedException(DeploymentStatus.DELETING, null))
                .hasMessage("deployment is deleting");
    }

    @Test
    void streamError() {
        StreamErrorException e = new StreamErrorException(RequestError.of("InternalServerError", "engine died"));

        assertThat(e).hasMessage("stream failed (InternalServerError): engine died");
        assertThat(e.error().message()).isEqualTo("engine died");
    }

    @Test
    void ioAndInvalidData() {
        IOException cause = new IOException("connection reset");

        assertThat(new JlsIoException("GET http://h/x failed", cause))
                .hasCause(cause)
                .isInstanceOf(JlsException.class);
        assertThat(new JlsInvalidDataException("bad")).isInstanceOf(JlsException.class);
    }

    @Test
    void validationNeedsAtLeastOneProblem() {
        assertThatThrownBy(() -> new JlsValidationException(List.of())).isInstanceOf(IllegalArgumentException.class);
        JlsValidationException e = new JlsValidationException("storage", "must be at least 50");
        assertThat(e.field()).isEqualTo("storage");
        assertThat(e).hasMessage("storage: must be at least 50");
        assertThat(e.fieldErrors().get(0).location()).containsExactly("storage");
    }
}
