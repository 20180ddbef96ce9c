package dev.backgroundtasks.api;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The run's shutdown: on every path (completion, exception, timeout, signal) all blockers are called
 * at once while the task's loop still runs, within {@code toolkit.backgroundtasks.shutdownTimeoutSec}.
 */
@ProviderType
public interface Shutdown {
    /**
     * Adds a blocker: shutdown waits for the stage it returns. A blocker that fails or overruns is
     * reported on stderr and never changes the exit code.
     *
     * @throws IllegalStateException once shutdown has begun
     */
    void addBlocker(String name, Supplier<? extends CompletionStage<?>> blocker);

    /** Whether shutdown has begun. */
    boolean isInOrBeyondShutdownPhase();
}
