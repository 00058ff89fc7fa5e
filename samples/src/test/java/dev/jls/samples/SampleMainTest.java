package dev.jls.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * A sample's {@code main} exactly as {@code java -cp …} runs it: with no {@code JLS_BASE_URL} or
 * {@code JL_API_KEY} in the environment it starts its own emulator, uses it, and stops it.
 */
class SampleMainTest {

    @Test
    void mainRunsOnAnEmbeddedEmulatorWhenNoServerIsGiven() {
        assumeTrue(
                System.getenv("JL_API_KEY") == null && System.getenv("JLS_BASE_URL") == null,
                "the environment names a server; main would use it");
        Printed out = new Printed();
        PrintStream original = System.out;
        System.setOut(out.stream());
        try {
            SubmitAndAwait.main(new String[0]);
        } finally {
            System.setOut(original);
        }

        assertThat(out.text())
                .contains("Started an embedded emulator at http://127.0.0.1:")
                .contains("Created deployment dep-")
                .contains("Submitted request req-")
                .contains("Answer: ");
    }
}
