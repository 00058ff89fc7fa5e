package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that cannot be reached: exit code 7 and a message that says which URL, why, and what to do.
 * Nothing here needs the internet: {@code .invalid} names never resolve, and a port bound and closed
 * refuses connections.
 */
class NetworkErrorsTest {

    @TempDir
    Path config;

    @Test
    void anUnknownHostNamesTheUrlAndTheHost() {
        Cli.Result result =
                new Cli(config).run("--base-url", "http://nothing.invalid", "--api-key", "k", "deploy", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err())
                .as(result.toString())
                .contains("error: cannot reach http://nothing.invalid (unknown host nothing.invalid):"
                        + " check the URL or your network");
    }

    @Test
    void aRefusedLocalPortSaysNoEmulatorAnswersAndHowToStartOne() throws IOException {
        int port = closedPort();
        Cli.Result result =
                new Cli(config).run("--base-url", "http://127.0.0.1:" + port, "--api-key", "k", "deploy", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err())
                .as(result.toString())
                .contains("error: no emulator answers at http://127.0.0.1:" + port
                        + " (connection refused); start one with: jls emulator start");
    }

    @Test
    void theEmulatorProfileLeftBehindByAStopGetsTheSameHint() throws IOException {
        int port = closedPort();
        Cli.Result saved = new Cli(config)
                .run("profile", "save", "emulator", "--base-url", "http://127.0.0.1:" + port, "--api-key", "k");
        assertThat(saved.exitCode()).as(saved.toString()).isZero();

        Cli.Result result = new Cli(config).run("submit", "dep-0123456789ab", "-m", "hi");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err())
                .as(result.toString())
                .contains("no emulator answers at http://127.0.0.1:" + port)
                .contains("jls emulator start");
    }

    /** A loopback port that was just free and is closed again: connecting to it is refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
