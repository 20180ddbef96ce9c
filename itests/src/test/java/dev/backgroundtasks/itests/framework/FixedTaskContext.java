package dev.backgroundtasks.itests.framework;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.Preferences;
import dev.backgroundtasks.api.Shutdown;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.scheduler.Scheduler;

/**
 * What the launcher would give a task, reduced to what the tasks under test use: a name, verbatim
 * arguments, a scheduler and empty preferences. The rest is unsupported, so a task that reaches for
 * it fails the test loudly rather than passing on a stand-in.
 */
final class FixedTaskContext implements TaskContext {
    private final String taskName;
    private final CommandLine commandLine;
    private final Scheduler scheduler;

    FixedTaskContext(String taskName, List<String> arguments, Scheduler scheduler) {
        this.taskName = taskName;
        this.commandLine = new Arguments(arguments);
        this.scheduler = scheduler;
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
    public Path profileDirectory() {
        throw new UnsupportedOperationException("no profile in this test");
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
                return defaultValue;
            }

            @Override
            public boolean getBoolean(String name, boolean defaultValue) {
                return defaultValue;
            }

            @Override
            public String getString(String name, String defaultValue) {
                return defaultValue;
            }

            @Override
            public void set(String name, Object value) {
                throw new UnsupportedOperationException("read-only preferences in this test");
            }
        };
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public Shutdown shutdown() {
        return new Shutdown() {
            @Override
            public void addBlocker(String name, Supplier<? extends CompletionStage<?>> blocker) {
                throw new UnsupportedOperationException("no shutdown in this test");
            }

            @Override
            public boolean isInOrBeyondShutdownPhase() {
                return false;
            }
        };
    }

    /** The arguments verbatim; the flag methods are the launcher's business, not these tests'. */
    private static final class Arguments implements CommandLine {
        private final List<String> arguments;

        Arguments(List<String> arguments) {
            this.arguments = new ArrayList<>(arguments);
        }

        @Override
        public int length() {
            return arguments.size();
        }

        @Override
        public String getArgument(int index) {
            return arguments.get(index);
        }

        @Override
        public boolean findFlag(String flag, boolean caseSensitive) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean handleFlag(String flag, boolean caseSensitive) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> handleFlagWithParam(String flag, boolean caseSensitive) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeArguments(int start, int endInclusive) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> arguments() {
            return List.copyOf(arguments);
        }
    }
}
