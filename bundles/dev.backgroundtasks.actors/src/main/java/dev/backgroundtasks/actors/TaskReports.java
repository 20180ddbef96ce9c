package dev.backgroundtasks.actors;

/**
 * A protocol the platform's own tasks use to tell the running application how they ended (the
 * detached {@code removeDirectory} among them). An application that wants to know registers an
 * {@link ActorFactory} for {@link #PROTOCOL}; when none runs, or none serves it, the task's report
 * ends with {@link DestroyReason#FAILED_CONSTRUCTOR} and nothing else happens.
 */
public final class TaskReports {
    /** Task to application. */
    public sealed interface ToApplication permits Outcome {
    }

    /** How a task ended: its name, its exit code, and a one-line summary. */
    public record Outcome(String task, int exitCode, String summary) implements ToApplication {
    }

    /** Application to task. */
    public sealed interface ToTask permits Received {
    }

    /** The application got the outcome. */
    public record Received() implements ToTask {
    }

    /** The protocol, named {@code dev.backgroundtasks.task-reports}. */
    public static final Protocol<ToApplication, ToTask> PROTOCOL =
            Protocol.of("dev.backgroundtasks.task-reports", ToApplication.class, ToTask.class);

    private TaskReports() {
    }
}
