package dev.jls.emulator.internal.core;

import java.util.concurrent.ConcurrentLinkedQueue;

/** An event loop a test drives: tasks run when the test calls {@link #runAll()}, on its thread. */
final class ManualLoop implements EventLoop {

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private boolean running;

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public boolean inLoop() {
        return running;
    }

    /** Runs tasks, and the tasks they post, until none is left. */
    void runAll() {
        running = true;
        try {
            Runnable t;
            int n = 0;
            while ((t = tasks.poll()) != null) {
                t.run();
                if (++n > 1_000_000) {
                    throw new IllegalStateException("the loop does not go quiet");
                }
            }
        } finally {
            running = false;
        }
    }
}
