package dev.jls.sdk.http;

import dev.jls.sdk.internal.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link JlsHttpClient} on the JDK's own {@code java.net.http.HttpClient}, for applications that keep
 * to the JDK's HTTP stack.
 *
 * <p>The body arrives through a subscriber of its own, so that each read waits at most the request's
 * read timeout and the whole exchange at most its call timeout, and closing a response cancels the
 * exchange. An attempt whose connection could not be opened is a {@link RequestNotSentException}.
 *
 * <p>One difference from {@link OkHttpJlsHttpClient} remains, the JDK's own: it tries to open a
 * connection twice, and sends a {@code GET} again when its connection closed before any byte of
 * the answer (it takes such a connection for a stale one). Neither repeats a request the server
 * answered, and only a {@code GET}, which is safe to repeat, is ever sent again.
 *
 * <pre>{@code
 * JlsClient client = JlsClient.builder()
 *         .apiKey(key)
 *         .httpClient(JdkJlsHttpClient.builder().connectTimeout(Duration.ofSeconds(3)).build())
 *         .build();
 * }</pre>
 */
public final class JdkJlsHttpClient implements JlsHttpClient {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient http;
    private final ExecutorService executor;
    private final Duration connectTimeout;
    private final Set<CompletableFuture<JlsHttpResponse>> pending = ConcurrentHashMap.newKeySet();
    private final Set<JdkResponse> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private JdkJlsHttpClient(Builder builder) {
        this.connectTimeout = builder.connectTimeout;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "jls-jdk-http-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(builder.connectTimeout)
                .version(builder.version)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** A builder with the defaults: HTTP/1.1, connect timeout 10 s. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public JlsHttpResponse execute(JlsHttpRequest request) throws IOException {
        CompletableFuture<JlsHttpResponse> answer = executeAsync(request);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    @Override
    public CompletableFuture<JlsHttpResponse> executeAsync(JlsHttpRequest request) {
        CompletableFuture<JlsHttpResponse> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IOException("the HTTP client is closed"));
            return result;
        }
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> sent;
        try {
            sent = http.sendAsync(toJdk(request), HttpResponse.BodyHandlers.ofPublisher());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        pending.add(result);
        result.whenComplete((response, error) -> {
            pending.remove(result);
            if (result.isCancelled()) {
                // Cancelling the JDK's future cancels its exchange.
                sent.cancel(true);
            }
        });
        sent.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(classify(error));
                return;
            }
            JdkResponse wrapped = new JdkResponse(response, request, start);
            open.add(wrapped);
            if (!result.complete(wrapped) || closed) {
                wrapped.close();
            }
        });
        return result;
    }

    /** Cancels the exchanges in flight, closes open responses and stops this client's threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.forEach(future -> future.cancel(true));
        open.forEach(JdkResponse::close);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "JdkJlsHttpClient{connectTimeout=" + connectTimeout + ", version=" + http.version() + "}";
    }

    private static HttpRequest toJdk(JlsHttpRequest request) {
        HttpRequest.BodyPublisher body =
                request.body().map(HttpRequest.BodyPublishers::ofByteArray).orElse(HttpRequest.BodyPublishers.noBody());
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.url()).method(request.method(), body);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (RESTRICTED_HEADERS.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("header " + header.getKey() + ": set by the HTTP client itself");
            }
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        Duration headersLimit = shorterLimit(request.callTimeout(), request.readTimeout());
        if (!headersLimit.isZero()) {
            builder.timeout(headersLimit);
        }
        return builder.build();
    }

    /** The shorter of two limits, where zero means none. */
    private static Duration shorterLimit(Duration a, Duration b) {
        if (a.isZero()) {
            return b;
        }
        if (b.isZero()) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static IOException classify(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (neverConnected(cause)) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return new RequestNotSentException(message, cause);
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(cause.getMessage(), cause);
    }

    private static boolean neverConnected(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof HttpConnectTimeoutException
                    || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** The answer's headers, without HTTP/2's pseudo-headers such as {@code :status}. */
    private static Map<String, List<String>> headersOf(HttpResponse<?> response) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                copy.put(name, List.copyOf(values));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    /** An answer whose body is pulled from the JDK's publisher, one list of buffers at a time. */
    private final class JdkResponse extends OpenResponse implements Flow.Subscriber<List<ByteBuffer>> {
        private static final Object END = new Object();
        private static final Object CLOSED = new Object();
        /** How long {@link #finish()} waits for the rest of the body. */
        private static final long FINISH_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

        private final long readTimeoutNanos;
        private final long deadlineNanos;
        private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
        private final InputStream body = new Body(this);
        private volatile Flow.Subscription subscription;
        private volatile boolean closed;
        private volatile boolean ended;

        JdkResponse(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, JlsHttpRequest request, long start) {
            super(response.statusCode(), headersOf(response));
            this.readTimeoutNanos = request.readTimeout().toNanos();
            this.deadlineNanos = request.callTimeout().isZero()
                    ? 0
                    : start + request.callTimeout().toNanos();
            response.body().subscribe(this);
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            Flow.Subscription current = subscription;
            if (current != null && !ended) {
                current.cancel();
            }
            arrived.offer(CLOSED);
        }

        @Override
        public void finish() {
            if (closed) {
                return;
            }
            long deadline = System.nanoTime() + FINISH_GRACE_NANOS;
            try {
                while (!ended) {
                    Object item = arrived.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (item == END) {
                        ended = true;
                        open.remove(this);
                    } else if (item instanceof List<?>) {
                        // bytes after what the caller wanted are dropped
                        subscription.request(1);
                    } else {
                        // the grace ran out, the exchange failed, or another thread closed it
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // once the body has ended the JDK's client keeps the connection
            close();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (closed) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            arrived.offer(buffers);
        }

        @Override
        public void onError(Throwable error) {
            arrived.offer(error);
        }

        @Override
        public void onComplete() {
            arrived.offer(END);
        }

        /** The next item from the publisher, waiting as the time limits allow. */
        private Object take() throws IOException {
            long wait = readTimeoutNanos;
            boolean callLimit = false;
            if (deadlineNanos != 0) {
                long left = deadlineNanos - System.nanoTime();
                if (wait == 0 || left < wait) {
                    wait = Math.max(0, left);
                    callLimit = true;
                }
            }
            Object item;
            try {
                item = wait == 0 && !callLimit ? arrived.take() : arrived.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                InterruptedIOException interrupted = new InterruptedIOException("interrupted");
                interrupted.initCause(e);
                throw interrupted;
            }
            if (item == null) {
                close();
                throw callLimit
                        ? new HttpTimeoutException("the call timed out")
                        : new SocketTimeoutException("read timed out");
            }
            return item;
        }

        private final class Body extends BodyStream {
            private Iterator<ByteBuffer> buffers = Collections.emptyIterator();
            private ByteBuffer current;

            Body(JlsHttpResponse response) {
                super(response);
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                Objects.checkFromIndexSize(offset, length, bytes.length);
                if (length == 0) {
                    return 0;
                }
                while (current == null || !current.hasRemaining()) {
                    if (closed && !ended) {
                        throw new IOException("the response is closed");
                    }
                    if (buffers.hasNext()) {
                        current = buffers.next();
                        continue;
                    }
                    if (ended) {
                        return -1;
                    }
                    Object item = take();
                    if (item == END) {
                        ended = true;
                        open.remove(JdkResponse.this);
                        return -1;
                    }
                    if (item == CLOSED) {
                        throw new IOException("the response is closed");
                    }
                    if (item instanceof Throwable error) {
                        close();
                        throw error instanceof IOException io ? io : new IOException(error.getMessage(), error);
                    }
                    @SuppressWarnings("unchecked")
                    List<ByteBuffer> next = (List<ByteBuffer>) item;
                    buffers = next.iterator();
                    subscription.request(1);
                }
                int n = Math.min(length, current.remaining());
                current.get(bytes, offset, n);
                return n;
            }

            @Override
            public int available() {
                return current == null ? 0 : current.remaining();
            }
        }
    }

    /** Builds a {@link JdkJlsHttpClient}. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private HttpClient.Version version = HttpClient.Version.HTTP_1_1;

        private Builder() {}

        /** The time limit to open a connection. Default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Durations.positive("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * The HTTP version to ask for. Default {@link HttpClient.Version#HTTP_1_1}; with
         * {@link HttpClient.Version#HTTP_2} the JDK negotiates HTTP/2 on https and may try it on http.
         */
        public Builder version(HttpClient.Version version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The client; the builder stays usable. */
        public JdkJlsHttpClient build() {
            return new JdkJlsHttpClient(this);
        }
    }
}
