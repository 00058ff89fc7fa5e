package dev.jls.emulator.internal.workers;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The last lines of a worker's output, and the followers that get each new line. Thread-safe.
 */
public final class LogTail {

    /** Longer lines are cut, so that one runaway line cannot hold the memory of a whole tail. */
    public static final int MAX_LINE_CHARS = 8192;

    private final int capacity;
    private final ArrayDeque<String> lines;
    private final List<Consumer<String>> followers = new CopyOnWriteArrayList<>();
    private boolean ended;

    public LogTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("log tail capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 256));
    }

    public void add(String rawLine) {
        String line = rawLine.length() > MAX_LINE_CHARS
                ? rawLine.substring(0, MAX_LINE_CHARS) + " [line cut at " + MAX_LINE_CHARS + " characters]"
                : rawLine;
        synchronized (this) {
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }
        for (Consumer<String> follower : followers) {
            try {
                follower.accept(line);
            } catch (RuntimeException e) {
                // A follower that fails (a client gone away) must not stop the others or the reader.
                followers.remove(follower);
            }
        }
    }

    public synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }

    public AutoCloseable follow(Consumer<String> sink) {
        synchronized (this) {
            if (ended) {
                return () -> {};
            }
            followers.add(sink);
        }
        return () -> followers.remove(sink);
    }

    /** The process's output has ended: no more lines will come, followers are let go. */
    public void end() {
        synchronized (this) {
            ended = true;
        }
        followers.clear();
    }
}
