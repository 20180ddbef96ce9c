package dev.backgroundtasks.testing.task.no_output.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/** A no-output task that prints a line on stdout and one on stderr. */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "no_output", noOutput = true)
public class NoOutputTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        System.out.println("no_output: a line on stdout");
        System.err.println("no_output: a line on stderr");
        return CompletableFuture.completedFuture(0);
    }
}
