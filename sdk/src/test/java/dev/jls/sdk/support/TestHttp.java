package dev.jls.sdk.support;

import dev.jls.sdk.http.JdkJlsHttpClient;
import dev.jls.sdk.http.JlsHttpClient;
import dev.jls.sdk.http.JlsHttpRequest;
import dev.jls.sdk.http.JlsHttpResponse;
import dev.jls.sdk.http.OkHttpJlsHttpClient;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP client of this test run. The suite runs twice: once as users get it (OkHttp on the class
 * path), once with OkHttp removed from the class path, where the SDK falls back to the JDK's client;
 * tests that build a {@link JlsHttpClient} of their own take the same one.
 */
public final class TestHttp {

    private TestHttp() {}

    /** Whether OkHttp is on this run's class path. */
    public static boolean okHttpPresent() {
        try {
            Class.forName("okhttp3.OkHttpClient", false, TestHttp.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** A new client of this run's kind; the caller closes it. */
    public static JlsHttpClient newClient() {
        return okHttpPresent()
                ? OkHttpJlsHttpClient.builder().build()
                : JdkJlsHttpClient.builder().build();
    }

    /**
     * A client that sends what is meant for one host to another, e.g. the hosted regions' hosts to local
     * servers; closing it closes the client it wraps.
     */
    public static JlsHttpClient redirecting(JlsHttpClient inner, Map<String, String> hostToBase) {
        return new JlsHttpClient() {
            @Override
            public JlsHttpResponse execute(JlsHttpRequest request) throws IOException {
                return inner.execute(redirect(request));
            }

            @Override
            public CompletableFuture<JlsHttpResponse> executeAsync(JlsHttpRequest request) {
                return inner.executeAsync(redirect(request));
            }

            @Override
            public void close() {
                inner.close();
            }

            private JlsHttpRequest redirect(JlsHttpRequest request) {
                URI url = request.url();
                String base = hostToBase.get(url.getHost());
                if (base == null) {
                    return request;
                }
                String rest = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
                return request.toBuilder().url(URI.create(base + rest)).build();
            }
        };
    }
}
