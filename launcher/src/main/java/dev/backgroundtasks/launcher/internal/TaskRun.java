package dev.backgroundtasks.launcher.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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

import org.apache.felix.framework.Felix;
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
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.EventLoop;

/**
 * One task run inside Felix: install the closure, start it, wait for the task's service, call
 * {@code run()} on the task's event loop, end at completion (after the minimum runtime), timeout or
 * signal, and shut down within the budget.
 */
final class TaskRun {
    /** The task's service must register within this long of the start (contract section 5). */
    static final long SERVICE_WAIT_MS = 5_000;

    /** How long a run waits for its task and for shutdown; unbounded under a debugger. */
    record Limits(long timeoutMs, long minRuntimeMs, long shutdownBudgetMs, boolean unbounded) {
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
    private final Phases phases;

    /** Builds the TaskContext once the loop exists. */
    interface TaskContextFactory {
        RunContext create(EventLoop loop, RunShutdown shutdown);
    }

    TaskRun(Console console, TaskLookup.TaskDeclaration task, List<BundleManifest> closure,
            Map<String, String> frameworkProperties, Limits limits, Watchdog watchdog, TaskContextFactory contexts) {
        this.console = console;
        this.task = task;
        this.closure = closure;
        this.frameworkProperties = frameworkProperties;
        this.limits = limits;
        this.watchdog = watchdog;
        this.shutdown = new RunShutdown(console);
        this.contexts = contexts;
        this.phases = new Phases(console);
    }

    /** A signal ends the run in order with 128 + its number; the watchdog bounds the whole shutdown. */
    void signal(int exitCode, String name) {
        if (ending.complete(exitCode)) {
            console.info("received SIG" + name + ", shutting down");
            watchdog.arm(System.nanoTime() + limits.shutdownBudgetMs() * 2_000_000L, exitCode,
                    "SIG" + name + ": shutdown did not finish");
        }
    }

    int run(Path storage) {
        Felix framework = null;
        EventLoop loop = null;
        int code;
        try {
            Map<String, Object> config = new HashMap<>(frameworkProperties);
            config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            config.put("felix.log.logger", new FelixLog(console));
            config.put("felix.log.level", FelixLog.felixLevel(console.level()));
            // SCR logs to stdout when no LogService runs, and stdout is the task's: keep it to real problems.
            config.put("ds.loglevel", console.level() == Console.Level.ERROR ? "error" : "warn");
            framework = new Felix(config);
            phases.end("framework create");
            framework.init();
            phases.end("framework init");
            BundleContext context = framework.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            Bundle taskBundle = null;
            for (BundleManifest b : closure) {
                Bundle bundle = context.installBundle("reference:" + b.file().toUri());
                installed.add(bundle);
                if (b == task.bundle()) {
                    taskBundle = bundle;
                }
            }
            phases.end("install");
            framework.start();
            phases.end("framework start");
            long serviceDeadline = System.nanoTime() + SERVICE_WAIT_MS * 1_000_000L;
            ServiceWaiter waiter = new ServiceWaiter(context, taskBundle, task.name());
            for (Bundle bundle : installed) {
                if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                    try {
                        bundle.start(Bundle.START_ACTIVATION_POLICY);
                    } catch (BundleException e) {
                        throw new LoadFailure(describe(bundle) + " cannot be started: " + e.getMessage());
                    }
                }
            }
            phases.end("bundles start");
            ServiceReference<BackgroundTask> ref = waiter.await(serviceDeadline, ending);
            waiter.close();
            phases.end("service wait");
            if (ending.isDone()) {
                code = ending.getNow(ExitCode.FAILURE);
            } else if (ref == null) {
                throw new LoadFailure(describe(taskBundle) + " did not register the task's service within "
                        + SERVICE_WAIT_MS / 1000 + " s: " + ComponentDiagnosis.of(context, taskBundle));
            } else {
                BackgroundTask service = context.getService(ref);
                if (service == null) {
                    console.failure("task '" + task.name() + "' could not be created: "
                            + ComponentDiagnosis.of(context, taskBundle));
                    code = ExitCode.EXCEPTION;
                } else {
                    phases.end("component activate");
                    loop = EventLoop.start("backgroundtask-" + task.name());
                    code = runTask(service, contexts.create(loop, shutdown), loop);
                    phases.end("task");
                }
            }
        } catch (LoadFailure e) {
            console.failure("task '" + task.name() + "' failed to load: " + e.getMessage());
            code = ExitCode.LOAD_FAILED;
        } catch (BundleException | InvalidSyntaxException | RuntimeException e) {
            console.failure("task '" + task.name() + "' failed to load: " + e.getMessage());
            code = ExitCode.LOAD_FAILED;
        }
        return shutDown(framework, loop, code);
    }

    private int runTask(BackgroundTask service, RunContext context, EventLoop loop) {
        long started = System.nanoTime();
        CompletableFuture<Integer> outcome = new CompletableFuture<>();
        loop.execute(() -> {
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
        try {
            if (limits.unbounded()) {
                return ending.get();
            }
            return ending.get(Math.max(0, limits.timeoutMs() - (System.nanoTime() - started) / 1_000_000L),
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            console.error("Background task named '" + task.name() + "' timed out after "
                    + limits.timeoutMs() / 1000.0 + " s");
            return ExitCode.TIMEOUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILURE;
        } catch (ExecutionException e) {
            return ExitCode.FAILURE;
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

    /** Contract section 4: blockers at once while the loop still runs, then the loop, then the framework. */
    private int shutDown(Felix framework, EventLoop loop, int code) {
        long budgetNanos = limits.unbounded() ? 60_000_000_000L : limits.shutdownBudgetMs() * 1_000_000L;
        long deadline = System.nanoTime() + budgetNanos;
        watchdog.arm(deadline, code, "shutdown did not finish within " + budgetNanos / 1_000_000_000L + " s");
        shutdown.begin();
        shutdown.runBlockers(deadline);
        if (loop != null) {
            loop.close();
        }
        if (framework != null) {
            try {
                framework.stop();
                framework.waitForStop(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            } catch (BundleException | InterruptedException | RuntimeException e) {
                console.error("the framework did not stop cleanly: " + e);
            }
        }
        phases.end("shutdown");
        return code;
    }

    private static String describe(Bundle bundle) {
        String location = bundle.getLocation();
        try {
            location = Path.of(java.net.URI.create(location.replaceFirst("^reference:", ""))).toString();
        } catch (RuntimeException notAFileUri) {
            // keep the location as it is
        }
        return "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + location + ")";
    }

    /** A bundle that declares the task cannot be installed, resolved or started, or registers nothing. */
    private static final class LoadFailure extends Exception {
        private static final long serialVersionUID = 1L;

        LoadFailure(String message) {
            super(message);
        }
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
