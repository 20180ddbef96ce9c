package dev.backgroundtasks.testing.unit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.Preferences;
import dev.backgroundtasks.api.Shutdown;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.scheduler.Scheduler;

/**
 * A {@link TaskContext} for a task's unit tests, without a framework or a launcher: the task's name, its
 * arguments as the platform's {@link CommandLine#of command line}, in-memory preferences, and shutdown
 * blockers that the test calls with {@link #shutDown()}. The scheduler and the profile directory are
 * the test's to give; a task that reaches for one the test did not give fails with an
 * {@link IllegalStateException} rather than passing on a stand-in.
 *
 * <pre>{@code
 * TestTaskContext context = new TestTaskContext("cleanup", dir.toString()).pref("cleanup.days", 7);
 * assertEquals(0, new Cleanup().run(context).toCompletableFuture().get(10, TimeUnit.SECONDS));
 * assertEquals(List.of("flush"), context.blockerNames());
 * context.shutDown().get(10, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>A task that posts work to its event loop gets a scheduler from a loop the test drives:
 * {@code ManualEventLoop loop = EventLoop.manual(); context.scheduler(loop.scheduler())}, then
 * {@code loop.runUntilIdle()} or {@code loop.advance(ms)}. Safe to use from several threads.
 */
public final class TestTaskContext implements TaskContext {
    private final String taskName;
    private final CommandLine commandLine;
    private final Map<String, Object> preferences = new LinkedHashMap<>();
    private final Map<String, Supplier<? extends CompletionStage<?>>> blockers = new LinkedHashMap<>();
    private final Preferences preferencesView = new MapPreferences();
    private final Shutdown shutdownView = new Blockers();
    private Path profileDirectory;
    private boolean ephemeralProfile = true;
    private Scheduler scheduler;
    private boolean shuttingDown;

    /** A context for the task of that name, with these arguments after it. */
    public TestTaskContext(String taskName, String... arguments) {
        this(taskName, List.of(arguments));
    }

    /** A context for the task of that name, with these arguments after it. */
    public TestTaskContext(String taskName, List<String> arguments) {
        this.taskName = Objects.requireNonNull(taskName, "taskName");
        this.commandLine = CommandLine.of(arguments);
    }

    /** The profile directory the task gets, and whether the platform would remove it after the run. */
    public synchronized TestTaskContext profile(Path directory, boolean ephemeral) {
        this.profileDirectory = Objects.requireNonNull(directory, "directory");
        this.ephemeralProfile = ephemeral;
        return this;
    }

    /** The scheduler of the task's event loop: {@code EventLoop.manual().scheduler()} in a unit test. */
    public synchronized TestTaskContext scheduler(Scheduler loopScheduler) {
        this.scheduler = Objects.requireNonNull(loopScheduler, "scheduler");
        return this;
    }

    /** A preference the task reads. */
    public TestTaskContext pref(String name, Object value) {
        preferencesView.set(name, value);
        return this;
    }

    /**
     * The value itself, if a preference can hold it (an Integer, a Boolean or a String), as
     * {@link Preferences#set} requires.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Object checkedPreference(Object value) {
        if (value instanceof Integer || value instanceof Boolean || value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("a preference is an Integer, a Boolean or a String, not " + value);
    }

    /** The preferences now: those the test gave and those the task set. */
    public synchronized Map<String, Object> preferenceValues() {
        return Map.copyOf(preferences);
    }

    /** The names of the shutdown blockers the task added, in the order it added them. */
    public synchronized List<String> blockerNames() {
        return List.copyOf(blockers.keySet());
    }

    /**
     * Shuts down as the platform does on every path: the shutdown phase begins (a blocker added later is
     * refused), and every blocker is called at once. The stage completes when all of theirs have; it
     * fails with the first failure, a blocker that threw included. The platform only reports a failed or
     * overrunning blocker; a test decides what it means.
     */
    public CompletableFuture<Void> shutDown() {
        List<Supplier<? extends CompletionStage<?>>> called;
        synchronized (this) {
            shuttingDown = true;
            called = new ArrayList<>(blockers.values());
        }
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (Supplier<? extends CompletionStage<?>> blocker : called) {
            try {
                stages.add(blocker.get().toCompletableFuture());
            } catch (RuntimeException e) {
                stages.add(CompletableFuture.failedFuture(e));
            }
        }
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
    }

    @Override
    public String taskName() {
        return taskName;
    }

    @Override
    public CommandLine commandLine() {
        return commandLine;
    }

    @Override
    public synchronized Path profileDirectory() {
        return given(profileDirectory, "no profile directory in this test: give one with profile(directory, ephemeral)");
    }

    @Override
    public synchronized boolean isEphemeralProfile() {
        return ephemeralProfile;
    }

    @Override
    public Preferences preferences() {
        return preferencesView;
    }

    @Override
    public synchronized Scheduler scheduler() {
        return given(scheduler, "no event loop in this test: give one with scheduler(EventLoop.manual().scheduler())");
    }

    /** What the test gave; a task that reaches for what it did not give fails loudly. */
    private static <T> T given(T value, String missing) {
        if (value == null) {
            throw new IllegalStateException(missing);
        }
        return value;
    }

    @Override
    public Shutdown shutdown() {
        return shutdownView;
    }

    @Override
    public String toString() {
        return "TestTaskContext[" + taskName + " " + commandLine + "]";
    }

    /** The preferences map, read and written under the context's lock; a getter of another type gets its default. */
    private final class MapPreferences implements Preferences {
        private Object get(String name) {
            synchronized (TestTaskContext.this) {
                return preferences.get(name);
            }
        }

        @Override
        public int getInt(String name, int defaultValue) {
            return get(name) instanceof Integer i ? i : defaultValue;
        }

        @Override
        public boolean getBoolean(String name, boolean defaultValue) {
            return get(name) instanceof Boolean b ? b : defaultValue;
        }

        @Override
        public String getString(String name, String defaultValue) {
            return get(name) instanceof String s ? s : defaultValue;
        }

        @Override
        public void set(String name, Object value) {
            Object checked = checkedPreference(value);
            synchronized (TestTaskContext.this) {
                preferences.put(Objects.requireNonNull(name, "name"), checked);
            }
        }
    }

    /** The blockers, recorded for {@link #shutDown()}. */
    private final class Blockers implements Shutdown {
        @Override
        public void addBlocker(String name, Supplier<? extends CompletionStage<?>> blocker) {
            synchronized (TestTaskContext.this) {
                if (shuttingDown) {
                    throw new IllegalStateException("shutdown has begun: blocker " + name + " comes too late");
                }
                blockers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(blocker, "blocker"));
            }
        }

        @Override
        public boolean isInOrBeyondShutdownPhase() {
            synchronized (TestTaskContext.this) {
                return shuttingDown;
            }
        }
    }
}
