package dev.jls.sdk.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.StreamResponse;
import dev.jls.sdk.internal.SseParser;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.StreamOptions;
import dev.jls.sdk.support.RawHttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Measures the SDK's streaming: chunks per second decoded from a 10,000-chunk chat stream served
 * locally, through the public streaming API (SSE parsing, JSON, models), against the official OpenAI
 * Java client decoding the same stream, in alternating rounds; and the heap each open stream holds. Not
 * a test: run it and read the numbers.
 *
 * <pre>
 * mvn -q -o -f sdk/pom.xml test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 * java -cp sdk/target/test-classes:sdk/target/classes:$(cat sdk/target/bench.classpath) \
 *     dev.jls.sdk.bench.SseBenchmark
 * </pre>
 *
 * <p>The server runs in a child JVM (same class, argument {@code serve}) so that its buffers and threads
 * do not count in the client's heap.
 */
public final class SseBenchmark {

    static final int CHUNKS = 10_000;
    static final int OPEN_STREAMS = 200;

    private SseBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            serve();
            return;
        }
        Process server = new ProcessBuilder(
                        javaBin(),
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SseBenchmark.class.getName(),
                        "serve")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String baseUrl = out.readLine();
            if (baseUrl == null || !baseUrl.startsWith("http")) {
                throw new IllegalStateException("the benchmark server did not start: " + baseUrl);
            }
            System.out.println("java " + System.getProperty("java.version") + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            parserOnly();
            // alternately, so that neither client has the warmer machine
            for (int round = 1; round <= 3; round++) {
                throughput(baseUrl);
                openAiJavaThroughput(baseUrl);
            }
            memory(baseUrl);
        } finally {
            server.destroy();
        }
    }

    /** The stream body: the usual first (role) chunk, word chunks, a finish chunk, the usage chunk, [DONE]. */
    static byte[] chatStream(int chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunks * 240);
        String head = "data: {\"id\":\"chatcmpl-b7f1c0a9e2d44c5a\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1718000000,\"model\":\"llama8b\",\"choices\":[{\"index\":0,\"delta\":{";
        for (int i = 0; i < chunks; i++) {
            String delta = i == 0 ? "\"role\":\"assistant\",\"content\":\"\"" : "\"content\":\" word" + (i % 97) + "\"";
            String finish = i == chunks - 1 ? "\"stop\",\"stop_reason\":null" : "null";
            out.writeBytes((head + delta + "},\"logprobs\":null,\"finish_reason\":" + finish + "}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("data: {\"id\":\"chatcmpl-b7f1c0a9e2d44c5a\",\"object\":\"chat.completion.chunk\","
                        + "\"created\":1718000000,\"model\":\"llama8b\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
                        + "\"total_tokens\":" + (10 + chunks) + ",\"completion_tokens\":" + chunks
                        + "}}\n\ndata: [DONE]\n\n")
                .getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static void serve() throws Exception {
        byte[] full = chatStream(CHUNKS);
        byte[] first = chatStream(1);
        byte[] firstEvent = Arrays.copyOf(first, indexOf(first, "\n\n".getBytes(StandardCharsets.UTF_8)) + 2);
        CountDownLatch never = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((requestLine, out) -> {
            out.write(RawHttpServer.eventStreamHead());
            if (requestLine.contains("/hold/")) {
                // One chunk, then the stream stays open: what an idle open stream costs.
                out.write(firstEvent);
                out.flush();
                try {
                    never.await();
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            } else {
                out.write(full);
            }
        })) {
            System.out.println(server.baseUrl());
            System.out.flush();
            // Serves until the parent process destroys this one.
            never.await();
        }
    }

    static void parserOnly() {
        byte[] bytes = chatStream(CHUNKS);
        int[] events = new int[1];
        SseParser parser = new SseParser(event -> events[0]++);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 30; round++) {
            long start = System.nanoTime();
            for (int offset = 0; offset < bytes.length; offset += 4096) {
                parser.feed(bytes, offset, Math.min(4096, bytes.length - offset));
            }
            parser.end();
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf(
                Locale.ROOT,
                "SSE parser alone (bytes -> events, no JSON): %,.0f events/s (%.1f MB/s)%n",
                (CHUNKS + 2) / (best / 1e9),
                bytes.length / (best / 1e9) / 1e6);
    }

    static void throughput(String baseUrl) {
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .model("llama8b")
                .addMessage(ChatMessage.user("go"))
                .streamOptions(StreamOptions.withUsage())
                .build();
        try (JlsClient client =
                JlsClient.builder().apiKey("bench").baseUrl(baseUrl).build()) {
            report("jls SDK, createChatCompletionStreaming", () -> {
                try (StreamResponse<ChatCompletionChunk> stream =
                        client.openaiAt(baseUrl + "/v1").createChatCompletionStreaming(request)) {
                    return readAll(
                            stream.stream().iterator(),
                            chunk -> chunk.choices().isEmpty()
                                    ? Optional.empty()
                                    : chunk.choices().get(0).delta().content());
                }
            });
        }
    }

    /** The same stream through the official OpenAI Java client, the same work done on each chunk. */
    static void openAiJavaThroughput(String baseUrl) {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey("bench")
                .build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model("llama8b")
                    .addUserMessage("go")
                    .streamOptions(ChatCompletionStreamOptions.builder()
                            .includeUsage(true)
                            .build())
                    .build();
            report("openai-java, createStreaming", () -> {
                try (com.openai.core.http.StreamResponse<com.openai.models.chat.completions.ChatCompletionChunk>
                        stream = client.chat().completions().createStreaming(params)) {
                    return readAll(
                            stream.stream().iterator(),
                            chunk -> chunk.choices().isEmpty()
                                    ? Optional.empty()
                                    : chunk.choices().get(0).delta().content());
                }
            });
        } finally {
            client.close();
        }
    }

    /**
     * Takes every chunk and the length of its first choice's text (the work an application does at
     * least); the chunks taken, or -1 when no text came through.
     */
    static <T> long readAll(Iterator<T> chunks, Function<T, Optional<String>> text) {
        long taken = 0;
        long chars = 0;
        while (chunks.hasNext()) {
            chars += text.apply(chunks.next()).map(String::length).orElse(0);
            taken++;
        }
        return chars == 0 ? -1 : taken;
    }

    /** One read of the whole stream: the chunks decoded, or -1 when no text came through. */
    interface StreamRead {
        long chunks() throws Exception;
    }

    /** Reads the stream 25 times and prints the median, best and worst of the last 15. */
    static void report(String name, StreamRead read) {
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < 25; round++) {
            long start = System.nanoTime();
            long chunks;
            try {
                chunks = read.chunks();
            } catch (Exception e) {
                throw new IllegalStateException(name + " failed", e);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (chunks != CHUNKS + 1) {
                throw new IllegalStateException(name + " decoded " + chunks + " chunks");
            }
            if (round >= 10) {
                rates.add(chunks / seconds);
            }
        }
        rates.sort(Double::compare);
        System.out.printf(
                Locale.ROOT,
                "%-40s %,d-chunk stream, 15 rounds after 10 warm-up: median %,.0f chunks/s, best %,.0f,"
                        + " worst %,.0f%n",
                name,
                CHUNKS + 1,
                rates.get(rates.size() / 2),
                rates.get(rates.size() - 1),
                rates.get(0));
    }

    static void memory(String baseUrl) throws Exception {
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .addMessage(ChatMessage.user("hold"))
                .build();
        try (JlsClient client = JlsClient.builder()
                .apiKey("bench")
                .baseUrl(baseUrl)
                .timeout(Duration.ofMinutes(5))
                .build()) {
            // Warm up the classes and the code paths with a few streams first.
            List<StreamResponse<ChatCompletionChunk>> warm = open(client, baseUrl, request, 5);
            warm.forEach(StreamResponse::close);
            long before = usedHeapAfterGc();
            List<StreamResponse<ChatCompletionChunk>> open = open(client, baseUrl, request, OPEN_STREAMS);
            long after = usedHeapAfterGc();
            System.out.printf(
                    Locale.ROOT,
                    "heap per open stream (%d streams open, one chunk read each): %,.1f KiB "
                            + "(SDK + OkHttp connection + socket buffers on the heap)%n",
                    open.size(),
                    (after - before) / 1024.0 / open.size());
            open.forEach(StreamResponse::close);
        }
    }

    static List<StreamResponse<ChatCompletionChunk>> open(
            JlsClient client, String baseUrl, ChatCompletionRequest request, int count) {
        List<StreamResponse<ChatCompletionChunk>> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StreamResponse<ChatCompletionChunk> stream =
                    client.openaiAt(baseUrl + "/hold/v1").createChatCompletionStreaming(request);
            Iterator<ChatCompletionChunk> it = stream.stream().iterator();
            it.next();
            streams.add(stream);
        }
        return streams;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
