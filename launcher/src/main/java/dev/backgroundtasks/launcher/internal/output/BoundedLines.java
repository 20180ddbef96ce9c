package dev.backgroundtasks.launcher.internal.output;

import java.io.PrintStream;
import java.util.ArrayDeque;

/**
 * The platform's own lines on stderr, written so that they can never block the process
 * (docs/reliability.md, rule 7): a daemon thread writes them, and the caller waits for its line at most
 * {@link #WAIT_MS}. Normally that keeps them in order with the task's output; when the reader has
 * stopped reading (a full pipe, {@code | less}, a terminal paused with Ctrl-S), the first line that
 * cannot be written costs that wait once, later lines are queued (at most {@link #MAX_QUEUED}) without
 * waiting until the reader reads again, and the exit, the timeout and the watchdog go on.
 */
final class BoundedLines {
    static final long WAIT_MS = 1000;
    static final int MAX_QUEUED = 1000;
    /** How long the writer thread waits for another line before it ends (the next line starts another). */
    static final long IDLE_MS = 1000;

    private final PrintStream target;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long queued;
    private long written;
    private boolean stuck;
    private Thread writer;

    BoundedLines(PrintStream target) {
        this.target = target;
    }

    PrintStream target() {
        return target;
    }

    synchronized void println(String line) {
        if (queue.size() >= MAX_QUEUED) {
            return; // the reader has not read for a long time: the platform's lines are the ones that give way
        }
        queue.add(line);
        long mine = ++queued;
        if (writer == null) {
            writer = new Thread(this::drain, "backgroundtasks-stderr");
            writer.setDaemon(true);
            writer.start();
        }
        notifyAll();
        if (stuck) {
            return;
        }
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (written < mine) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                stuck = true;
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void drain() {
        while (true) {
            String line;
            synchronized (this) {
                long idleSince = System.nanoTime();
                while (queue.isEmpty()) {
                    long left = IDLE_MS - (System.nanoTime() - idleSince) / 1_000_000L;
                    if (left <= 0) {
                        writer = null; // idle: a warm host's rehearsal leaves no writer behind
                        return;
                    }
                    try {
                        wait(left);
                    } catch (InterruptedException e) {
                        writer = null;
                        return;
                    }
                }
                line = queue.peek();
            }
            target.println(line);
            target.flush();
            synchronized (this) {
                queue.poll();
                written++;
                if (queue.isEmpty()) {
                    stuck = false;
                }
                notifyAll();
            }
        }
    }
}
