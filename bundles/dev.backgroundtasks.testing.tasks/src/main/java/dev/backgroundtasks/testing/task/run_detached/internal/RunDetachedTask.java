package dev.backgroundtasks.testing.task.run_detached.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.BackgroundTasksRunner;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * {@code run_detached [--unescape] TASK ARG...}: starts TASK with ARGs through BackgroundTasksRunner,
 * prints its pid, exits 0. With --unescape, {@code \}{@code uXXXX} in the arguments become characters, so
 * that a test under the POSIX locale can hand the task non-ASCII text its own argv could not carry.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "run_detached", minRuntimeMs = 0)
public class RunDetachedTask implements BackgroundTask {
    private final BackgroundTasksRunner runner;

    @Activate
    public RunDetachedTask(@Reference BackgroundTasksRunner runner) {
        this.runner = runner;
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        boolean unescape = context.commandLine().length() > 0 && context.commandLine().getArgument(0).equals("--unescape");
        var args = new java.util.ArrayList<String>();
        for (String a : context.commandLine().arguments().subList(unescape ? 1 : 0, context.commandLine().length())) {
            args.add(unescape ? unescape(a) : a);
        }
        ProcessHandle child = runner.runInDetachedProcess(args.get(0), args.subList(1, args.size()));
        System.out.println(child.pid());
        return CompletableFuture.completedFuture(0);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i) && i + 6 <= s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }
}
