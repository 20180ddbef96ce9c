package dev.backgroundtasks.testing.task.write_args.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * {@code write_args FILE ARG...}: writes the arguments after FILE to FILE, each as its UTF-8 byte
 * length, ':', the argument and a newline, so that any argument (empty, newlines) round-trips.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "write_args", minRuntimeMs = 0)
public class WriteArgsTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) throws Exception {
        Path file = Path.of(context.commandLine().getArgument(0));
        StringBuilder b = new StringBuilder();
        for (String arg : context.commandLine().arguments().subList(1, context.commandLine().length())) {
            b.append(arg.getBytes(StandardCharsets.UTF_8).length).append(':').append(arg).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return CompletableFuture.completedFuture(0);
    }
}
