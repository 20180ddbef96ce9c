package dev.backgroundtasks.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Test support: a log of what ran, in order, and shortcuts for posting work that logs itself. */
final class Recorder {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());

    void add(String entry) {
        log.add(entry);
    }

    List<String> entries() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    Runnable task(String name) {
        return () -> log.add(name);
    }

    Callable<String> callable(String name) {
        return () -> {
            log.add(name);
            return name;
        };
    }

    CompletableFuture<String> post(Scheduler scheduler, String name, TaskPriority priority) {
        return scheduler.postTask(callable(name), PostTaskOptions.defaults().priority(priority));
    }

    CompletableFuture<String> post(Scheduler scheduler, String name, AbortSignal signal) {
        return scheduler.postTask(callable(name), PostTaskOptions.defaults().signal(signal));
    }

    /**
     * The exception a future failed with, as its dependents see it. ({@code join()} and {@code get()}
     * wrap a CancellationException in a new one on recent JDKs, 25 among them.)
     */
    static Throwable failureOf(CompletableFuture<?> future) {
        if (!future.isCompletedExceptionally()) {
            throw new AssertionError("not failed: " + future);
        }
        return future.handle((value, failure) -> failure).join();
    }

    /** Runs {@code body} with this recorder as the calling thread's uncaught-exception handler. */
    void catchingUncaught(Runnable body) {
        Thread thread = Thread.currentThread();
        Thread.UncaughtExceptionHandler previous = thread.getUncaughtExceptionHandler();
        thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            body.run();
        } finally {
            thread.setUncaughtExceptionHandler(previous == thread.getThreadGroup() ? null : previous);
        }
    }
}
