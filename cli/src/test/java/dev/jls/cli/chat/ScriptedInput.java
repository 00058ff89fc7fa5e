package dev.jls.cli.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Lines for a {@link Conversation}, given by a test: {@link #CTRL_C} stands for Ctrl-C at the prompt,
 * {@link #CTRL_D} for the end of input. {@link #readLine} waits for the next one, so a test on another
 * thread can give them one at a time; {@link #interrupt()} is Ctrl-C while an answer is written.
 */
final class ScriptedInput implements ChatInput {

    static final String CTRL_C = "\u0003";
    static final String CTRL_D = "\u0004";

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> prompts = new ArrayList<>();
    private volatile Runnable interrupt = () -> {};
    boolean closed;

    ScriptedInput(String... lines) {
        give(lines);
    }

    void give(String... more) {
        lines.addAll(List.of(more));
    }

    @Override
    public String readLine(String prompt) {
        prompts.add(prompt);
        String line;
        try {
            line = lines.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (line.equals(CTRL_C)) {
            throw new LineCancelled();
        }
        return line.equals(CTRL_D) ? null : line;
    }

    @Override
    public void onInterrupt(Runnable action) {
        interrupt = action;
    }

    void interrupt() {
        interrupt.run();
    }

    @Override
    public void close() {
        closed = true;
    }
}
