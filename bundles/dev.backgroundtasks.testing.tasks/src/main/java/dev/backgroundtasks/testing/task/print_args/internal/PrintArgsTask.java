package dev.backgroundtasks.testing.task.print_args.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** Prints each argument on its own line as arg[i]=VALUE. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "print_args")
public class PrintArgsTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        for (int i = 0; i < context.commandLine().length(); i++) {
            System.out.println("arg[" + i + "]=" + context.commandLine().getArgument(i));
        }
        return CompletableFuture.completedFuture(0);
    }
}
