package dev.backgroundtasks.actors.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executor;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.backgroundtasks.actors.ActorFactory;
import dev.backgroundtasks.actors.Background;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.ChildHandler;
import dev.backgroundtasks.actors.Protocol;
import dev.backgroundtasks.api.FrameworkProperties;

/**
 * The {@link Background} service, in both modes, serving every {@link ActorFactory} service (the
 * whiteboard). Reads the framework properties the launcher sets: {@code dev.backgroundtasks.mode}
 * ({@code normal}: this process is the application and listens on {@code background.sock}),
 * {@code dev.backgroundtasks.runtime.dir}, and the preferences
 * {@code toolkit.backgroundtasks.actors.slowHandlerMs} and {@code toolkit.backgroundtasks.shutdownTimeoutSec}
 * as {@code dev.backgroundtasks.pref.<name>}. Immediate, so that normal mode listens from the start; the
 * background thread itself starts only at the first use.
 */
@Component(service = Background.class, immediate = true)
public final class BackgroundComponent implements Background {
    static final String SLOW_HANDLER_MS = "toolkit.backgroundtasks.actors.slowHandlerMs";
    static final String SHUTDOWN_TIMEOUT_SEC = "toolkit.backgroundtasks.shutdownTimeoutSec";

    static final String FACTORIES = "factories";

    private final LocalBackground background;
    private final boolean application;
    private final long shutdownBudgetMillis;
    private final BundleContext context;
    /** The factory services this component got, to give back when they go or it does. */
    private final java.util.Set<ServiceReference<?>> gotten = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public BackgroundComponent(BundleContext context) {
        this(context, context.getProperty(FrameworkProperties.MODE), context.getProperty(FrameworkProperties.RUNTIME_DIR),
                context.getProperty(FrameworkProperties.PREFERENCE_PREFIX + SLOW_HANDLER_MS),
                context.getProperty(FrameworkProperties.PREFERENCE_PREFIX + SHUTDOWN_TIMEOUT_SEC));
    }

    /** With the framework properties' values (null when unset); {@code context} null outside a framework. */
    BackgroundComponent(BundleContext context, String mode, String runtimeDirectory, String slowHandlerMs,
            String shutdownTimeoutSec) {
        this.context = context;
        this.application = FrameworkProperties.MODE_NORMAL.equals(mode);
        LocalBackground.Options options = LocalBackground.Options.defaults()
                .application(application)
                .slowHandlerMillis(number(slowHandlerMs, 50));
        if (runtimeDirectory != null && !runtimeDirectory.isEmpty()) {
            options = options.runtimeDirectory(Path.of(runtimeDirectory));
        }
        this.background = LocalBackground.create(options);
        // half the shared shutdown budget at most: the rest of the platform shuts down in the same one
        this.shutdownBudgetMillis = Math.min(5_000, number(shutdownTimeoutSec, 10) * 1000 / 2);
    }

    /** After the factories known at activation are bound: normal mode starts listening. */
    @Activate
    void activate() {
        if (!application) {
            return;
        }
        try {
            background.listen();
        } catch (IOException | RuntimeException e) {
            System.err.println("backgroundtasks: the application cannot listen for background tasks' actors: "
                    + e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        background.shutdown(shutdownBudgetMillis);
        for (ServiceReference<?> reference : gotten) {
            if (gotten.remove(reference)) {
                context.ungetService(reference);
            }
        }
    }

    /**
     * The whiteboard. Bound as references and fetched at the first lookup of a protocol: activating this
     * service activates no factory, and a factory component may reference this service itself.
     */
    @Reference(name = FACTORIES, service = ActorFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addFactory(ServiceReference<ActorFactory<?, ?>> reference) {
        background.addFactory(reference, () -> {
            ActorFactory<?, ?> factory = context.getService(reference);
            if (factory != null) {
                gotten.add(reference);
            }
            return factory;
        });
    }

    void removeFactory(ServiceReference<ActorFactory<?, ?>> reference) {
        background.removeFactory(reference);
        if (gotten.remove(reference)) {
            context.ungetService(reference);
        }
    }

    /** Outside a framework (tests): serves a factory object directly. */
    void serve(ActorFactory<?, ?> factory) {
        background.addFactory(factory);
    }

    void withdraw(ActorFactory<?, ?> factory) {
        background.removeFactory(factory);
    }

    private static long number(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed >= 0 ? parsed : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public <P, C> ChildActor<P, C> open(Protocol<P, C> protocol, ChildHandler<C> handler) {
        return background.open(protocol, handler);
    }

    @Override
    public <P, C> ChildActor<P, C> open(Protocol<P, C> protocol, ChildHandler<C> handler, Executor home) {
        return background.open(protocol, handler, home);
    }

    @Override
    public <P, C> ChildActor<P, C> openToApplication(Protocol<P, C> protocol, ChildHandler<C> handler) {
        return background.openToApplication(protocol, handler);
    }

    @Override
    public <P, C> ChildActor<P, C> openToApplication(Protocol<P, C> protocol, ChildHandler<C> handler,
            Executor home) {
        return background.openToApplication(protocol, handler, home);
    }

    @Override
    public boolean isApplicationRunning() {
        return background.isApplicationRunning();
    }
}
