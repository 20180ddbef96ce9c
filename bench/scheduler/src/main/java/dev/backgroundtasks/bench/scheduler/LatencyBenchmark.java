package dev.backgroundtasks.bench.scheduler;

import java.util.concurrent.Callable;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.backgroundtasks.scheduler.EventLoop;
import dev.backgroundtasks.scheduler.PostTaskOptions;
import dev.backgroundtasks.scheduler.Scheduler;
import dev.backgroundtasks.scheduler.TaskPriority;

/**
 * Latency of a user-blocking task posted behind a backlog of queued background tasks, against a
 * one-thread ThreadPoolExecutor on a PriorityBlockingQueue. Each background task posts itself again
 * when it runs, so the backlog stays at {@code backlog} tasks and the loop is never idle. A sample is
 * the time from posting the user-blocking task to the benchmark thread seeing that it ran (it spins on
 * a volatile flag: no park/unpark in the measurement).
 */
@BenchmarkMode(Mode.SampleTime)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LatencyBenchmark {
    private static final PostTaskOptions BACKGROUND = PostTaskOptions.defaults().priority(TaskPriority.BACKGROUND);
    private static final PostTaskOptions USER_BLOCKING = PostTaskOptions.defaults().priority(TaskPriority.USER_BLOCKING);

    /** A user-blocking task that raises a flag the benchmark thread spins on. */
    static final class Flag implements Callable<Void>, Runnable {
        volatile boolean ran;

        @Override
        public Void call() {
            ran = true;
            return null;
        }

        @Override
        public void run() {
            ran = true;
        }

        void await() {
            while (!ran) {
                Thread.onSpinWait();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class LoopBacklog {
        @Param({"1000", "100000", "1000000"})
        int backlog;

        EventLoop loop;
        Scheduler scheduler;

        @Setup(Level.Trial)
        public void start() {
            loop = EventLoop.start("bench-loop");
            scheduler = loop.scheduler();
            Callable<Void> background = new Callable<>() {
                @Override
                public Void call() {
                    scheduler.postTask(this, BACKGROUND);
                    return null;
                }
            };
            for (int i = 0; i < backlog; i++) {
                scheduler.postTask(background, BACKGROUND);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            loop.close();
        }
    }

    @State(Scope.Benchmark)
    public static class PriorityExecutorBacklog {
        @Param({"1000", "100000", "1000000"})
        int backlog;

        ThreadPoolExecutor executor;
        final AtomicLong sequence = new AtomicLong();

        /** Priority first, then FIFO by a sequence number, as the PriorityBlockingQueue needs it. */
        final class PrioritizedTask implements Runnable, Comparable<PrioritizedTask> {
            final int priority; // 0 is the highest
            final long order = sequence.getAndIncrement();
            final Runnable body;

            PrioritizedTask(int priority, Runnable body) {
                this.priority = priority;
                this.body = body;
            }

            @Override
            public void run() {
                body.run();
            }

            @Override
            public int compareTo(PrioritizedTask other) {
                return priority != other.priority ? Integer.compare(priority, other.priority)
                        : Long.compare(order, other.order);
            }
        }

        void execute(int priority, Runnable body) {
            executor.execute(new PrioritizedTask(priority, body));
        }

        @Setup(Level.Trial)
        public void start() {
            executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>());
            executor.prestartCoreThread(); // so that every execute goes through the queue
            Runnable background = new Runnable() {
                @Override
                public void run() {
                    execute(2, this);
                }
            };
            for (int i = 0; i < backlog; i++) {
                execute(2, background);
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            executor.shutdownNow();
        }
    }

    @Benchmark
    public void postTaskUserBlocking(LoopBacklog state) {
        Flag flag = new Flag();
        state.scheduler.postTask(flag, USER_BLOCKING);
        flag.await();
    }

    @Benchmark
    public void priorityExecutorUserBlocking(PriorityExecutorBacklog state) {
        Flag flag = new Flag();
        state.execute(0, flag);
        flag.await();
    }
}
