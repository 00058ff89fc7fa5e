package dev.jls.emulator.internal.core;

import java.util.concurrent.CompletableFuture;

/**
 * Where the {@link Cluster} keeps what must outlive the emulator's process: deployments, submitted
 * requests, tombstones of expired ones and the worker id sequence. The core owns this port; an adapter
 * (a database file) implements it, and {@link #IN_MEMORY} keeps nothing.
 *
 * <p>{@link #load()} is called once, before anything is written. {@link #write} is called on the event
 * loop at the end of each turn that changed something, and must not wait for the disk: an
 * implementation queues the batch and writes batches in order on its own thread. {@link #written()}
 * tells when what was handed over so far is safe, so that the answer to a command (a {@code 200} for a
 * submit) goes out only once what it changed would survive a crash.
 */
public interface ClusterStore extends AutoCloseable {

    /** Keeps nothing: a restart starts empty. */
    ClusterStore IN_MEMORY = new ClusterStore() {
        @Override
        public boolean durable() {
            return false;
        }

        @Override
        public StoredCluster load() {
            return StoredCluster.EMPTY;
        }

        @Override
        public void write(StoreBatch batch) {}

        @Override
        public CompletableFuture<Void> written() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {}
    };

    /**
     * Whether what this store keeps outlives the process. When it does, a shutdown leaves unfinished
     * requests as they are, to go on at the next start, instead of failing them.
     */
    boolean durable();

    /** What was kept; {@link StoredCluster#EMPTY} for a new store. */
    StoredCluster load();

    /** Queues the changes of one turn; never blocks on the disk. */
    void write(StoreBatch batch);

    /**
     * Completes once every batch handed to {@link #write} so far is kept; completes exceptionally when
     * one of them could not be.
     */
    CompletableFuture<Void> written();

    /** Writes what is queued, then lets go of the store. */
    @Override
    void close();
}
