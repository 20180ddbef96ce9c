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

    private ExitCode() {
    }
}
