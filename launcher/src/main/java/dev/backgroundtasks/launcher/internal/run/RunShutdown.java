package dev.backgroundtasks.launcher.internal.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.backgroundtasks.api.Shutdown;

import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.Phases;

/**
 * Shutdown blockers (docs/reference/exit-codes.md: shutdown order and budget): all called at once on a platform thread while the task's
 * loop still runs; the run waits for them within its budget. A blocker that fails or overruns is
 * reported and never changes the exit code.
 */
final class RunShutdown implements Shutdown {
    /** How much longer than the budget the run waits for its framework: the watchdog acts first. */
    private static final long WATCHDOG_FIRST_NANOS = 2_000_000_000L;

    private final Console console;
    private final Map<String, Supplier<? extends CompletionStage<?>>> blockers = new LinkedHashMap<>();
    private volatile boolean shuttingDown;

    RunShutdown(Console console) {
        this.console = console;
    }

    @Override
    public synchronized void addBlocker(String name, Supplier<? extends CompletionStage<?>> blocker) {
        if (shuttingDown) {
            throw new IllegalStateException("shutdown has begun: blocker '" + name + "' comes too late");
        }
        String key = name;
        for (int i = 2; blockers.containsKey(key); i++) {
            key = name + " #" + i;
        }
        blockers.put(key, java.util.Objects.requireNonNull(blocker, "blocker"));
    }

    @Override
    public boolean isInOrBeyondShutdownPhase() {
        return shuttingDown;
    }

    /** Enters the shutdown phase: from now on addBlocker throws. */
    synchronized void begin() {
        shuttingDown = true;
    }

    /**
     * Ends a run of either mode with {@code code}: the watchdog armed for the budget, then {@link #sequence};
     * the phase {@code shutdown} ends with it.
     */
    int shutDown(Watchdog watchdog, Categories categories, dev.backgroundtasks.scheduler.EventLoop loop,
            FrameworkSession session, GraphReport graph, long budgetNanos, Phases phases, int code) {
        long deadline = System.nanoTime() + budgetNanos;
        watchdog.arm(deadline, code, "shutdown did not finish within " + budgetNanos / 1_000_000_000L + " s");
        sequence(categories, loop, session, graph, deadline);
        phases.end("shutdown");
        return code;
    }

    /**
     * The shutdown sequence of both modes (docs/reference/exit-codes.md): quit-application observers, every
     * blocker at once while the loop (if any) still runs, the loop, the graph report's capture while the
     * framework still runs, then the framework; all before the deadline.
     */
    void sequence(Categories categories, dev.backgroundtasks.scheduler.EventLoop loop, FrameworkSession session,
            GraphReport graph, long deadlineNanos) {
        begin();
        if (categories != null) {
            categories.fire(Categories.QUIT_APPLICATION, null);
        }
        runBlockers(deadlineNanos);
        if (loop != null) {
            loop.close();
        }
        if (graph != null && session.isCreated()) {
            try {
                graph.capture(session.context(), categories == null ? List.of() : categories.notified());
            } catch (RuntimeException e) {
                console.error("the graph report could not be captured: " + e);
            }
        }
        // the watchdog, armed for the deadline, ends a stop that overruns it; waiting a little longer here keeps
        // this thread from racing it to a normal exit (which could cut its line and its halt short)
        session.stop(deadlineNanos + WATCHDOG_FIRST_NANOS);
    }

    /** Calls every blocker at once on a new platform thread and waits for all until the deadline. */
    void runBlockers(long deadlineNanos) {
        Map<String, Supplier<? extends CompletionStage<?>>> snapshot;
        synchronized (this) {
            snapshot = new LinkedHashMap<>(blockers);
        }
        if (snapshot.isEmpty()) {
            return;
        }
        Map<String, CompletableFuture<Object>> pending = new LinkedHashMap<>();
        snapshot.keySet().forEach(name -> pending.put(name, new CompletableFuture<>()));
        Thread caller = new Thread(() -> snapshot.forEach((name, supplier) -> {
            CompletableFuture<Object> done = pending.get(name);
            try {
                CompletionStage<?> stage = supplier.get();
                if (stage == null) {
                    done.complete(null);
                } else {
                    stage.whenComplete((v, t) -> {
                        if (t != null) {
                            done.completeExceptionally(t);
                        } else {
                            done.complete(v);
                        }
                    });
                }
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }), "backgroundtasks-shutdown-blockers");
        caller.setDaemon(true);
        caller.start();
        List<String> overran = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Object>> e : pending.entrySet()) {
            long left = deadlineNanos - System.nanoTime();
            try {
                e.getValue().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException timeout) {
                overran.add(e.getKey());
            } catch (java.util.concurrent.ExecutionException failed) {
                console.warnAlways("shutdown blocker '" + e.getKey() + "' failed: " + failed.getCause());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (String name : overran) {
            console.warnAlways("shutdown blocker '" + name + "' did not finish within the shutdown budget");
        }
    }
}
