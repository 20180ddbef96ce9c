package dev.backgroundtasks.launcher.internal.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.Phases;

/**
 * One Felix framework of a run, in either mode: created with the run's properties and a private
 * storage, given exactly the bundles the run needs (installed by reference, never copied), started,
 * and stopped within the shutdown budget.
 */
final class FrameworkSession {
    /**
     * Transient: a bundle is never marked to start with the framework, so a reused storage starts nothing
     * on its own and the launcher starts the bundles in order as on a fresh one.
     */
    private static final int START_OPTIONS = Bundle.START_ACTIVATION_POLICY | Bundle.START_TRANSIENT;
    private final Console console;
    private Phases phases;
    private Felix framework;
    private final List<Bundle> installed = new ArrayList<>();
    private LogBridge logs;
    private boolean stopped;
    private boolean stoppedCleanly;

    FrameworkSession(Console console, Phases phases) {
        this.console = console;
        this.phases = phases;
    }

    /** A bundle that cannot be installed, resolved or started, named with the framework's reason. */
    static final class BundleFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BundleFailure(String message) {
            super(message);
        }
    }

    void create(Map<String, String> properties, Path storage) throws BundleException {
        create(properties, FrameworkStorage.fresh(storage));
    }

    /**
     * Creates the framework on {@code storage}: a reused slot keeps its bundle cache (Felix cleans nothing)
     * and a slot of the pool has SCR keep its parsed component metadata; a reused slot that Felix cannot
     * open is cleaned and the run goes on.
     */
    void create(Map<String, String> properties, FrameworkStorage storage) throws BundleException {
        JdkWarnings.quietFelixUnsafeWarning();
        Map<String, Object> config = new HashMap<>(properties);
        config.put(Constants.FRAMEWORK_STORAGE, storage.path().toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, storage.reused()
                ? "none" : Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        if (storage.pooled()) {
            config.put("ds.cache.metadata", "true");
        }
        config.put("felix.log.logger", new FelixLog(console));
        config.put("felix.log.level", FelixLog.felixLevel(console.level()));
        // SCR logs to stdout when no LogService runs, and stdout is the task's: keep it to real problems.
        config.put("ds.loglevel", console.level() == Console.Level.ERROR ? "error" : "warn");
        LogBridge.frameworkProperties(config, console.level());
        framework = new Felix(config);
        try {
            framework.init();
        } catch (BundleException | RuntimeException unreadable) {
            if (!storage.reused()) {
                throw unreadable;
            }
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            framework = new Felix(config);
            framework.init();
        }
        logs = LogBridge.open(framework.getBundleContext(), console);
        phases.end("frameworkInit");
    }

    /**
     * A framework prepared by a warm host ({@link PreparedFramework}) goes on in the phases of the run that
     * adopted it: its creation, install and resolution are done, and end now.
     */
    void handOver(Phases run) {
        phases = run;
        phases.end("frameworkInit");
        phases.end("install");
        phases.end("resolve");
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** Installs each jar by reference; returns the bundles in the same order. */
    List<Bundle> install(List<Path> jars) throws BundleFailure {
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            try {
                Bundle b = context().installBundle("reference:" + jar.toUri());
                bundles.add(b);
                installed.add(b);
            } catch (BundleException e) {
                throw new BundleFailure("bundle " + jar + " cannot be installed: " + e.getMessage());
            }
        }
        phases.end("install");
        return bundles;
    }

    /** Resolves everything installed; the first bundle that does not resolve is reported by start(). */
    boolean resolve() {
        boolean all = framework.adapt(FrameworkWiring.class).resolveBundles(installed);
        phases.end("resolve");
        return all;
    }

    /** Starts the framework and every installed bundle that is not a fragment. */
    void start() throws BundleFailure, BundleException {
        framework.start();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                try {
                    bundle.start(START_OPTIONS);
                } catch (BundleException e) {
                    throw new BundleFailure(describe(bundle) + " cannot be started: " + e.getMessage());
                }
            }
        }
        phases.end("start");
    }

    /** Starts the framework and SCR only: what a warm host prepares before the run's own bundles start. */
    void startFrameworkAndScr() throws BundleException {
        framework.start();
        for (Bundle bundle : installed) {
            if (StorageSlots.SCR.equals(bundle.getSymbolicName())) {
                bundle.start(START_OPTIONS);
            }
        }
    }

    /** The bundles the launcher installed, in install order. */
    List<Bundle> installed() {
        return List.copyOf(installed);
    }

    /** Starts installed bundles in order, reporting each failure and going on (normal mode). */
    List<String> startAll() throws BundleException {
        framework.start();
        List<String> failures = new ArrayList<>();
        for (Bundle bundle : installed) {
            if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                try {
                    bundle.start(START_OPTIONS);
                } catch (BundleException e) {
                    failures.add(describe(bundle) + " cannot be started: " + e.getMessage());
                }
            }
        }
        phases.end("start");
        return failures;
    }

    boolean isCreated() {
        return framework != null;
    }

    /** Stops the framework, waiting until the deadline at most; once. */
    void stop(long deadlineNanos) {
        if (framework == null || stopped) {
            return;
        }
        stopped = true;
        try {
            if (logs != null) {
                logs.drain();
            }
            framework.stop();
            stoppedCleanly = framework.waitForStop(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L))
                    .getType() == FrameworkEvent.STOPPED;
        } catch (BundleException | InterruptedException | RuntimeException e) {
            console.error("the framework did not stop cleanly: " + e);
        }
    }

    /** Whether {@link #stop} saw the framework stop within its deadline. */
    boolean stoppedCleanly() {
        return stoppedCleanly;
    }

    /** The ids of the bundles the launcher installed. */
    Set<Long> installedIds() {
        Set<Long> ids = new HashSet<>();
        for (Bundle bundle : installed) {
            ids.add(bundle.getBundleId());
        }
        return ids;
    }

    /** The id of the installed SCR bundle, or -1. */
    long scrId() {
        for (Bundle bundle : installed) {
            if (StorageSlots.SCR.equals(bundle.getSymbolicName())) {
                return bundle.getBundleId();
            }
        }
        return -1;
    }

    static String describe(Bundle bundle) {
        String location = bundle.getLocation();
        try {
            location = Path.of(java.net.URI.create(location.replaceFirst("^reference:", ""))).toString();
        } catch (IllegalArgumentException notAFileUri) { // "System Bundle", or a location that is no reference:file: URI
            // keep the location as it is
        }
        return "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + location + ")";
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
