package dev.jls.sdk.http;

import java.io.IOException;
import java.io.InputStream;

/** A response's body stream: reads go to {@link #read(byte[], int, int)}, closing closes the response. */
abstract class BodyStream extends InputStream {

    private final JlsHttpResponse response;

    BodyStream(JlsHttpResponse response) {
        this.response = response;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] bytes, int offset, int length) throws IOException;

    @Override
    public void close() {
        response.close();
    }
}
