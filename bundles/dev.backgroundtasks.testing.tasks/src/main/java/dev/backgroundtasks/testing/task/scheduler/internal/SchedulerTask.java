package dev.backgroundtasks.testing.task.scheduler.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;
import dev.backgroundtasks.scheduler.PostTaskOptions;
import dev.backgroundtasks.scheduler.Scheduler;
import dev.backgroundtasks.scheduler.TaskPriority;

/**
 * Uses postTask and requestIdleCallback through its TaskContext: posts background, user-visible and
 * user-blocking work and an idle callback from inside a task, prints the order they ran in, and
 * exits 0 if it is the specification's (user-blocking, user-visible, background, idle), else 11.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "scheduler", minRuntimeMs = 0)
public class SchedulerTask implements BackgroundTask {
    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        Scheduler scheduler = context.scheduler();
        List<String> order = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> done = new CompletableFuture<>();
        scheduler.requestIdleCallback(deadline -> {
            order.add("idle");
            System.out.println("order=" + String.join(",", order));
            done.complete(order.equals(List.of("user-blocking", "user-visible", "background", "idle")) ? 0 : 11);
        });
        for (TaskPriority p : List.of(TaskPriority.BACKGROUND, TaskPriority.USER_VISIBLE, TaskPriority.USER_BLOCKING)) {
            scheduler.postTask(() -> order.add(p.id()), PostTaskOptions.defaults().priority(p));
        }
        return done;
    }
}
