package dev.backgroundtasks.api;

/** The launcher's exit codes: a public API, never changed. Task-specific codes are 11..125. */
public final class ExitCode {
    /** The task's stage completed with 0 or null. */
    public static final int SUCCESS = 0;
    /** The platform failed outside the task: profile locked or not creatable, framework failed. */
    public static final int FAILURE = 1;
    /** No task of that name in any location. */
    public static final int NOT_FOUND = 2;
    /** The task threw, its stage failed, or it completed with a value outside 0..125. */
    public static final int EXCEPTION = 3;
    /** The task's timeout passed. */
    public static final int TIMEOUT = 4;
    /** A bundle declares the task but cannot be installed, resolved or started, or never registers it. */
    public static final int LOAD_FAILED = 5;
    /** An exclusive task whose other instance is running. */
    public static final int ALREADY_RUNNING = 6;
    /** A bad launcher command line. */
    public static final int USAGE = 7;
    /** Codes above this one are task-specific. */
    public static final int LAST_RESERVED = 10;
    /** The highest task-specific code; codes above it come from signals or the JVM. */
    public static final int LAST_TASK_CODE = 125;
    /** Ended by SIGHUP (128 + 1). */
    public static final int SIGHUP = 129;
    /** Ended by SIGINT (128 + 2). */
    public static final int SIGINT = 130;
    /** Ended by SIGTERM (128 + 15): an orderly stop, not a failure of the task. */
    public static final int SIGTERM = 143;

    private static final String[] NAMES = {
        "SUCCESS", "FAILURE", "NOT_FOUND", "EXCEPTION", "TIMEOUT", "LOAD_FAILED", "ALREADY_RUNNING", "USAGE"
    };
    private static final int[] NEVER_RETRYABLE = {NOT_FOUND, LOAD_FAILED, ALREADY_RUNNING, USAGE};

    private ExitCode() {
    }

    /**
     * The name of a code in run history and metrics: the constant's name for 0..7 ({@code SUCCESS},
     * {@code TIMEOUT}, ...), {@code TASK} for 11..125, {@code SIGNAL} for 129, 130 and 143, {@code OTHER} else.
     */
    public static String name(int code) {
        if (code >= 0 && code < NAMES.length) {
            return NAMES[code];
        }
        if (code > LAST_RESERVED && code <= LAST_TASK_CODE) {
            return "TASK";
        }
        if (code == SIGHUP || code == SIGINT || code == SIGTERM) {
            return "SIGNAL";
        }
        return "OTHER";
    }

    /**
     * The codes that running the same task again can never fix: no such task, a bundle that does not
     * load, another instance running, a bad command line. Schedulers and job engines should not retry
     * them; every other non-zero code may succeed on a later run.
     */
    public static int[] neverRetryable() {
        return NEVER_RETRYABLE.clone();
    }

    /** Whether a later run of the same task may end differently: false for 0 and for {@link #neverRetryable()}. */
    public static boolean isRetryable(int code) {
        if (code == SUCCESS) {
            return false;
        }
        for (int never : NEVER_RETRYABLE) {
            if (never == code) {
                return false;
            }
        }
        return true;
    }
}
