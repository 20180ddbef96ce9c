package dev.backgroundtasks.testing.framework;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.EventLoop;
import dev.backgroundtasks.taskloader.internal.TaskClassLoader;
import dev.backgroundtasks.testing.unit.TestTaskContext;

/**
 * Runs a task registered in the test's framework the way the launcher runs it: the
 * {@code BackgroundTask} service with that {@code dev.backgroundtasks.task.name}, called on a new event
 * loop with a {@link TaskContext}, the stage's value being the exit code; then its shutdown blockers,
 * all at once, and the loop closed. For in-framework tests of a task's wiring and logic; the black-box
 * harness ({@code BackgroundTaskRun}) covers the launcher, profiles and the process.
 *
 * <pre>{@code
 * assertEquals(0, FrameworkTaskRun.task("cleanup").args(dir.toString()).run(bundleContext));
 * }</pre>
 *
 * <p>The context has verbatim arguments with nsICommandLine's flag methods, in-memory preferences (those
 * given with {@link #pref}, and what the task sets: {@link #preferences()}), and an ephemeral profile: a
 * new temporary folder removed afterwards, unless {@link #profile} names one. Runs from the test probe:
 * the platform option exports this package from the class path.
 */
public final class FrameworkTaskRun {
    /** How long to wait for the task's service, and then for its stage, unless {@link #timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, Object> preferences = new LinkedHashMap<>();
    private Path profile;
    private Duration timeout = DEFAULT_TIMEOUT;

    private FrameworkTaskRun(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public static FrameworkTaskRun task(String name) {
        return new FrameworkTaskRun(name);
    }

    public FrameworkTaskRun args(String... more) {
        arguments.addAll(Arrays.asList(more));
        return this;
    }

    /** A preference the task reads: an Integer, a Boolean or a String. */
    public FrameworkTaskRun pref(String preference, Object value) {
        preferences.put(preference, TestTaskContext.checkedPreference(value));
        return this;
    }

    /** The profile directory the task gets (not ephemeral, not removed). */
    public FrameworkTaskRun profile(Path directory) {
        this.profile = directory;
        return this;
    }

    public FrameworkTaskRun timeout(Duration duration) {
        this.timeout = duration;
        return this;
    }

    /** The preferences after the run: those given and those the task set. */
    public synchronized Map<String, Object> preferences() {
        return Map.copyOf(preferences);
    }

    /**
     * Runs the task and returns its exit code as the launcher computes it: the stage's value, 0 for null,
     * {@link ExitCode#EXCEPTION} for a null stage or a value outside 0..125. A task that throws, or whose
     * stage fails, throws here with its cause, for the test to show.
     */
    public int run(BundleContext context) throws Exception {
        ServiceReference<BackgroundTask> reference = awaitService(context, name, timeout);
        BackgroundTask task = context.getService(reference);
        if (task == null) {
            throw new IllegalStateException("the service of task " + name + " went away");
        }
        Path directory = profile != null ? profile : Files.createTempDirectory("BackgroundTask-framework-" + name);
        TestTaskContext taskContext = new TestTaskContext(name, arguments).profile(directory, profile == null);
        preferences.forEach(taskContext::pref);
        try (EventLoop loop = EventLoop.start("task " + name)) {
            taskContext.scheduler(loop.scheduler());
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            ClassLoader taskLoader = new TaskClassLoader(reference.getBundle());
            loop.execute(() -> {
                // what the task bundle sees, as the launcher gives it, never the test's class path, as the
                // thread's context class loader: code that works only because of the class path fails here
                // as in an installation
                Thread.currentThread().setContextClassLoader(taskLoader);
                try {
                    CompletionStage<Integer> stage = task.run(taskContext);
                    if (stage == null) {
                        exit.complete(ExitCode.EXCEPTION);
                    } else {
                        stage.whenComplete((code, failure) -> {
                            if (failure != null) {
                                exit.completeExceptionally(failure);
                            } else {
                                exit.complete(code);
                            }
                        });
                    }
                } catch (Exception | Error e) {
                    exit.completeExceptionally(e);
                }
            });
            Integer code;
            try {
                code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                throw new TimeoutException("task " + name + " did not complete within " + timeout.toMillis() + " ms");
            } finally {
                shutDown(taskContext, timeout);
                synchronized (this) {
                    preferences.putAll(taskContext.preferenceValues());
                }
            }
            if (code == null) {
                return ExitCode.SUCCESS;
            }
            return code < 0 || code > 125 ? ExitCode.EXCEPTION : code;
        } finally {
            context.ungetService(reference);
            if (profile == null) {
                remove(directory);
            }
        }
    }

    /** Waits for the task service of that name and returns its reference, without activating it. */
    public static ServiceReference<BackgroundTask> awaitService(BundleContext context, String name, Duration bound)
            throws InterruptedException {
        ServiceTracker<BackgroundTask, ServiceReference<BackgroundTask>> tracker =
                new ServiceTracker<>(context, filter(name), null) {
                    @Override
                    public ServiceReference<BackgroundTask> addingService(ServiceReference<BackgroundTask> reference) {
                        return reference; // getService would activate the delayed component
                    }
                };
        tracker.open();
        try {
            ServiceReference<BackgroundTask> reference = tracker.waitForService(bound.toMillis());
            if (reference == null) {
                throw new AssertionError("no BackgroundTask service named " + name + " within " + bound.toMillis()
                        + " ms: is the task bundle installed and started, and are its references satisfied?");
            }
            return reference;
        } finally {
            tracker.close();
        }
    }

    /**
     * Waits until {@code condition} gives a value, and returns it: for a state of the framework that no
     * single service says, such as a task's component as SCR's {@code ServiceComponentRuntime} DTOs
     * describe it. The condition is asked now, then again after every bundle and service event (SCR
     * raises its service's {@code service.changecount} when a component changes), never on a timer.
     *
     * <pre>{@code
     * ComponentConfigurationDTO waiting = FrameworkTaskRun.await(context, "droptask waits for its Greeter",
     *         FrameworkTaskRun.DEFAULT_TIMEOUT, () -> configurations(scr, bundle, "droptask").stream()
     *                 .filter(c -> c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE).findFirst());
     * }</pre>
     *
     * @throws AssertionError naming {@code what} when the bound passes first
     */
    public static <T> T await(BundleContext context, String what, Duration bound, Supplier<Optional<T>> condition)
            throws InterruptedException {
        Semaphore events = new Semaphore(0);
        ServiceListener services = event -> events.release();
        BundleListener bundles = event -> events.release();
        context.addServiceListener(services);
        context.addBundleListener(bundles);
        try {
            long deadline = System.nanoTime() + bound.toNanos();
            while (true) {
                events.drainPermits(); // an event from now on asks again
                Optional<T> value = condition.get();
                if (value.isPresent()) {
                    return value.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !events.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    throw new AssertionError("not within " + bound.toMillis() + " ms: " + what);
                }
            }
        } finally {
            context.removeBundleListener(bundles);
            context.removeServiceListener(services);
        }
    }

    private static Filter filter(String name) {
        try {
            return FrameworkUtil.createFilter("(&(objectClass=" + BackgroundTask.class.getName() + ")("
                    + TaskDefinition.PREFIX_ + "name=" + name + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("task name " + name, e);
        }
    }

    /** Shutdown blockers, called all at once after the stage; as the platform does, a failure or overrun is only reported. */
    private static void shutDown(TestTaskContext context, Duration bound) {
        try {
            context.shutDown().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("a shutdown blocker failed or overran: " + e);
        }
    }

    private static void remove(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
