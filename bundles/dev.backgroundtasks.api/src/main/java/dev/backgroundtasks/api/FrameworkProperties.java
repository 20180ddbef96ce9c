package dev.backgroundtasks.api;

/**
 * The framework properties the launcher sets for every run, read by bundles with
 * {@code BundleContext.getProperty(name)}. One name each, shared by the launcher and the bundles.
 */
public final class FrameworkProperties {
    /** {@code background} or {@code normal}; also a service property of the platform's services. */
    public static final String MODE = "dev.backgroundtasks.mode";
    /** The value of {@link #MODE} in background task mode. */
    public static final String MODE_BACKGROUND = "background";
    /** The value of {@link #MODE} in normal mode. */
    public static final String MODE_NORMAL = "normal";
    /** The name of the task this run executes (background task mode only). */
    public static final String TASK = "dev.backgroundtasks.task";
    /** The installation's root folder, absolute. */
    public static final String INSTALLATION = "dev.backgroundtasks.installation";
    /** The installation's hash: the same in every run of one installation, different for two installations. */
    public static final String INSTALLATION_HASH = "dev.backgroundtasks.installation.hash";
    /** The installation's private runtime directory (locks, sockets, indexes). */
    public static final String RUNTIME_DIR = "dev.backgroundtasks.runtime.dir";
    /**
     * The installation's folder of the data directory that holds its run history, {@code history.jsonl}
     * (background task mode only).
     */
    public static final String HISTORY_DIR = "dev.backgroundtasks.history.dir";
    /**
     * The configurations of the installation's {@code conf/} folder, one line each ({@code file: PID {...}}),
     * secret values masked; set only when the folder holds any (the diagnostics task lists them).
     */
    public static final String CONFIGURATIONS = "dev.backgroundtasks.configurations";

    private FrameworkProperties() {
    }
}
