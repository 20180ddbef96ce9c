package dev.backgroundtasks.task.removeprofilefiles.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.Preferences;
import dev.backgroundtasks.api.Shutdown;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.scheduler.Scheduler;

/** A TaskContext with a command line, int preferences and recorded shutdown blockers; no event loop. */
final class FakeTaskContext implements TaskContext {
    private final CommandLine commandLine;
    final Map<String, Object> prefs = new HashMap<>();
    final List<Supplier<? extends CompletionStage<?>>> blockers = new ArrayList<>();

    FakeTaskContext(String... arguments) {
        this.commandLine = new ListCommandLine(arguments);
    }

    @Override
    public String taskName() {
        return "removeProfileFiles";
    }

    @Override
    public CommandLine commandLine() {
        return commandLine;
    }

    @Override
    public Path profileDirectory() {
        return null;
    }

    @Override
    public boolean isEphemeralProfile() {
        return true;
    }

    @Override
    public Preferences preferences() {
        return new Preferences() {
            @Override
            public int getInt(String name, int defaultValue) {
                return prefs.get(name) instanceof Integer i ? i : defaultValue;
            }

            @Override
            public boolean getBoolean(String name, boolean defaultValue) {
                return prefs.get(name) instanceof Boolean b ? b : defaultValue;
            }

            @Override
            public String getString(String name, String defaultValue) {
                return prefs.get(name) instanceof String s ? s : defaultValue;
            }

            @Override
            public void set(String name, Object value) {
                prefs.put(name, value);
            }
        };
    }

    @Override
    public Scheduler scheduler() {
        throw new UnsupportedOperationException("the task does not use its event loop");
    }

    @Override
    public Shutdown shutdown() {
        return new Shutdown() {
            @Override
            public void addBlocker(String name, Supplier<? extends CompletionStage<?>> blocker) {
                blockers.add(blocker);
            }

            @Override
            public boolean isInOrBeyondShutdownPhase() {
                return false;
            }
        };
    }
}
