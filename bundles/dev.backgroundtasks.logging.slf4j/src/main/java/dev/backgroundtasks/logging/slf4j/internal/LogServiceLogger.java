package dev.backgroundtasks.logging.slf4j.internal;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One SLF4J logger: its level checks and entries go to the OSGi logger of the same name and bundle. */
final class LogServiceLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient Bundle bundle;
    private final transient LogServiceLoggerFactory factory;
    private transient volatile org.osgi.service.log.Logger osgi;

    LogServiceLogger(String name, Bundle bundle, LogServiceLoggerFactory factory) {
        this.name = name;
        this.bundle = bundle;
        this.factory = factory;
    }

    private org.osgi.service.log.Logger osgi() {
        org.osgi.service.log.Logger logger = osgi;
        if (logger == null) {
            LoggerFactory f = factory.loggerFactory();
            if (f != null) {
                logger = f.getLogger(bundle, name, org.osgi.service.log.Logger.class);
                osgi = logger;
            }
        }
        return logger;
    }

    @Override
    public boolean isTraceEnabled() {
        org.osgi.service.log.Logger l = osgi();
        return l != null && l.isTraceEnabled();
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        org.osgi.service.log.Logger l = osgi();
        return l != null && l.isDebugEnabled();
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        org.osgi.service.log.Logger l = osgi();
        return l != null && l.isInfoEnabled();
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        org.osgi.service.log.Logger l = osgi();
        return l == null || l.isWarnEnabled();
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        org.osgi.service.log.Logger l = osgi();
        return l == null || l.isErrorEnabled();
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    /** The message is formatted here; the OSGi logger gets it as the one argument of "{}", never re-formatted. */
    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        org.osgi.service.log.Logger l = osgi();
        if (l == null) {
            // no Log Service (yet): the entry is not lost, it goes where the platform's lines go
            System.err.println(level + " " + bundle.getSymbolicName() + ": " + message);
            if (throwable != null) {
                throwable.printStackTrace();
            }
            return;
        }
        Object[] args = throwable == null ? new Object[] {message} : new Object[] {message, throwable};
        switch (level) {
            case TRACE -> l.trace("{}", args);
            case DEBUG -> l.debug("{}", args);
            case INFO -> l.info("{}", args);
            case WARN -> l.warn("{}", args);
            default -> l.error("{}", args);
        }
    }
}
