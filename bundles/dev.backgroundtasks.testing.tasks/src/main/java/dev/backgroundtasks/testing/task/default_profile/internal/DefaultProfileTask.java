package dev.backgroundtasks.testing.task.default_profile.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.DefaultProfile;
import dev.backgroundtasks.api.ProfileLockedException;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * {@code default_profile [PREF]}: prints the default profile's path and the saved preference PREF,
 * then locks it: exits 0 when the lock was taken, 11 when normal mode holds it (ProfileLockedException),
 * 12 when there is no default profile.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "default_profile", minRuntimeMs = 0)
public class DefaultProfileTask implements BackgroundTask {
    private final DefaultProfile defaultProfile;

    @Activate
    public DefaultProfileTask(@Reference DefaultProfile defaultProfile) {
        this.defaultProfile = defaultProfile;
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        if (defaultProfile.path().isEmpty()) {
            System.out.println("path=none");
            return CompletableFuture.completedFuture(12);
        }
        System.out.println("path=" + defaultProfile.path().get());
        if (context.commandLine().length() > 0) {
            String name = context.commandLine().getArgument(0);
            System.out.println("pref=" + defaultProfile.readPreferences(name::equals).get(name));
        }
        try {
            return CompletableFuture.completedFuture(defaultProfile.withLock(path -> 0));
        } catch (ProfileLockedException e) {
            System.out.println("locked: " + e.getMessage());
            return CompletableFuture.completedFuture(11);
        }
    }
}
