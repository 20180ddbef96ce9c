package dev.backgroundtasks.scheduler;

/** A timer that can still be called off, like {@code clearTimeout}. */
@FunctionalInterface
public interface Cancellable {
    /**
     * Makes sure the timer never runs.
     *
     * @return true if this call stopped it; false if it already ran, is running, or was cancelled before
     */
    boolean cancel();
}
