package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Nothing leaks: an emulator that created, loaded and deleted deployments again and again holds no
 * more file descriptors (sockets to workers, pipes, processes' handles) than it did idle. The emulator
 * runs as its own process, so that what the test's own clients hold does not count; every request
 * goes on a connection of its own that the client closes.
 */
@Tag("slow")
@EnabledOnOs(OS.LINUX)
class ResourceLeakTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String KEY = "leak-test-key";
    private static ChildEmulator emulator;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        emulator = ChildEmulator.start(DEADLINE, KEY, "--worker-stop-grace", "2s", "--delete-grace", "2s");
        port = emulator.port();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private static long openFileDescriptors() {
        return emulator.openFileDescriptors();
    }

    /** One request on a connection of its own; the status and the body. */
    private static String[] call(String method, String path, String body) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout((int) DEADLINE.toMillis());
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + KEY + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                            + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            return new String[] {text.substring(9, 12), headEnd < 0 ? "" : text.substring(headEnd + 4)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a deployment, runs plain and streamed requests through it, deletes it, sees it gone. */
    private static void round(int n, ExecutorService clients) {
        String[] created = call(
                "POST",
                "/management/create",
                "{\"name\": \"leak-" + n + "\","
                        + " \"min_workers\": 1, \"max_workers\": 2, \"concurrent_requests\": 4,"
                        + " \"args\": {\"model\": \"m\", \"served-model-name\": \"m\"}}");
        assertThat(created[0]).as(created[1]).isEqualTo("200");
        String dep;
        try {
            dep = RawHttp.JSON.readTree(created[1]).get("deployment_id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CompletableFuture<String[]>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            boolean stream = i % 4 == 0;
            calls.add(CompletableFuture.supplyAsync(
                    () -> call(
                            "POST",
                            "/openai/" + dep + "/v1/chat/completions",
                            "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                                    + " \"max_tokens\": 8, \"stream\": " + stream + "}"),
                    clients));
        }
        for (CompletableFuture<String[]> c : calls) {
            String[] answer = c.join();
            assertThat(answer[0]).as(answer[1]).isEqualTo("200");
        }
        assertThat(call("DELETE", "/management/" + dep, null)[0]).isEqualTo("200");
        Eventually.await(DEADLINE, dep + " is gone", () -> call("GET", "/management/" + dep, null)[0].equals("404"));
    }

    @Test
    void createLoadDeleteThreeTimesAndTheFileDescriptorsAreBackToIdle() {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            round(0, clients); // loads every class and opens every jar the rounds need
            Eventually.await(
                    DEADLINE,
                    "the warm-up's workers are gone",
                    () -> emulator.handle().children().findAny().isEmpty());
            long idle = openFileDescriptors();
            for (int i = 1; i <= 3; i++) {
                round(i, clients);
            }
            Eventually.await(
                    DEADLINE,
                    "the emulator holds no more than its idle " + idle + " file descriptors",
                    () -> openFileDescriptors() <= idle);
        } finally {
            clients.shutdownNow();
        }
    }
}
