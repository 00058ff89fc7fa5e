package dev.jls.cli.bench;

import dev.jls.cli.ErrorReport;
import dev.jls.sdk.OpenAiEndpoint;
import dev.jls.sdk.StreamResponse;
import dev.jls.sdk.models.ChatChunkChoice;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.StreamOptions;
import dev.jls.sdk.models.Usage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Sends the benchmark's requests: arrivals at the given rate (a Poisson process; infinite sends them
 * all at once), at most {@code concurrency} in flight, each timed from just before it is sent.
 */
final class BenchRunner {

    private final OpenAiEndpoint endpoint;
    private final ChatCompletionRequest request;
    private final boolean stream;
    /** The first request's failure, whose kind (a refused key, no server) decides the exit code. */
    private final AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();

    BenchRunner(OpenAiEndpoint endpoint, ChatCompletionRequest request, boolean stream) {
        this.endpoint = endpoint;
        this.stream = stream;
        this.request = stream
                ? request.toBuilder().streamOptions(StreamOptions.withUsage()).build()
                : request;
    }

    /** Runs the requests; returns their timings and the wall time from the first send to the last answer. */
    Run run(int requests, int concurrency, double requestRate, long seed, IntConsumer onFinished)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "jls-bench");
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(concurrency);
        Random random = new Random(seed);
        AtomicInteger finished = new AtomicInteger();
        List<Future<RequestTiming>> futures = new ArrayList<>(requests);
        long start = System.nanoTime();
        long nextArrival = start;
        try {
            for (int i = 0; i < requests; i++) {
                if (!Double.isInfinite(requestRate)) {
                    long wait = nextArrival - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    nextArrival += (long) (-Math.log(1.0 - random.nextDouble()) / requestRate * 1e9);
                }
                slots.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        return once();
                    } finally {
                        slots.release();
                        onFinished.accept(finished.incrementAndGet());
                    }
                }));
            }
            List<RequestTiming> timings = new ArrayList<>(requests);
            for (Future<RequestTiming> f : futures) {
                try {
                    timings.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    timings.add(RequestTiming.failed(ErrorReport.message(e.getCause()), 0));
                }
            }
            return new Run(timings, System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    record Run(List<RequestTiming> timings, long durationNanos) {}

    /** One request, timed; never throws: a failure is a failed timing. */
    RequestTiming once() {
        long sent = System.nanoTime();
        try {
            return stream ? streamed(sent) : whole(sent);
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, e);
            return RequestTiming.failed(ErrorReport.message(e), System.nanoTime() - sent);
        }
    }

    /** The first failure of a request sent so far, warm-up included. */
    Optional<RuntimeException> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    private RequestTiming whole(long sent) {
        ChatCompletion answer = endpoint.createChatCompletion(request);
        long latency = System.nanoTime() - sent;
        Optional<Usage> usage = answer.usage();
        return new RequestTiming(
                true,
                null,
                usage.map(Usage::promptTokens).orElse(0),
                usage.map(Usage::completionTokens).orElse(0),
                latency,
                latency,
                List.of());
    }

    private RequestTiming streamed(long sent) {
        long first = -1;
        long last = -1;
        int chunksWithText = 0;
        List<Long> gaps = new ArrayList<>();
        Usage usage = null;
        try (StreamResponse<ChatCompletionChunk> response = endpoint.createChatCompletionStreaming(request)) {
            Iterator<ChatCompletionChunk> chunks = response.stream().iterator();
            while (chunks.hasNext()) {
                ChatCompletionChunk chunk = chunks.next();
                long now = System.nanoTime();
                if (chunk.usage().isPresent()) {
                    usage = chunk.usage().get();
                }
                boolean text = false;
                for (ChatChunkChoice choice : chunk.choices()) {
                    text |= choice.delta().content().filter(s -> !s.isEmpty()).isPresent()
                            || choice.delta()
                                    .reasoning()
                                    .filter(s -> !s.isEmpty())
                                    .isPresent();
                }
                if (text) {
                    if (first < 0) {
                        first = now;
                    } else {
                        gaps.add(now - last);
                    }
                    last = now;
                    chunksWithText++;
                }
            }
        }
        long end = System.nanoTime();
        if (first < 0) {
            first = end;
        }
        int outputTokens = usage != null ? usage.completionTokens() : chunksWithText;
        int promptTokens = usage != null ? usage.promptTokens() : 0;
        return new RequestTiming(true, null, promptTokens, outputTokens, first - sent, end - sent, gaps);
    }
}
