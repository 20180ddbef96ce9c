package dev.backgroundtasks.launcher.internal.run;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.LogFormat;
import dev.backgroundtasks.launcher.internal.profile.LayeredPreferences;

/**
 * The Log Service's reader (docs/reference/profiles.md: output): every {@code LogReaderService} that registers in the run's
 * framework, the platform's Felix Log or one a task dropped in, gets a {@code LogListener} that writes each
 * entry through the console, in the format of the platform's own lines.
 *
 * <p>The Log Service API lives in a bundle, not on the launcher's class path, so the listener is a proxy of
 * the interface as that bundle sees it, and entries are read through the specified methods (OSGi
 * Compendium 101, Log Service 1.4). Listeners are called asynchronously; so that nothing is lost at the
 * end, the reader's history (entries newer than the last one written, by sequence number) is written
 * when the reader goes away and before the framework stops.
 */
final class LogBridge implements ServiceListener {
    private static final String READER = "org.osgi.service.log.LogReaderService";

    private final BundleContext system;
    private final Console console;
    private final Map<ServiceReference<?>, Reader> readers = new ConcurrentHashMap<>();

    private LogBridge(BundleContext system, Console console) {
        this.system = system;
        this.console = console;
    }

    /** Listens for readers from now on: cheap, nothing is loaded unless a Log Service starts. */
    static LogBridge open(BundleContext system, Console console) {
        LogBridge bridge = new LogBridge(system, console);
        try {
            system.addServiceListener(bridge, "(objectClass=" + READER + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return bridge;
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        ServiceReference<?> ref = event.getServiceReference();
        if (event.getType() == ServiceEvent.REGISTERED) {
            try {
                readers.put(ref, new Reader(ref));
            } catch (ReflectiveOperationException | RuntimeException e) {
                console.error("the Log Service of " + ref.getBundle().getSymbolicName() + " cannot be read: " + e);
            }
        } else if (event.getType() == ServiceEvent.UNREGISTERING) {
            Reader reader = readers.remove(ref);
            if (reader != null) {
                reader.drain();
            }
        }
    }

    /** Writes what the readers hold and have not delivered yet; called before the framework stops. */
    void drain() {
        for (Reader reader : readers.values()) {
            reader.drain();
        }
    }

    /** One Log Service: its listener, and the sequence number of the last entry written. */
    private final class Reader implements InvocationHandler {
        private final Object service;
        private final Map<Class<?>, Method[]> accessors = new ConcurrentHashMap<>();
        private long lastSequence = -1;

        Reader(ServiceReference<?> ref) throws ReflectiveOperationException {
            this.service = system.getService(ref);
            Class<?> listenerType = ref.getBundle().loadClass("org.osgi.service.log.LogListener");
            Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, this);
            synchronized (this) {
                ComponentDiagnosis.find(service.getClass(), "addLogListener").invoke(service, listener);
                drain();
            }
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "logged" -> write(args[0]);
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "backgroundtasks log listener";
                }
                default -> {
                    // no other method
                }
            }
            return null;
        }

        /** The history holds the newest entries first. */
        synchronized void drain() {
            List<Object> newer = new ArrayList<>();
            try {
                Enumeration<?> log = (Enumeration<?>) ComponentDiagnosis.find(service.getClass(), "getLog").invoke(service);
                while (log.hasMoreElements()) {
                    Object entry = log.nextElement();
                    if (sequence(entry) <= lastSequence) {
                        break;
                    }
                    newer.add(0, entry);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return;
            }
            newer.forEach(this::write);
        }

        private synchronized void write(Object entry) {
            try {
                long sequence = sequence(entry);
                if (sequence <= lastSequence) {
                    return;
                }
                lastSequence = sequence;
                Method[] m = accessors.computeIfAbsent(entry.getClass(), LogBridge::accessors);
                String label = m[0].invoke(entry).toString();
                Bundle bundle = (Bundle) m[1].invoke(entry);
                String logger = (String) m[4].invoke(entry);
                String source = bundle == null || bundle.getSymbolicName() == null ? "?" : bundle.getSymbolicName();
                // the framework's own events (Log Service 1.4, 101.6: loggers Events.Bundle, Events.Service, ...)
                // are INFO by the specification and noise at info: written at debug, unless they report an error
                Console.Level level = levelOf(label);
                if (logger != null && logger.startsWith("Events.") && level == Console.Level.INFO) {
                    level = Console.Level.DEBUG;
                }
                console.entry(level, label, (Long) m[2].invoke(entry), source,
                        logger == null || logger.equals(source) || logger.startsWith("LogService.") ? null : logger,
                        (String) m[3].invoke(entry), (Throwable) m[5].invoke(entry));
            } catch (ReflectiveOperationException | RuntimeException e) {
                console.error("a log entry cannot be read: " + e);
            }
        }

        private long sequence(Object entry) throws ReflectiveOperationException {
            return (Long) accessors.computeIfAbsent(entry.getClass(), LogBridge::accessors)[6].invoke(entry);
        }
    }

    private static Method[] accessors(Class<?> entryClass) {
        try {
            String[] names = {"getLogLevel", "getBundle", "getTime", "getMessage", "getLoggerName", "getException",
                "getSequence"};
            Method[] methods = new Method[names.length];
            for (int i = 0; i < names.length; i++) {
                methods[i] = ComponentDiagnosis.find(entryClass, names[i]);
            }
            return methods;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("not a Log Service 1.4 entry: " + entryClass, e);
        }
    }

    /** AUDIT is written whatever the loglevel; TRACE only at debug. */
    static Console.Level levelOf(String label) {
        return switch (label) {
            case "AUDIT", "ERROR" -> Console.Level.ERROR;
            case "WARN" -> Console.Level.WARN;
            case "INFO" -> Console.Level.INFO;
            default -> Console.Level.DEBUG;
        };
    }

    /**
     * The run's log settings once the preferences are known: the format of every line, JUL and
     * System.Logger through the console, and slf4j-simple (a provider a task may drop in) at the same level.
     */
    static void configure(Console console, LayeredPreferences prefs) {
        console.format(LogFormat.of(prefs.getString(LogFormat.PREFERENCE, "text")));
        installJulConfig();
        String level = console.level().name().toLowerCase(java.util.Locale.ROOT);
        System.setProperty("dev.backgroundtasks.loglevel", level);
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
    }

    /**
     * {@link JulConfig}, named as text: a run that never logs through JUL loads neither it nor JUL's
     * classes (LogBridgeTest holds the name to the class).
     */
    static final String JUL_CONFIG_CLASS = "dev.backgroundtasks.launcher.internal.run.JulConfig";
    private static final String JUL_CONFIG_PROPERTY = "java.util.logging.config.class";

    /** Points JUL at {@link JulConfig} unless the user configured JUL on the command line. */
    private static void installJulConfig() {
        if (System.getProperty(JUL_CONFIG_PROPERTY) == null && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty(JUL_CONFIG_PROPERTY, JUL_CONFIG_CLASS);
        }
    }

    /** logback-classic, when a run installs it, on stderr unless the user named a configuration. */
    static void configureLogback() {
        if (System.getProperty("logback.configurationFile") == null) {
            java.net.URL logback = LogBridge.class.getResource("/dev/backgroundtasks/launcher/logback-stderr.xml");
            if (logback != null) {
                System.setProperty("logback.configurationFile", logback.toString());
            }
        }
    }

    /**
     * The Log Service's settings: its root logger context at the platform's loglevel (so that
     * {@code isDebugEnabled()} answers for the run), and a history large enough to hold what the listener
     * has not delivered when the run ends.
     */
    static void frameworkProperties(Map<String, Object> config, Console.Level level) {
        config.putIfAbsent("org.osgi.service.log.admin.loglevel", level.name());
        config.putIfAbsent("org.apache.felix.log.maxSize", "1000");
        config.putIfAbsent("org.apache.felix.log.storeDebug", Boolean.toString(level == Console.Level.DEBUG));
    }
}
