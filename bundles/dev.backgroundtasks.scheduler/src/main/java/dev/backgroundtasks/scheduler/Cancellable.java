package dev.backgroundtasks.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/** A timer that can still be called off, like {@code clearTimeout}; returned by {@link EventLoop#schedule}. */
@ProviderType
public interface Cancellable {
    /**
     * Makes sure the timer never runs. May be called from any thread.
     *
     * @return true if this call stopped it; false if it already ran, is running, or was cancelled before
     */
    boolean cancel();
}
