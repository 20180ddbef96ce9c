package dev.backgroundtasks.task.deploy.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.backgroundtasks.api.BackgroundTask;
import dev.backgroundtasks.api.ExitCode;
import dev.backgroundtasks.api.FrameworkProperties;
import dev.backgroundtasks.api.TaskContext;
import dev.backgroundtasks.api.TaskDefinition;

/**
 * {@code --backgroundtask deploy kubernetes TASK --image IMAGE ...}: prints a Kubernetes CronJob (or Job)
 * for TASK on stdout, with the settings read from the task's declaration in this installation (see
 * {@link DeployCommand#USAGE}). Exit 0; 11 with the usage on a bad command line; 2 ({@link ExitCode#NOT_FOUND},
 * as the launcher itself would exit for that name) when no location declares TASK.
 */
@Component(service = BackgroundTask.class)
@TaskDefinition(name = "deploy", minRuntimeMs = 0)
public class DeployTask implements BackgroundTask {
    /** The task's own code for a bad command line. */
    static final int USAGE = 11;
    static final String TESTING_DIR_ENV = "BACKGROUNDTASKS_TESTING_DIR";

    private final Path installation;

    @Activate
    public DeployTask(BundleContext bundleContext) {
        this(Path.of(bundleContext.getProperty(FrameworkProperties.INSTALLATION)));
    }

    DeployTask(Path installation) {
        this.installation = installation;
    }

    @Override
    public CompletionStage<Integer> run(TaskContext context) {
        return CompletableFuture.completedFuture(run(context.commandLine().arguments(), RunLimits.of(context.preferences()),
                System.getenv(TESTING_DIR_ENV), System.out, System.err));
    }

    int run(List<String> arguments, RunLimits limits, String testingDir, PrintStream out, PrintStream err) {
        DeployCommand command;
        try {
            command = DeployCommand.parse(arguments);
        } catch (DeployCommand.UsageException e) {
            err.println("deploy: " + e.getMessage());
            err.println(DeployCommand.USAGE);
            return USAGE;
        }
        List<TaskDeclaration.Location> locations = TaskDeclaration.locations(installation, testingDir);
        Optional<TaskDeclaration> task = TaskDeclaration.find(command.task(), locations);
        if (task.isEmpty()) {
            err.println("deploy: no task '" + command.task() + "' is declared in "
                    + locations.stream().map(l -> l.folder().toString()).collect(Collectors.joining(", "))
                    + "; java -jar launcher.jar --list-tasks shows the tasks found");
            return ExitCode.NOT_FOUND;
        }
        out.print(KubernetesManifest.yaml(command, task.get(), limits));
        out.flush();
        return ExitCode.SUCCESS;
    }
}
