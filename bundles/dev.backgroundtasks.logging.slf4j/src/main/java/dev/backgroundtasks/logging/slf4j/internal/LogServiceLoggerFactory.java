package dev.backgroundtasks.logging.slf4j.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * SLF4J loggers that forward to the OSGi Log Service, each attributed to the bundle whose code asked for
 * it (so that the platform's line names the task's bundle, not slf4j's).
 */
final class LogServiceLoggerFactory implements ILoggerFactory {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final Bundle slf4j;
    private final ClassLoader slf4jLoader;
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private volatile ServiceTracker<LoggerFactory, LoggerFactory> tracker;

    LogServiceLoggerFactory(Bundle slf4j, ClassLoader slf4jLoader) {
        this.slf4j = slf4j;
        this.slf4jLoader = slf4jLoader;
    }

    @Override
    public Logger getLogger(String name) {
        Bundle caller = WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> c.getClassLoader() != slf4jLoader).findFirst()
                .map(FrameworkUtil::getBundle).orElse(null));
        Bundle owner = caller != null ? caller : slf4j;
        return loggers.computeIfAbsent(owner.getBundleId() + "/" + name, k -> new LogServiceLogger(name, owner, this));
    }

    /** The Log Service's logger factory, or null while there is none (slf4j-api not started yet). */
    LoggerFactory loggerFactory() {
        ServiceTracker<LoggerFactory, LoggerFactory> t = tracker;
        if (t == null) {
            synchronized (this) {
                BundleContext context = slf4j.getBundleContext();
                if (tracker == null && context != null) {
                    t = new ServiceTracker<>(context, LoggerFactory.class, null);
                    t.open();
                    tracker = t;
                }
                t = tracker;
            }
        }
        return t == null ? null : t.getService();
    }
}
