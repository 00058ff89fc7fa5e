package dev.jls.emulator.internal.core;

import java.util.Objects;

/**
 * Where a worker's engine listens: a host (an IP address) and a port. A local worker's is {@code
 * 127.0.0.1}; a pod's is its IP, or {@code 127.0.0.1} and the local end of a port-forward. A handle
 * makes its address once, so that sending a request costs no new one.
 *
 * @param host an IP address, IPv6 ones without brackets
 * @param port the TCP port
 */
public record EngineAddress(String host, int port) {

    /** The host of every local worker. */
    public static final String LOCAL_HOST = "127.0.0.1";

    public EngineAddress {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
    }

    /** {@code 127.0.0.1} and {@code port}. */
    public static EngineAddress local(int port) {
        return new EngineAddress(LOCAL_HOST, port);
    }

    /** {@code host:port}, an IPv6 host in brackets: what goes into a URI and a {@code Host} header. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return authority();
    }
}
