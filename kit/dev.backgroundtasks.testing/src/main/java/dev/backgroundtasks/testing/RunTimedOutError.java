package dev.backgroundtasks.testing;

import java.time.Duration;

/**
 * A run outlived its {@link BackgroundTaskRun#timeout}, or the bound of {@link RunningTask#await(Duration)}:
 * the harness stopped it, and the test fails.
 */
public final class RunTimedOutError extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient BackgroundTaskResult partial;

    RunTimedOutError(Duration timeout, BackgroundTaskResult partial) {
        super("the launcher did not exit within " + timeout.toMillis() + " ms and was stopped; " + partial);
        this.partial = partial;
    }

    /** What the run printed before it was stopped, and the exit code the stop gave it. */
    public BackgroundTaskResult partialResult() {
        return partial;
    }
}
