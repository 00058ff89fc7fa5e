package dev.jls.cli.chat;

import static dev.jls.cli.chat.ScriptedInput.CTRL_D;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.cli.Cli;
import dev.jls.cli.Output;
import dev.jls.cli.OutputFormat;
import dev.jls.cli.Terminal;
import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.EmulatorBaseUrl;
import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation with a deployment whose worker never gets ready: the cold-start line shows while the
 * answer is awaited, and Ctrl-C stops that answer and returns to the prompt.
 */
@JlsEmulatorTest(gpus = "H100:2")
class ColdStartChatTest {

    /** Standard error as the test watches it: {@link #await} returns once a text has been written. */
    static final class Watched extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
            notifyAll();
        }

        synchronized void await(String wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (text.indexOf(wanted) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("never written: " + wanted + "\n" + text);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public synchronized String toString() {
            return text.toString();
        }
    }

    @Test
    void aColdStartIsShownUntilCtrlCStopsTheAnswer(
            JlsClient client, @EmulatorBaseUrl String baseUrl, @EmulatorApiKey String apiKey, @TempDir Path config)
            throws Exception {
        Cli cli = new Cli(config).connectTo(baseUrl, apiKey);
        Cli.Result created = cli.run(
                "deploy",
                "create",
                "--model",
                "m/cold",
                "--min-workers",
                "0",
                "--max-workers",
                "1",
                "--env",
                "JLS_SIM_STARTUP_MS=600000");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String deployment = created.out().strip();

        StringWriter out = new StringWriter();
        Watched err = new Watched();
        Output output = new Output(
                new PrintWriter(out, true), new PrintWriter(err, true), OutputFormat.table, new Terminal(true, false));
        ChatSender sender = new ChatSender(
                client.async().openai(deployment), output, true, UnaryOperator.identity(), UnaryOperator.identity());
        ScriptedInput input = new ScriptedInput("hello");
        Conversation conversation =
                new Conversation(input, output, sender, deployment, null, null, RuntimeException::getMessage);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            try {
                return conversation.run();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        err.await(WaitingLine.TEXT + " 1s", Duration.ofSeconds(60));
        input.interrupt();
        input.give(CTRL_D);

        assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString()).contains("[stopped]");
        assertThat(input.prompts).hasSize(2);
        String shown = err.toString();
        assertThat(shown.substring(shown.lastIndexOf(WaitingLine.TEXT)))
                .as("erased")
                .contains("\r\u001b[K");
        assertThat(shown).doesNotContain("error:");
        assertThat(cli.run("deploy", "delete", deployment).exitCode()).isZero();
    }
}
