package dev.jls.emulator.internal.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A {@link ResponseSink} that keeps what it is given. */
final class RecordingSink implements ResponseSink {

    int status;
    final StringBuilder body = new StringBuilder();
    boolean ended;
    RequestFailure failure;
    boolean failedMidStream;

    @Override
    public synchronized void begin(int status, String contentType) {
        this.status = status;
    }

    @Override
    public synchronized void write(ByteBuffer data, Runnable written) {
        body.append(StandardCharsets.UTF_8.decode(data.duplicate()));
        written.run();
    }

    @Override
    public synchronized void end() {
        ended = true;
    }

    @Override
    public synchronized void fail(RequestFailure failure, boolean midStream) {
        this.failure = failure;
        this.failedMidStream = midStream;
    }
}
