package dev.backgroundtasks.testing.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The lines of one output stream of a process, read on their own daemon thread as they come (a
 * process blocks when nobody drains its pipe), handed to a listener, and kept for the result.
 */
public final class OutputLines {
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;
    private Throwable listenerFailure;

    private OutputLines(InputStream in, Consumer<String> listener, String name) {
        reader = new Thread(() -> read(in, listener), name);
        reader.setDaemon(true);
    }

    /** A stream nobody reads: no lines, ended at once. */
    public static OutputLines none() {
        OutputLines output = new OutputLines(InputStream.nullInputStream(), null, "unread");
        output.ended = true;
        return output;
    }

    /** Starts reading {@code in}; {@code listener} (may be null) gets each line on the reading thread. */
    public static OutputLines read(InputStream in, Consumer<String> listener, String threadName) {
        OutputLines output = new OutputLines(in, listener, threadName);
        output.reader.start();
        return output;
    }

    private void read(InputStream in, Consumer<String> listener) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
                if (listener != null) {
                    try {
                        listener.accept(line);
                    } catch (RuntimeException | Error e) {
                        synchronized (this) {
                            if (listenerFailure == null) {
                                listenerFailure = e;
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process went away; what was read stays
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /** The lines read so far. */
    public synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }

    /** Waits for the end of the stream (the process and whatever inherited its pipe closed it). */
    public List<String> awaitEnd(Duration bound) throws InterruptedException {
        if (reader.getState() != Thread.State.NEW) {
            reader.join(Math.max(1, bound.toMillis()));
        }
        return snapshot();
    }

    /** The first line, read so far or within {@code bound}, that matches; empty when the stream ends without one. */
    public synchronized Optional<String> await(Predicate<String> match, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (match.test(lines.get(seen))) {
                    return Optional.of(lines.get(seen));
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Rethrows a listener's first exception or error (a failed assertion in it fails the test). */
    public synchronized void rethrowListenerFailure() {
        if (listenerFailure instanceof Error e) {
            throw e;
        }
        if (listenerFailure instanceof RuntimeException e) {
            throw e;
        }
    }
}
