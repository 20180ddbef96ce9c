package dev.backgroundtasks.api;

/**
 * The framework properties the launcher sets for every run, read by bundles with
 * {@code BundleContext.getProperty(name)}, and the names their values share (the runtime directory's
 * socket, the system bundle's packages). One name each, shared by the launcher, the bundles and the
 * testing kit.
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
    /**
     * What the launcher did with the installation's staged update at the start of this run: the
     * {@link UpdateStatus#name() name} of an {@link UpdateStatus}; read it with {@link UpdateStatus#of}.
     */
    public static final String UPDATE_STATUS = "dev.backgroundtasks.updates.status";
    /** The same as {@link #UPDATE_STATUS} in words, for people: {@code applied 2.0}, {@code nothing staged}. */
    public static final String UPDATE_DETAIL = "dev.backgroundtasks.updates.detail";
    /**
     * Firefox's reason why updates were not processed ({@code NotAnUpdatingTask}, {@code OtherInstanceRunning},
     * empty when processed); set only under the launcher's {@code --test-should-not-process-updates}.
     */
    public static final String UPDATE_NOT_PROCESSED_REASON = "dev.backgroundtasks.updates.notProcessedReason";
    /**
     * The prefix of the preferences that bundles outside the task need before any service exists (the
     * actors' component): {@code PREFERENCE_PREFIX + name} holds the preference's value.
     */
    public static final String PREFERENCE_PREFIX = "dev.backgroundtasks.pref.";
    /**
     * The file name, in {@link #RUNTIME_DIR}, of the Unix domain socket on which the normal-mode
     * application listens for background tasks' actors.
     */
    public static final String APPLICATION_SOCKET = "background.sock";
    /** The API package, which the system bundle exports from the launcher's class path. */
    public static final String API_PACKAGE = "dev.backgroundtasks.api";
    /** The scheduler package, which the system bundle exports from the launcher's class path. */
    public static final String SCHEDULER_PACKAGE = "dev.backgroundtasks.scheduler";
    /**
     * The JDK package the system bundle exports besides the platform's ({@code jdk.net}: the actors read
     * a socket peer's credentials with it); {@code org.osgi.framework.system.packages.extra} holds
     * {@link #API_PACKAGE} and {@link #SCHEDULER_PACKAGE} at their versions, then this.
     */
    public static final String JDK_NET_PACKAGE = "jdk.net";

    private FrameworkProperties() {
    }
}
