package dev.backgroundtasks.task.deploy.internal;

import dev.backgroundtasks.api.Preferences;

/**
 * The platform's time limits a run gets (docs/reference/preferences.md): the default timeout of tasks that declare
 * none, and the shutdown budget after which the process halts whatever its threads do.
 */
record RunLimits(long defaultTimeoutSec, long shutdownBudgetSec) {
    static final String DEFAULT_TIMEOUT_PREF = "toolkit.backgroundtasks.defaultTimeoutSec";
    static final int DEFAULT_TIMEOUT_SEC = 600;
    static final String SHUTDOWN_BUDGET_PREF = "toolkit.backgroundtasks.shutdownTimeoutSec";
    static final int DEFAULT_SHUTDOWN_BUDGET_SEC = 10;
    /** Seconds between the end of the shutdown budget and an engine's SIGKILL: the JVM's own exit. */
    static final int GRACE_MARGIN_SEC = 5;

    /** The limits this installation's preferences give; a value below 1 falls back to the default. */
    static RunLimits of(Preferences preferences) {
        return new RunLimits(positive(preferences.getInt(DEFAULT_TIMEOUT_PREF, DEFAULT_TIMEOUT_SEC), DEFAULT_TIMEOUT_SEC),
                positive(preferences.getInt(SHUTDOWN_BUDGET_PREF, DEFAULT_SHUTDOWN_BUDGET_SEC), DEFAULT_SHUTDOWN_BUDGET_SEC));
    }

    /** The task's timeout: its own, else the default. */
    long timeoutSec(TaskDeclaration task) {
        return task.timeoutSec() > 0 ? task.timeoutSec() : defaultTimeoutSec;
    }

    /** By then the launcher has ended by itself: the timeout, then at most the shutdown budget. */
    long deadlineSec(TaskDeclaration task) {
        return timeoutSec(task) + shutdownBudgetSec;
    }

    /** How long a stopped run needs between SIGTERM and SIGKILL: the shutdown budget and a margin. */
    long gracePeriodSec() {
        return shutdownBudgetSec + GRACE_MARGIN_SEC;
    }

    private static long positive(int value, int fallback) {
        return value > 0 ? value : fallback;
    }
}
