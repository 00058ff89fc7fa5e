package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.EngineClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EngineClient} on the JDK's non-blocking {@link HttpClient}: one selector thread for every
 * connection, the answer's pieces handed to the listener from a small pool, and back-pressure through
 * the body subscription (the next pieces are asked for only once the last was passed on).
 *
 * <p>The JDK client keeps connections alive by itself and drops an idle one when its engine closes it,
 * so {@link #forget(EngineAddress)} has nothing to close: a worker that is gone closes its end, and the client
 * sees it.
 */
public final class JdkEngineClient implements EngineClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService executor;
    private final HttpClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    public JdkEngineClient() {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(
                Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())), r -> {
                    Thread t = new Thread(r, "jls-engine-client-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(executor)
                .build();
    }

    @Override
    public EngineExchange send(EngineAddress address, String path, byte[] body, Listener listener) {
        if (closed.get()) {
            throw new IllegalStateException("the engine client is closed");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address.authority() + path))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        Exchange exchange = new Exchange(listener);
        exchange.future = client.sendAsync(request, exchange::subscriber)
                .whenComplete((response, failure) -> exchange.finished(failure));
        return exchange;
    }

    @Override
    public void forget(EngineAddress address) {
        // the JDK client closes a kept-alive connection as soon as its engine closes its end
    }

    @Override
    public String errorMessage(int status, byte[] body) {
        return EngineErrorMessage.of(status, body);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // the JDK 17 client has no close: its connections end with its selector once it is unreachable,
        // and with their engines
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One exchange: what abort must stop, and the subscriber that passes the answer on. */
    private static final class Exchange implements EngineExchange {
        private final Listener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean aborted;
        private volatile Body body;
        volatile CompletableFuture<?> future;

        Exchange(Listener listener) {
            this.listener = listener;
        }

        HttpResponse.BodySubscriber<Void> subscriber(HttpResponse.ResponseInfo info) {
            listener.onResponse(
                    info.statusCode(), info.headers().firstValue("content-type").orElse("application/json"));
            Body b = new Body();
            body = b;
            return b;
        }

        void finished(Throwable failure) {
            if (aborted || !ended.compareAndSet(false, true)) {
                return;
            }
            if (failure == null) {
                listener.onComplete();
            } else {
                listener.onFailure(failure);
            }
        }

        @Override
        public void abort() {
            if (ended.get()) {
                // over: its connection may already serve the next exchange
                return;
            }
            aborted = true;
            Body b = body;
            if (b != null) {
                b.cancel();
            }
            CompletableFuture<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }

        /**
         * Passes the answer's pieces on one at a time, each after the last one's {@code more}, and asks
         * for the next ones only then; the end is reported once the last piece was passed on.
         */
        private final class Body implements HttpResponse.BodySubscriber<Void> {
            private final CompletableFuture<Void> done = new CompletableFuture<>();
            private volatile Flow.Subscription subscription;
            // guarded by this
            private boolean passing;
            private boolean endWaiting;

            @Override
            public CompletionStage<Void> getBody() {
                return done;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                if (aborted) {
                    s.cancel();
                } else {
                    s.request(1);
                }
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                synchronized (this) {
                    passing = true;
                }
                pass(items.iterator());
            }

            private void pass(Iterator<ByteBuffer> pieces) {
                while (pieces.hasNext() && !aborted) {
                    ByteBuffer piece = pieces.next();
                    if (!piece.hasRemaining()) {
                        continue;
                    }
                    AtomicInteger turn = new AtomicInteger();
                    listener.onData(piece, () -> {
                        if (turn.getAndIncrement() == 1) {
                            // more came after onData returned: go on from here
                            pass(pieces);
                        }
                    });
                    if (turn.getAndIncrement() == 0) {
                        // more has not run yet; the rest goes on when it does
                        return;
                    }
                }
                if (aborted) {
                    return;
                }
                boolean end;
                synchronized (this) {
                    passing = false;
                    end = endWaiting;
                }
                if (end) {
                    done.complete(null);
                } else {
                    subscription.request(1);
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                synchronized (this) {
                    if (passing) {
                        endWaiting = true;
                        return;
                    }
                }
                done.complete(null);
            }

            void cancel() {
                Flow.Subscription s = subscription;
                if (s != null) {
                    // cancelling the body of an unfinished answer closes its connection
                    s.cancel();
                }
            }
        }
    }
}
