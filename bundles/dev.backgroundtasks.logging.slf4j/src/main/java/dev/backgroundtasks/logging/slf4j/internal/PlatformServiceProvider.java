package dev.backgroundtasks.logging.slf4j.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The provider slf4j-api finds through {@code ServiceLoader} in its own class loader (this fragment's
 * {@code META-INF/services}). A provider a task drops in wins (slf4j's rule: an explicit binding beats the
 * default); otherwise loggers forward to the OSGi Log Service, whose entries the platform writes to stderr.
 */
public final class PlatformServiceProvider implements SLF4JServiceProvider {
    private SLF4JServiceProvider droppedIn;
    private ILoggerFactory loggerFactory;
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return droppedIn != null ? droppedIn.getLoggerFactory() : loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return droppedIn != null ? droppedIn.getMarkerFactory() : markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return droppedIn != null ? droppedIn.getMDCAdapter() : mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        Bundle slf4j = FrameworkUtil.getBundle(PlatformServiceProvider.class);
        droppedIn = DroppedInProviders.first(slf4j);
        if (droppedIn != null) {
            droppedIn.initialize();
        } else {
            loggerFactory = new LogServiceLoggerFactory(slf4j, PlatformServiceProvider.class.getClassLoader());
        }
    }
}
