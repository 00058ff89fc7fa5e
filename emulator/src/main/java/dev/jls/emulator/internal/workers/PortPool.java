package dev.jls.emulator.internal.workers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out local TCP ports for workers, each checked free and never handed out twice while it is
 * reserved. vLLM binds with {@code SO_REUSEPORT}, so a second server on a taken port would silently
 * share it instead of failing: a port only counts as free when a socket without address reuse can bind
 * it on both the wildcard and the loopback address. Thread-safe.
 *
 * <p>Ports come from a range below the usual ephemeral range (Linux: 32768–60999), so that the
 * operating system does not hand the same port to an outgoing connection between the check and the
 * worker's bind.
 */
public final class PortPool {

    /** The lowest port handed out by default. */
    public static final int DEFAULT_FIRST = 20000;

    /** The highest port handed out by default. */
    public static final int DEFAULT_LAST = 32767;

    private static final PortPool SHARED = new PortPool(DEFAULT_FIRST, DEFAULT_LAST);

    private final int first;
    private final int last;
    private final Map<Integer, String> holderByPort = new HashMap<>();

    /**
     * A pool of the ports {@code first..last} (inclusive).
     *
     * @throws IllegalArgumentException when the range is empty or outside 1024–65535
     */
    public PortPool(int first, int last) {
        if (first < 1024 || last > 65535 || first > last) {
            throw new IllegalArgumentException(
                    "port range must lie within 1024-65535 and not be empty, was " + first + "-" + last);
        }
        this.first = first;
        this.last = last;
    }

    /**
     * The pool every launcher and engine of this JVM shares by default, so that two emulators in one
     * JVM (tests) never hand out the same port.
     */
    public static PortPool shared() {
        return SHARED;
    }

    /** The holder name under which the launcher and the engines reserve a worker's ports. */
    public static String workerHolder(long workerId) {
        return "worker-" + workerId;
    }

    /**
     * Reserves one free port for {@code holder}.
     *
     * @throws IllegalStateException when no port of the range is free
     */
    public int reserve(String holder) {
        return reserveRange(holder, 1);
    }

    /**
     * Reserves {@code size} consecutive free ports for {@code holder}; returns the first.
     *
     * @throws IllegalStateException when no such run of ports is free
     */
    public synchronized int reserveRange(String holder, int size) {
        int span = last - first + 1;
        if (size < 1 || size > span) {
            throw new IllegalArgumentException("size must be between 1 and " + span + ", was " + size);
        }
        int candidates = span - size + 1;
        int start = ThreadLocalRandom.current().nextInt(candidates);
        for (int i = 0; i < candidates; i++) {
            int base = first + (start + i) % candidates;
            if (runIsFree(base, size)) {
                for (int port = base; port < base + size; port++) {
                    holderByPort.put(port, holder);
                }
                return base;
            }
        }
        throw new IllegalStateException("no run of " + size + " free port(s) in " + first + "-" + last);
    }

    /** Gives back every port {@code holder} reserved. */
    public synchronized void release(String holder) {
        holderByPort.values().removeIf(holder::equals);
    }

    /** The ports {@code holder} holds now, in ascending order. */
    public synchronized List<Integer> reservedBy(String holder) {
        List<Integer> ports = new ArrayList<>();
        holderByPort.forEach((port, owner) -> {
            if (owner.equals(holder)) {
                ports.add(port);
            }
        });
        ports.sort(null);
        return ports;
    }

    private boolean runIsFree(int base, int size) {
        for (int port = base; port < base + size; port++) {
            if (holderByPort.containsKey(port) || !isFree(port)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether nothing listens on (or holds) {@code port}: a socket without {@code SO_REUSEADDR} binds it
     * on the wildcard and on the loopback address.
     */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(port))
                && canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(address, 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
