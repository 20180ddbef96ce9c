package dev.backgroundtasks.launcher.internal.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.EventLoop;
import dev.backgroundtasks.taskloader.internal.TaskClassLoader;

import dev.backgroundtasks.launcher.internal.lookup.BundleManifest;
import dev.backgroundtasks.launcher.internal.lookup.TaskLookup;
import dev.backgroundtasks.launcher.internal.output.Console;
import dev.backgroundtasks.launcher.internal.output.Phases;

/**
 * One task run inside Felix: install the closure, start it, fire the background categories, wait for
 * the task's service, call {@code run()} on the task's event loop, end at completion (after the
 * minimum runtime), timeout or signal, and shut down within the budget.
 */
final class TaskRun {
    /** The task's service must register within this long of the start (docs/reference/lookup.md). */
    static final long SERVICE_WAIT_MS = 5_000;

    /** How long a run waits for its task and for shutdown; unbounded under a debugger. */
    record Limits(long timeoutMs, long minRuntimeMs, long shutdownBudgetMs, boolean unbounded) {
    }

    /** Builds the TaskContext once the loop exists. */
    interface TaskContextFactory {
        RunContext create(EventLoop loop, RunShutdown shutdown);
    }

    /** Registers the platform's services (BackgroundTasksRunner, DefaultProfile, ...) in the framework. */
    interface PlatformServices {
        void register(BundleContext systemContext, RunShutdown shutdown);
    }

    private final Console console;
    private final TaskLookup.TaskDeclaration task;
    private final List<BundleManifest> closure;
    private final Map<String, String> frameworkProperties;
    private final Limits limits;
    private final Watchdog watchdog;
    private final RunShutdown shutdown;
    private final CompletableFuture<Integer> ending = new CompletableFuture<>();
    private final TaskContextFactory contexts;
    private final PlatformServices services;
    private final Phases phases;
    private final GraphReport graph;

    TaskRun(Console console, TaskLookup.TaskDeclaration task, List<BundleManifest> closure,
            Map<String, String> frameworkProperties, Limits limits, Watchdog watchdog, TaskContextFactory contexts,
            PlatformServices services, Phases phases, GraphReport graph) {
        this.console = console;
        this.task = task;
        this.closure = closure;
        this.frameworkProperties = frameworkProperties;
        this.limits = limits;
        this.watchdog = watchdog;
        this.shutdown = new RunShutdown(console);
        this.contexts = contexts;
        this.services = services;
        this.phases = phases;
        this.graph = graph;
    }

    /** A signal ends the run in order with 128 + its number; the watchdog bounds the whole shutdown. */
    void signal(int exitCode, String name) {
        if (ending.complete(exitCode)) {
            console.info("received SIG" + name + ", shutting down");
            watchdog.afterSignal(exitCode, name, limits.shutdownBudgetMs());
        }
    }

    /** Installs and resolves the closure without starting anything ({@code --detach}): null, or why not. */
    static String checkResolves(Console console, List<BundleManifest> closure, Map<String, String> properties,
            Path storage, Phases phases) {
        FrameworkSession session = new FrameworkSession(console, phases);
        try {
            session.create(properties, storage);
            List<Path> jars = new ArrayList<>();
            closure.forEach(b -> jars.add(b.file()));
            List<Bundle> bundles = session.install(jars);
            if (session.resolve()) {
                return null;
            }
            for (Bundle b : bundles) {
                if (b.getState() == Bundle.INSTALLED && b.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                    try {
                        // loading a class makes Felix resolve the bundle and say why it cannot, without starting it
                        b.loadClass("dev.backgroundtasks.launcher.ResolveProbe");
                    } catch (ClassNotFoundException e) {
                        String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
                        return FrameworkSession.describe(b) + " cannot be resolved: " + why;
                    }
                    return FrameworkSession.describe(b) + " cannot be resolved";
                }
            }
            return null;
        } catch (FrameworkSession.BundleFailure e) {
            return e.getMessage();
        } catch (BundleException | RuntimeException e) {
            return "the framework failed: " + e.getMessage();
        } finally {
            session.stop(System.nanoTime() + 5_000_000_000L);
        }
    }

    /**
     * Runs the task in {@code session}: a framework not yet created, made on {@code storage}, or one a warm
     * host prepared with this run's closure installed and resolved ({@link PreparedFramework}).
     */
    int run(FrameworkSession session, FrameworkStorage storage) {
        Categories categories = null;
        EventLoop loop = null;
        int code;
        try {
            boolean prepared = session.isCreated();
            if (!prepared) {
                session.create(frameworkProperties, storage);
            }
            BundleContext context = session.context();
            services.register(context, shutdown);
            List<Bundle> bundles;
            if (prepared) {
                bundles = session.installed();
            } else {
                List<Path> jars = new ArrayList<>();
                closure.forEach(b -> jars.add(b.file()));
                bundles = session.install(jars);
                session.resolve();
            }
            Bundle taskBundle = bundles.get(closure.indexOf(task.bundle()));
            ServiceWaiter waiter = new ServiceWaiter(context, taskBundle, task.name());
            long serviceDeadline = System.nanoTime() + SERVICE_WAIT_MS * 1_000_000L;
            session.start();
            if (!waiter.isRegistered()) {
                // only a task whose service did not come with the start can lack its configuration (REQUIRE)
                String unconfigured = ComponentDiagnosis.missingConfiguration(context, taskBundle, task.name(),
                        Path.of(frameworkProperties.getOrDefault(FrameworkProperties.INSTALLATION, "."), "conf").toString());
                if (unconfigured != null) {
                    throw new FrameworkSession.BundleFailure(FrameworkSession.describe(taskBundle) + ": " + unconfigured);
                }
            }
            categories = new Categories(context, true, console);
            categories.fire(Categories.APP_STARTUP, null);
            categories.fire(Categories.PROFILE_AFTER_CHANGE, null);
            ServiceReference<BackgroundTask> ref = waiter.await(serviceDeadline, ending);
            waiter.close();
            if (ending.isDone()) {
                code = ending.getNow(ExitCode.FAILURE);
            } else if (ref == null) {
                throw new FrameworkSession.BundleFailure(FrameworkSession.describe(taskBundle)
                        + " did not register the task's service within " + SERVICE_WAIT_MS / 1000 + " s: "
                        + ComponentDiagnosis.of(context, taskBundle));
            } else {
                BackgroundTask service = context.getService(ref);
                if (service == null) {
                    console.failure("task '" + task.name() + "' could not be created: "
                            + ComponentDiagnosis.of(context, taskBundle));
                    code = ExitCode.EXCEPTION;
                } else {
                    loop = EventLoop.start("backgroundtask-" + task.name());
                    RunContext runContext = contexts.create(loop, shutdown);
                    categories.fire(Categories.COMMAND_LINE_HANDLER, runContext.commandLine());
                    categories.fire(Categories.FINAL_STARTUP, null);
                    phases.end("taskStart");
                    code = runTask(service, runContext, loop, new TaskClassLoader(taskBundle));
                    phases.end("taskRun");
                }
            }
        } catch (FrameworkSession.BundleFailure e) {
            console.failure("task '" + task.name() + "' failed to load: " + e.getMessage());
            code = ExitCode.LOAD_FAILED;
        } catch (BundleException e) { // the framework refused one of the task's bundles
            console.failure("task '" + task.name() + "' failed to load: " + e.getMessage());
            code = ExitCode.LOAD_FAILED;
        } catch (InvalidSyntaxException | RuntimeException e) { // the platform's own failure, not the task's
            console.failure("the platform failed while starting task '" + task.name() + "': " + e);
            code = ExitCode.FAILURE;
        }
        return shutDown(session, categories, loop, code);
    }

    private int runTask(BackgroundTask service, RunContext context, EventLoop loop, ClassLoader taskLoader) {
        long started = System.nanoTime();
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        loop.execute(() -> {
            // the loop's thread is the task's: run() and every later callback see what the task sees
            Thread.currentThread().setContextClassLoader(taskLoader);
            try {
                CompletionStage<Integer> stage = service.run(context);
                if (stage == null) {
                    reportFailure("returned a null stage", null);
                    outcome.complete(ExitCode.EXCEPTION);
                } else {
                    stage.whenComplete((value, failure) -> outcome.complete(exitCodeOf(value, failure)));
                }
            } catch (Throwable t) {
                reportFailure("threw", t);
                outcome.complete(ExitCode.EXCEPTION);
            }
        });
        outcome.thenAccept(code -> {
            long remaining = limits.minRuntimeMs() - (System.nanoTime() - started) / 1_000_000L;
            if (code == ExitCode.EXCEPTION || remaining <= 0 || limits.unbounded()) {
                ending.complete(code);
                return;
            }
            console.debug("task '" + task.name() + "' finished, waiting for its minimum runtime");
            try {
                loop.schedule(() -> ending.complete(code), remaining);
            } catch (RejectedExecutionException closed) {
                ending.complete(code);
            }
        });
        if (!limits.unbounded()) {
            // The timeout is a timer on the task's loop when the loop is free, and the main
            // thread's timed wait below is the watchdog that does not depend on it (docs/reference/exit-codes.md: timeout).
            try {
                loop.schedule(() -> timedOut(), limits.timeoutMs());
            } catch (RejectedExecutionException closed) {
                // the watchdog still counts
            }
        }
        try {
            if (limits.unbounded()) {
                return ending.get();
            }
            return ending.get(Math.max(0, limits.timeoutMs() - (System.nanoTime() - started) / 1_000_000L),
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut();
            return ending.getNow(ExitCode.TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.failure("the launcher was interrupted while task '" + task.name() + "' ran");
            return ExitCode.FAILURE;
        } catch (ExecutionException e) { // the run's end is only ever completed normally: a platform fault
            console.failure("the end of task '" + task.name() + "' could not be read: " + e.getCause());
            return ExitCode.FAILURE;
        }
    }

    private void timedOut() {
        if (ending.complete(ExitCode.TIMEOUT)) {
            console.error("Background task named '" + task.name() + "' timed out after "
                    + limits.timeoutMs() / 1000.0 + " s");
        }
    }

    private int exitCodeOf(Integer value, Throwable failure) {
        if (failure != null) {
            reportFailure("failed", failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
            return ExitCode.EXCEPTION;
        }
        if (value == null) {
            return ExitCode.SUCCESS;
        }
        if (value < 0 || value > 125) {
            reportFailure("completed with " + value + ", outside 0..125", null);
            return ExitCode.EXCEPTION;
        }
        return value;
    }

    private void reportFailure(String what, Throwable t) {
        if (t == null) {
            console.error("Background task named '" + task.name() + "' " + what);
        } else {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            console.error("Background task named '" + task.name() + "' " + what + ": " + trace.toString().strip());
        }
    }

    /**
     * docs/reference/exit-codes.md, shutdown order: quit-application observers, then every blocker at once while
     * the loop still runs, then the loop, then the framework; all within the shutdown budget (a minute under a
     * debugger).
     */
    private int shutDown(FrameworkSession session, Categories categories, EventLoop loop, int code) {
        long budgetNanos = limits.unbounded() ? 60_000_000_000L : limits.shutdownBudgetMs() * 1_000_000L;
        return shutdown.shutDown(watchdog, categories, loop, session, graph, budgetNanos, phases, code);
    }

    /** Waits for the task's service from the task's bundle, without getting (and so activating) it. */
    private static final class ServiceWaiter implements ServiceListener {
        private final BundleContext context;
        private final Bundle taskBundle;
        private final String filter;
        private final CountDownLatch registered = new CountDownLatch(1);

        ServiceWaiter(BundleContext context, Bundle taskBundle, String name) throws InvalidSyntaxException {
            this.context = context;
            this.taskBundle = taskBundle;
            this.filter = "(&(" + Constants.OBJECTCLASS + "=" + BackgroundTask.class.getName() + ")("
                    + TaskDefinition.PREFIX_ + "name=" + name + "))";
            context.addServiceListener(this, filter);
        }

        @Override
        public void serviceChanged(ServiceEvent event) {
            if (event.getType() == ServiceEvent.REGISTERED && event.getServiceReference().getBundle() == taskBundle) {
                registered.countDown();
            }
        }

        /** Whether the task's service has been registered since this waiter was made. */
        boolean isRegistered() {
            return registered.getCount() == 0;
        }

        @SuppressWarnings("unchecked")
        ServiceReference<BackgroundTask> await(long deadlineNanos, CompletableFuture<Integer> ending)
                throws InvalidSyntaxException {
            while (true) {
                ServiceReference<?>[] refs = context.getServiceReferences(BackgroundTask.class.getName(), filter);
                if (refs != null) {
                    for (ServiceReference<?> ref : refs) {
                        if (ref.getBundle() == taskBundle) {
                            return (ServiceReference<BackgroundTask>) ref;
                        }
                    }
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0 || ending.isDone()) {
                    return null;
                }
                try {
                    registered.await(Math.min(left, 50_000_000L), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }

        void close() {
            context.removeServiceListener(this);
        }
    }
}
