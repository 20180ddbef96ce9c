package ${package};

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.CommandLine;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.PostTaskOptions;
import dev.backgroundtasks.scheduler.TaskPriority;

/**
 * The ${taskName} task: {@code java -jar launcher.jar --backgroundtask ${taskName} [NAME]} greets NAME, else
 * the preference {@value #NAME_PREFERENCE}, else "world", from the task's event loop.
 *
 * <p>Exit codes: 0 done; {@value #USAGE} more than one argument. Task-specific codes are 11..125; the
 * platform's own (1..7) mean that the platform, not the task, failed.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "${taskName}", timeoutSec = 60)
public class ${taskClass} implements BackgroundTask {
    static final String NAME_PREFERENCE = "${taskName}.name";
    static final int USAGE = 11;

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        CommandLine arguments = context.commandLine();
        if (arguments.length() > 1) {
            System.err.println("usage: --backgroundtask ${taskName} [NAME]");
            return CompletableFuture.completedFuture(USAGE);
        }
        String name = arguments.length() == 1 ? arguments.getArgument(0)
                : context.preferences().getString(NAME_PREFERENCE, "world");
        // The work goes on the task's event loop, at background priority: it yields to anything more urgent.
        return context.scheduler().postTask(() -> {
            System.out.println("Hello, " + name + "!");
            return ExitCode.SUCCESS;
        }, PostTaskOptions.defaults().priority(TaskPriority.BACKGROUND));
    }
}
