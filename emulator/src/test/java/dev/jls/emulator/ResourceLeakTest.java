package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.internal.cli.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    private static Process emulator;
    private static int port;
    private static final List<String> output = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        emulator = new ProcessBuilder(
                        java.toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "--port",
                        "0",
                        "--api-key",
                        KEY,
                        "--gpus",
                        "H100:4",
                        "--engine",
                        "sim",
                        "--worker-stop-grace",
                        "2s",
                        "--delete-grace",
                        "2s")
                .redirectErrorStream(true)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        String line;
                        while ((line = out.readLine()) != null) {
                            synchronized (output) {
                                output.add(line);
                            }
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                listening.complete(Integer.parseInt(m.group(1)));
                            }
                        }
                    } catch (IOException e) {
                        // the emulator is gone
                    }
                    listening.completeExceptionally(new IllegalStateException("the emulator ended: " + output));
                },
                "leak-test-emulator-output");
        reader.setDaemon(true);
        reader.start();
        port = listening.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (emulator != null) {
            emulator.destroy();
            if (!emulator.waitFor(30, TimeUnit.SECONDS)) {
                emulator.destroyForcibly();
            }
        }
    }

    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(emulator.pid()), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                    () -> ProcessHandle.of(emulator.pid())
                            .orElseThrow()
                            .children()
                            .findAny()
                            .isEmpty());
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
