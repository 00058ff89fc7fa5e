package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.models.DeploymentStatus;
import org.junit.jupiter.api.Test;

/** How a failure reads on standard error, for failures built here rather than served. */
class ErrorReportTest {

    /** The error_message of an emulator deployment whose workers could not start, as it answers it. */
    static final String START_FAILURE = "workers failed to start 3 times in a row; last: worker 3 failed to start:"
            + " worker 3 (sim, pid 12864, port 25622) exited with code 1 before it was ready; last line: ERROR"
            + " 12-02 01:52:42.305 [sim] engine failed to start: CUDA out of memory (JLS_SIM_START_FAILURE)\n"
            + "last lines of the worker's log:\n"
            + "INFO 12-02 01:52:42.161 [sim] jls simulated engine (vLLM-compatible API, no model), pid 12864\n"
            + "ERROR 12-02 01:52:42.305 [sim] engine failed to start: CUDA out of memory (JLS_SIM_START_FAILURE)";

    @Test
    void aFailedDeploymentIsASummaryLineThenItsReasonIndentedAndSaidOnce() {
        String message = ErrorReport.message(
                new DeploymentFailedException("dep-0123456789ab", DeploymentStatus.FAILED, START_FAILURE));

        assertThat(message).isEqualTo("""
                        deployment dep-0123456789ab failed: workers failed to start 3 times in a row
                          last: worker 3 (sim, pid 12864, port 25622) exited with code 1 before it was ready
                          last lines of the worker's log:
                            INFO 12-02 01:52:42.161 [sim] jls simulated engine (vLLM-compatible API, no model), pid 12864
                            ERROR 12-02 01:52:42.305 [sim] engine failed to start: CUDA out of memory (JLS_SIM_START_FAILURE)""");
        assertThat(ErrorReport.exitCode(
                        new DeploymentFailedException("dep-0123456789ab", DeploymentStatus.FAILED, START_FAILURE)))
                .isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void aFailedDeploymentWithoutAReasonSaysSoInPlainWords() {
        assertThat(ErrorReport.message(new DeploymentFailedException("dep-1", DeploymentStatus.FAILED, null)))
                .isEqualTo("deployment dep-1 failed: reason unavailable");
        assertThat(ErrorReport.message(new DeploymentFailedException("dep-1", DeploymentStatus.DELETING, null)))
                .isEqualTo("deployment dep-1 is being deleted");
        assertThat(ErrorReport.message(new DeploymentFailedException(
                        "dep-1", DeploymentStatus.FAILED, "model m not found on the Hub")))
                .isEqualTo("deployment dep-1 failed: model m not found on the Hub");
    }
}
