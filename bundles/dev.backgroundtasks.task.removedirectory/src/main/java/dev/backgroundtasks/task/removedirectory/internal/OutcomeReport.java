package dev.backgroundtasks.task.removedirectory.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import dev.backgroundtasks.actors.Background;
import dev.backgroundtasks.actors.ChildActor;
import dev.backgroundtasks.actors.TaskReports;

/**
 * Tells the running application how the task ended, over the actors' socket, when an application
 * runs. Best effort by design: a report never changes the task's exit code, and with no application
 * (or none serving the protocol) it costs one failed connection attempt.
 */
final class OutcomeReport {
    private OutcomeReport() {
    }

    static void send(BundleContext context, String task, int exitCode, String summary) {
        if (context == null) {
            return;
        }
        try {
            ServiceReference<Background> ref = context.getServiceReference(Background.class);
            if (ref == null) {
                return;
            }
            Background background = context.getService(ref);
            try {
                if (background == null || !background.isApplicationRunning()) {
                    return;
                }
                // callbacks (none are expected) run on the calling thread: the task has no loop here
                ChildActor<TaskReports.ToApplication, TaskReports.ToTask> actor =
                        background.openToApplication(TaskReports.PROTOCOL, message -> { }, Runnable::run);
                actor.send(new TaskReports.Outcome(task, exitCode, summary));
                actor.close();
            } finally {
                context.ungetService(ref);
            }
        } catch (RuntimeException | LinkageError e) {
            // the report is a courtesy to the application; the purge's outcome stands
        }
    }
}
