package dev.backgroundtasks.bench.scheduler;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.backgroundtasks.scheduler.EventLoop;
import dev.backgroundtasks.scheduler.Scheduler;

/**
 * postTask + completion throughput, against a one-thread FIFO ThreadPoolExecutor. Each invocation posts
 * a batch of trivial tasks from the benchmark thread and waits for the last one: the loop (or pool)
 * thread runs them while more arrive, as a producer and a consumer on two cores. One operation is one
 * task posted, run and its future completed.
 */
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@OutputTimeUnit(TimeUnit.SECONDS)
public class ThroughputBenchmark {
    static final int BATCH = 10_000;

    private static final Callable<Integer> TASK = () -> 1;
    private static final Supplier<Integer> SUPPLIER = () -> 1;

    @State(Scope.Benchmark)
    public static class Loop {
        EventLoop loop;
        Scheduler scheduler;

        @Setup(Level.Trial)
        public void start() {
            loop = EventLoop.start("bench-loop");
            scheduler = loop.scheduler();
        }

        @TearDown(Level.Trial)
        public void stop() {
            loop.close();
        }
    }

    @State(Scope.Benchmark)
    public static class FifoExecutor {
        ThreadPoolExecutor executor;

        @Setup(Level.Trial)
        public void start() {
            executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
            executor.prestartCoreThread();
        }

        @TearDown(Level.Trial)
        public void stop() {
            executor.shutdownNow();
        }
    }

    /** The scheduler: {@code postTask}, whose CompletableFuture completes on the loop. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer postTask(Loop state) throws Exception {
        CompletableFuture<Integer> last = null;
        for (int i = 0; i < BATCH; i++) {
            last = state.scheduler.postTask(TASK);
        }
        return last.get();
    }

    /** The baseline of the issue: {@code submit} to a one-thread ThreadPoolExecutor (a FutureTask). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer fifoExecutorSubmit(FifoExecutor state) throws Exception {
        Future<Integer> last = null;
        for (int i = 0; i < BATCH; i++) {
            last = state.executor.submit(TASK);
        }
        return last.get();
    }

    /** The same pool returning a CompletableFuture, like postTask does. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Integer fifoExecutorSupplyAsync(FifoExecutor state) throws Exception {
        CompletableFuture<Integer> last = null;
        for (int i = 0; i < BATCH; i++) {
            last = CompletableFuture.supplyAsync(SUPPLIER, state.executor);
        }
        return last.get();
    }
}
