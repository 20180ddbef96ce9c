package dev.backgroundtasks.testing;

import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link WithInstallation}: one installation per test class, kept in the
 * class's extension store (so JUnit closes it after the class, whatever happened), made current for the
 * threads that run the class's callbacks and tests.
 */
public final class InstallationExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(InstallationExtension.class);
    private static final String INSTALLATION = "installation";
    private static final String PREVIOUS = "previous";
    /** Another key than the class's: a store lookup falls back to the parent contexts' stores. */
    private static final String TEST_INSTALLATION = "test installation";

    /** Inheritable: threads a test starts may run tasks too. */
    private static final InheritableThreadLocal<TaskInstallation> CURRENT = new InheritableThreadLocal<>();

    /** The installation of the test class running on this thread. */
    public static Optional<TaskInstallation> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        enter(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        leave(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        enter(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        leave(context);
    }

    private static void enter(ExtensionContext context) {
        ExtensionContext.Store own = ownStore(context);
        TaskInstallation previous = CURRENT.get();
        if (previous != null) {
            own.put(PREVIOUS, previous);
        }
        CURRENT.set(installation(context));
    }

    private static void leave(ExtensionContext context) {
        TaskInstallation previous = ownStore(context).remove(PREVIOUS, TaskInstallation.class);
        if (previous != null) {
            CURRENT.set(previous);
        } else {
            CURRENT.remove();
        }
    }

    /** A store of this context alone: PREVIOUS must not be found in a parent's. */
    private static ExtensionContext.Store ownStore(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(InstallationExtension.class, context.getUniqueId()));
    }

    /**
     * The class's installation, created on first use; a nested class finds its enclosing class's. With
     * {@link WithInstallation#eachTest()}, in a test, the test's own copy of it.
     */
    private static TaskInstallation installation(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        TaskInstallation shared = classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(INSTALLATION, key -> new Resource(create(testClass)), Resource.class)
                .installation;
        if (context.getTestMethod().isEmpty() || !settings(testClass).map(WithInstallation::eachTest).orElse(false)) {
            return shared;
        }
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(TEST_INSTALLATION, key -> new Resource(shared.copy()), Resource.class)
                .installation;
    }

    private static TaskInstallation create(Class<?> testClass) {
        TaskInstallation installation = TaskInstallation.create();
        if (settings(testClass).map(WithInstallation::testingTasks).orElse(false)) {
            installation.withTestingTasks();
        }
        return installation;
    }

    private static Optional<WithInstallation> settings(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            WithInstallation annotation = c.getAnnotation(WithInstallation.class);
            if (annotation != null) {
                return Optional.of(annotation);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TaskInstallation.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return installation(extensionContext);
    }

    /** Closed by JUnit with the class's context, after its {@code @AfterAll} methods. */
    private static final class Resource implements ExtensionContext.Store.CloseableResource {
        final TaskInstallation installation;

        Resource(TaskInstallation installation) {
            this.installation = installation;
        }

        @Override
        public void close() {
            installation.close();
        }
    }
}
