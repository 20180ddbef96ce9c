package dev.backgroundtasks.actors.internal;

import java.io.PrintStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.backgroundtasks.scheduler.EventLoop;

/**
 * A process's background thread: an {@link EventLoop} that runs parent actors and the actor machinery
 * only. Measures how long work waited in its queue (the figure that shows a busy loop before any
 * handler is slow) and reports on stderr, whatever the loglevel, every parent handler that ran longer
 * than {@code toolkit.backgroundtasks.actors.slowHandlerMs}.
 */
final class BackgroundThread {
    static final String THREAD_NAME = "backgroundtasks-actors";

    private final EventLoop loop;
    private final long slowNanos;
    private final long slowMillis;
    private final PrintStream reports;
    private final QueueDelay queueDelay = new QueueDelay();

    BackgroundThread(long slowHandlerMillis, PrintStream reports) {
        this.loop = EventLoop.start(THREAD_NAME);
        this.slowMillis = slowHandlerMillis;
        this.slowNanos = TimeUnit.MILLISECONDS.toNanos(slowHandlerMillis);
        this.reports = reports;
    }

    private volatile boolean closing;

    /** From now on, a pair whose parent is not made yet ends with NORMAL_SHUTDOWN instead. */
    void closing() {
        closing = true;
    }

    boolean isClosing() {
        return closing;
    }

    boolean isCurrent() {
        return EventLoop.current().orElse(null) == loop;
    }

    /** Queues machinery or a handler call; RejectedExecutionException once closed. */
    void execute(Runnable work) {
        long posted = System.nanoTime();
        loop.execute(() -> {
            queueDelay.record(System.nanoTime() - posted);
            work.run();
        });
    }

    /** Runs {@code work} now, or queues it when called from another thread; false when closed. */
    boolean run(Runnable work) {
        if (isCurrent()) {
            work.run();
            return true;
        }
        try {
            execute(work);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    /** Times one call of a parent actor's code and reports it when slow. */
    <T> T handler(Supplier<String> protocol, Supplier<String> what, HandlerCall<T> call) throws Exception {
        long start = System.nanoTime();
        try {
            return call.run();
        } finally {
            long took = System.nanoTime() - start;
            if (took > slowNanos) {
                reports.println("backgroundtasks: slow actor handler on the background thread: protocol '"
                        + protocol.get() + "', " + what.get() + " took " + TimeUnit.NANOSECONDS.toMillis(took)
                        + " ms (toolkit.backgroundtasks.actors.slowHandlerMs is " + slowMillis
                        + "; queue delay " + queueDelay + "); move blocking work to another executor and "
                        + "complete the returned stage later");
            }
        }
    }

    @FunctionalInterface
    interface HandlerCall<T> {
        T run() throws Exception;
    }

    QueueDelay queueDelay() {
        return queueDelay;
    }

    void close() {
        loop.close();
    }

    /**
     * How long work waited between being queued and starting, in a log-linear histogram (8 steps per
     * power of two): written by the loop's thread only, read approximately from anywhere.
     */
    static final class QueueDelay {
        private static final int STEPS = 8;
        private final long[] counts = new long[64 * STEPS];
        private volatile long total;
        private volatile long max;

        void record(long nanos) {
            long value = Math.max(1, nanos);
            int exponent = 63 - Long.numberOfLeadingZeros(value);
            int step = exponent < 3 ? 0 : (int) ((value >>> (exponent - 3)) & (STEPS - 1));
            counts[exponent * STEPS + step]++;
            total = total + 1;
            if (nanos > max) {
                max = nanos;
            }
        }

        long count() {
            return total;
        }

        long maxNanos() {
            return max;
        }

        /** The delay at or below which {@code fraction} of the work started, in nanoseconds (bucket upper bound). */
        long percentileNanos(double fraction) {
            long all = total;
            if (all == 0) {
                return 0;
            }
            long wanted = (long) Math.ceil(all * fraction);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= wanted) {
                    int exponent = i / STEPS;
                    int step = i % STEPS;
                    if (exponent < 3) {
                        return 1L << (exponent + 1);
                    }
                    return (1L << exponent) + ((long) (step + 1) << (exponent - 3));
                }
            }
            return max;
        }

        @Override
        public String toString() {
            return String.format("p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d", percentileNanos(0.5) / 1e6,
                    percentileNanos(0.99) / 1e6, max / 1e6, total);
        }
    }
}
