package dev.backgroundtasks.task.schedule.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.api.TaskSchedule;
import dev.backgroundtasks.api.TaskSchedules;

/**
 * {@code schedule add|list|remove}: registers this installation's tasks with the operating system's
 * scheduler through {@link TaskSchedules}, whose bundle comes into this task's closure through the
 * reference below (an {@code osgi.service} requirement).
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "schedule", minRuntimeMs = 0)
public class ScheduleTask implements BackgroundTask {
    /** A bad command line, or a schedule the chosen scheduler cannot express. */
    static final int USAGE = 11;
    /** The operating system refused or failed. */
    static final int REFUSED = 12;
    /** {@code remove} found no such schedule. */
    static final int NO_SUCH_SCHEDULE = 13;

    private final TaskSchedules schedules;

    @Activate
    public ScheduleTask(@Reference TaskSchedules schedules) {
        this.schedules = schedules;
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        return CompletableFuture.completedFuture(run(context.commandLine().arguments(), System.out, System.err));
    }

    int run(java.util.List<String> args, PrintStream out, PrintStream err) {
        ScheduleCommand command;
        try {
            command = ScheduleCommand.parse(args);
        } catch (ScheduleCommand.UsageException e) {
            err.println("schedule: " + e.getMessage());
            err.println(ScheduleCommand.USAGE);
            return USAGE;
        }
        try {
            if (command instanceof ScheduleCommand.Add) {
                return add((ScheduleCommand.Add) command, out);
            }
            if (command instanceof ScheduleCommand.Remove) {
                ScheduleCommand.Remove r = (ScheduleCommand.Remove) command;
                if (!schedules.remove(r.task(), r.scope())) {
                    err.println("schedule: no " + r.scope().name().toLowerCase(java.util.Locale.ROOT)
                            + " schedule of '" + r.task() + "' in this installation (see schedule list)");
                    return NO_SUCH_SCHEDULE;
                }
                out.println("removed " + r.task());
                return 0;
            }
            for (TaskSchedule s : schedules.list()) {
                out.println(s);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("schedule: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("schedule: " + e.getMessage());
            return REFUSED;
        }
    }

    private int add(ScheduleCommand.Add add, PrintStream out) throws IOException {
        if (add.print()) {
            for (Map.Entry<String, String> f : schedules.render(add.schedule(), add.format()).entrySet()) {
                out.println("# FILE: " + f.getKey());
                out.print(f.getValue());
            }
            return 0;
        }
        schedules.add(add.schedule());
        out.println("scheduled " + add.schedule());
        return 0;
    }
}
