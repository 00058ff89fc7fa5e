package dev.jls.emulator.internal.io;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * One XNIO worker: a few IO threads, each with its own selector, and the direct buffers their
 * connections read and write with. The HTTP server accepts on it and the engine client dials on it, so
 * one thread carries a forwarded request from the worker's answer to the client's connection.
 *
 * <p>Handlers never block, so the worker's task pool is small: it serves only what Undertow dispatches
 * off an IO thread.
 */
public final class IoThreads implements AutoCloseable {

    /** Read and write buffers of every connection: Undertow's default size for a machine with memory. */
    private static final int BUFFER_BYTES = 16 * 1024;

    private final XnioWorker worker;
    private final DefaultByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_BYTES, -1, 4);

    private IoThreads(XnioWorker worker) {
        this.worker = worker;
    }

    /**
     * Starts {@code count} IO threads named after {@code name}.
     *
     * @throws UncheckedIOException when the selectors cannot be opened
     */
    public static IoThreads start(String name, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        Xnio xnio = Xnio.getInstance(IoThreads.class.getClassLoader());
        try {
            return new IoThreads(xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, name)
                    .set(Options.WORKER_IO_THREADS, count)
                    .set(Options.CONNECTION_HIGH_WATER, 1000000)
                    .set(Options.CONNECTION_LOW_WATER, 1000000)
                    .set(Options.WORKER_TASK_CORE_THREADS, count * 2)
                    .set(Options.WORKER_TASK_MAX_THREADS, count * 2)
                    .set(Options.TCP_NODELAY, true)
                    .getMap()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the IO threads", e);
        }
    }

    /**
     * As many IO threads as the machine has cores, between 2 and 4: every callback on them is short,
     * and more threads than cores only take turns.
     */
    public static IoThreads forThisMachine(String name) {
        return start(name, Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    public XnioWorker worker() {
        return worker;
    }

    public ByteBufferPool buffers() {
        return buffers;
    }

    /** Closes every connection still open on these threads and stops them. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        buffers.close();
    }
}
