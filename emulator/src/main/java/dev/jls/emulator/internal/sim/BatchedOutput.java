package dev.jls.emulator.internal.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The engine's standard output, written by a thread of its own: what is written while earlier output
 * is still being written goes out with the next write, so a busy engine's one log line per request
 * costs a system call (and a wake-up of the emulator's log reader) per batch, not per line. An idle
 * engine's lines go out at once. {@link #flush()} writes everything written so far before it returns.
 */
final class BatchedOutput extends OutputStream {

    private final OutputStream out;
    // guarded by this
    private ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
    private ByteArrayOutputStream spare = new ByteArrayOutputStream(8192);
    private boolean writing;
    private IOException failed;

    BatchedOutput(OutputStream out) {
        this.out = out;
        Thread writer = new Thread(this::writeBatches, "sim-stdout");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        notifyAll();
    }

    @Override
    public synchronized void flush() throws IOException {
        while (writing) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while flushing", e);
            }
        }
        if (failed != null) {
            throw failed;
        }
        if (pending.size() > 0) {
            pending.writeTo(out);
            pending.reset();
        }
        out.flush();
    }

    private void writeBatches() {
        while (true) {
            ByteArrayOutputStream batch;
            synchronized (this) {
                while (pending.size() == 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = pending;
                pending = spare;
                writing = true;
            }
            try {
                batch.writeTo(out);
                out.flush();
            } catch (IOException e) {
                synchronized (this) {
                    failed = e;
                }
            }
            synchronized (this) {
                batch.reset();
                spare = batch;
                writing = false;
                notifyAll();
            }
        }
    }
}
